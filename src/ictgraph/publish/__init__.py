"""The graph taken elsewhere: RDF and network exports, diffs between builds, pushes to stores."""
