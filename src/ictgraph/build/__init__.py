"""From checked records to graph/: the RDF graph, reference data, validation, VoID, summary."""
