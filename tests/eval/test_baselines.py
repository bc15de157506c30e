"""The baselines: hand-counted label figures, and each data baseline on a tiny set of our own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.eval import baselines
from eventwire.eval.baselines import (
    RANDOM,
    label_baselines,
    majority_label,
    nearest_name,
    quote_mark_quotes,
)
from eventwire.eval.datasets import ClassSentence, GsrSentence, RoundsSentence, SpanSentence
from eventwire.eval.harness import EvalRequest, coded_set
from eventwire.eval.tempeval import TmlDocument
from eventwire.kb.gazetteer import GeoEntry
from eventwire.records import Actor, Article


def test_majority_label_breaks_ties_by_text() -> None:
    assert majority_label(["b", "a", "b", "a", "c"]) == "a"
    assert majority_label([3, 1, 3]) == 3


def test_label_baselines_hand_counted() -> None:
    # 3 x a, 1 x b, label c never gold.
    figures = label_baselines(["a", "a", "b", "a"], ["a", "b", "c"])
    majority = figures["majority class (a)"]
    assert majority["accuracy"] == pytest.approx(0.75)
    # a: precision 3/4, recall 1 -> F1 6/7; b and c score 0; macro over three labels.
    assert majority["macro_f1"] == pytest.approx((6 / 7) / 3)
    random = figures[RANDOM]
    assert random["accuracy"] == pytest.approx(0.75**2 + 0.25**2)
    assert random["macro_f1"] == pytest.approx((0.75 + 0.25 + 0.0) / 3)
    assert label_baselines([], ["a"]) == {}


def _gsr(i: int, plover: str | None) -> GsrSentence:
    return GsrSentence(f"g{i}", "text", None, "X", plover, (), ())


def test_plover_gsr_baseline_skips_unmapped_and_names_type_accuracy() -> None:
    pairs = [(_gsr(0, "AGREE"), None), (_gsr(1, "AGREE"), None), (_gsr(2, "ASSAULT"), None)]
    pairs.append((_gsr(3, None), None))
    figures = baselines.plover_gsr(pairs)
    assert figures["majority class (AGREE)"] == {"type_accuracy": pytest.approx(2 / 3)}
    assert figures[RANDOM] == {"type_accuracy": pytest.approx(5 / 9)}


def test_conflibert_class_baseline_names_the_class() -> None:
    pairs = [(ClassSentence(f"c{i}", "t", label), None) for i, label in enumerate([4, 4, 1, 0])]
    figures = baselines.conflibert_class(pairs)
    majority = figures["majority class (material_conflict)"]
    assert majority["accuracy"] == pytest.approx(0.5)
    assert majority["macro_f1"] == pytest.approx((2 * 0.5 / 1.5) / 5)
    assert figures[RANDOM]["macro_f1"] == pytest.approx(1 / 5)  # shares add up to 1 over 5 labels


def test_cameo_rounds_baseline_quad_classes() -> None:
    pairs = [(RoundsSentence(f"r{i}", "t", root), None) for i, root in enumerate(["01", "01", "04", "19"])]
    figures = baselines.cameo_rounds(pairs)
    majority = figures["majority class (root 01)"]
    assert majority == {"root_f1": 0.5, "accuracy": 0.5, "quad_accuracy": 0.75}  # 04 is QuadClass 1 too
    random = figures[RANDOM]
    assert random["accuracy"] == pytest.approx(0.5**2 + 0.25**2 + 0.25**2)
    assert random["quad_accuracy"] == pytest.approx(0.75**2 + 0.25**2)


def _article(text: str, *mentions: tuple[int, int]) -> Article:
    actors = [Actor(f"a{k}", "x", "person", mentions=[m]) for k, m in enumerate(mentions)]
    return Article("id", text, actors=actors)


def test_conflibert_spans_first_and_last_actor_mention() -> None:
    text = "Rebels shelled the town and police fired at the rebels."
    gold = SpanSentence("s1", text, sources=((0, 6),), targets=((48, 54),))
    two = _article(text, (0, 6), (28, 34), (48, 54))  # first = Rebels, last = rebels
    figures = baselines.conflibert_spans([(gold, two)])["first / last actor mention"]
    assert figures == {"source_f1": 1.0, "target_f1": 1.0, "both_f1": 1.0}
    # One mention gives a source only; no article gives nothing: both gold targets are missed.
    one = _article(text, (28, 34))
    figures = baselines.conflibert_spans([(gold, one), (gold, None)])["first / last actor mention"]
    assert figures["source_f1"] == 0.0 and figures["target_f1"] == 0.0


def test_coded_set_attaches_the_baseline(tmp_path: Path) -> None:
    items = [ClassSentence("c1", "one", 2), ClassSentence("c2", "two", 2)]
    spec = coded_set(
        "demo",
        "d",
        lambda root, limit: items,
        lambda pairs: ({"accuracy": 0.0}, {}),
        baselines.conflibert_class,
    )
    result = spec.run(EvalRequest(tmp_path, coder=lambda raws: []))
    assert result.baseline["majority class (material_coop)"]["accuracy"] == 1.0
    assert result.to_dict()["baseline"] == result.baseline


def test_dateparser_dates_values_and_offsets() -> None:
    text = "The council met on March 3, 1998 and meets again in April.\nIt said last week was busy."
    found = baselines.dateparser_dates(TmlDocument("x", "c", "1998-03-10", text))
    by_value = {p.value: text[p.span[0] : p.span[1]] for p in found}
    assert "March 3, 1998" in by_value["1998-03-03"]
    assert "April" in by_value["1998-04"]
    assert by_value["1998-W10"] == "last week"  # the ISO week before that of 1998-03-10


def test_tempeval_baseline_on_a_timeml_file(tmp_path: Path) -> None:
    (tmp_path / "TimeBank").mkdir()
    (tmp_path / "TimeBank" / "d1.tml").write_text(
        '<?xml version="1.0" ?><TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-03-10" '
        'functionInDocument="CREATION_TIME">March 10, 1998</TIMEX3></DCT><TEXT>The vote came '
        '<TIMEX3 tid="t1" type="DATE" value="1998-03-09">yesterday</TIMEX3> after a long '
        "debate.</TEXT></TimeML>",
        encoding="utf-8",
    )
    figures = baselines.tempeval3(tmp_path)["dateparser search_dates"]
    assert figures == {"f1_repr": 1.0, "f1": 1.0}


def test_nearest_name_skips_sentence_openers_and_calendar_words() -> None:
    text = "Minister Ana Lind spoke on Monday. The aide said"
    assert text[slice(*nearest_name(text, 0, len(text)) or (0, 0))] == "Minister Ana Lind"
    assert nearest_name("The aide said", 0, 13) is None


def test_quote_mark_quotes() -> None:
    text = 'Mayor Tom Ash spoke. "We will build," he said.\nThe aide said "no" twice.\nEmpty "" marks.'
    quotes = quote_mark_quotes(text)
    assert [q.text for q in quotes] == ["We will build,", "no"]
    assert quotes[0].speaker == {"name": "Mayor Tom Ash", "span": [0, 13]}
    assert quotes[1].speaker is None  # "The" opens its sentence, and the paragraph holds no name


def test_polnear_baseline_on_a_brat_folder(tmp_path: Path) -> None:
    text = 'Mayor Tom Ash spoke. "We will build," he said.\n\nThe aide said "no" twice.\n'
    split = tmp_path / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "d1.txt").write_text(text, encoding="utf-8")
    quote, source = text.index('"We'), text.index("he said")
    ann = [
        f"T1\tSource {source} {source + 2}\the",
        f"T2\tCue {source + 3} {source + 7}\tsaid",
        f'T3\tContent {quote} {quote + 16}\t"We will build,"',
        "E1\tAttribution:T2 Cue:T2 Content:T3 Source:T1",
    ]
    (split / "attributions" / "d1_1.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    figures = baselines.polnear(tmp_path, None)["quote marks + nearest name"]
    # Two predictions ("We will build," and the scare quote "no"), one gold: P 1/2, R 1 -> F1 2/3.
    assert figures["f1"] == pytest.approx(2 / 3)
    assert figures["speaker_f1"] == 0.0  # "Tom Ash" does not overlap the gold Source "he"


class FakeGazetteer:
    """Two Springfields: the most populous one is far from the gold."""

    def candidates(self, name: str) -> list[GeoEntry]:
        big = GeoEntry(1, "Springfield", "USA", 37.2, -93.3, "city", 169_000, False)
        small = GeoEntry(2, "Springfield", "USA", 39.8, -89.6, "city", 114_000, False)
        return [small, big] if name == "Springfield" else []


def test_geo_baseline_takes_the_most_populous_candidate(tmp_path: Path) -> None:
    (tmp_path / "lgl.xml").write_text(
        "<articles><article><text>Springfield and Elm Road and Nowhere.</text><toponyms>"
        "<toponym><start>0</start><end>11</end><phrase>Springfield</phrase>"
        "<gaztag><lat>39.80</lat><lon>-89.64</lon></gaztag></toponym>"
        "<toponym><start>16</start><end>24</end><phrase>Elm Road</phrase></toponym>"
        "<toponym><start>29</start><end>36</end><phrase>Nowhere</phrase>"
        "<gaztag><lat>1</lat><lon>1</lon></gaztag></toponym>"
        "</toponyms></article></articles>",
        encoding="utf-8",
    )
    run = baselines.geo("lgl", FakeGazetteer())
    # Springfield goes to the bigger one (about 400 km off), Nowhere is unknown, Elm Road has no
    # coordinates and does not count.
    assert run(tmp_path, None) == {"most populous candidate": {"resolution.acc_at_161km": 0.0}}


def test_newsmtsc_baseline_counts_every_target(tmp_path: Path) -> None:
    rows = [[2.0, 2.0], [4.0], [2.0]]  # negative, negative | neutral | negative (cut by limit)
    with (tmp_path / "devtest_mt.jsonl").open("w", encoding="utf-8") as fh:
        for polarities in rows:
            targets = [{"from": 0, "to": 1, "mention": "A", "polarity": p} for p in polarities]
            fh.write(json.dumps({"sentence_normalized": "A b.", "targets": targets}) + "\n")
    figures = baselines.newsmtsc(tmp_path, 2)
    assert figures["majority class (negative)"]["accuracy"] == pytest.approx(2 / 3)
    assert figures[RANDOM]["accuracy"] == pytest.approx((2 / 3) ** 2 + (1 / 3) ** 2)
