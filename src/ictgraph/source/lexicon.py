"""Words of the Japanese text that the parsers and the mention scanner share: eras, counters, country names."""

from __future__ import annotations

from datetime import date
from functools import cache

# First and last day of each era. The last era year is derived from these, so 平成32年 is refused.
ERAS: dict[str, tuple[date, date | None]] = {
    "昭和": (date(1926, 12, 25), date(1989, 1, 7)),
    "平成": (date(1989, 1, 8), date(2019, 4, 30)),
    "令和": (date(2019, 5, 1), None),
}
#: The era names as a regular-expression alternation.
ERA_NAMES = "|".join(ERAS)

# Counter words as the text writes them (か/カ/ヶ/ヵ/ケ are all variants of 箇); longest first.
COUNTERS = (
    "か国・地域",
    "カ国・地域",
    "ヶ国・地域",
    "ヵ国・地域",
    "ケ国・地域",
    "か国",
    "カ国",
    "ヶ国",
    "ヵ国",
    "ケ国",
    "人",
    "名",
    "件",
    "社",
    "回",
    "機関",
    "団体",
    "都市",
    "か所",
    "カ所",
    "箇所",
)


@cache
def japanese_country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → the country's Japanese name in pycountry's translation.

    pycountry's Japanese names are the formal ones (ブラジル連邦共和国 is ブラジル there, but 大韓民国
    is the Republic of Korea); a country it leaves untranslated keeps its English name.

    Examples
    --------
    >>> japanese_country_names()["BR"], japanese_country_names()["VN"]
    ('ブラジル', 'ベトナム')
    """
    import gettext

    import pycountry

    ja = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ja"])
    return {c.alpha_2: ja.gettext(c.name) for c in pycountry.countries}
