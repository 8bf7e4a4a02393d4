"""The SPARQL 1.1 Protocol endpoint: request guard, content negotiation, worker pool and ASGI app."""
