"""Parse the Japanese date strings of the source text into checked Western dates."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ictgraph.errors import DateError, EraMismatchError
from ictgraph.source.lexicon import ERA_NAMES, ERAS

__all__ = [
    "QUALIFIERS",
    "DateError",
    "DateValue",
    "EraMismatchError",
    "ParsedDate",
    "normalise_date_text",
    "parse_date",
    "parse_date_value",
    "parse_resolved_date",
]


# Applied to NFKC text with whitespace removed, so （ ） ～ arrive as ( ) ~.
_POINT = re.compile(
    r"(?:(?P<wy>\d{4})年(?P<wfy>度)?"
    rf"(?:\((?P<pera>{ERA_NAMES})(?P<pn>元|\d{{1,2}})年(?P<pfy>度)?\))?"
    rf"|(?P<era>{ERA_NAMES})(?P<en>元|\d{{1,2}})年(?P<efy>度)?)"
    r"(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?)?"
)
_PARTIAL = re.compile(r"(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?|(?P<d2>\d{1,2})日")
_RANGE = re.compile(r"から|~|〜|-")
_BOTH = "及び"
_UNTIL = "まで"
# One parenthesis giving the eras of both ends: 2018年～2021年（平成30年～令和3年）.
_JOINT_ERA = re.compile(
    rf"\((?P<e1>{ERA_NAMES})(?P<n1>元|\d{{1,2}})年(?P<f1>度)?(?:から|~|〜)"
    rf"(?P<e2>{ERA_NAMES})(?P<n2>元|\d{{1,2}})年(?P<f2>度)?\)"
)
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
#: The words after a date that say which part of its period the text means, and their notations in
#: the ontology's scheme ict:dateQualifiers. 上旬/中旬/下旬 divide a month; 末 ends a year or month.
QUALIFIERS = {"末": "end-of", "頃": "around", "上旬": "early", "中旬": "mid", "下旬": "late"}
_QUALIFIER = re.compile("|".join(sorted(QUALIFIERS, key=len, reverse=True)))


def normalise_date_text(text: str) -> str:
    """Return `text` in the form the parser reads: NFKC (full-width digits) without whitespace.

    Whitespace goes because PDF extraction breaks dates across lines (``2014年（平成\\n26年）3月``).

    Examples
    --------
    >>> normalise_date_text("２０１９年（令和元年）\\n６月")
    '2019年(令和元年)6月'
    """
    return "".join(unicodedata.normalize("NFKC", text).split())


@dataclass(frozen=True)
class DateValue:
    """One calendar date at the precision the text gives, or one Japanese fiscal year.

    A fiscal year (年度, April to March) is kept apart from the calendar year with the same number:
    ``fiscal=True``, ``year`` is the fiscal year number, and :meth:`xsd` refuses it.

    Examples
    --------
    >>> DateValue(2019, 6).xsd()
    ('2019-06', 'gYearMonth')
    >>> DateValue(2019, fiscal=True).bounds()
    (datetime.date(2019, 4, 1), datetime.date(2020, 3, 31))
    """

    year: int
    month: int | None = None
    day: int | None = None
    fiscal: bool = False

    def __post_init__(self) -> None:
        # Validate on construction so that no DateValue can hold an impossible date.
        if not 1 <= self.year <= 9999:
            raise DateError(f"year {self.year} is out of range")
        if self.fiscal and (self.month is not None or self.day is not None):
            raise DateError(f"fiscal year {self.year} cannot carry a month or day")
        if self.day is not None and self.month is None:
            raise DateError(f"day {self.day} given without a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateError(f"month {self.month} does not exist")
        if self.day is not None:
            try:
                date(self.year, self.month, self.day)  # type: ignore[arg-type]
            except ValueError:
                raise DateError(
                    f"day {self.day} does not exist in {self.year:04d}-{self.month:02d}"
                ) from None

    @property
    def precision(self) -> str:
        """``'year'``, ``'month'`` or ``'day'`` (a fiscal year has ``'year'``)."""
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def xsd(self) -> tuple[str, str]:
        """Return ``(lexical form, XSD datatype local name)`` at this value's precision.

        Raises
        ------
        DateError
            For a fiscal year, which is no calendar year and must not be typed as ``xsd:gYear``;
            use :attr:`ParsedDate.fiscal_year` instead.

        Examples
        --------
        >>> DateValue(2019, 6, 8).xsd()
        ('2019-06-08', 'date')
        >>> DateValue(1979).xsd()
        ('1979', 'gYear')
        """
        if self.fiscal:
            raise DateError(f"fiscal year FY{self.year} has no calendar XSD value")
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}", "date"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}", "gYearMonth"
        return f"{self.year:04d}", "gYear"

    def bounds(self) -> tuple[date, date]:
        """Return the first and last calendar day this value covers, for ordering and overlap.

        A fiscal year covers 1 April of its year to 31 March of the next.
        """
        if self.fiscal:
            return date(self.year, 4, 1), date(self.year + 1, 3, 31)
        if self.month is None:
            return date(self.year, 1, 1), date(self.year, 12, 31)
        if self.day is not None:
            one = date(self.year, self.month, self.day)
            return one, one
        first = date(self.year, self.month, 1)
        if self.month == 12:
            return first, date(self.year, 12, 31)
        return first, date.fromordinal(date(self.year, self.month + 1, 1).toordinal() - 1)

    def __str__(self) -> str:
        return f"FY{self.year}" if self.fiscal else self.xsd()[0]


@dataclass(frozen=True)
class ParsedDate:
    """A date string of the text, read and checked: one date, or a range from `start` to `end`.

    The Western year is canonical; where the era year disagrees and the caller allowed it,
    ``era_mismatch`` records that the text contradicts itself.

    Attributes
    ----------
    text : str
        The string as given (before normalisation).
    start, end : DateValue, DateValue or None
        `end` is None unless the string is a range (``から``, ``～``, ``及び``).
    approximate : bool
        The text hedges with 頃.
    fiscal : bool
        The string names fiscal years (年度); then `start`/`end` have ``fiscal=True``.
    era_mismatch : bool
        Western and era years disagree (only with ``allow_era_mismatch=True``).
    relative : bool
        The year is given relative to another (翌2010年): the value is explicit, the wording is not.
    qualifier, end_qualifier : str or None
        Which part of the period of `start` (and of `end`) the text means, as a notation of the
        scheme ict:dateQualifiers: ``'end-of'`` (末), ``'around'`` (頃), ``'early'``, ``'mid'``,
        ``'late'`` (上旬, 中旬, 下旬). The value keeps the text's precision: 2015年末 is the year 2015.
    """

    text: str
    start: DateValue
    end: DateValue | None = None
    approximate: bool = False
    fiscal: bool = False
    era_mismatch: bool = False
    relative: bool = False
    qualifier: str | None = None
    end_qualifier: str | None = None

    @property
    def fiscal_year(self) -> int | None:
        """The (first) fiscal year number for a 年度 string, else None."""
        return self.start.year if self.fiscal else None

    @property
    def fiscal_end_year(self) -> int | None:
        """The last fiscal year of a 年度 range, else None (also None for a single fiscal year)."""
        return self.end.year if self.fiscal and self.end is not None else None

    @property
    def is_range(self) -> bool:
        """Whether the string names a span rather than one date."""
        return self.end is not None


@dataclass(frozen=True)
class _Point:
    """One date as written, before its era is checked."""

    year: int | None
    fiscal: bool
    era: str | None
    era_year: int | None
    era_fiscal: bool
    month: int | None
    day: int | None


def _era_number(raw: str) -> int:
    return 1 if raw == "元" else int(raw)


def _era_label(era: str, n: int, fiscal: bool) -> str:
    return f"{era}{'元' if n == 1 else n}年{'度' if fiscal else ''}"


def _era_to_western(era: str, n: int) -> int:
    first, last = ERAS[era]
    top = None if last is None else last.year - first.year + 1
    if n < 1 or (top is not None and n > top):
        limit = f"1–{top}" if top is not None else "1 or more"
        raise DateError(f"{era}{n}年 is outside the {era} era (years {limit})")
    return first.year + n - 1


def _era_covers(era: str, value: DateValue) -> bool:
    first, last = ERAS[era]
    lo, hi = value.bounds()
    return hi >= first and (last is None or lo <= last)


def _resolve(point: _Point, allow_era_mismatch: bool) -> tuple[DateValue, bool]:
    """Turn a written point into a checked DateValue; return it and whether the era disagreed."""
    if point.era is None or point.era_year is None:
        assert point.year is not None
        return DateValue(point.year, point.month, point.day, point.fiscal), False
    label = _era_label(point.era, point.era_year, point.era_fiscal)
    era_year = _era_to_western(point.era, point.era_year)
    if point.year is None:
        value = DateValue(era_year, point.month, point.day, point.era_fiscal)
        if not _era_covers(point.era, value):
            span = _era_span(point.era)
            raise DateError(f"{label} ({value}) lies outside the {point.era} era ({span})")
        return value, False
    if point.fiscal != point.era_fiscal:
        raise DateError(f"{point.year}年 and {label} disagree on fiscal year (年度)")
    value = DateValue(point.year, point.month, point.day, point.fiscal)
    if era_year == point.year and _era_covers(point.era, value):
        return value, False
    if not allow_era_mismatch:
        if era_year != point.year:
            reason = f"era year {label} is {era_year}, not {point.year}"
        else:
            reason = f"{value} lies outside the {point.era} era ({_era_span(point.era)})"
        raise EraMismatchError(f"Western and era years disagree: {reason}")
    return value, True


def _era_span(era: str) -> str:
    first, last = ERAS[era]
    return f"{first}–{last or ''}"


def _point_from(match: re.Match[str]) -> _Point:
    era = match["pera"] or match["era"]
    era_raw = match["pn"] or match["en"]
    return _Point(
        year=int(match["wy"]) if match["wy"] else None,
        fiscal=bool(match["wfy"]),
        era=era,
        era_year=_era_number(era_raw) if era_raw else None,
        era_fiscal=bool(match["pfy"] or match["efy"]),
        month=int(match["m"]) if match["m"] else None,
        day=int(match["d"]) if match["d"] else None,
    )


def _parse(text: str, allow_era_mismatch: bool) -> ParsedDate:
    s = normalise_date_text(text)
    if not s:
        raise DateError("empty string")
    relative = s.startswith("翌")
    if relative:
        s = s[1:]

    m = _POINT.match(s)
    if m is None:
        if s.startswith(("同", "前", "翌")):
            raise DateError("relative date: give its value as {text: ..., value: YYYY-MM}")
        raise DateError("not a date this parser knows")
    start_point = _point_from(m)
    qualifier, pos = _qualifier_at(s, m.end())
    end_qualifier: str | None = None
    end_point: _Point | None = None
    both = False

    connector = _RANGE.match(s, pos)
    if connector is None and s.startswith(_BOTH, pos):
        both = True
        pos += len(_BOTH)
    elif connector is not None:
        pos = connector.end()
    if both or connector is not None:
        full = _POINT.match(s, pos)
        if full is not None and not both:
            end_point, pos = _point_from(full), full.end()
        else:
            part = _PARTIAL.match(s, pos)
            if part is None:
                raise DateError("range without a readable end")
            if start_point.fiscal or start_point.era_fiscal:
                raise DateError("a fiscal-year range needs a full fiscal year at its end")
            day = part["d"] or part["d2"]
            if part["m"] is None and start_point.month is None:
                raise DateError("range end gives a day but the start has no month")
            end_point = _Point(
                year=start_point.year,
                fiscal=False,
                era=start_point.era,
                era_year=start_point.era_year,
                era_fiscal=False,
                month=int(part["m"]) if part["m"] else start_point.month,
                day=int(day) if day else None,
            )
            pos = part.end()
        end_qualifier, pos = _qualifier_at(s, pos)
        joint = _JOINT_ERA.match(s, pos)
        if joint is not None:
            if start_point.era is not None or end_point.era is not None:
                raise DateError("era years given twice")
            start_point = _with_era(start_point, joint["e1"], joint["n1"], joint["f1"])
            end_point = _with_era(end_point, joint["e2"], joint["n2"], joint["f2"])
            pos = joint.end()
        if s.startswith(_UNTIL, pos):
            pos += len(_UNTIL)
    if pos != len(s):
        raise DateError(f"unexpected {s[pos:]!r} after the date")

    start, mismatch = _resolve(start_point, allow_era_mismatch)
    end = None
    if end_point is not None:
        end, end_mismatch = _resolve(end_point, allow_era_mismatch)
        mismatch = mismatch or end_mismatch
        if start.fiscal != end.fiscal:
            raise DateError("range mixes a fiscal year (年度) with a calendar date")
        if end.bounds()[0] <= start.bounds()[0]:
            raise DateError(f"range ends ({end}) no later than it starts ({start})")
        next_day = start.bounds()[0].toordinal() + 1
        if both and (end.day is None or end.bounds()[0].toordinal() != next_day):
            raise DateError("及び joins only two consecutive days here")
        _check_qualifier(end_qualifier, end)
    _check_qualifier(qualifier, start)
    return ParsedDate(
        text=text,
        start=start,
        end=end,
        approximate="around" in (qualifier, end_qualifier),
        fiscal=start.fiscal,
        era_mismatch=mismatch,
        relative=relative,
        qualifier=qualifier,
        end_qualifier=end_qualifier,
    )


def _qualifier_at(s: str, pos: int) -> tuple[str | None, int]:
    """The qualifier word at `pos` (末, 頃, 上旬, ...) as its notation, and the position after it."""
    m = _QUALIFIER.match(s, pos)
    return (QUALIFIERS[m[0]], m.end()) if m else (None, pos)


def _check_qualifier(qualifier: str | None, value: DateValue) -> None:
    """A qualifier must fit the precision of the date it follows: 上旬 divides a month, 末 ends a
    year or a month (a day has no end to speak of); 頃 fits any date."""
    word = next((w for w, n in QUALIFIERS.items() if n == qualifier), "")
    if qualifier in ("early", "mid", "late") and value.precision != "month":
        raise DateError(f"{word} needs a month (2019年6月{word}), not a {value.precision}")
    if qualifier == "end-of" and value.precision == "day":
        raise DateError("末 follows a year or a month, not a day")


def _with_era(point: _Point, era: str, raw: str, fiscal: str | None) -> _Point:
    return _Point(
        year=point.year,
        fiscal=point.fiscal,
        era=era,
        era_year=_era_number(raw),
        era_fiscal=bool(fiscal),
        month=point.month,
        day=point.day,
    )


def parse_date(text: str, *, allow_era_mismatch: bool = False) -> ParsedDate:
    """Read a date string as the white paper writes it and check it against itself.

    The Western year is canonical; an era year in parentheses must name the same year and an era
    in force at that date, because the text has at least one contradiction (2019年（平成30年）3月)
    that must be flagged, not silently resolved. Fiscal years (年度) are kept apart from calendar
    years.

    Parameters
    ----------
    text : str
        e.g. ``2019年（令和元年）6月``, ``令和2年1月``, ``2003年12月頃``,
        ``2019年度（令和元年度）``, ``2019年（令和元年）6月8日及び9日``,
        ``2013年（平成25年）5月～2014年（平成26年）4月``.
        Full-width digits and PDF line breaks are accepted.
    allow_era_mismatch : bool
        Accept a Western/era disagreement, keep the Western year and set ``era_mismatch``.

    Returns
    -------
    ParsedDate

    Raises
    ------
    EraMismatchError
        Western and era years disagree and `allow_era_mismatch` is false.
    DateError
        The string is no date this parser knows, the date is impossible (2019年2月30日), an
        era year lies outside its era (平成32年), or a qualifier does not fit the date's precision
        (上旬 after a year, 末 after a day).

    Examples
    --------
    >>> d = parse_date("2019年（令和元年）6月8日及び9日")
    >>> d.start.xsd(), d.end.xsd()
    (('2019-06-08', 'date'), ('2019-06-09', 'date'))
    >>> parse_date("2019年度（令和元年度）").fiscal_year
    2019
    >>> parse_date("2019年（平成30年）3月", allow_era_mismatch=True).era_mismatch
    True

    The words after a date that place it within its period are kept as its qualifier, and the
    value keeps the precision of the text:

    >>> d = parse_date("2015年（平成27年）末")
    >>> str(d.start), d.qualifier
    ('2015', 'end-of')
    >>> d = parse_date("2003年12月頃")
    >>> d.qualifier, d.approximate
    ('around', True)
    >>> [parse_date(f"2019年6月{w}").qualifier for w in ("上旬", "中旬", "下旬")]
    ['early', 'mid', 'late']
    >>> d = parse_date("2019年10月から11月末")
    >>> d.qualifier, d.end_qualifier
    (None, 'end-of')
    >>> parse_date("2019年上旬")
    Traceback (most recent call last):
    ictgraph.errors.DateError: date '2019年上旬': 上旬 needs a month (2019年6月上旬), not a year
    """
    try:
        return _parse(text, allow_era_mismatch)
    except DateError as exc:
        raise type(exc)(f"date {text!r}: {exc}") from None


def parse_resolved_date(text: str, value: object) -> ParsedDate:
    """A date the text gives by reference (同年7月), with the value the analyst resolved from context.

    `value` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or ``start/end`` for a span. A qualifier
    word at the end of `text` (同年末, 同月下旬) is kept as for a date written out.

    Examples
    --------
    >>> d = parse_resolved_date("同年7月", "2019-07")
    >>> str(d.start), d.end
    ('2019-07', None)
    >>> parse_resolved_date("同年末", 2015).qualifier
    'end-of'
    >>> parse_resolved_date("同年10月10日及び11日", "2019-10-10/2019-10-11").end.day
    11
    """
    if value is None or isinstance(value, dict | list):
        raise DateError(f"date {text!r}: a date given by reference needs 'value' "
                        "(YYYY, YYYY-MM or YYYY-MM-DD)")
    first, _, last = value.partition("/") if isinstance(value, str) else (value, "", "")
    try:
        start = parse_date_value(first)  # type: ignore[arg-type]
        end = parse_date_value(last) if last else None
        written = normalise_date_text(text)
        qualifier = next((n for w, n in QUALIFIERS.items() if written.endswith(w)), None)
        _check_qualifier(qualifier, end or start)
    except DateError as exc:
        raise DateError(f"date {text!r}: {exc}") from None
    if end is not None:
        return ParsedDate(text, start, end, approximate=qualifier == "around", end_qualifier=qualifier)
    return ParsedDate(text, start, approximate=qualifier == "around", qualifier=qualifier)


def parse_date_value(value: str | int | date) -> DateValue:
    """Read an analyst-given ISO value (``2019-07``, ``2010``, ``2019-06-08``) as a DateValue.

    Used where the text gives a date by reference (``{text: 同年7月, value: 2019-07}``). An int or
    a ``datetime.date`` is accepted too, because YAML loaders turn ``2010`` and ``2019-06-08``
    into those types.

    Raises
    ------
    DateError
        The value is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or is an impossible date.

    Examples
    --------
    >>> parse_date_value("2019-07")
    DateValue(year=2019, month=7, day=None, fiscal=False)
    >>> parse_date_value(2010).precision
    'year'
    """
    if isinstance(value, bool):
        raise DateError(f"date value {value!r}: not a date")
    if isinstance(value, date):
        if type(value) is not date:  # a datetime would silently lose its time
            raise DateError(f"date value {value!r}: a datetime, not a date")
        return DateValue(value.year, value.month, value.day)
    text = str(value).strip()
    m = _ISO.fullmatch(text)
    if m is None:
        raise DateError(f"date value {value!r}: not YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        return DateValue(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)
    except DateError as exc:
        raise DateError(f"date value {value!r}: {exc}") from None
