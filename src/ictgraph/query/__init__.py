"""Named SPARQL queries (catalogue, binding, running) and the stores they run on."""
