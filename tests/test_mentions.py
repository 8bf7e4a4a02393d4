"""The mention scanners on the text's traps: countries inside other words, compounds, names, dates, amounts."""

from __future__ import annotations

from ictgraph.source.corpus import Passage
from ictgraph.source.mentions import scan_amounts, scan_countries, scan_dates, scan_organisations


def _passage(text: str, pid: str = "t.p1") -> Passage:
    return Passage(pid, "paragraph", text, (), 1)


def _countries(text: str) -> list[tuple[str, str | None]]:
    return [(m.text, m.entity) for m in scan_countries(_passage(text))]


def test_indonesia_and_indo_pacific_are_not_india() -> None:
    assert _countries("インドネシアにおいて") == [("インドネシア", "ID")]
    assert _countries("「自由で開かれたインド太平洋（FOIP）」構想") == []
    assert _countries("第2回インド太平洋ビジネスフォーラム") == []
    assert _countries("インドで高度道路交通システム") == [("インド", "IN")]


def test_bei_inside_region_words_is_not_the_us() -> None:
    assert _countries("中南米を中心として") == []
    assert _countries("欧米諸国等55か国が署名せず") == []
    assert _countries("中米諸国でも採用が広まっている") == []


def test_satellite_and_koeta_are_not_countries() -> None:
    assert _countries("SG4（衛星業務）の副議長") == []
    assert _countries("国境を越えた情報流通") == []
    assert _countries("リアルタイムの情報共有") == []
    assert _countries("アンゴラ・ブラジル間") == [("アンゴラ", "AO"), ("ブラジル", "BR")]


def test_compounds_give_each_country() -> None:
    assert _countries("日仏サイバー協議") == [("日", "JP"), ("仏", "FR")]
    assert _countries("日中韓FTA") == [("日", "JP"), ("中", "CN"), ("韓", "KR")]
    assert _countries("米星サイバー") == [("米", "US"), ("星", "SG")]
    assert _countries("2019年6月8日米国") == [("米国", "US")]  # 日 after a digit is a day


def test_formal_and_short_names() -> None:
    assert _countries("日本国及びブラジル連邦共和国との間") == [("日本国", "JP"), ("ブラジル", "BR")]
    assert _countries("ロシア郵便") == [("ロシア", "RU")]


def test_organisation_names_and_definitions() -> None:
    text = "2019年無線通信総会（RA-19）及び第4回総務省－情報通信技術省ICT協力委員会を開催"
    found = {m.text for m in scan_organisations(_passage(text))}
    assert {"無線通信総会", "RA-19", "総務省－情報通信技術省ICT協力委員会"} <= found


def test_dates_and_amounts() -> None:
    text = ("2019年（令和元年）6月8日及び9日に開催。翌2010年（平成22年）には、同年7月、同月10日。"
            "約792億円、2,400万の契約者、20か国、計約270人、第4回会合、ITUの193か国。")
    dates = [m.text for m in scan_dates(_passage(text))]
    assert dates == ["2019年（令和元年）6月8日及び9日", "翌2010年（平成22年）", "同年7月", "同月10日"]
    amounts = [m.text for m in scan_amounts(_passage(text))]
    assert amounts == ["約792億円", "2,400万", "20か国", "約270人", "193か国"]
