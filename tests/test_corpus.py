"""The normaliser and segmenter on the traps the PDF extraction left in the source."""

from __future__ import annotations

import hashlib
import re

import yaml

from ictgraph import resources
from ictgraph.source.corpus import Corpus, segment_text, undo_letter_spacing


def test_catalog_matches_the_shipped_text() -> None:
    entry = yaml.safe_load(resources.CATALOG.read_text(encoding="utf-8"))[0]
    data = (resources.CORPUS_DIR / entry["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    assert entry["publisher"]["ja"] == "総務省"
    assert "政府標準利用規約" in entry["terms"]
    assert entry["attribution"]["ja"].startswith("出典：総務省『令和2年版 情報通信白書』")


def test_words_broken_across_blank_lines_are_joined(corpus: Corpus) -> None:
    assert "ICT分野の海外展開支援等の活動を行っている。" in corpus["1.1.p1"].text
    assert "株式会社国際協力銀行（JBIC）" in corpus["1.1.i.pa.p2"].text
    assert "第5回日印合同作業部会を開催し" in corpus["2.2.u.p2"].text


def test_headings_stay_apart_from_the_text_after_them(corpus: Corpus) -> None:
    assert "タイタイ" not in corpus.text()
    assert corpus["1.1.u.pa.D.h"].text == "D　タイ"
    assert corpus["1.1.u.pa.D.p1"].text.startswith("タイについては、2017年（平成29年）6月")


def test_page_break_continuations_join_without_the_leading_space(corpus: Corpus) -> None:
    text = corpus["1.2.a.pa.p2"].text
    assert "国際電気通信規則（ITR）の改正が採択された（我が国を含む" in text
    assert "その検討結果が取りまとめられ" in corpus["2.1.ke.p2"].text


def test_footnotes_are_lifted_out_and_attached_to_their_marker(corpus: Corpus) -> None:
    assert "事業投資による収入額等を含む" not in corpus["1.1.a.p1"].text
    assert corpus["1.1.a.p1"].footnotes == ["fn1", "fn2"]
    assert corpus["fn1"].text == "事業投資による収入額等を含む。"
    assert corpus["fn2"].text.endswith("寄与することを目的としている。")
    assert "官民ファンド。" in corpus["fn2"].text
    assert corpus["fn2"].heading_path == corpus["1.1.a.p1"].heading_path
    ids = [p.id for p in corpus.passages]
    assert ids.index("fn2") == ids.index("1.1.a.p1") + 2
    # The paragraph the footnotes interrupted reads on across them.
    assert "ビジネスフォーラムの際に、日米両国は" in corpus["2.2.a.b2.p3"].text
    assert sorted(p.id for p in corpus.passages if p.kind == "footnote") == sorted(
        f"fn{n}" for n in range(1, 14))


def test_letter_spaced_line_is_undone(corpus: Corpus) -> None:
    text = corpus["2.1.o.pu.p2"].text
    assert text.startswith("ITU－Dにおける最高意思決定会議としては、4年に1度世界電気通信開発会議（WTDC：World ")
    assert undo_letter_spacing("河野 宇博氏（スカパーJSAT）") == "河野 宇博氏（スカパーJSAT）"


def test_figure_puts_each_country_on_one_line_with_its_decision(corpus: Corpus) -> None:
    fig = corpus["1.1.i.pa.fig6-8-1-1"]
    lines = fig.text.splitlines()
    assert lines[0] == "図表6-8-1-1 世界各国の地上デジタルテレビ放送の動向"
    assert "ブラジル（2006年6月方式決定）" in lines
    assert "日本（2003年12月開始）" in lines
    assert "フィリピン（2010年6月方式決定）（2013年11月方式再表明）" in lines
    entries = [ln for ln in lines if re.search(r"（\d{4}年\d+月(方式決定|開始)）", ln)]
    assert len(entries) == 20


def test_ids_follow_the_whole_heading_path(corpus: Corpus) -> None:
    ids = [p.id for p in corpus.passages]
    assert len(ids) == len(set(ids))
    # The same labels (ア, （ア）, A) recur under different parents and still give distinct ids.
    assert corpus["1.1.u.pa.A.h"].text == "A　フィリピン"
    assert corpus["1.1.u.pi.A.h"].text == "A　ブラジル"
    assert corpus["1.1.u.pu.A.h"].text == "A　アンゴラ"
    assert corpus["1.1.u.pi.h"].text == "（イ）　中南米地域"
    assert corpus["2.h"].text == "2　国際的な枠組における取組"
    assert corpus["2.2.a.b1.h"].text == "●　インターネットエコノミーに関する日米政策協力対話"
    assert corpus["2.2.a.b2.p1"].part == 2
    assert corpus["1.1.u.pa.C.p1"].heading_path.endswith("（ア） アジア地域 > C ベトナム")


def test_ids_are_stable_for_the_same_text() -> None:
    text = (resources.CORPUS_DIR / "wp2020-ch6-sec8.txt").read_text(encoding="utf-8")
    assert [p.id for p in segment_text(text)] == [p.id for p in segment_text(text)]


def test_corpus_command_prints_the_outline(capsys) -> None:
    from ictgraph.cli import main

    assert main(["corpus"]) == 0
    out = capsys.readouterr().out
    assert "1.1.u.pa.C.h" in out and "C　ベトナム" in out
    assert "1.1.i.pa.fig6-8-1-1" in out


def test_passage_command_prints_the_text_to_quote_with_headings_and_footnotes(corpus: Corpus, capsys) -> None:
    from ictgraph.cli import main

    assert main(["passage", "1.2.a.pa.p3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    passage = corpus["1.2.a.pa.p3"]
    assert lines[0] == f"1.2.a.pa.p3 [paragraph] {passage.heading_path}"
    assert lines[2] == passage.text  # the normalised text, exactly as a quote must match it
    assert lines[-1] == f"fn3 [footnote] {corpus['fn3'].text}"


def test_passage_command_suggests_the_closest_ids(capsys) -> None:
    from ictgraph.cli import main

    assert main(["passage", "1.1.u.pa.D.p9"]) == 2
    err = capsys.readouterr().err
    assert err == ("ictgraph passage: no passage '1.1.u.pa.D.p9'; closest: 1.1.u.pa.D.p2, 1.1.u.pa.D.p1, "
                   "1.1.u.pa.D.h (`ictgraph corpus` lists the ids)\n")
