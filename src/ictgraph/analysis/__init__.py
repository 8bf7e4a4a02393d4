"""NetworkX projections of the graph, their metrics and views, and offline HTML rendering."""
