"""Score the time-expression finder against TempEval-3 (TimeBank and AQUAINT, TimeML).

Each ``.tml`` file gives a document creation time (the TIMEX3 with
``functionInDocument="CREATION_TIME"``) and a ``<TEXT>`` element whose TIMEX3 tags carry
normalised values. We strip the tags, remember where each TIMEX3 fell in the plain text, run
:func:`eventwire.extract.dates.find_time_expressions` on that text with the creation date as the
publication date, and score DATE values:

* a prediction is correct when its span overlaps a gold ``type="DATE"`` span that no other
  prediction has claimed **and** its value equals the gold value;
* every gold DATE counts in recall, including values finer or vaguer than ours can be
  (``1998-W12``, ``1998-Q1``, ``PRESENT_REF``, ``1998-08-07TNI``): those are reported apart as
  ``n_gold_unrepresentable`` and a second F1 is computed over the representable ones only
  (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``), leaving out predictions that touch gold timexes none
  of which is a representable DATE (an unrepresentable DATE, or a TIME, DURATION or SET timex:
  "Friday night" is TIME ``1998-08-07TNI`` in TimeML, outside what the contract can say);
* predictions that overlap only a gold TIME, DURATION or SET timex are wrong under the strict
  figures; ``precision_excl_other_timex`` shows strict precision with them set aside, since they
  point at a real time expression.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.errors import DatasetError
from eventwire.extract.dates import find_time_expressions
from eventwire.records import TimeExpression

_REPRESENTABLE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_CORPORA = ("TimeBank", "AQUAINT")


@dataclass(frozen=True)
class Timex:
    """One gold TIMEX3 of a document's text."""

    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass
class TmlDocument:
    """The plain text of a TimeML document, its creation date and its gold timexes."""

    name: str
    corpus: str
    dct: str
    text: str
    timexes: list[Timex] = field(default_factory=list)


@dataclass
class _Counts:
    n_pred: int = 0
    n_correct: int = 0
    n_gold: int = 0
    n_gold_repr: int = 0
    n_pred_repr: int = 0  # predictions not confined to unrepresentable gold DATEs
    n_correct_repr: int = 0
    n_pred_other_timex: int = 0  # predictions overlapping only a TIME/DURATION/SET gold

    def add(self, other: _Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, Any]:
        n_gold_unrepr = self.n_gold - self.n_gold_repr
        n_pred_excl = self.n_pred - self.n_pred_other_timex
        return {
            "precision": _ratio(self.n_correct, self.n_pred),
            "recall": _ratio(self.n_correct, self.n_gold),
            "f1": _f1(self.n_correct, self.n_pred, self.n_gold),
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
            "n_correct": self.n_correct,
            "n_gold_unrepresentable": n_gold_unrepr,
            "precision_repr": _ratio(self.n_correct_repr, self.n_pred_repr),
            "recall_repr": _ratio(self.n_correct_repr, self.n_gold_repr),
            "f1_repr": _f1(self.n_correct_repr, self.n_pred_repr, self.n_gold_repr),
            "n_gold_repr": self.n_gold_repr,
            "n_pred_other_timex": self.n_pred_other_timex,
            "precision_excl_other_timex": _ratio(self.n_correct, n_pred_excl),
        }


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def _f1(correct: int, n_pred: int, n_gold: int) -> float:
    return round(2 * correct / (n_pred + n_gold), 4) if n_pred + n_gold else 0.0


def read_tml(path: Path, corpus: str = "") -> TmlDocument:
    """Read one TimeML file: plain text of ``<TEXT>``, creation date and gold timexes."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise DatasetError(f"{path}: not well-formed TimeML ({exc}); re-fetch the file.") from exc
    dct = None
    for tx in root.iter("TIMEX3"):
        if tx.get("functionInDocument") == "CREATION_TIME":
            dct = (tx.get("value") or "")[:10]
            break
    if not dct or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", dct):
        raise DatasetError(f"{path}: no CREATION_TIME TIMEX3 with a YYYY-MM-DD value.")
    text_el = root.find("TEXT")
    if text_el is None:
        raise DatasetError(f"{path}: no <TEXT> element.")
    parts: list[str] = []
    timexes: list[Timex] = []
    pos = 0

    # Walk the element tree in document order; ElementTree has already unescaped entities,
    # so offsets are offsets into the text a reader would see.
    def walk(el: ET.Element) -> None:
        nonlocal pos
        start = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if el.tag == "TIMEX3":
            timexes.append(Timex(start, pos, el.get("type", ""), el.get("value", ""), "".join(el.itertext())))

    walk(text_el)
    return TmlDocument(path.stem, corpus, dct, "".join(parts), timexes)


def iter_documents(root: Path) -> Iterator[TmlDocument]:
    """Yield every ``.tml`` document under ``root/TimeBank`` and ``root/AQUAINT`` (or ``root``)."""
    if not root.is_dir():
        raise DatasetError(f"{root}: TempEval-3 directory not found; point to shared/data/dev/tempeval3.")
    found = False
    for corpus in _CORPORA:
        sub = root / corpus
        if sub.is_dir():
            for path in sorted(sub.glob("*.tml")):
                found = True
                yield read_tml(path, corpus)
    if not found:
        for path in sorted(root.glob("*.tml")):
            found = True
            yield read_tml(path, root.name)
    if not found:
        raise DatasetError(f"{root}: no .tml files found (expected TimeBank/ and AQUAINT/).")


def _overlaps(a: tuple[int, int], b: Timex) -> bool:
    return a[0] < b.end and b.start < a[1]


def score_document(doc: TmlDocument, predictions: Iterable[TimeExpression]) -> _Counts:
    """Count matches of ``predictions`` against the gold DATE timexes of ``doc``."""
    golds = [t for t in doc.timexes if t.type == "DATE"]
    others = [t for t in doc.timexes if t.type != "DATE"]
    c = _Counts(n_gold=len(golds))
    c.n_gold_repr = sum(1 for g in golds if _REPRESENTABLE.fullmatch(g.value))
    claimed: set[int] = set()
    for p in predictions:
        c.n_pred += 1
        touching = [i for i, g in enumerate(golds) if _overlaps(p.span, g)]
        hit = next((i for i in touching if i not in claimed and golds[i].value == p.value), None)
        touching_other = any(_overlaps(p.span, o) for o in others)
        # Left out of the representable figures: a prediction that touches gold timexes, none of
        # them a DATE we can express (only "1998-W12", "PRESENT_REF", TIME, DURATION or SET).
        outside = (bool(touching) or touching_other) and not any(
            _REPRESENTABLE.fullmatch(golds[i].value) for i in touching
        )
        if not outside:
            c.n_pred_repr += 1
        if hit is not None:
            claimed.add(hit)
            c.n_correct += 1
            c.n_correct_repr += 1
        elif not touching and touching_other:
            c.n_pred_other_timex += 1
    return c


def evaluate_tempeval(root: Path, *, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Score DATE values on the TempEval-3 TimeML files under ``root``.

    Returns precision, recall and F1 (span overlap and equal value), the same over
    representable gold values only, counts, and the figures per corpus under ``"corpora"``.
    When ``errors`` is a list, missed gold dates and wrong predictions are appended to it
    (for looking at mistakes while developing rules).
    """
    total = _Counts()
    per: dict[str, _Counts] = {}
    n_docs = 0
    for doc in iter_documents(root):
        n_docs += 1
        preds = find_time_expressions(doc.text, doc.dct)
        counts = score_document(doc, preds)
        total.add(counts)
        per.setdefault(doc.corpus, _Counts()).add(counts)
        if errors is not None:
            errors.extend(_errors(doc, preds))
    result: dict[str, Any] = {"set": "tempeval3", "n_docs": n_docs}
    result.update(total.figures())
    result["corpora"] = {name: c.figures() for name, c in sorted(per.items())}
    return result


def _errors(doc: TmlDocument, preds: list[TimeExpression]) -> Iterator[dict[str, Any]]:
    golds = [t for t in doc.timexes if t.type == "DATE"]
    for p in preds:
        touching = [g for g in doc.timexes if _overlaps(p.span, g)]
        if not any(g.type == "DATE" and g.value == p.value for g in touching):
            gold = [(g.type, g.value, g.text) for g in touching]
            yield {
                "doc": doc.name,
                "dct": doc.dct,
                "kind": "wrong",
                "text": p.text,
                "value": p.value,
                "gold": gold,
                "context": _context(doc.text, p.span),
            }
    for g in golds:
        if not any(_overlaps(p.span, g) and p.value == g.value for p in preds):
            yield {
                "doc": doc.name,
                "dct": doc.dct,
                "kind": "missed",
                "text": g.text,
                "value": g.value,
                "gold": [],
                "context": _context(doc.text, (g.start, g.end)),
            }


def _context(text: str, span: tuple[int, int], width: int = 70) -> str:
    a, b = span
    left = text[max(0, a - width) : a].replace("\n", " ")
    right = text[b : b + width].replace("\n", " ")
    return f"{left}[[{text[a:b]}]]{right}"
