"""Parse the yen amounts and counts of the source text into exact decimals."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, Inexact, localcontext

from ictgraph.errors import AmountError
from ictgraph.source.lexicon import COUNTERS

__all__ = ["Amount", "AmountError", "Count", "parse_amount", "parse_count"]


# Japanese numerals group by 10^4; the text uses 万, 億 and 兆, largest first within one amount.
_MULTIPLIERS: dict[str, int] = {"兆": 10**12, "億": 10**8, "万": 10**4}
_APPROX = "約"
_LOWER_BOUND = "以上"
# A plain number: digits, optionally grouped by commas in threes, optionally with a decimal part.
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d,.])"
_PART = re.compile(rf"(?P<num>{_NUMBER})(?P<mult>[兆億万]?)")


@dataclass(frozen=True)
class Amount:
    """A money amount: the exact value in `currency` (always JPY here) and whether 約 hedges it.

    Examples
    --------
    >>> parse_amount("5億円")
    Amount(text='5億円', value=Decimal('500000000'), currency='JPY', approximate=False)
    """

    text: str
    value: Decimal
    currency: str = "JPY"
    approximate: bool = False


@dataclass(frozen=True)
class Count:
    """A count of things (people, countries, subscribers) with its hedges and counter word.

    `lower_bound` is set for 以上 (at least); `unit_ja` is the counter word as written (``人``,
    ``か国``, ``か国・地域``), or None where the text gives none (``2,400万``).
    """

    text: str
    value: Decimal
    approximate: bool = False
    lower_bound: bool = False
    unit_ja: str | None = None


def _normalise(text: str) -> str:
    # NFKC turns full-width digits and commas into ASCII; PDF line breaks may split a number.
    return "".join(unicodedata.normalize("NFKC", text).split())


def _read_number(s: str) -> Decimal:
    """Read digits with 兆/億/万 groups (``1兆2,000億``, ``137.8億``) as an exact Decimal."""
    total = Decimal(0)
    pos = 0
    last_mult: int | None = None
    parts = 0
    decimal = False
    with localcontext() as ctx:
        ctx.prec = 60
        ctx.traps[Inexact] = True
        while pos < len(s):
            m = _PART.match(s, pos)
            if m is None or m.end() == pos:
                raise AmountError(f"unreadable number at {s[pos:]!r}")
            mult = _MULTIPLIERS.get(m["mult"], 1)
            if last_mult is not None and (last_mult == 1 or mult >= last_mult):
                raise AmountError("numeral groups out of order (兆, 億, 万 must descend)")
            decimal = decimal or "." in m["num"]
            if parts and decimal:
                raise AmountError("a decimal part is only allowed in a single-group number")
            total += Decimal(m["num"].replace(",", "")) * mult
            last_mult, pos, parts = mult, m.end(), parts + 1
    if parts == 0:
        raise AmountError("no number")
    return total.quantize(Decimal(1)) if total == total.to_integral_value() else total


def parse_amount(text: str) -> Amount:
    """Read a yen amount such as ``約792億円`` into an exact Decimal in JPY.

    Floats would turn 137.8億 into 13780000000.000002; Decimal keeps what the text says. The 約
    (about) flag is kept beside the number rather than dropped, as the graph must not claim more
    precision than the text.

    Raises
    ------
    AmountError
        The string is not ``[約]<number>[兆|億|万]円`` or gives a fraction of a yen.

    Examples
    --------
    >>> a = parse_amount("約792億円")
    >>> a.value, a.approximate
    (Decimal('79200000000'), True)
    >>> parse_amount("137.8億円").value
    Decimal('13780000000')
    """
    s = _normalise(text)
    approximate = s.startswith(_APPROX)
    body = s[len(_APPROX) :] if approximate else s
    if not body.endswith("円"):
        raise AmountError(f"amount {text!r}: not a yen amount (must end in 円)")
    try:
        value = _read_number(body[:-1])
    except AmountError as exc:
        raise AmountError(f"amount {text!r}: {exc}") from None
    if value != value.to_integral_value():
        raise AmountError(f"amount {text!r}: not a whole number of yen")
    return Amount(text=text, value=value, currency="JPY", approximate=approximate)


def parse_count(text: str) -> Count:
    """Read a count such as ``2,400万``, ``約270人``, ``50名以上`` or ``23か国・地域``.

    Raises
    ------
    AmountError
        The string is not ``[約]<number>[万|億|兆][counter][以上]`` or is not a whole number.

    Examples
    --------
    >>> parse_count("2,400万").value
    Decimal('24000000')
    >>> c = parse_count("50名以上")
    >>> c.value, c.lower_bound, c.unit_ja
    (Decimal('50'), True, '名')
    """
    s = _normalise(text)
    approximate = s.startswith(_APPROX)
    body = s[len(_APPROX) :] if approximate else s
    lower_bound = body.endswith(_LOWER_BOUND)
    if lower_bound:
        body = body[: -len(_LOWER_BOUND)]
    unit = next((c for c in COUNTERS if body.endswith(c)), None)
    if unit is not None:
        body = body[: -len(unit)]
    try:
        value = _read_number(body)
    except AmountError as exc:
        raise AmountError(f"count {text!r}: {exc}") from None
    if value != value.to_integral_value():
        raise AmountError(f"count {text!r}: not a whole number")
    return Count(
        text=text, value=value, approximate=approximate, lower_bound=lower_bound, unit_ja=unit
    )
