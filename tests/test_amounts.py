"""Tests for ictgraph.authoring.amounts: the yen amounts and counts of the white paper section."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from ictgraph.authoring.amounts import Amount, AmountError, Count, parse_amount, parse_count

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "wp2020-ch6-sec8.txt"


@pytest.fixture(scope="module")
def corpus_text() -> str:
    return "".join(CORPUS.read_text(encoding="utf-8").split())


AMOUNTS = [
    ("約792億円", "79200000000", True),
    ("70億円", "7000000000", False),
    ("105億円", "10500000000", False),
    ("約20億円", "2000000000", True),
    ("5億円", "500000000", False),
    ("約1,360億円", "136000000000", True),
    ("137.8億円", "13780000000", False),
    ("519.4億円", "51940000000", False),
    ("約30兆円", "30000000000000", True),
]


@pytest.mark.parametrize(("text", "value", "approximate"), AMOUNTS)
def test_amounts_from_the_text(text: str, value: str, approximate: bool, corpus_text: str) -> None:
    assert text in corpus_text, "not a real string"
    amount = parse_amount(text)
    expected = Amount(text=text, value=Decimal(value), currency="JPY", approximate=approximate)
    assert amount == expected
    # The lexical form goes into the graph: no exponent, no trailing ".0".
    assert str(amount.value) == value


def test_amount_is_exact_where_a_float_is_not() -> None:
    assert 137.8 * 10**8 != 13780000000  # the trap Decimal avoids
    assert parse_amount("137.8億円").value == Decimal(13780000000)
    assert parse_amount("30兆円").value == 30 * 10**12


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3万円", 30000),
        ("1,500万円", 15000000),
        ("500円", 500),
        ("1,000円", 1000),
        ("1兆2,000億円", 1_200_000_000_000),
        ("2億5,000万円", 250_000_000),
        ("１３７．８億円", 13_780_000_000),  # full-width digits
        ("約1,360\n億円", 136_000_000_000),  # a PDF line break
    ],
)
def test_other_amount_forms(text: str, value: int) -> None:
    assert parse_amount(text).value == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("約億円", "unreadable number"),
        ("12X円", "unreadable number"),
        ("792億", "円"),
        ("約", "円"),
        ("", "円"),
        ("1,36億円", "unreadable number"),
        ("1,3600億円", "unreadable number"),
        ("1.2.3億円", "unreadable number"),
        ("0.5円", "whole number of yen"),
        ("2億1兆円", "out of order"),
        ("1億1億円", "out of order"),
        ("5円3億円", "unreadable number"),
        ("1.5兆2億円", "decimal"),
        ("792億ドル", "円"),
    ],
)
def test_bad_amounts(text: str, message: str) -> None:
    with pytest.raises(AmountError, match=message) as info:
        parse_amount(text)
    assert repr(text) in str(info.value)
    assert isinstance(info.value, ValueError)


COUNTS = [
    ("2,400万", 24_000_000, False, False, None),
    ("約270人", 270, True, False, "人"),
    ("50名以上", 50, False, True, "名"),
    ("193か国", 193, False, False, "か国"),
    ("76ヶ国", 76, False, False, "ヶ国"),
    ("55か国", 55, False, False, "か国"),
    ("20か国", 20, False, False, "か国"),
    ("20カ国", 20, False, False, "カ国"),
    ("10カ国", 10, False, False, "カ国"),
    ("23か国・地域", 23, False, False, "か国・地域"),
    ("7名", 7, False, False, "名"),
    ("100以上", 100, False, True, None),
]


@pytest.mark.parametrize(("text", "value", "approximate", "lower", "unit"), COUNTS)
def test_counts_from_the_text(
    text: str,
    value: int,
    approximate: bool,
    lower: bool,
    unit: str | None,
    corpus_text: str,
) -> None:
    assert text in corpus_text, "not a real string"
    count = parse_count(text)
    assert count == Count(
        text=text,
        value=Decimal(value),
        approximate=approximate,
        lower_bound=lower,
        unit_ja=unit,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("約人", "no number"),
        ("人", "no number"),
        ("1.5人", "whole number"),
        ("2,400万円", "unreadable"),
        ("十人", "unreadable"),
        ("12X名", "unreadable"),
    ],
)
def test_bad_counts(text: str, message: str) -> None:
    with pytest.raises(AmountError, match=message) as info:
        parse_count(text)
    assert repr(text) in str(info.value)


def test_results_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        parse_amount("5億円").value = Decimal(1)  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        parse_count("7名").value = Decimal(1)  # type: ignore[misc]
