"""Dates and amounts written for a reader, in Japanese and in English, from the graph's typed values."""

from __future__ import annotations

from decimal import Decimal

XSD = "http://www.w3.org/2001/XMLSchema#"
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")
# English names of large numbers and their size, largest first (short scale).
_SCALES = ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))


def western_date(lexical: str, datatype: str, lang: str) -> str:
    """A typed date at its precision, as a reader of `lang` writes it.

    Examples
    --------
    >>> western_date("2019-06-08", XSD + "date", "en"), western_date("2019-06", XSD + "gYearMonth", "en")
    ('8 June 2019', 'June 2019')
    >>> western_date("2019-06-08", XSD + "date", "ja"), western_date("2003", XSD + "gYear", "ja")
    ('2019年6月8日', '2003年')
    """
    parts = [int(p) for p in lexical.split("-")]
    kind = datatype[len(XSD):] if datatype.startswith(XSD) else datatype
    if kind == "date" and len(parts) == 3:
        y, m, d = parts
        return f"{y}年{m}月{d}日" if lang == "ja" else f"{d} {MONTHS_EN[m - 1]} {y}"
    if kind == "gYearMonth" and len(parts) == 2:
        y, m = parts
        return f"{y}年{m}月" if lang == "ja" else f"{MONTHS_EN[m - 1]} {y}"
    return f"{parts[0]}年" if lang == "ja" else str(parts[0])


def fiscal_year(year: int, lang: str, last: int | None = None) -> str:
    """A Japanese fiscal year (or the years `year` to `last`) with the calendar months it covers
    (April to March).

    Examples
    --------
    >>> fiscal_year(2019, "en")
    'FY2019 (April 2019 – March 2020)'
    >>> fiscal_year(2019, "ja")
    '2019年度（2019年4月～2020年3月）'
    >>> fiscal_year(2014, "en", 2019)
    'FY2014–FY2019 (April 2014 – March 2020)'
    """
    end = last if last is not None else year
    if lang == "ja":
        span = f"{year}年度" + (f"～{end}年度" if end != year else "")
        return f"{span}（{year}年4月～{end + 1}年3月）"
    span = f"FY{year}" + (f"–FY{end}" if end != year else "")
    return f"{span} (April {year} – March {end + 1})"


def _trim(value: Decimal) -> str:
    """A decimal without trailing zeros and with thousands separators (79.2, 1,360)."""
    text = format(value.normalize(), "f")
    whole, _, frac = text.partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def yen_en(value: Decimal, approximate: bool = False) -> str:
    """An amount of yen in English words, hedged as the text hedges it.

    Examples
    --------
    >>> yen_en(Decimal("79200000000"), True), yen_en(Decimal("500000000")), yen_en(Decimal("12000"))
    ('about ¥79.2 billion', '¥500 million', '¥12,000')
    """
    about = "about " if approximate else ""
    for size, word in _SCALES:
        if value >= size:
            return f"{about}¥{_trim(value / size)} {word}"
    return f"{about}¥{_trim(value)}"


def yen_exact(value: Decimal) -> str:
    """The exact number of yen with separators, the Western way of writing what 億 and 万 group.

    Examples
    --------
    >>> yen_exact(Decimal("79200000000"))
    '79,200,000,000円'
    """
    return f"{_trim(value)}円"


def count_en(value: Decimal, approximate: bool, lower_bound: bool, unit: str | None) -> str:
    """A count in English with its hedges and what it counts.

    Examples
    --------
    >>> count_en(Decimal("50"), False, True, "participants")
    'at least 50 participants'
    >>> count_en(Decimal("24000000"), True, False, None)
    'about 24 million'
    """
    hedge = "at least " if lower_bound else "about " if approximate else ""
    number = next((f"{_trim(value / size)} {word}" for size, word in _SCALES if value >= size), _trim(value))
    return f"{hedge}{number}" + (f" {unit}" if unit else "")
