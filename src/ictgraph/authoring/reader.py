"""Read fact files as YAML that remembers the line of every record and key, so errors can name it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ictgraph.errors import FactError


def _to_python(node: yaml.Node) -> Any:
    """Convert a composed YAML node, keeping the line of every mapping and of each of its keys."""
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {"__line__": node.start_mark.line + 1, "__lines__": {}}
        for key_node, value_node in node.value:
            key = str(_to_python(key_node))
            if key in out:
                raise yaml.MarkedYAMLError(problem=f"duplicate key {key!r}",
                                           problem_mark=key_node.start_mark)
            out[key] = _to_python(value_node)
            out["__lines__"][key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(n) for n in node.value]
    assert isinstance(node, yaml.ScalarNode), node
    return _scalar(node)


def _scalar(node: yaml.ScalarNode) -> Any:
    # Dates stay strings: the date parser checks them and names the record if they are impossible.
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except ValueError as exc:
        raise yaml.MarkedYAMLError(problem=str(exc), problem_mark=node.start_mark) from exc
    finally:
        loader.dispose()


def read_yaml(path: Path) -> list[dict[str, Any]]:
    """Parse one fact file into raw records, turning YAML errors into a FactError with the line."""
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise FactError(path, line, None, f"malformed YAML: {exc.problem}") from exc
    except UnicodeDecodeError as exc:
        raise FactError(path, 0, None, "not UTF-8 text") from exc
    if node is None:
        return []
    try:
        data = _to_python(node)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise FactError(path, line, None, f"malformed YAML: {exc.problem}") from exc
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise FactError(path, 1, None, "a fact file must be a list of records (mappings)")
    return data
