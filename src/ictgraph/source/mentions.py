"""Find the countries, organisations, dates and amounts a passage mentions, with their offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ictgraph.source.corpus import Passage
from ictgraph.source.lexicon import COUNTERS, ERA_NAMES, japanese_country_names

KINDS = ("country", "organisation", "date", "amount")

# Forms the text uses that pycountry's Japanese names lack (its names are the formal ones:
# ロシア連邦, 大韓民国, ボリビア多民族国), and formal names the text writes out.
_EXTRA_COUNTRY_NAMES = {
    "ロシア": "RU", "韓国": "KR", "ボリビア": "BO", "ベネズエラ": "VE", "イラン": "IR",
    "ラオス": "LA", "タンザニア": "TZ", "モルドバ": "MD", "シリア": "SY", "台湾": "TW",
    "アメリカ": "US", "イギリス": "GB", "日本国": "JP", "我が国": "JP",
}
# One-character forms, read only inside a compound (日米, 日中韓, 米星): alone, 米 is rice or
# part of 中南米/欧米, 星 part of 衛星, 越 part of 越えた, 日 a day.
_ONE_CHAR = {"日": "JP", "米": "US", "英": "GB", "仏": "FR", "露": "RU", "独": "DE", "豪": "AU",
             "印": "IN", "越": "VN", "中": "CN", "韓": "KR", "星": "SG"}
_ONE = "".join(_ONE_CHAR)
# 日 opens every compound but 米星 (US–Singapore); a digit before 日 makes it a day (8日米国…).
_COMPOUND = re.compile(rf"(?<![0-9０-９])日[{_ONE}]{{1,2}}|米星")
# Regions whose names contain a country name: matched (longest first) so as to be skipped.
_NOT_COUNTRY = ("インド太平洋", "インド洋")
_KATAKANA = re.compile("[ァ-ヺー]")

# Organisations: ASCII acronyms (ITU, ITU-R, ITU－R, TELMIN10, G20, IoT), the Japanese name before a
# （ACRONYM） definition, and names ending in a word that makes them a body or a meeting.
_ACRONYM_BODY = r"[A-Z][A-Za-z0-9]*[A-Z0-9](?:[-－‐][A-Z0-9]+)*"
_ACRONYM = re.compile(rf"(?<![A-Za-z0-9]){_ACRONYM_BODY}(?![A-Za-z])")
# Digits belong to a name only inside an ASCII word (G20, TELMIN10): 4年に1度世界… is no name.
_NAME_CHAR = r"(?:(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*(?![A-Za-z0-9])|[\u4e00-\u9fff\u30a0-\u30ffー・々－\-])"
# Counter and calendar words that a name run picks up after a number (第4回総務省…, 1度世界…).
_LEADING_NOISE = re.compile(r"(?<=[0-9])[年度回月日号]+")
_DEFINED = re.compile(rf"({_NAME_CHAR}+)（{_ACRONYM_BODY}[）：:\s]")
_BODY_SUFFIXES = ("省", "機構", "銀行", "センター", "委員会", "会議", "会合", "対話", "協議", "フォーラム",
                  "部会", "理事会", "総会", "連合", "共同体")
_BODY = re.compile(rf"{_NAME_CHAR}+(?:{'|'.join(_BODY_SUFFIXES)})")

# Dates: a Western or era year (with its era in brackets, fiscal 度, month, day, day range), a
# year given by reference (同年, 翌2010年), or a month given by reference (同月).
_ERA_YEAR = rf"(?:{ERA_NAMES})(?:元|\d{{1,2}})年度?"
_YEAR = rf"(?:翌?\d{{4}}年度?(?:（{_ERA_YEAR}）)?|{_ERA_YEAR}|同年度?|翌年度?)"
_DAY_RANGE = r"(?:(?:及び|から|～|－|-)\d{1,2}日)?"
_MONTH_RANGE = r"(?:(?:から|～|－|-)\d{1,2}月)?"
_DATE = re.compile(rf"{_YEAR}(?:\d{{1,2}}月{_MONTH_RANGE}(?:\d{{1,2}}日{_DAY_RANGE})?)?頃?"
                   rf"|(?:同|翌)月(?:\d{{1,2}}日{_DAY_RANGE})?")

# Amounts: yen with 万/億/兆, and counts (2,400万 subscribers, 20か国, 約270人); 第N回 is an
# ordinal (a session number), not a count.
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_YEN = rf"約?(?:{_NUMBER})[万億兆](?:\d+[万億])?円"
_COUNTER = "|".join(sorted(COUNTERS, key=len, reverse=True))
_COUNT = rf"(?<!第)(?<![\d,.])約?(?:{_NUMBER})(?:万(?!円)|(?:{_COUNTER}))(?:以上)?"
_AMOUNT = re.compile(rf"{_YEN}|{_COUNT}")


@dataclass(frozen=True)
class Mention:
    """One mention: where it is ([start, end) in the passage text), what it says, what it names."""

    passage: str
    part: int
    start: int
    end: int
    text: str
    kind: str
    entity: str | None = None  # ISO 3166 alpha-2 for a country; None where the text is the key


@cache
def country_names() -> dict[str, str]:
    """Japanese country name → ISO alpha-2, from pycountry's translation plus the text's forms."""
    names = {name: code for code, name in japanese_country_names().items() if not name.isascii()}  # translated only
    return names | _EXTRA_COUNTRY_NAMES


@cache
def _country_pattern() -> re.Pattern[str]:
    # Longest first, so that ブラジル連邦共和国 is not read as ブラジル plus a tail.
    names = sorted([*country_names(), *_NOT_COUNTRY], key=len, reverse=True)
    return re.compile("|".join(map(_guarded, names)))


def _guarded(name: str) -> str:
    """The name as a regex that cannot match inside a longer katakana word (タイ in リアルタイム)."""
    before = r"(?<![ァ-ヺー])" if _KATAKANA.match(name[0]) else ""
    after = r"(?![ァ-ヺー])" if _KATAKANA.match(name[-1]) else ""
    return before + re.escape(name) + after


def scan_countries(p: Passage) -> Iterator[Mention]:
    """Country names (ISO code as entity) and each member of a compound such as 日米 or 日中韓."""
    names = country_names()
    for m in _country_pattern().finditer(p.text):
        if m[0] not in _NOT_COUNTRY:
            yield Mention(p.id, p.part, m.start(), m.end(), m[0], "country", names[m[0]])
    for m in _COMPOUND.finditer(p.text):
        for i, ch in enumerate(m[0]):
            yield Mention(p.id, p.part, m.start() + i, m.start() + i + 1, ch, "country", _ONE_CHAR[ch])


def scan_organisations(p: Passage) -> Iterator[Mention]:
    """Acronyms, names defined with an acronym, and names ending in a body word (…省, …会議)."""
    found = {(m.start(), m.end()) for m in _ACRONYM.finditer(p.text)}
    for m in [*_DEFINED.finditer(p.text), *_BODY.finditer(p.text)]:
        start, end = m.span(m.lastindex or 0)
        noise = _LEADING_NOISE.match(p.text, start, end)
        found.add((noise.end() if noise else start, end))
    for start, end in sorted(found):
        yield Mention(p.id, p.part, start, end, p.text[start:end], "organisation")


def scan_dates(p: Passage) -> Iterator[Mention]:
    """Years (Western, era, fiscal), months and days, and dates given by reference (同年, 同月)."""
    for m in _DATE.finditer(p.text):
        yield Mention(p.id, p.part, m.start(), m.end(), m[0], "date")


def scan_amounts(p: Passage) -> Iterator[Mention]:
    """Yen amounts with 万/億/兆 and counts with a counter word or 万."""
    for m in _AMOUNT.finditer(p.text):
        yield Mention(p.id, p.part, m.start(), m.end(), m[0], "amount")


def scan_passage(p: Passage) -> list[Mention]:
    """Every mention of every kind in one passage, in text order."""
    found = [*scan_countries(p), *scan_organisations(p), *scan_dates(p), *scan_amounts(p)]
    return sorted(found, key=lambda m: (m.start, m.end, m.kind))


def normalise_acronym(text: str) -> str:
    """ITU－R and ITU-R are one name: the PDF uses full-width and ASCII hyphens alike.

    Examples
    --------
    >>> normalise_acronym("ITU－R") == normalise_acronym("ITU‐R") == "ITU-R"
    True
    """
    return re.sub("[－‐]", "-", text)
