"""Reading and running SPARQL: what a query asks for, and where it runs."""
