"""Score the quotation finder against PolNeAR (political news attribution relations, BRAT standoff).

PolNeAR annotates every attribution — direct and indirect — as Source / Cue / Content spans
linked by an ``Attribution`` (or ``Attribution-no-source``) event, with offsets into
``<split>/text/<doc>.txt``; each ``<split>/attributions/<doc>_<annotator>.ann`` is one
annotator's work. It has no direct/indirect label, so the gold is built here:

* **one annotator per document**: the lowest annotator id (``sorted`` order of the ``.ann``
  suffixes), so a run always reads the same files;
* **gold direct quotations** are the stretches of text between paired quotation marks (paired
  here on their own, simply: curly marks by shape, ``"`` and ``''`` alternating, ``\\`\\``` opening,
  a quote left open running to the end of its paragraph) of which at least half the non-space
  characters lie in the Content of one attribution; that attribution's Source (possibly none)
  is the gold speaker. Marks inside indirect content (``said it was "a disaster"``) are thus
  gold partial quotes, and quoted names or scare quotes outside any content are not gold;
* predictions overlapping a ``Discuss`` span (text the annotators flagged as unresolved) and
  matching no gold are set aside, neither right nor wrong.

Matching is one-to-one, best first: a predicted quote matches a gold one when their word sets
(``\\w+`` and punctuation tokens) have a Jaccard index of at least 0.5, or one span contains the
other. A matched prediction is **speaker-correct** when its speaker span overlaps the gold
Source; when the Source is a relative pronoun (PolNeAR marks "who" in "Blinken, who said ...")
and our mention is its antecedent, ending just before it; or when our speaker is a pronoun or a
continuation's (mentioned in another paragraph) and its name appears as a whole word in the
Source text. A matched prediction with no speaker is correct only for a gold quotation without
Source. Speaker precision and recall count every prediction and every gold quotation, so a
quote with a wrong or missing speaker costs both.

Known ceilings: annotators include quoted names of shows, books and slogans in their content,
which the finder leaves out on purpose (they count as misses), and now and then skip a real
quotation (it counts as a wrong prediction); nested attributions ("..., X said, according to
Y") take the outer source Y as gold.

The articles are parsed with eventwire's own spaCy pipeline (:func:`eventwire.nlp.load_model`,
which starts a sentence at every paragraph; ``nlp.pipe`` in batches of 32), and speakers are
resolved by a stand-in that returns the mention's text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventwire.errors import DatasetError
from eventwire.eval.report import PRCounts
from eventwire.extract.quotes import find_quotes
from eventwire.records import Quote

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["PolnearDoc", "evaluate_polnear", "gold_quotes", "iter_documents", "read_ann", "score_document"]

Offsets = tuple[int, int]

_MARK = re.compile(r"``|''|[\"“”]")
_WORD = re.compile(r"\w+|[^\w\s]")
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us"})
_RELATIVE = frozenset({"who", "which", "that"})
_JACCARD = 0.5  # word-set overlap for a match: the two sides may trim punctuation differently
_BATCH = 32


@dataclass(frozen=True)
class GoldQuote:
    """A gold direct quotation: the text between marks and the Source fragments (empty: none)."""

    span: Offsets
    source: tuple[Offsets, ...]


@dataclass
class PolnearDoc:
    """One article: its text, the annotator read, gold quotations and Discuss spans."""

    name: str
    annotator: str
    text: str
    quotes: list[GoldQuote] = field(default_factory=list)
    discuss: list[Offsets] = field(default_factory=list)


def read_ann(path: Path) -> tuple[dict[str, tuple[str, list[Offsets]]], list[dict[str, str]]]:
    """Text-bound annotations ``{id: (label, fragments)}`` and events ``[{role: id}]`` of a .ann file."""
    spans: dict[str, tuple[str, list[Offsets]]] = {}
    events: list[dict[str, str]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        # Annotation texts may hold line breaks; their continuation lines match neither form.
        if re.match(r"T\d+\t", line):
            try:
                tid, meta = line.split("\t")[:2]
                label, locs = meta.split(" ", 1)
                frags = [(int(a), int(b)) for a, b in (f.split() for f in locs.split(";"))]
            except ValueError as exc:
                raise DatasetError(f"{path}:{n}: malformed text-bound annotation ({exc}).") from exc
            spans[tid] = (label, frags)
        elif re.match(r"E\d+\t", line):
            roles = dict(part.split(":", 1) for part in line.split("\t")[1].split() if ":" in part)
            events.append({role.rstrip("0123456789"): ref for role, ref in roles.items()})
    return spans, events


def _paired_marks(text: str) -> Iterator[Offsets]:
    """The gold side's own simple pairing of double quotation marks, paragraph by paragraph."""
    pos = 0
    for line in text.split("\n"):
        lo, hi = pos, pos + len(line)
        pos = hi + 1
        open_end = -1
        for m in _MARK.finditer(text, lo, hi):
            mark = m.group()
            if mark in ("“", "``"):
                open_end = m.end()
            elif open_end < 0:
                if mark != "”":
                    open_end = m.end()
            else:
                yield open_end, m.start()
                open_end = -1
        if open_end >= 0:
            yield open_end, hi


def gold_quotes(
    text: str, spans: dict[str, tuple[str, list[Offsets]]], events: list[dict[str, str]]
) -> list[GoldQuote]:
    """The direct quotations of a document's annotation (see the module docstring)."""
    contents: list[tuple[list[Offsets], tuple[Offsets, ...]]] = []
    for ev in events:
        content = spans.get(ev.get("Content", ""))
        if content is None:
            continue
        src = spans.get(ev.get("Source", ""))
        contents.append((content[1], tuple(src[1]) if src else ()))
    gold: list[GoldQuote] = []
    for a, b in _paired_marks(text):
        chars = [i for i in range(a, b) if not text[i].isspace()]
        if not chars:
            continue
        best, best_n = None, 0
        for frags, source in contents:
            n = sum(1 for i in chars if any(lo <= i < hi for lo, hi in frags))
            if n > best_n:
                best, best_n = source, n
        if best is not None and 2 * best_n >= len(chars):
            while text[a].isspace():
                a += 1
            while text[b - 1].isspace():
                b -= 1
            gold.append(GoldQuote((a, b), best))
    return gold


def iter_documents(root: Path, split: str = "dev", limit: int | None = None) -> Iterator[PolnearDoc]:
    """The documents of one split under ``root`` (the ``polnear`` folder), in name order."""
    ann_dir, text_dir = root / split / "attributions", root / split / "text"
    if not ann_dir.is_dir() or not text_dir.is_dir():
        raise DatasetError(
            f"{root / split}: PolNeAR split not found (expected attributions/ and text/); "
            "point to shared/data/dev/polnear and pick split 'train' or 'dev'."
        )
    by_doc: dict[str, list[Path]] = {}
    for path in sorted(ann_dir.glob("*.ann")):
        name, _, _annotator = path.stem.rpartition("_")
        by_doc.setdefault(name, []).append(path)
    for k, (name, paths) in enumerate(sorted(by_doc.items())):
        if limit is not None and k >= limit:
            return
        path = min(paths, key=lambda p: p.stem.rpartition("_")[2])
        text_path = text_dir / f"{name}.txt"
        if not text_path.is_file():
            raise DatasetError(f"{text_path}: text of {path.name} is missing.")
        text = text_path.read_text(encoding="utf-8")
        spans, events = read_ann(path)
        discuss = [f for label, frags in spans.values() if label == "Discuss" for f in frags]
        yield PolnearDoc(name, path.stem.rpartition("_")[2], text, gold_quotes(text, spans, events), discuss)


def _words(text: str, span: Offsets) -> set[int]:
    return {m.start() for m in _WORD.finditer(text, span[0], span[1])}


def _matches(text: str, pred: Offsets, gold: Offsets) -> float:
    """Match strength: 1.0 on containment, else the word Jaccard index (0 below the threshold)."""
    if pred[0] >= gold[1] or gold[0] >= pred[1]:
        return 0.0
    if (pred[0] <= gold[0] and gold[1] <= pred[1]) or (gold[0] <= pred[0] and pred[1] <= gold[1]):
        return 1.0
    p, g = _words(text, pred), _words(text, gold)
    jac = len(p & g) / len(p | g) if p | g else 0.0
    return jac if jac >= _JACCARD else 0.0


def _speaker_ok(text: str, quote: Quote, gold: GoldQuote) -> bool:
    spk = quote.speaker
    if not gold.source:
        return spk is None
    if spk is None:
        return False
    s, e = spk["span"]
    if any(s < hi and lo < e for lo, hi in gold.source):
        return True
    # PolNeAR marks the relative pronoun as the Source ("Blinken, who said ..."); we name its
    # antecedent, which ends just before it.
    (lo, hi), *_ = gold.source
    if text[lo:hi].lower() in _RELATIVE and e <= lo and not text[e:lo].strip(" ,"):
        return True
    name = str(spk["name"])
    indirect = quote.kind == "continuation" or name.lower() in _PRONOUNS
    source_text = " ".join(text[lo:hi] for lo, hi in gold.source)
    return indirect and re.search(rf"\b{re.escape(name)}\b", source_text, re.IGNORECASE) is not None


@dataclass
class DocScore:
    quotes: PRCounts
    speakers: PRCounts
    n_ignored: int
    pairs: list[tuple[int, int]]  # (prediction index, gold index) matched


def score_document(doc: PolnearDoc, predictions: list[Quote]) -> DocScore:
    """Match ``predictions`` to the gold quotations of ``doc`` and count (module docstring)."""
    text = doc.text
    candidates = []
    for p_i, q in enumerate(predictions):
        for g_i, g in enumerate(doc.quotes):
            strength = _matches(text, q.span, g.span)
            if strength > 0:
                candidates.append((-strength, p_i, g_i))
    pairs: list[tuple[int, int]] = []
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, p_i, g_i in sorted(candidates):
        if p_i not in used_p and g_i not in used_g:
            used_p.add(p_i)
            used_g.add(g_i)
            pairs.append((p_i, g_i))
    ignored = {
        p_i
        for p_i, q in enumerate(predictions)
        if p_i not in used_p and any(q.span[0] < hi and lo < q.span[1] for lo, hi in doc.discuss)
    }
    n_pred = len(predictions) - len(ignored)
    n_spk = sum(1 for p_i, g_i in pairs if _speaker_ok(text, predictions[p_i], doc.quotes[g_i]))
    return DocScore(
        quotes=PRCounts(pred_ok=len(pairs), n_pred=n_pred, gold_ok=len(pairs), n_gold=len(doc.quotes)),
        speakers=PRCounts(pred_ok=n_spk, n_pred=n_pred, gold_ok=n_spk, n_gold=len(doc.quotes)),
        n_ignored=len(ignored),
        pairs=pairs,
    )


def _mention_text(text: str) -> Any:
    def resolve(start: int, end: int) -> tuple[str | None, str]:
        return None, text[start:end]

    return resolve


def evaluate_polnear(
    root: Path,
    *,
    split: str = "dev",
    limit: int | None = None,
    nlp: Language | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Score :func:`~eventwire.extract.quotes.find_quotes` on one PolNeAR split under ``root``.

    ``root`` is the ``polnear`` folder (holding ``train/`` and ``dev/``); ``limit`` scores the
    first N documents in name order; ``nlp`` is a loaded eventwire pipeline (loaded here when
    None). Returns quote precision/recall/F1, speaker-attributed precision/recall/F1 and counts.
    When ``errors`` is a list, missed gold quotes and wrong predictions are appended to it.
    """
    if nlp is None:
        from eventwire.nlp import load_model

        nlp = load_model()
    docs = list(iter_documents(root, split, limit))
    quotes, speakers = PRCounts(), PRCounts()
    kinds: Counter[str] = Counter()
    n_ignored = n_gold_no_source = 0
    for doc, parsed in zip(docs, nlp.pipe((d.text for d in docs), batch_size=_BATCH), strict=True):
        preds = find_quotes(parsed, resolve_speaker=_mention_text(doc.text))
        score = score_document(doc, preds)
        quotes.add(score.quotes)
        speakers.add(score.speakers)
        n_ignored += score.n_ignored
        n_gold_no_source += sum(1 for g in doc.quotes if not g.source)
        kinds.update(q.kind for q in preds)
        if errors is not None:
            errors.extend(_errors(doc, preds, score))
    result: dict[str, Any] = {"set": "polnear", "split": split, "n_docs": len(docs)}
    result.update({k: round(v, 4) for k, v in quotes.figures("").items()})
    result.update({k: round(v, 4) for k, v in speakers.figures("speaker_").items()})
    result.update(
        {
            "n_gold": quotes.n_gold,
            "n_gold_no_source": n_gold_no_source,
            "n_pred": quotes.n_pred,
            "n_matched": quotes.pred_ok,
            "n_speaker_correct": speakers.pred_ok,
            "n_pred_ignored_discuss": n_ignored,
            "pred_kinds": dict(sorted(kinds.items())),
        }
    )
    return result


def _errors(doc: PolnearDoc, preds: list[Quote], score: DocScore) -> Iterator[dict[str, Any]]:
    text = doc.text
    matched = dict(score.pairs)
    gold_hit = set(matched.values())
    for p_i, q in enumerate(preds):
        g_i = matched.get(p_i)
        spk = q.speaker["name"] if q.speaker else None
        if g_i is None:
            yield {
                "doc": doc.name,
                "kind": "wrong",
                "quote": q.text,
                "qkind": q.kind,
                "speaker": spk,
                "context": _context(text, q.span),
            }
        elif not _speaker_ok(text, q, doc.quotes[g_i]):
            gold_src = " | ".join(text[a:b] for a, b in doc.quotes[g_i].source) or None
            yield {
                "doc": doc.name,
                "kind": "speaker",
                "quote": q.text,
                "qkind": q.kind,
                "speaker": spk,
                "cue": q.cue,
                "gold_source": gold_src,
                "context": _context(text, q.span),
            }
    for g_i, g in enumerate(doc.quotes):
        if g_i not in gold_hit:
            gold_src = " | ".join(text[a:b] for a, b in g.source) or None
            yield {"doc": doc.name, "kind": "missed", "quote": text[g.span[0] : g.span[1]],
                   "gold_source": gold_src, "context": _context(text, g.span)}  # fmt: skip


def _context(text: str, span: Offsets, width: int = 90) -> str:
    a, b = span
    left = text[max(0, a - width) : a].replace("\n", " ¶ ")
    right = text[b : b + width].replace("\n", " ¶ ")
    return f"{left}[[{text[a:b]}]]{right}"
