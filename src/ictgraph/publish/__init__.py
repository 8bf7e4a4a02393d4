"""Publishing the graph: the static explorer site."""
