"""Read fact files as YAML that remembers the line of every record and key, so errors can name it.

A fact file is text someone may have written to hurt: the reader bounds what it accepts before it
builds anything from it. A file holds at most `MAX_BYTES` bytes and `MAX_RECORDS` records, nests at
most `MAX_DEPTH` levels, and uses no YAML aliases (``*name``): an alias makes a 364-byte file expand
into a billion nodes ("billion laughs"), or into itself, and no record needs one. facts/README.md
says the same to authors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
import yaml.composer
import yaml.constructor
import yaml.parser
import yaml.reader
import yaml.resolver
import yaml.scanner

from ictgraph.errors import FactError

#: The largest fact file read (the largest of the fact base is about a third of it).
MAX_BYTES = 256 * 1024
#: The most records one fact file may hold (the largest of the fact base holds about 150).
MAX_RECORDS = 500
#: The deepest nesting of collections: a list of records > a record > evidence > an item > a value.
MAX_DEPTH = 8


class _Refused(yaml.MarkedYAMLError):
    """Well-formed YAML that a fact file may not hold (an alias, deep nesting)."""


#: libyaml's parser (C, in PyYAML's wheels) reads the text into events four times faster than
#: PyYAML's own; the nodes are still composed here, in Python, where aliases and depth are checked.
_C_PARSER: bool = yaml.__with_libyaml__
if _C_PARSER:
    from yaml._yaml import CParser

    _Parsing: tuple[type, ...] = (CParser,)
else:
    _Parsing = (yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser)


class _FactLoader(yaml.composer.Composer, *_Parsing, yaml.constructor.SafeConstructor,  # type: ignore[misc]
                  yaml.resolver.Resolver):
    """A safe loader composing nodes only: it refuses aliases and deep nesting as it meets them, so
    nothing is ever expanded or recursed into. Its events come from libyaml where PyYAML has it."""

    def __init__(self, stream: str) -> None:
        if _C_PARSER:
            CParser.__init__(self, stream)
        else:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self.depth = 0
        self.open_anchors: set[str] = set()

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event: yaml.Event = self.peek_event()
        mark: yaml.Mark = event.start_mark  # type: ignore[assignment]
        if isinstance(event, yaml.AliasEvent):
            alias = str(event.anchor)
            problem = (f"recursive YAML alias *{alias} (it refers to the node that holds it)"
                       if alias in self.open_anchors else f"YAML alias *{alias}")
            raise _Refused(problem=f"{problem}: fact files use no anchors and aliases; "
                           "write the value out", problem_mark=mark)
        collection = isinstance(event, yaml.CollectionStartEvent)
        if collection:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _Refused(problem=f"nested deeper than {MAX_DEPTH} levels; a fact record "
                               "needs at most four", problem_mark=mark)
        anchor = str(getattr(event, "anchor", None) or "")
        if anchor:
            self.open_anchors.add(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            self.open_anchors.discard(anchor)
            self.depth -= collection


def _to_python(node: yaml.Node, scalars: yaml.constructor.SafeConstructor) -> Any:
    """Convert a composed YAML node, keeping the line of every mapping and of each of its keys;
    `scalars` turns a scalar into its Python value."""
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {"__line__": node.start_mark.line + 1, "__lines__": {}}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.MarkedYAMLError(problem="a key must be a plain word, not a list or mapping",
                                           problem_mark=key_node.start_mark)
            key = str(_scalar(key_node, scalars))
            if key in out:
                raise yaml.MarkedYAMLError(problem=f"duplicate key {key!r}",
                                           problem_mark=key_node.start_mark)
            out[key] = _to_python(value_node, scalars)
            out["__lines__"][key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(n, scalars) for n in node.value]
    assert isinstance(node, yaml.ScalarNode), node
    return _scalar(node, scalars)


def _scalar(node: yaml.ScalarNode, scalars: yaml.constructor.SafeConstructor) -> Any:
    # Dates stay strings: the date parser checks them and names the record if they are impossible.
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value
    try:
        return scalars.construct_object(node, deep=True)
    except ValueError as exc:
        raise yaml.MarkedYAMLError(problem=str(exc), problem_mark=node.start_mark) from exc


def _read_text(path: Path) -> str:
    """The file's text, refusing it past `MAX_BYTES` without reading further than that."""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise FactError(path, 0, None, f"cannot read the file: {exc.strerror or exc}") from exc
    if len(data) > MAX_BYTES:
        raise FactError(path, 0, None, f"a fact file holds at most {MAX_BYTES // 1024} KiB; "
                        "split it into several files")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FactError(path, 0, None, "not UTF-8 text") from exc


def read_yaml(path: Path) -> list[dict[str, Any]]:
    """Parse one fact file into raw records, turning YAML errors into a FactError with the line."""
    text = _read_text(path)
    loader = None
    try:
        loader = _FactLoader(text)
        node = loader.get_single_node()
        if isinstance(node, yaml.SequenceNode) and len(node.value) > MAX_RECORDS:
            raise FactError(path, 1, None, f"a fact file holds at most {MAX_RECORDS} records, this one "
                            f"{len(node.value)}; split it into several files")
        data = _to_python(node, loader) if node is not None else []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = exc.problem if isinstance(exc, _Refused) else f"malformed YAML: {exc.problem}"
        raise FactError(path, line, None, str(what)) from exc
    except yaml.reader.ReaderError as exc:  # a control character: no mark, a position instead
        # libyaml counts the position in bytes of UTF-8, PyYAML's reader in characters.
        line = (text.encode("utf-8")[:exc.position].count(b"\n") if _C_PARSER else
                text.count("\n", 0, exc.position)) + 1
        raise FactError(path, line, None, f"malformed YAML: character U+{exc.character:04X} is not "
                        "allowed in YAML text") from exc
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise FactError(path, 1, None, "a fact file must be a list of records (mappings)")
    return data
