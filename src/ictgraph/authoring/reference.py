"""Reference data that is not in the text: pycountry's ISO codes and Japanese names, the Wikidata linking table."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ictgraph import resources
from ictgraph.source.lexicon import japanese_country_names

if TYPE_CHECKING:
    from pycountry.db import Country


@dataclass(frozen=True)
class LinkRow:
    """A row of the linking table: a checked Wikidata id, or one still to be re-checked."""

    en: str
    kind: str
    iso2: str
    wikidata: str
    verified: bool


@cache
def read_linking_table(path: Path = resources.LINKING_TABLE) -> tuple[LinkRow, ...]:
    """The Wikidata linking table copied into the repo (`linking/wikidata.tsv`)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        return tuple(
            LinkRow(r["en"], r["kind"], r["iso2"], r["wikidata"], r["confidence"] == "verified")
            for r in rows
        )


def country(iso2: str) -> Country:
    """pycountry's record of an ISO 3166-1 alpha-2 code; a ValueError for a code that does not exist.

    Examples
    --------
    >>> country("BR").alpha_3
    'BRA'
    """
    import pycountry

    found = pycountry.countries.get(alpha_2=iso2)
    if found is None:
        raise ValueError(f"{iso2!r} is not an ISO 3166-1 alpha-2 code")
    return found


def japanese_name(iso2: str) -> str:
    """The Japanese name pycountry's translation gives the country (the label of `label_source: pycountry`).

    Examples
    --------
    >>> japanese_name("BR")
    'ブラジル'
    """
    return japanese_country_names()[country(iso2).alpha_2]
