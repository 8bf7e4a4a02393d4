"""One exception family: the library raises an `IctgraphError` whose text is one line; only cli/ prints it."""

from __future__ import annotations

from pathlib import Path

from ictgraph.resources import display_path


class IctgraphError(Exception):
    """The base of every error a user can fix; `str()` is the one line they read.

    The command line turns any of them into ``ictgraph COMMAND: <the line>`` and exit status 2.

    Examples
    --------
    >>> str(QueryError("no query named 'cq99'"))
    "no query named 'cq99'"
    """

    def __str__(self) -> str:
        # KeyError and others quote their message in str(); the user must read it plain.
        return str(self.args[0]) if self.args else ""


class UsageError(IctgraphError):
    """Options or arguments that cannot work together or name nothing usable."""


class FactError(IctgraphError):
    """A record that cannot go into the graph: where it is and what to do about it.

    Examples
    --------
    >>> print(FactError(Path("/tmp/x.yaml"), 7, "country/BR", "quote not found"))
    /tmp/x.yaml:7: record 'country/BR': quote not found
    """

    def __init__(self, path: Path, line: int, record: str | None, reason: str) -> None:
        self.path, self.line, self.record, self.reason = path, line, record, reason
        what = f" record {record!r}:" if record else ""
        super().__init__(f"{display_path(path)}:{line}:{what} {reason}")


class FactErrors(IctgraphError):
    """Every fact error of one run, sorted by file and line, so that an author fixes them in one pass.

    `str()` is the first error and how many follow; the build prints them all, one per line.

    Examples
    --------
    >>> errors = FactErrors([FactError(Path("/tmp/b.yaml"), 2, None, "y"),
    ...                      FactError(Path("/tmp/a.yaml"), 9, "gov/JP", "x")])
    >>> [f"{e.path.name}:{e.line}" for e in errors.errors]
    ['a.yaml:9', 'b.yaml:2']
    >>> print(errors)
    /tmp/a.yaml:9: record 'gov/JP': x (and 1 more error: `ictgraph build --check` lists them all)
    """

    def __init__(self, errors: list[FactError]) -> None:
        self.errors = sorted(errors, key=lambda e: (str(e.path), e.line, e.record or "", e.reason))
        more = len(self.errors) - 1
        tail = (f" (and {more} more error{'s' if more > 1 else ''}: `ictgraph build --check` lists them all)"
                if more else "")
        super().__init__(f"{self.errors[0]}{tail}")

    @property
    def files(self) -> int:
        """How many files hold an error."""
        return len({e.path for e in self.errors})


class DateError(IctgraphError, ValueError):
    """A date string that cannot be read as a real date; the message names the string."""


class EraMismatchError(DateError):
    """The Western year and the Japanese era year of one date disagree."""


class AmountError(IctgraphError, ValueError):
    """An amount or count string that cannot be read as an exact number; names the string."""


class BuildError(IctgraphError):
    """The build stopped: `problems` lists every reason (a fact error, or validation violations)."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


class QueryError(IctgraphError):
    """A query that cannot run as asked: unknown name, bad parameter, or a syntax error with line and column."""


class StoreError(IctgraphError):
    """A store that cannot be opened or answered: unknown spec, empty folder, missing graph, remote failure."""


class ViewError(IctgraphError, ValueError):
    """A network view that cannot be drawn: unknown view, or a query whose result has no IRIs."""


class NodeNotFound(IctgraphError, KeyError):
    """No node (or more than one) of a network answers to the key, IRI or label asked for."""


class OutputError(IctgraphError):
    """A path the program was asked to write that it must not replace, or cannot write: names it and why."""


class ExportError(IctgraphError):
    """An export that would overwrite what it did not write, or cannot be written where asked."""


class PushError(IctgraphError):
    """A push to a remote store that was refused, or credentials that cannot be read."""
