"""The house rules, read from the parsed source: imports flow one way, and only the CLI prints or exits."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "ictgraph"
BASE = "base"  # errors, vocab, io, resources: the floor every layer stands on
CORE = {BASE, "source", "authoring", "build", "query"}
# What each layer may import, in the direction of the data flow; nothing but cli imports cli.
ALLOWED: dict[str, set[str]] = {
    BASE: {BASE},
    "source": {BASE, "source"},
    "authoring": {BASE, "source", "authoring"},
    "build": {BASE, "source", "authoring", "build"},
    "query": {BASE, "query"},
    "analysis": CORE | {"analysis"},
    "publish": CORE | {"analysis", "publish"},
    "endpoint": CORE | {"endpoint"},
    "cli": CORE | {"analysis", "publish", "endpoint", "cli"},
    # ictgraph/__init__.py: load() and run_query(), and the IPython extension's entry point, which
    # `%load_ext ictgraph` looks for there and which only imports analysis when a notebook loads it.
    "api": CORE | {"analysis"},
}
SOURCES = sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    """`ictgraph.query.stores.spec` → `query`; a top-level module (`ictgraph.vocab`) → `base`."""
    parts = module.split(".")
    if len(parts) == 1:
        return "api"
    if (PACKAGE / parts[1]).is_dir():
        return parts[1]
    return BASE


def imported_modules(tree: ast.AST) -> Iterator[tuple[int, str, list[str]]]:
    """(line, module, names) for every import of an ictgraph module, also inside functions and
    TYPE_CHECKING blocks: a dependency is a dependency wherever it is written."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "ictgraph":
                    yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "ictgraph":
            assert node.level == 0, "imports are absolute"
            names = [a.name for a in node.names]
            submodules = [n for n in names if (PACKAGE.parent / node.module.replace(".", "/") / n).exists()
                          or (PACKAGE.parent / node.module.replace(".", "/") / f"{n}.py").exists()]
            for sub in submodules:
                yield node.lineno, f"{node.module}.{sub}", []
            yield node.lineno, node.module, [n for n in names if n not in submodules]


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_imports_run_downhill() -> None:
    uphill = [f"{path.relative_to(PACKAGE)}:{line}: {here} imports {module} ({layer_of(module)})"
              for path in SOURCES if (here := layer_of(module_name(path)))
              for line, module, _ in imported_modules(_tree(path))
              if module != "ictgraph" and layer_of(module) not in ALLOWED[here]]
    assert uphill == []


def test_no_private_name_is_imported_from_another_module() -> None:
    private = [f"{path.relative_to(PACKAGE)}:{line}: {module}.{name}"
               for path in SOURCES for line, module, names in imported_modules(_tree(path))
               for name in names if name.startswith("_")]
    assert private == []


def _prints_or_exits(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("print", "exit", "quit"):
            yield node.lineno, func.id
        elif isinstance(func, ast.Attribute):
            dotted = ast.unparse(func)
            if dotted in ("sys.exit", "os._exit", "sys.stdout.write", "sys.stderr.write"):
                yield node.lineno, dotted


# A query worker is a process of its own, not the program: it ends itself when its server is gone.
WORKER_EXITS = {("ictgraph.endpoint.worker", "os._exit")}


def test_only_the_cli_prints_or_exits() -> None:
    found = [f"{path.relative_to(PACKAGE)}:{line}: {call}()" for path in SOURCES
             if layer_of(module_name(path)) != "cli" for line, call in _prints_or_exits(_tree(path))
             if (module_name(path), call) not in WORKER_EXITS]
    assert found == []


def test_the_rules_see_what_they_check() -> None:
    """The walkers find a real uphill import, a private import and a print, so a pass means something."""
    tree = ast.parse("from ictgraph.cli.options import parse_params\nfrom ictgraph.x import _y\n"
                     "def f():\n    from ictgraph.analysis import nodes\n    print(1)\n")
    modules = [(module, names) for _, module, names in imported_modules(tree)]
    assert ("ictgraph.cli.options", ["parse_params"]) in modules and ("ictgraph.analysis.nodes", []) in modules
    assert ("ictgraph.x", ["_y"]) in modules
    assert list(_prints_or_exits(tree)) == [(5, "print")]
    assert layer_of("ictgraph.cli.options") == "cli" and layer_of("ictgraph.vocab") == BASE
    assert "cli" not in ALLOWED[layer_of("ictgraph.build.pipeline")]
