INSERT DATA { <https://w3id.org/ictgraph/id/country/XX> a <https://w3id.org/ictgraph/ontology#Country> }
