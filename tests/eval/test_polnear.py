"""PolNeAR scoring of quotations: BRAT reading, the direct-quotation gold, matching and figures.

The first tests write a small PolNeAR-shaped set of our own into ``tmp_path`` so every count
can be checked by hand; the last one scores a few documents of the real dev set from
``../shared`` when it is there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import DatasetError
from eventwire.eval.polnear import evaluate_polnear, iter_documents, read_ann, score_document
from eventwire.records import Quote

TEXT = (
    "Council backs river plan.\n"
    "\n"
    '"We will clean every river by 2030," the environment minister said on Monday.\n'
    "\n"
    'The minister said the plan was "the most ambitious in a generation."\n'
    "\n"
    'Critics called it a "paper promise" but the council approved it.\n'
    "\n"
    "She added that funding would come from a new levy.\n"
    "\n"
    'The banner in the hall read "Rivers First" all week.\n'
)


def _at(text: str, sub: str, start: int = 0) -> tuple[int, int]:
    i = text.index(sub, start)
    return i, i + len(sub)


def _ann() -> str:
    """Four attributions (three with quotation marks in their content) and one Discuss span."""
    lines = []
    n = 0

    def span(label: str, sub: str) -> str:
        nonlocal n
        n += 1
        a, b = _at(TEXT, sub)
        lines.append(f"T{n}\t{label} {a} {b}\t{sub}")
        return f"T{n}"

    def event(source: str | None, cue: str, content: str) -> None:
        parts = [f"Attribution:{span('Attribution', cue)}", f"Cue:{span('Cue', cue)}"]
        parts.append(f"Content:{span('Content', content)}")
        if source is not None:
            parts.append(f"Source:{span('Source', source)}")
        lines.append(f"E{len(lines)}\t" + " ".join(parts))

    event("the environment minister", "said on", '"We will clean every river by 2030,"')
    event("The minister", "said the", 'the plan was "the most ambitious in a generation."')
    event("Critics", "called", 'it a "paper promise"')
    event("She", "added", "that funding would come from a new levy")
    span("Discuss", 'The banner in the hall read "Rivers First" all week.')
    return "\n".join(lines) + "\n"


@pytest.fixture
def polnear_root(tmp_path: Path) -> Path:
    root = tmp_path / "polnear"
    (root / "dev" / "text").mkdir(parents=True)
    (root / "dev" / "attributions").mkdir(parents=True)
    (root / "dev" / "text" / "own_2024-01-01_river-plan.txt").write_text(TEXT, encoding="utf-8")
    (root / "dev" / "attributions" / "own_2024-01-01_river-plan_aaaa.ann").write_text(
        _ann(), encoding="utf-8"
    )
    # A second annotator who found nothing: the lowest id ("aaaa") must be the one read.
    (root / "dev" / "attributions" / "own_2024-01-01_river-plan_zzzz.ann").write_text("", encoding="utf-8")
    return root


def test_read_ann_fragments_and_events(tmp_path: Path) -> None:
    path = tmp_path / "x_aaaa.ann"
    path.write_text(
        "T1\tSource 0 5\tShe s\n"
        "T2\tContent 10 20;30 40\tab\ncontinued line\n"
        "E1\tAttribution:T3 Source:T1 Content:T2\n",
        encoding="utf-8",
    )
    spans, events = read_ann(path)
    assert spans == {"T1": ("Source", [(0, 5)]), "T2": ("Content", [(10, 20), (30, 40)])}
    assert events == [{"Attribution": "T3", "Source": "T1", "Content": "T2"}]


def test_gold_holds_only_quoted_content(polnear_root: Path) -> None:
    [doc] = list(iter_documents(polnear_root, "dev"))
    assert doc.annotator == "aaaa"
    got = [(TEXT[a:b], tuple(TEXT[s:e] for s, e in q.source)) for q in doc.quotes for a, b in [q.span]]
    assert got == [
        ("We will clean every river by 2030,", ("the environment minister",)),
        ("the most ambitious in a generation.", ("The minister",)),
        ("paper promise", ("Critics",)),
    ]  # the indirect "that funding ..." has no marks; "Rivers First" is in no content
    assert doc.discuss == [_at(TEXT, 'The banner in the hall read "Rivers First" all week.')]


def _quote(sub: str, speaker: str | None, kind: str = "direct") -> Quote:
    span = _at(TEXT, sub)
    spk: dict[str, Any] | None = None
    if speaker is not None:
        a, b = _at(TEXT, speaker)
        spk = {"actor": None, "name": speaker, "span": [a, b]}
    return Quote(text=sub, span=span, kind=kind, cue="said", speaker=spk)  # type: ignore[arg-type]


def test_score_by_hand(polnear_root: Path) -> None:
    [doc] = list(iter_documents(polnear_root, "dev"))
    preds = [
        _quote("We will clean every river by 2030,", "the environment minister"),  # right, right speaker
        _quote("the most ambitious in a generation", None, "partial"),  # right, no speaker
        _quote("Rivers First", None),  # in a Discuss span: set aside
        _quote("Council backs river plan", None),  # wrong
    ]
    score = score_document(doc, preds)
    assert score.n_ignored == 1
    assert score.quotes.to_dict() == {"pred_ok": 2, "n_pred": 3, "gold_ok": 2, "n_gold": 3}
    assert score.speakers.to_dict() == {"pred_ok": 1, "n_pred": 3, "gold_ok": 1, "n_gold": 3}


def test_a_pronoun_speaker_matches_by_name(polnear_root: Path) -> None:
    [doc] = list(iter_documents(polnear_root, "dev"))
    # Our mention is elsewhere ("She"), its resolved name is the gold Source's text.
    q = _quote("paper promise", "She", "partial")
    assert q.speaker is not None
    q.speaker["name"] = "critics"
    assert score_document(doc, [q]).speakers.pred_ok == 0  # not a pronoun, not overlapping
    q.speaker["name"] = "she"
    assert score_document(doc, [q]).speakers.pred_ok == 0  # a pronoun, but not the gold's name
    q2 = _quote("paper promise", "She", "continuation")
    assert q2.speaker is not None
    q2.speaker["name"] = "Critics"
    assert score_document(doc, [q2]).speakers.pred_ok == 1


def test_missing_split_raises(tmp_path: Path) -> None:
    with pytest.raises(DatasetError):
        list(iter_documents(tmp_path, "dev"))


@pytest.mark.model
def test_evaluate_on_our_own_set(polnear_root: Path, nlp: Any) -> None:
    result = evaluate_polnear(polnear_root, split="dev", nlp=nlp)
    assert (result["set"], result["split"], result["n_docs"], result["n_gold"]) == ("polnear", "dev", 1, 3)
    assert result["n_matched"] >= 2 and result["n_speaker_correct"] >= 2
    assert result["precision"] > 0.5 and result["recall"] >= 2 / 3


@pytest.mark.model
@pytest.mark.shared
def test_evaluate_a_few_dev_documents(shared: Path, nlp: Any) -> None:
    root = shared / "data" / "dev" / "polnear"
    if not root.is_dir():
        pytest.skip(f"{root} is absent")
    result = evaluate_polnear(root, split="dev", limit=4, nlp=nlp)
    assert result["n_docs"] == 4 and result["n_gold"] > 0 and result["n_pred"] > 0
    for key in ("precision", "recall", "f1", "speaker_precision", "speaker_recall", "speaker_f1"):
        assert 0.0 <= result[key] <= 1.0
    assert result["speaker_f1"] <= result["f1"]
    assert set(result["pred_kinds"]) <= {"direct", "partial", "continuation"}
