"""The floor a cold `ictgraph query` is measured against: bare pyoxigraph doing the same work.

`python bench/floor.py FORMAT QUERY_FILE GRAPH [GRAPH ...]` loads the Turtle files (the graph and
the ontology, as `ictgraph query` does) into an in-memory pyoxigraph Store, runs the query text (its
parameters already bound) and prints the rows: `csv` and `json` as `ictgraph query` writes them (a
value's lexical form), `table` as padded columns. Nothing of ictgraph is imported.
"""

from __future__ import annotations

import csv
import json
import sys

import pyoxigraph as ox


def main() -> None:
    fmt, query_file, *graphs = sys.argv[1:]
    store = ox.Store()
    for path in graphs:
        store.bulk_load(path=path, format=ox.RdfFormat.TURTLE)
    with open(query_file, encoding="utf-8") as handle:
        solutions = store.query(handle.read())
    assert isinstance(solutions, ox.QuerySolutions)
    columns = [v.value for v in solutions.variables]
    rows = [["" if term is None else term.value for term in row] for row in solutions]
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    elif fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    else:
        widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
        lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in rows]
        sys.stdout.write("\n".join(lines) + f"\n\n{len(rows)} rows\n")


if __name__ == "__main__":
    main()
