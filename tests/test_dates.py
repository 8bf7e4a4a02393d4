"""Tests for ictgraph.authoring.dates: real date strings of the white paper section and their edge cases."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from ictgraph.authoring.dates import (
    DateError,
    DateValue,
    EraMismatchError,
    ParsedDate,
    normalise_date_text,
    parse_date,
    parse_date_value,
)

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "wp2020-ch6-sec8.txt"


@pytest.fixture(scope="module")
def corpus_text() -> str:
    # Whitespace removed, as PDF line breaks split dates (2014年（平成\n26年）3月).
    return "".join(CORPUS.read_text(encoding="utf-8").split())


# (string as the text writes it, expected start as (y, m, d)) for single dates.
SINGLE = [
    ("2019年（令和元年）6月", (2019, 6, None)),
    ("2018年（平成30年）2月", (2018, 2, None)),
    ("2019年（平成31年）1月", (2019, 1, None)),
    ("2019年（平成31年）3月", (2019, 3, None)),
    ("2015年（平成27年）11月25日", (2015, 11, 25)),
    ("2016年（平成28年）10月", (2016, 10, None)),
    ("2003年12月", (2003, 12, None)),
    ("2019年3月", (2019, 3, None)),
    ("2019年9月", (2019, 9, None)),
    ("1979年", (1979, None, None)),
    ("1865年", (1865, None, None)),
    ("2018年", (2018, None, None)),
    ("令和元年12月", (2019, 12, None)),
    ("令和2年1月", (2020, 1, None)),
    ("1959年（昭和34年）", (1959, None, None)),
    ("1979年（昭和54年）", (1979, None, None)),
    ("2019年（令和元年）", (2019, None, None)),
    ("2019年（平成31年）", (2019, None, None)),
    ("2025年（令和7年）", (2025, None, None)),
]


@pytest.mark.parametrize(("text", "ymd"), SINGLE)
def test_single_dates_from_the_text(text: str, ymd: tuple, corpus_text: str) -> None:
    assert normalise_date_text(text) in normalise_date_text(corpus_text), "not a real string"
    parsed = parse_date(text)
    assert parsed.text == text
    assert (parsed.start.year, parsed.start.month, parsed.start.day) == ymd
    assert parsed.end is None
    assert not (parsed.approximate or parsed.fiscal or parsed.era_mismatch or parsed.relative)
    assert parsed.qualifier is None
    assert not parsed.is_range


@pytest.mark.parametrize(
    ("text", "lexical", "datatype"),
    [
        ("2019年（令和元年）6月", "2019-06", "gYearMonth"),
        ("2015年（平成27年）11月25日", "2015-11-25", "date"),
        ("1865年", "1865", "gYear"),
        ("令和2年1月", "2020-01", "gYearMonth"),
    ],
)
def test_xsd_follows_the_precision_the_text_gives(text: str, lexical: str, datatype: str) -> None:
    assert parse_date(text).start.xsd() == (lexical, datatype)


def test_precision() -> None:
    assert DateValue(2019).precision == "year"
    assert DateValue(2019, 6).precision == "month"
    assert DateValue(2019, 6, 8).precision == "day"
    assert DateValue(2019, fiscal=True).precision == "year"


def test_pdf_line_break_inside_a_date(corpus_text: str) -> None:
    assert "2014年（平成26年）3月" in corpus_text
    assert parse_date("2014年（平成\n26年）3月").start == DateValue(2014, 3)
    assert parse_date("2018年（平\n成30年）3月").start == DateValue(2018, 3)


def test_full_width_digits() -> None:
    assert parse_date("２０１９年（令和元年）６月").start == DateValue(2019, 6)
    assert parse_date("令和２年１月").start == DateValue(2020, 1)


# Ranges: (string, start, end)
RANGES = [
    ("2019年（令和元年）6月8日及び9日", DateValue(2019, 6, 8), DateValue(2019, 6, 9)),
    ("2021年（令和3年）11月8日から19日", DateValue(2021, 11, 8), DateValue(2021, 11, 19)),
    ("2019年（令和元年）10月から11月", DateValue(2019, 10), DateValue(2019, 11)),
    (
        "2013年（平成25年）5月～2014年（平成26年）4月",
        DateValue(2013, 5),
        DateValue(2014, 4),
    ),
    (
        "2016年（平成28年）9月～2018年（平成30年）1月",
        DateValue(2016, 9),
        DateValue(2018, 1),
    ),
    ("2018年～2021年（平成30年～令和3年）", DateValue(2018), DateValue(2021)),
    ("2013年7月から2018年11月まで", DateValue(2013, 7), DateValue(2018, 11)),
]


@pytest.mark.parametrize(("text", "start", "end"), RANGES)
def test_ranges(text: str, start: DateValue, end: DateValue, corpus_text: str) -> None:
    assert normalise_date_text(text) in normalise_date_text(corpus_text)
    parsed = parse_date(text)
    assert (parsed.start, parsed.end) == (start, end)
    assert parsed.is_range
    assert not parsed.fiscal


def test_range_written_with_wave_dash_or_ascii_tilde() -> None:
    for sep in ("〜", "~", "から"):
        parsed = parse_date(f"2013年5月{sep}2014年4月")
        assert (parsed.start, parsed.end) == (DateValue(2013, 5), DateValue(2014, 4))


def test_range_end_must_follow_start() -> None:
    with pytest.raises(DateError, match="no later than"):
        parse_date("2019年11月から10月")
    with pytest.raises(DateError, match="no later than"):
        parse_date("2021年～2018年")


def test_oyobi_joins_two_consecutive_days_only() -> None:
    with pytest.raises(DateError, match="及び"):
        parse_date("2019年6月8日及び12日")
    # Two separate months are two dates, not a span.
    with pytest.raises(DateError):
        parse_date("2019年1月及び2019年8月")


def test_range_end_day_needs_a_month_at_the_start() -> None:
    with pytest.raises(DateError, match="no month"):
        parse_date("2019年から19日")


def test_joint_era_parenthesis_is_checked() -> None:
    with pytest.raises(EraMismatchError):
        parse_date("2018年～2021年（平成29年～令和3年）")
    flagged = parse_date("2018年～2021年（平成29年～令和3年）", allow_era_mismatch=True)
    assert flagged.era_mismatch and flagged.start == DateValue(2018)


# --- fiscal years: never passed off as calendar years -------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2019年度（令和元年度）", 2019, None),
        ("2018年度", 2018, None),
        ("2013年度", 2013, None),
        ("2014年度（平成26年度）から2018年度（平成30年度）", 2014, 2018),
        ("2014年度から2019年度", 2014, 2019),
    ],
)
def test_fiscal_years(text: str, first: int, last: int | None, corpus_text: str) -> None:
    assert normalise_date_text(text) in normalise_date_text(corpus_text)
    parsed = parse_date(text)
    assert parsed.fiscal and parsed.start.fiscal
    assert parsed.fiscal_year == first
    assert parsed.fiscal_end_year == last
    assert parsed.start.year == first
    assert parsed.start.month is None and parsed.start.day is None
    with pytest.raises(DateError, match="fiscal"):
        parsed.start.xsd()


def test_fiscal_year_is_not_the_calendar_year() -> None:
    fiscal = parse_date("2019年度（令和元年度）")
    calendar = parse_date("2019年（令和元年）")
    assert fiscal.start != calendar.start
    assert fiscal.start.bounds() == (date(2019, 4, 1), date(2020, 3, 31))
    assert calendar.start.bounds() == (date(2019, 1, 1), date(2019, 12, 31))
    assert calendar.fiscal_year is None and calendar.fiscal_end_year is None
    assert str(fiscal.start) == "FY2019"


def test_fiscal_and_calendar_must_not_mix() -> None:
    with pytest.raises(DateError, match="fiscal"):
        parse_date("2019年度（令和元年）")
    with pytest.raises(DateError, match="fiscal"):
        parse_date("2014年度から2018年")
    with pytest.raises(DateError, match="fiscal"):
        parse_date("2019年度4月")


def test_heisei_31_fiscal_year_is_fy2019() -> None:
    assert parse_date("平成31年度").fiscal_year == 2019
    assert parse_date("令和元年度").fiscal_year == 2019
    # 昭和64年度 never existed: 昭和 ended on 7 January 1989, before FY1989 began.
    with pytest.raises(DateError, match="昭和"):
        parse_date("昭和64年度")


# --- hedges and qualifiers ----------------------------------------------------------------------


def test_goro_is_approximate(corpus_text: str) -> None:
    assert "2003年12月頃" in corpus_text
    parsed = parse_date("2003年12月頃")
    assert parsed.approximate
    assert parsed.start == DateValue(2003, 12)


def test_matsu_is_end_of_period(corpus_text: str) -> None:
    assert "2015年（平成27年）末" in corpus_text
    parsed = parse_date("2015年（平成27年）末")
    assert parsed.qualifier == "end-of"
    assert parsed.start.precision == "year" and parsed.start.year == 2015
    assert not parsed.approximate


def test_yoku_is_relative_with_explicit_year(corpus_text: str) -> None:
    assert "翌2010年（平成22年）" in corpus_text
    parsed = parse_date("翌2010年（平成22年）")
    assert parsed.relative
    assert parsed.start == DateValue(2010)


def test_purely_relative_dates_need_an_analyst_value() -> None:
    for text in ("同年7月", "同年（令和元年）6月"):
        with pytest.raises(DateError, match="value"):
            parse_date(text)


# --- era checks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2019年（平成31年）4月",
        "2019年（令和元年）5月",
        "2019年（平成31年）4月30日",
        "2019年（令和元年）5月1日",
        "平成31年4月",
        "令和元年5月",
        "1989年（昭和64年）1月7日",
        "1989年（平成元年）1月8日",
        "1989年（昭和64年）",
        "1989年（平成元年）",
    ],
)
def test_era_boundaries_accepted(text: str) -> None:
    assert not parse_date(text).era_mismatch


@pytest.mark.parametrize(
    "text",
    [
        "2019年（平成31年）5月",
        "2019年（令和元年）4月",
        "2019年（平成31年）5月1日",
        "2019年（令和元年）4月30日",
        "1989年（昭和64年）1月8日",
        "1989年（平成元年）1月7日",
    ],
)
def test_era_boundaries_refused(text: str) -> None:
    with pytest.raises(EraMismatchError):
        parse_date(text)
    parsed = parse_date(text, allow_era_mismatch=True)
    assert parsed.era_mismatch


@pytest.mark.parametrize("text", ["平成31年5月", "令和元年4月"])
def test_era_only_date_outside_its_era_is_impossible(text: str) -> None:
    with pytest.raises(DateError, match="outside") as info:
        parse_date(text)
    # No Western year to prefer: this is an impossible date, not a flaggable mismatch.
    assert not isinstance(info.value, EraMismatchError)
    with pytest.raises(DateError):
        parse_date(text, allow_era_mismatch=True)


def test_the_text_really_has_an_era_mismatch(corpus_text: str) -> None:
    text = "2019年（平成30年）3月"
    assert text in corpus_text
    with pytest.raises(EraMismatchError, match=r"平成30年 is 2018, not 2019") as info:
        parse_date(text)
    assert text in str(info.value)
    assert isinstance(info.value, DateError) and isinstance(info.value, ValueError)
    parsed = parse_date(text, allow_era_mismatch=True)
    assert parsed.era_mismatch
    assert parsed.start == DateValue(2019, 3)  # the Western year stays canonical


def test_mismatch_in_a_range_end_is_found() -> None:
    with pytest.raises(EraMismatchError):
        parse_date("2013年（平成25年）5月～2014年（平成25年）4月")
    with pytest.raises(EraMismatchError):
        parse_date("2019年（平成31年）4月から5月")


@pytest.mark.parametrize("text", ["平成32年", "2020年（平成32年）", "平成0年", "昭和65年"])
def test_era_year_outside_its_era(text: str) -> None:
    with pytest.raises(DateError, match="outside"):
        parse_date(text, allow_era_mismatch=True)


# --- impossible and unreadable strings ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2019年2月30日", "day 30 does not exist"),
        ("2019年13月", "month 13"),
        ("2019年0月", "month 0"),
        ("2019年（令和元年）6月31日", "day 31"),
        ("2019年6月8日から31日", "day 31"),
    ],
)
def test_impossible_dates(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message) as info:
        parse_date(text)
    assert repr(text) in str(info.value)


def test_leap_day() -> None:
    assert parse_date("2020年2月29日").start == DateValue(2020, 2, 29)
    with pytest.raises(DateError):
        parse_date("2019年2月29日")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "2019",
        "19年3月",
        "2019年3月に",
        "2019年（令和元年）12月から開催され",
        "2020年1月～",
    ],
)
def test_unreadable_strings_name_the_string(text: str) -> None:
    with pytest.raises(DateError) as info:
        parse_date(text)
    message = str(info.value)
    assert repr(text) in message
    assert "\n" not in message


def test_a_range_keeps_the_qualifier_of_each_end() -> None:
    parsed = parse_date("2018年～2019年末")
    assert (parsed.qualifier, parsed.end_qualifier) == (None, "end-of")
    assert parsed.end == DateValue(2019)
    parsed = parse_date("2019年10月上旬から11月下旬")
    assert (parsed.qualifier, parsed.end_qualifier) == ("early", "late")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2019年上旬", "上旬 needs a month"),
        ("2019年6月8日中旬", "中旬 needs a month"),
        ("2019年6月8日末", "末 follows a year or a month, not a day"),
        ("2019年10月から11月8日末", "末 follows a year or a month, not a day"),
    ],
)
def test_a_qualifier_must_fit_the_precision_of_its_date(text: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason):
        parse_date(text)


def test_a_resolved_date_keeps_its_qualifier() -> None:
    from ictgraph.authoring.dates import parse_resolved_date

    assert parse_resolved_date("同年末", 2015).qualifier == "end-of"
    assert parse_resolved_date("同月下旬", "2019-07").qualifier == "late"
    with pytest.raises(DateError, match="下旬 needs a month"):
        parse_resolved_date("同年下旬", 2019)
    with pytest.raises(DateError, match="needs 'value'"):
        parse_resolved_date("同年7月", None)


# --- analyst values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-07", DateValue(2019, 7)),
        ("2010", DateValue(2010)),
        ("2019-06-08", DateValue(2019, 6, 8)),
        (2010, DateValue(2010)),  # YAML reads a bare year as an int
        (date(2019, 6, 8), DateValue(2019, 6, 8)),  # ... and an ISO date as a date
    ],
)
def test_parse_date_value(value: object, expected: DateValue) -> None:
    assert parse_date_value(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["2019-7", "2019/07", "2019-13", "2019-02-30", "令和元年", True])
def test_parse_date_value_refuses(value: object) -> None:
    with pytest.raises(DateError, match="date value"):
        parse_date_value(value)  # type: ignore[arg-type]


# --- the dataclasses ----------------------------------------------------------------------------


def test_results_are_frozen() -> None:
    parsed = parse_date("2019年（令和元年）6月")
    assert isinstance(parsed, ParsedDate)
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.start = DateValue(2020)  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.start.year = 2020  # type: ignore[misc]


def test_date_value_refuses_impossible_construction() -> None:
    with pytest.raises(DateError):
        DateValue(2019, 2, 30)
    with pytest.raises(DateError):
        DateValue(2019, None, 3)
    with pytest.raises(DateError):
        DateValue(2019, 4, fiscal=True)


def test_bounds_of_a_month() -> None:
    assert DateValue(2020, 2).bounds() == (date(2020, 2, 1), date(2020, 2, 29))
    assert DateValue(2019, 12).bounds() == (date(2019, 12, 1), date(2019, 12, 31))
