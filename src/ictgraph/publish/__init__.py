"""The graph taken elsewhere: RDF and network exports, diffs, pushes to stores, the static explorer site."""
