"""Where queries run: Oxigraph in memory or on disk, rdflib's memory store, a remote endpoint."""
