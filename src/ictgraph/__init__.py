"""ictgraph: a grounded RDF knowledge graph of the 2020 Japanese ICT white paper, ch. 6 sec. 8."""
