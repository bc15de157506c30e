"""The events evaluation harness: loaders, metric arithmetic, registry, floors and reports.

Most tests write tiny datasets of our own sentences into ``tmp_path`` in each set's format and
score them with a fake coder whose events are built by hand, so every expected number can be
counted on paper. The tests at the end read the real sets from ``../shared`` when it is there.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import DataFileError, DatasetError
from eventwire.eval import (
    DATASETS,
    EvalResult,
    check_floors,
    evaluate,
    function_set,
    load_floors,
    main_event,
    run_cli_eval,
)
from eventwire.eval.datasets import (
    ClassSentence,
    cameo_root,
    detokenize,
    load_cameo_rounds,
    load_conflibert_class,
    load_conflibert_spans,
    load_plover_gsr,
    plover_type,
)
from eventwire.eval.events import quad_class, role_counts, root_class, side_country, text_shift
from eventwire.eval.harness import EvalRequest, code_items
from eventwire.eval.report import Confusion, PRCounts, set_counts
from eventwire.ingest.document import RawArticle
from eventwire.records import Article, Event, Evidence, Plover, Side

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
needs_shared = pytest.mark.skipif(
    not (SHARED / "data" / "dev").is_dir(), reason=f"{SHARED}/data/dev is absent: real-set checks skipped"
)


# --- building blocks --------------------------------------------------------------------------


def side(country: str | None = None, code: str | None = None, span: tuple[int, int] = (0, 1)) -> Side:
    return Side(actor=None, code=code, country=country, text="", span=span)


def ev(
    cameo: str,
    plover: str | None = None,
    *,
    source: Side | None = None,
    target: Side | None = None,
    confidence: float = 0.5,
    negated: bool = False,
    start: int = 0,
) -> Event:
    root = cameo[:2]
    return Event(
        id=f"e{cameo}",
        sentence=0,
        span=(start, start + 1),
        trigger="x",
        source=source,
        target=target,
        cameo=cameo,
        root=root,
        quad_class=quad_class(root),
        goldstein=0.0,
        plover=Plover(plover) if plover else None,
        date="2000-01-01",
        date_text=None,
        location=None,
        negated=negated,
        modality="asserted",
        historical=False,
        confidence=confidence,
        evidence=Evidence(sentence_text="", rule="test", explanation=""),
    )


class FakeCoder:
    """Returns hand-built events for known sentences (none for others) and records its batches."""

    def __init__(self, events: dict[str, list[Event]]) -> None:
        self.events = events
        self.batches: list[int] = []

    def __call__(self, batch: Sequence[RawArticle]) -> Iterable[Article]:
        self.batches.append(len(batch))
        return [Article(id=r.id or "", text=r.text, events=self.events.get(r.text, [])) for r in batch]


def dev(tmp_path: Path, *parts: str) -> Path:
    path = tmp_path.joinpath("data", "dev", *parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


# --- PLOVER GSR -------------------------------------------------------------------------------

GSR: list[dict[str, Any]] = [
    {"id": "DOC", "event": "DOCUMENT", "eventText": "about this file"},
    {
        "id": "G1",
        "date": "2000-01-01",
        "event": "AGREE",
        "text": "Norway and Chile agreed on Monday to share fishing data.",
        "source": [{"actorText": "Norway", "code": "NOR"}, {"actorText": "Chile", "code": "CHL"}],
        "target": "",
        "textInfo": {"markup": "(SRC/TAR: Norway) and (SRC/TAR: Chile) (EVT: agreed) on Monday"},
    },
    {
        "id": "G2",
        "date": "2000-01-01",
        "event": "DEMAND",
        "text": "Peru demanded that Bolivia release the detained traders.",
        "source": [{"actorText": "Peru", "code": "PER"}],
        "target": [{"actorText": "Bolivia", "code": "BOL"}],
        "textInfo": {"markup": "(SRC: Peru) (EVT: demanded) that (TAR: Bolivia) release"},
    },
    {
        "id": "G3",
        "date": "2000-01-01",
        "event": "FIGHT",
        "text": "Army units fought rebels near the northern border of Mali.",
        "source": [{"actorText": "Army units", "code": "MLI", "sector": "MIL"}],
        "target": [{"actorText": "rebels", "code": "MLI", "sector": "REB"}],
        "textInfo": {"markup": "(SRC: Army units) (EVT: fought) (TAR: rebels)"},
    },
    {
        "id": "G4",
        "date": "2000-01-01",
        "event": "DISAPPROVE",
        "text": "Japan criticised the UN mission for its slow response.",
        "source": [{"actorText": "Japan", "code": "JAP"}],
        "target": [{"actorText": "UN mission", "code": "IGO"}],
        "textInfo": {"markup": "(SRC: Japan) (EVT: criticised) the (TAR: UN mission)"},
    },
    {
        "id": "G5",
        "date": "2000-01-01",
        "event": "CRIME",
        "text": "A US court official described the theft.",
        "source": [{"actorText": "US court official", "code": "USA"}],
        "textInfo": {"markup": "(SRC: A US court official) (EVT: described) the theft"},
    },
]


def gsr_coder() -> FakeCoder:
    t = [r["text"] for r in GSR[1:]]
    return FakeCoder(
        {
            # the statement has the higher confidence, but the main event is the agreement
            t[0]: [
                ev("036", "AGREE", source=side("NOR"), target=side("CHL"), confidence=0.9),
                ev("010", None, source=side("NOR"), confidence=0.95),
            ],
            # the REQUEST wins on confidence; only its root's events give actors
            t[1]: [
                ev("112", "ACCUSE", source=side("PER"), target=side("BOL"), confidence=0.6),
                ev("104", "REQUEST", source=side("PER"), confidence=0.8),
            ],
            # a negated event loses to an asserted one; a side without country abstains
            t[2]: [
                ev("173", "COERCE", source=side("MLI"), confidence=0.99, negated=True),
                ev("190", "ASSAULT", source=side(None), target=side("MLI"), confidence=0.7),
            ],
            # wrong type; an IGO is recognised from its CAMEO code
            t[3]: [ev("042", "CONSULT", source=side("JPN"), target=side(None, "IGOUNO"))],
            # a statement only: no PLOVER type, but its actors count
            t[4]: [ev("010", None, source=side("USA"))],
        }
    )


def test_plover_gsr_loader_maps_legacy_names_and_joint_actors(tmp_path: Path) -> None:
    dev(tmp_path, "plover_gsr", "PLOVER_GSR_CAMEO.json").write_text(json.dumps(GSR), encoding="utf-8")
    items = load_plover_gsr(tmp_path)
    assert [i.id for i in items] == ["G1", "G2", "G3", "G4", "G5"]
    assert [i.plover for i in items] == ["AGREE", "REQUEST", "ASSAULT", "ACCUSE", None]
    assert items[0].joint and items[0].sources == ("NOR", "CHL") and items[0].targets == ()
    assert items[2].sources == ("MLI",) and items[2].targets == ("MLI",)
    assert items[3].sources == ("JPN",)  # JAP is read as ISO's JPN
    assert items[4].targets == ()
    assert [i.id for i in load_plover_gsr(tmp_path, limit=2)] == ["G1", "G2"]


def test_plover_gsr_scores(tmp_path: Path) -> None:
    dev(tmp_path, "plover_gsr", "PLOVER_GSR_CAMEO.json").write_text(json.dumps(GSR), encoding="utf-8")
    result = evaluate("plover_gsr", gsr_coder(), shared_root=tmp_path)
    m = result.metrics
    assert result.n == 5
    assert m["type_accuracy"] == pytest.approx(3 / 4)  # G5 has no 2.0 type and is left out
    assert m["typed_share"] == pytest.approx(4 / 5)
    # roles: 7 of 7 predicted pairs right; 7 of 9 gold pairs found (G2's target, G3's source missed)
    assert m["actor_precision"] == pytest.approx(1.0)
    assert m["actor_recall"] == pytest.approx(7 / 9)
    assert m["actor_f1"] == pytest.approx(0.875)
    # role-free: G3's two MLI collapse into one country, so 7 of 8 gold countries are found
    assert m["country_precision"] == pytest.approx(1.0)
    assert m["country_recall"] == pytest.approx(7 / 8)
    assert m["country_f1"] == pytest.approx(14 / 15)
    assert result.details["n_unmapped_gold"] == 1
    assert [e["id"] for e in result.details["errors"]] == ["G2", "G3", "G4"]
    assert result.details["n_uncoded"] == 0
    json.dumps(result.to_dict())  # details stay JSON-serialisable


def test_role_counts_reciprocal_and_swapped_roles() -> None:
    either = {("either", "NOR"), ("either", "CHL")}
    assert role_counts({("target", "NOR")}, either).to_dict() == {
        "pred_ok": 1,
        "n_pred": 1,
        "gold_ok": 1,
        "n_gold": 2,
    }
    swapped = role_counts({("source", "AAA"), ("target", "BBB")}, {("source", "BBB"), ("target", "AAA")})
    assert (swapped.pred_ok, swapped.gold_ok) == (0, 0)


def test_main_event_order() -> None:
    statement = ev("010", confidence=0.99)
    weak = ev("190", "ASSAULT", confidence=0.2, start=5)
    early = ev("042", "CONSULT", confidence=0.2, start=1)
    assert main_event([]) is None
    assert main_event([statement]) is statement
    assert main_event([statement, weak, early]) is early  # same confidence: earlier wins
    assert main_event([ev("111", "ACCUSE", negated=True, confidence=0.9), weak]) is weak


def test_counting_arithmetic() -> None:
    empty = PRCounts()
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)  # nothing to score is 0, not NaN
    counts = set_counts({"a", "b", "c"}, {"b", "c", "d", "e"})
    assert counts.figures("x_") == {"x_precision": 2 / 3, "x_recall": 0.5, "x_f1": pytest.approx(4 / 7)}
    table = Confusion.of(["a", "a", "b"], ["a", None, "b"])
    assert table.accuracy == pytest.approx(2 / 3)
    assert table.label_counts("a").to_dict() == {"pred_ok": 1, "n_pred": 1, "gold_ok": 1, "n_gold": 2}
    assert sorted(map(str, table.table())) == sorted(
        map(str, [{"gold": g, "pred": p, "n": 1} for g, p in (("a", "a"), ("a", None), ("b", "b"))])
    )
    with pytest.raises(ValueError, match="2 gold labels but 1"):
        Confusion.of(["a", "b"], ["a"])


def test_small_mappings() -> None:
    assert plover_type("demand") == "REQUEST" and plover_type("FIGHT") == "ASSAULT"
    assert plover_type("YIELD") is None
    assert [root_class(r) for r in (None, "02", "03", "08", "09", "13", "14", "20")] == [
        0,
        0,
        1,
        2,
        3,
        3,
        4,
        4,
    ]
    assert root_class("16") == 3 and root_class("15") == 4 and root_class("17") == 4  # PentaClass
    assert [quad_class(r) for r in ("05", "06", "09", "10", "14", "15")] == [1, 2, 2, 3, 3, 4]
    assert cameo_root("4-17 Coerce") == "17" and cameo_root("0-1 Make Public Statement") == "01"
    assert cameo_root("1731") == "17" and cameo_root("n/a") is None
    assert side_country(side(None, "NGOXYZ")) == "NGO" and side_country(side(None, "USAGOV")) is None
    assert side_country(side("usa")) == "USA" and side_country(None) is None


# --- ConfliBERT classes -----------------------------------------------------------------------

CLASS_ROWS = [
    ("Officials met in the capital to discuss trade.", 1, "040"),
    ("Troops shelled the town overnight.", 4, "190"),
    ("The ministry issued a short statement.", 0, "010"),
    ("Donors sent food aid to the region.", 2, None),
    ("The envoy condemned the raid.", 3, "111"),
    ("Police arrested dozens of protesters.", 4, "100"),
]


def write_class_file(tmp_path: Path, rows: Iterable[tuple[str, int]]) -> None:
    text = "".join(f"{s}\t{label}\r\n" for s, label in rows)
    dev(tmp_path, "conflibert_cameo", "class_train.tsv").write_bytes(text.encode("utf-8"))


def test_conflibert_class_scores(tmp_path: Path) -> None:
    write_class_file(tmp_path, [(s, label) for s, label, _ in CLASS_ROWS])
    items = load_conflibert_class(tmp_path)
    assert [i.label for i in items] == [1, 4, 0, 2, 3, 4]
    assert items[0].text == CLASS_ROWS[0][0]  # no CR left on the text
    coder = FakeCoder({s: [ev(c, confidence=0.5)] for s, _, c in CLASS_ROWS if c})
    m = evaluate("conflibert_class", coder, shared_root=tmp_path).metrics
    assert m["accuracy"] == pytest.approx(4 / 6)
    assert m["neutral.precision"] == pytest.approx(0.5) and m["neutral.recall"] == pytest.approx(1.0)
    assert m["verbal_coop.f1"] == pytest.approx(1.0)
    assert m["material_coop.f1"] == pytest.approx(0.0)
    assert m["verbal_conflict.f1"] == pytest.approx(2 / 3)
    assert m["material_conflict.precision"] == pytest.approx(1.0)
    assert m["material_conflict.recall"] == pytest.approx(0.5)
    assert m["macro_f1"] == pytest.approx(0.6)


def test_conflibert_class_bad_line_names_file_and_line(tmp_path: Path) -> None:
    path = dev(tmp_path, "conflibert_cameo", "class_train.tsv")
    path.write_bytes(b"A fine sentence.\t1\r\nNo label here\r\n")
    with pytest.raises(DatasetError, match=r"class_train\.tsv:2"):
        load_conflibert_class(tmp_path)


def test_batches_of_64_and_progress(tmp_path: Path) -> None:
    write_class_file(tmp_path, [(f"Sentence number {i} of our own.", 0) for i in range(130)])
    coder = FakeCoder({})
    calls: list[tuple[int, int]] = []
    result = evaluate(
        "conflibert_class", coder, shared_root=tmp_path, progress=lambda d, t: calls.append((d, t))
    )
    assert coder.batches == [64, 64, 2]
    assert calls == [(64, 130), (128, 130), (130, 130)]
    assert result.metrics["accuracy"] == 1.0  # no events is the neutral class
    limited = evaluate("conflibert_class", coder, shared_root=tmp_path, limit=10)
    assert limited.n == 10


def test_articles_matched_by_id_then_order() -> None:
    items = load_items_stub(3)
    renamed = code_items(items, lambda b: [Article(id="x", text=r.text) for r in b], origin="t")
    assert [a.text if a else None for a in renamed] == ["s0", "s1", "s2"]
    dropped = code_items(items, lambda b: [Article(id=r.id or "", text=r.text) for r in b[1:]], origin="t")
    assert [a.text if a else None for a in dropped] == [None, "s1", "s2"]


def load_items_stub(n: int) -> list[ClassSentence]:
    return [ClassSentence(id=f"i{i}", text=f"s{i}", label=0) for i in range(n)]


# --- ConfliBERT spans -------------------------------------------------------------------------

NER = """Rebels B-S
attacked O
a O
police B-T
post I-T
in O
Gao O
. O

Chile B-R
and O
Peru B-R
signed O
a O
pact O
. O
"""


def test_detokenize() -> None:
    tokens = [
        "The",
        "U.S.",
        "'s",
        "aid",
        "(",
        "$",
        "1",
        ".",
        "5",
        "million",
        ")",
        "rose",
        ",",
        "it",
        "said",
        ".",
    ]
    text, offsets = detokenize(tokens)
    assert text == "The U.S.'s aid ($1.5 million) rose, it said."
    assert [text[a:b] for a, b in offsets] == tokens
    assert detokenize(["On", "May", "7", ",", "2010", ",", "12", ",", "500", "left"])[0] == (
        "On May 7, 2010, 12,500 left"
    )
    assert detokenize(["Baghdad", "’", "s", "pro", "-", "Iran", "militia"])[0] == "Baghdad’s pro-Iran militia"


def test_conflibert_spans_loader_and_scores(tmp_path: Path) -> None:
    dev(tmp_path, "conflibert_cameo", "ner_train.txt").write_bytes(NER.replace("\n", "\r\n").encode())
    items = load_conflibert_spans(tmp_path)
    s1, s2 = items
    assert s1.text == "Rebels attacked a police post in Gao."
    assert [s1.text[a:b] for a, b in s1.sources] == ["Rebels"]
    assert [s1.text[a:b] for a, b in s1.targets] == ["police post"]
    assert [s2.text[a:b] for a, b in s2.sources] == ["Chile", "Peru"]  # joint R spans are both
    assert s2.targets == s2.sources

    def at(text: str, word: str) -> tuple[int, int]:
        i = text.index(word)
        return (i, i + len(word))

    coder = FakeCoder(
        {
            s1.text: [
                ev("190", source=side(span=at(s1.text, "Rebels")), target=side(span=at(s1.text, "Gao")))
            ],
            s2.text: [
                ev("057", source=side(span=at(s2.text, "Chile")), target=side(span=at(s2.text, "Peru"))),
                ev("057", source=side(span=at(s2.text, "pact"))),
            ],
        }
    )
    m = evaluate("conflibert_spans", coder, shared_root=tmp_path).metrics
    assert m["source_precision"] == pytest.approx(2 / 3) and m["source_recall"] == pytest.approx(2 / 3)
    assert m["target_precision"] == pytest.approx(0.5) and m["target_recall"] == pytest.approx(1 / 3)
    assert m["target_f1"] == pytest.approx(0.4)
    assert m["both_precision"] == pytest.approx(0.6) and m["both_recall"] == pytest.approx(0.5)
    assert m["both_f1"] == pytest.approx(6 / 11)


def test_text_shift() -> None:
    assert text_shift("abc", "abc") == 0
    assert text_shift("abc", "  abc ") == 2  # the pipeline trimmed the sentence
    assert text_shift("Title\nabc", "abc") == -6
    assert text_shift("xyz", "abc") is None


# --- CAMEO coder rounds -----------------------------------------------------------------------

ROUNDS_HEADER = ["ids", "sentences"] + [
    f"{c}_{k}" for k in (1, 2, 3) for c in ("1_Relevant", "Action1_CAMEO")
]


def write_round(tmp_path: Path, folder: str, name: str, rows: list[list[str]]) -> None:
    import csv

    path = dev(tmp_path, "cameo_coder_rounds", folder, name)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(ROUNDS_HEADER)
        writer.writerows([[f"id{i}", *row] for i, row in enumerate(rows)])


def make_rounds(tmp_path: Path) -> None:
    a, b, c, d = (
        "Rebels stormed a village at dawn.",
        "The president spoke to reporters.",
        "Two states signed a treaty.",
        "Nothing much happened here.",
    )
    write_round(
        tmp_path,
        "training_round_1",
        "summary_v2.csv",
        [
            [a, "True", "4-18 Assault", "True", "4-18 Assault", "True", "4-19 Fight"],
            [b, "True", "0-1 Make Public Statement", "False", "", "True", "0-1 Make Public Statement"],
            [c, "True", "1-5 Engage in Dip Coop", "True", "1-4 Consult", "False", ""],
            [d, "False", "", "False", "", "False", ""],
        ],
    )
    write_round(tmp_path, "training_round_1", "summary.csv", [[d, "True", "4-20 Mass", "", "", "", ""]])
    # the same sentence again: votes pool across rounds (18:2, 19:3); a not-relevant code is no vote
    write_round(
        tmp_path,
        "training_round_2",
        "summary.csv",
        [
            [f"  {a} ", "True", "4-19 Fight", "False", "4-18 Assault", "True", "4-19 Fight"],
            ["Aid arrived by truck.", "True", "2-7 Provide Aid", "", "", "", ""],
        ],
    )
    write_round(tmp_path, "training_round_2", "summary_wrong.csv", [[d, "True", "4-20 Mass", "", "", "", ""]])
    write_round(
        tmp_path,
        "training_round_10",
        "summary.csv",
        [["Police detained activists.", "True", "4-17 Coerce", "TRUE", "173", "", "4-17 Coerce"]],
    )


def test_cameo_rounds_loader(tmp_path: Path) -> None:
    make_rounds(tmp_path)
    items = load_cameo_rounds(tmp_path)
    # rounds in numeric order (10 after 2); the tie and the vote-less sentence are skipped
    assert [(i.text, i.root) for i in items] == [
        ("Rebels stormed a village at dawn.", "19"),
        ("The president spoke to reporters.", "01"),
        ("Aid arrived by truck.", "07"),
        ("Police detained activists.", "17"),
    ]
    assert items[0].votes == {"18": 2, "19": 3}
    assert items[0].id == "round1:2"


def test_cameo_rounds_scores(tmp_path: Path) -> None:
    make_rounds(tmp_path)
    coder = FakeCoder(
        {
            "Rebels stormed a village at dawn.": [ev("190")],
            "The president spoke to reporters.": [ev("010")],
            "Police detained activists.": [ev("181")],
        }
    )
    m = evaluate("cameo_rounds", coder, shared_root=tmp_path).metrics
    assert m["root_precision"] == pytest.approx(2 / 3)
    assert m["root_recall"] == pytest.approx(0.5)
    assert m["root_f1"] == pytest.approx(4 / 7)
    assert m["accuracy"] == pytest.approx(0.5)
    assert m["quad_accuracy"] == pytest.approx(0.75)


# --- registry, floors, reports ----------------------------------------------------------------


def test_registry_is_read_only_and_complete() -> None:
    assert list(DATASETS)[:4] == ["plover_gsr", "conflibert_class", "conflibert_spans", "cameo_rounds"]
    assert "tempeval3" in DATASETS and not DATASETS["tempeval3"].needs_coder
    assert all(DATASETS[n].loader is not None for n in list(DATASETS)[:4])
    with pytest.raises(TypeError):
        DATASETS["x"] = DATASETS["plover_gsr"]  # type: ignore[index]


def test_unknown_set_and_missing_data(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="unknown evaluation set 'nope'"):
        evaluate("nope", FakeCoder({}), shared_root=tmp_path)
    with pytest.raises(DatasetError, match=r"PLOVER_GSR_CAMEO\.json"):
        evaluate("plover_gsr", FakeCoder({}), shared_root=tmp_path)
    with pytest.raises(DatasetError, match="cameo_coder_rounds"):
        load_cameo_rounds(tmp_path)


def test_function_set_wraps_a_scoring_function(tmp_path: Path) -> None:
    dev(tmp_path, "mine", "x").write_text("", encoding="utf-8")
    seen: list[Path] = []

    def score(root: Path) -> dict[str, object]:
        seen.append(root)
        return {"set": "mine", "n_docs": 3, "precision": 0.5, "recall": 0.25, "n_gold": 8, "corpora": {}}

    spec = function_set("mine", "a test set", score, data=("mine",))
    result = spec.run(EvalRequest(tmp_path, limit=2))
    assert seen == [tmp_path / "data" / "dev" / "mine"]
    assert result.n == 3 and result.metrics == {"precision": 0.5, "recall": 0.25}
    assert result.details == {"n_docs": 3, "n_gold": 8, "limit_ignored": 2}


def test_function_set_passes_limit_and_flattens_one_level(tmp_path: Path) -> None:
    dev(tmp_path, "mine", "x").write_text("", encoding="utf-8")

    def score(root: Path, *, limit: int | None = None) -> dict[str, object]:
        return {"n_articles": limit, "resolution": {"f1": 0.75, "n_gold": 4, "per": {"a": 1.0}}}

    result = function_set("mine", "d", score, data=("mine",), takes_limit=True).run(
        EvalRequest(tmp_path, limit=5)
    )
    assert result.n == 5
    assert result.metrics == {"resolution.f1": 0.75}
    assert result.details == {"n_articles": 5, "resolution": {"n_gold": 4, "per": {"a": 1.0}}}


def test_check_floors_messages() -> None:
    results = [
        EvalResult("a", 10, {"f1": 0.5, "precision": 0.9}),
        EvalResult("b", 5, {"accuracy": 0.2}),
    ]
    floors = {"a": {"f1": 0.6, "precision": 0.9, "gone": 0.1}, "b": {"accuracy": 0.1}, "c": {"f1": 0.9}}
    messages = check_floors(results, floors)
    assert len(messages) == 2
    assert messages[0].startswith("a: f1 = 0.500 is below its floor 0.600")
    assert "gone has a floor" in messages[1]
    assert check_floors({"b": results[1]}, floors) == []


def test_floors_file(tmp_path: Path) -> None:
    packaged = load_floors()
    assert set(packaged) >= {"plover_gsr", "conflibert_class", "conflibert_spans", "cameo_rounds"}
    bad = tmp_path / "floors.json"
    bad.write_text(json.dumps({"plover_gsr": {"type_accuracy": 1.5}}), encoding="utf-8")
    with pytest.raises(DataFileError, match="type_accuracy"):
        load_floors(bad)


def test_result_renderings() -> None:
    result = EvalResult("demo", 4, {"accuracy": 0.5, "macro_f1": 0.25})
    table = result.format_table().splitlines()
    assert table[0] == "demo (n = 4)"
    assert table[-1].split() == ["macro_f1", "0.250"]
    md = result.format_markdown()
    assert "| accuracy | 0.500 |" in md and md.startswith("### demo (n = 4)")
    assert json.loads(json.dumps(result.to_dict()))["metrics"] == {"accuracy": 0.5, "macro_f1": 0.25}


def test_run_cli_eval_renders_and_checks(tmp_path: Path) -> None:
    write_class_file(tmp_path, [(s, label) for s, label, _ in CLASS_ROWS])
    coder = FakeCoder({})
    text, failures = run_cli_eval(["conflibert_class"], shared_root=tmp_path, fmt="json", coder=coder)
    assert json.loads(text)[0]["set"] == "conflibert_class" and failures == []
    with pytest.raises(DatasetError, match="unknown"):
        run_cli_eval(["nope"], shared_root=tmp_path, coder=coder)


# --- the real sets ----------------------------------------------------------------------------


@needs_shared
@pytest.mark.shared
def test_real_plover_gsr() -> None:
    items = load_plover_gsr(SHARED)
    assert len(items) == 322
    assert all(i.plover is not None for i in items)  # every GSR name maps to a PLOVER 2.0 type
    assert sum(i.joint for i in items) == 18
    assert load_plover_gsr(SHARED, limit=7) == items[:7]


@needs_shared
@pytest.mark.shared
def test_real_conflibert_sets() -> None:
    classes = load_conflibert_class(SHARED)
    assert len(classes) == 1349
    assert [sum(i.label == k for i in classes) for k in range(5)] == [240, 248, 303, 337, 221]
    spans = load_conflibert_spans(SHARED)
    assert len(spans) == 1153
    for item in spans:
        for a, b in item.sources + item.targets:
            piece = item.text[a:b]
            assert piece and piece == piece.strip()
    assert load_conflibert_spans(SHARED, limit=5) == spans[:5]


@needs_shared
@pytest.mark.shared
def test_real_cameo_rounds() -> None:
    items = load_cameo_rounds(SHARED)
    # 200 distinct sentences over 10 rounds; the rest have no vote or a tied vote
    assert len(items) == 139
    assert len({i.text for i in items}) == len(items)
    assert all(len(i.root) == 2 and 1 <= int(i.root) <= 20 for i in items)


@needs_shared
@pytest.mark.shared
@pytest.mark.model
def test_real_pipeline_smoke() -> None:
    from eventwire.eval import default_coder

    result = evaluate("plover_gsr", default_coder(), shared_root=SHARED, limit=8)
    assert result.n == 8
    assert all(0.0 <= v <= 1.0 for v in result.metrics.values())
