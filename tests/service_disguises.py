"""Queries that try to make the endpoint reach the network, however disguised.

`corpus(url)` names each text; `url` is a loopback listener that must never hear from the server.
Every entry but those in `HARMLESS_TO_OXIGRAPH` must be refused (400 or 403); `OXIGRAPH_REACHES`
marks the texts that a bare pyoxigraph store does send to the network, so that the differential
test knows the guard is not vacuous.
"""

from __future__ import annotations

import itertools

# @U@ is the listener's IRI, @B@ its base (for prefixed names and BASE).
_TEMPLATES: dict[str, str] = {
    "plain": "SELECT * WHERE { SERVICE <@U@> { ?s ?p ?o } }",
    "issue-example": "SELECT ?x WHERE {{SELECT * WHERE {FILTER(0<1)SERVICE#>\n<@U@>{?s ?p ?x}}}}",
    "less-than-then-hash-iri": "SELECT * { ?s ?p ?o FILTER(?o<2) SERVICE#>\n<@U@> { ?s ?p ?o } }",
    "less-than-quote": "SELECT * { FILTER(0<'a>'=false) SERVICE <@U@> { ?s ?p ?o } }",
    "lowercase": "select * where { service <@U@> { ?s ?p ?o } }",
    "mixed-case": "SeLeCt * WhErE { sErViCe <@U@> { ?s ?p ?o } }",
    "silent": "SELECT * { SERVICE SILENT <@U@> { ?s ?p ?o } }",
    "variable-values": "SELECT * { VALUES ?v { <@U@> } SERVICE ?v { ?s ?p ?o } }",
    "variable-bind": "SELECT * { BIND(<@U@> AS ?v) SERVICE ?v { ?s ?p ?o } }",
    "variable-unbound": "SELECT * { SERVICE ?v { ?s ?p ?o } }",
    "prefixed": "PREFIX r: <@B@> SELECT * { SERVICE r:sparql { ?s ?p ?o } }",
    "base-relative": "BASE <@U@> SELECT * { SERVICE <> { ?s ?p ?o } }",
    "comment-before": "SELECT * { # } SERVICE\n SERVICE <@U@> { ?s ?p ?o } }",
    "comment-in-every-gap": "SELECT#x\n*#x\nWHERE#x\n{#x\nSERVICE#x\n<@U@>#x\n{#x\n?s#x\n?p#x\n?o#x\n}#x\n}",
    "cr-ends-a-comment": "SELECT * { # comment\rSERVICE <@U@> { ?s ?p ?o }\n}",
    "crlf-gaps": "SELECT\r\n*\r\nWHERE\r\n{\r\nSERVICE\r\n<@U@>\r\n{\r\n?s ?p ?o\r\n}\r\n}",
    "tab-gaps": "SELECT\t*\tWHERE\t{\tSERVICE\t<@U@>\t{\t?s\t?p\t?o\t}\t}",
    "no-gaps": "SELECT*{SERVICE<@U@>{?s ?p ?o}}",
    "string-says-service": 'SELECT * { BIND("SERVICE" AS ?x) SERVICE <@U@> { ?s ?p ?o } }',
    "long-string-before": "SELECT * { BIND('''}''' AS ?x) SERVICE <@U@> { ?s ?p ?o } }",
    "escaped-keyword": "SELECT * { \\u0053ERVICE <@U@> { ?s ?p ?o } }",
    "escaped-keyword-U": "SELECT * { \\U00000053ERVICE <@U@> { ?s ?p ?o } }",
    "escaped-newline-in-comment": "SELECT * { # \\u000A SERVICE <@U@> { ?s ?p ?o }\n}",
    "escaped-quote-in-string": 'SELECT * { BIND("\\u0022 } SERVICE <@U@> { ?s ?p ?o } #" AS ?x) }',
    "escaped-iri": "SELECT * { SERVICE <\\u0068ttp://@HOSTPORT@/sparql> { ?s ?p ?o } }",
    "prefixed-name-escape": "PREFIX r: <@B@> SELECT * { ?s r:a\\'b ?o . SERVICE <@U@> { ?s ?p ?o } }",
    "optional": "SELECT * { ?s ?p ?o OPTIONAL { SERVICE <@U@> { ?s ?p ?o } } }",
    "exists": "SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE <@U@> { ?s ?p ?o } } } LIMIT 1",
    "not-exists": "SELECT * { FILTER NOT EXISTS { SERVICE <@U@> { ?s ?p ?o } } }",
    "minus": "SELECT * { ?s ?p ?o MINUS { SERVICE <@U@> { ?s ?p ?o } } } LIMIT 1",
    "union": "SELECT * { { ?s ?p ?o } UNION { SERVICE <@U@> { ?s ?p ?o } } }",
    "graph": "SELECT * { GRAPH ?g { SERVICE <@U@> { ?s ?p ?o } } }",
    "sub-select": "SELECT * { { SELECT * { { SELECT * { SERVICE <@U@> { ?s ?p ?o } } } } } }",
    "bind-exists": "SELECT * { BIND(EXISTS { SERVICE <@U@> { ?s ?p ?o } } AS ?b) }",
    "projection-exists": "SELECT (EXISTS { SERVICE <@U@> { ?s ?p ?o } } AS ?b) {}",
    "order-by-exists": "SELECT * { ?s ?p ?o } ORDER BY (EXISTS { SERVICE <@U@> { ?s ?p ?o } }) LIMIT 1",
    "having-exists": "SELECT ?s { ?s ?p ?o } GROUP BY ?s HAVING (EXISTS { SERVICE <@U@> { ?s ?p ?o } }) LIMIT 1",
    "construct": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <@U@> { ?s ?p ?o } }",
    "ask": "ASK { SERVICE <@U@> { ?s ?p ?o } }",
    "describe": "DESCRIBE ?s WHERE { SERVICE <@U@> { ?s ?p ?o } }",
    "nested-service": "SELECT * { SERVICE <@U@> { SERVICE <@U@> { ?s ?p ?o } } }",
    "values-after": "SELECT * { SERVICE <@U@> { ?s ?p ?o } } VALUES ?s { <urn:x:a> }",
    "from": "SELECT * FROM <@U@> { ?s ?p ?o }",
    "from-named": "SELECT * FROM NAMED <@U@> { GRAPH ?g { ?s ?p ?o } }",
    "load": "LOAD <@U@>",
    "load-silent-into": "LOAD SILENT <@U@> INTO GRAPH <urn:x:g>",
    "insert-where-service": "INSERT { ?s ?p ?o } WHERE { SERVICE <@U@> { ?s ?p ?o } }",
    "insert-data": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
    "delete-where": "DELETE WHERE { ?s ?p ?o }",
    "clear": "CLEAR ALL",
    "drop": "DROP SILENT GRAPH <urn:x:g>",
    "create": "CREATE GRAPH <urn:x:g>",
    "add": "ADD DEFAULT TO <urn:x:g>",
    "copy": "COPY DEFAULT TO <urn:x:g>",
    "move": "MOVE DEFAULT TO <urn:x:g>",
    "query-then-update": "SELECT * {} ; LOAD <@U@>",
    "update-then-load": "CLEAR SILENT GRAPH <urn:x:g> ; LOAD <@U@>",
    "deep-then-service": "SELECT * { " + "{ " * 80 + "SERVICE <@U@> { ?s ?p ?o }" + " }" * 80 + " }",
    "unterminated": "SELECT * { SERVICE <@U@> { ?s ?p ?o }",
}

#: Texts that a bare pyoxigraph 0.5.13 store, holding one triple, sends to the network through
#: `query` or `update` (measured by the differential test, which fails when this set is wrong). The
#: others fail to parse there, or never call their SERVICE (SERVICE ?v; a join already empty).
OXIGRAPH_REACHES = {"plain", "issue-example", "lowercase", "mixed-case", "silent", "prefixed", "base-relative",
                    "comment-before", "comment-in-every-gap", "cr-ends-a-comment", "crlf-gaps", "tab-gaps",
                    "no-gaps", "string-says-service", "long-string-before", "escaped-iri", "optional", "exists",
                    "not-exists", "minus", "union", "graph", "sub-select", "bind-exists", "projection-exists",
                    "order-by-exists", "having-exists", "construct", "ask", "describe", "nested-service",
                    "values-after", "load", "load-silent-into", "insert-where-service", "update-then-load",
                    "deep-then-service"}
#: Texts with no SERVICE in Oxigraph's reading of them (it applies \\u escapes inside strings only),
#: which the endpoint may run; in rdflib's reading (escapes first, as SPARQL 1.1 says) they differ.
HARMLESS_TO_OXIGRAPH = {"escaped-newline-in-comment", "escaped-quote-in-string"}


def corpus(host_port: str) -> dict[str, str]:
    """Every disguise, aimed at http://`host_port`/sparql."""
    url = f"http://{host_port}/sparql"
    texts = {name: t.replace("@U@", url).replace("@B@", f"http://{host_port}/").replace("@HOSTPORT@", host_port)
             for name, t in _TEMPLATES.items()}
    # Line breaks in every gap of the plain query, one gap at a time, with each kind of break.
    words = ["SELECT", "*", "WHERE", "{", "SERVICE", f"<{url}>", "{", "?s", "?p", "?o", "}", "}"]
    for gap, brk in itertools.product(range(len(words) - 1), ["\n", "\r", "\r\n", "#\n", "#\r"]):
        parts = [*words[: gap + 1], brk, *words[gap + 1:]]
        text = " ".join(parts[: gap + 1]) + brk + " ".join(parts[gap + 2:])
        texts[f"break-{gap}-{brk.encode('unicode_escape').decode()}"] = text
    return texts
