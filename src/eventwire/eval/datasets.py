"""Readers of the labelled event sets in ``shared/data/dev``, each turned into gold sentences.

Every loader takes the *shared root* (the folder holding ``data/dev``; the CLI passes
``<project>/../shared`` unless ``--data`` says otherwise) and an optional ``limit``, and returns
its sentences in file order, so a run with ``limit=N`` always scores the same N sentences. A
missing file raises :class:`~eventwire.errors.DatasetError` naming the path it looked for.

Decisions about the gold labels, made once here so every run reads them the same way:

* **PLOVER GSR** is coded with PLOVER 0.5/0.6 names. They are mapped to the 16 PLOVER 2.0 types
  with the manual's own CAMEO-to-PLOVER table (PLOVER_MANUAL.tex, "CAMEO vs. PLOVER"): DEMAND
  (CAMEO 10) -> REQUEST, DISAPPROVE (11) -> ACCUSE, INVESTIGATE (09) -> ACCUSE, FIGHT (19) ->
  ASSAULT (2.0 folds conventional fighting into ASSAULT; the 2021 crosswalk maps 18, 19 and 20 to
  ASSAULT). The other names are unchanged in 2.0. A name with no 2.0 equivalent (YIELD, CRIME)
  keeps ``plover=None`` and is left out of type accuracy. Actors marked ``SRC/TAR`` in the markup
  are CAMEO's reciprocal actors: the record lists them as sources and no target, and we keep them
  as *joint* (either role is right). A few gold actor codes are not ISO 3166 alpha-3 although
  the country is unambiguous (JAP, ITL, VTN); they are read as JPN, ITA, VNM.
* **ConfliBERT spans**: the IOB file holds tokens only; the sentence is rebuilt with the usual
  detokenisation (no space before closing punctuation and clitics, none after opening brackets
  and currency signs, hyphens glued on both sides, "1 . 5" and "12 , 500" written as numbers)
  and the gold spans are character offsets into that text. On the 922 sentences that also
  appear in ``class_train.tsv`` the rebuilt text equals the original in 885; the rest differ in
  spacing only. ``R`` (joint) spans count as both source and target.
* **CAMEO coder rounds**: per round ``summary_v2.csv`` when present, else ``summary.csv`` (only
  three rounds have a v2; ``summary_wrong.csv`` and ``summary_v1.csv`` are superseded). The same
  sentences recur across rounds: votes for one sentence are pooled over every round and coder.
  A coder's vote is the root of ``Action1_CAMEO_k`` unless ``1_Relevant_k`` is false; the gold
  root is the strict plurality of the votes, and a sentence with no vote or a tie is skipped.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol

from eventwire.errors import DatasetError

Offsets = tuple[int, int]

#: PLOVER 0.5/0.6 event names of the GSR -> PLOVER 2.0 types (see the module docstring).
PLOVER_LEGACY: Mapping[str, str] = MappingProxyType(
    {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
)

#: The 16 event types of PLOVER 2.0.
PLOVER_TYPES = frozenset(
    {
        *("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST"),
        *("ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"),
    }
)

# Gold actor codes that are not ISO 3166 alpha-3 but name one country without doubt.
_GOLD_CODE_FIXES: Mapping[str, str] = MappingProxyType({"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"})

#: ConfliBERT's five classes, by label number.
CONFLIBERT_CLASSES: tuple[str, ...] = (
    "neutral",
    "verbal_coop",
    "material_coop",
    "verbal_conflict",
    "material_conflict",
)


class GoldSentence(Protocol):
    """What the harness needs of any gold item to code it."""

    @property
    def id(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def published(self) -> str | None: ...


@dataclass(frozen=True)
class GsrSentence:
    """A PLOVER GSR record: one sentence, its event type and its actors' country codes."""

    id: str
    text: str
    published: str | None
    event: str  # the name in the file (PLOVER 0.5/0.6)
    plover: str | None  # the PLOVER 2.0 type, None when 2.0 has no equivalent
    sources: tuple[str, ...]  # country (or IGO/NGO...) codes; the joint actors when ``joint``
    targets: tuple[str, ...]
    joint: bool = False


@dataclass(frozen=True)
class ClassSentence:
    """A ConfliBERT classification sentence and its class (0-4, see :data:`CONFLIBERT_CLASSES`)."""

    id: str
    text: str
    label: int
    published: str | None = None


@dataclass(frozen=True)
class SpanSentence:
    """A ConfliBERT IOB sentence rebuilt as text, with gold source and target character spans."""

    id: str
    text: str
    sources: tuple[Offsets, ...]  # S and R spans
    targets: tuple[Offsets, ...]  # T and R spans
    published: str | None = None


@dataclass(frozen=True)
class RoundsSentence:
    """A coder-rounds sentence with the majority CAMEO root of its first action."""

    id: str
    text: str
    root: str  # two digits, "01".."20"
    votes: Mapping[str, int] = field(default_factory=dict)
    published: str | None = None


def dev_path(shared_root: Path, *parts: str) -> Path:
    """``shared_root/data/dev/<parts>``, or a DatasetError naming it when it does not exist."""
    path = Path(shared_root).joinpath("data", "dev", *parts)
    if not path.exists():
        raise DatasetError(
            f"{path}: evaluation data not found. Point --data at the shared folder that holds "
            f"data/dev (by default <project>/../shared)."
        )
    return path


def _limited(items: list[Any], limit: int | None) -> list[Any]:
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit}")
    return items if limit is None else items[:limit]


# --- PLOVER GSR -------------------------------------------------------------------------------


def plover_type(name: str) -> str | None:
    """The PLOVER 2.0 type for a GSR event name, or None when 2.0 has no equivalent."""
    name = name.strip().upper()
    name = PLOVER_LEGACY.get(name, name)
    return name if name in PLOVER_TYPES else None


def _gold_codes(actors: Any) -> tuple[str, ...]:
    # A target may be missing, "" or a stray string ("diplomatic"): none of those is an actor.
    if not isinstance(actors, list):
        return ()
    codes: list[str] = []
    for actor in actors:
        if not isinstance(actor, dict) or not actor.get("code"):
            continue
        code = str(actor["code"]).strip().upper()
        code = _GOLD_CODE_FIXES.get(code, code)
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def load_plover_gsr(shared_root: Path, limit: int | None = None) -> list[GsrSentence]:
    """The 322 sentence records of ``plover_gsr/PLOVER_GSR_CAMEO.json`` (the DOCUMENT record skipped)."""
    path = dev_path(shared_root, "plover_gsr", "PLOVER_GSR_CAMEO.json")
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DatasetError(f"{path}: cannot read the PLOVER GSR file: {exc}") from exc
    if not isinstance(records, list):
        raise DatasetError(f"{path}: expected a JSON list of records")
    items: list[GsrSentence] = []
    for i, rec in enumerate(records):
        if not isinstance(rec, dict) or rec.get("event") == "DOCUMENT":
            continue
        text, event = rec.get("text"), rec.get("event")
        if not isinstance(text, str) or not isinstance(event, str):
            raise DatasetError(f"{path}: record {i} ({rec.get('id')}) has no text or event")
        info = rec.get("textInfo")
        markup = info.get("markup", "") if isinstance(info, dict) else str(info or "")
        joint = "SRC/TAR" in markup
        sources = _gold_codes(rec.get("source"))
        targets = () if joint else _gold_codes(rec.get("target"))
        items.append(
            GsrSentence(
                id=str(rec.get("id") or f"gsr:{i}"),
                text=text,
                published=rec.get("date") if isinstance(rec.get("date"), str) else None,
                event=event,
                plover=plover_type(event),
                sources=sources,
                targets=targets,
                joint=joint,
            )
        )
    return _limited(items, limit)


# --- ConfliBERT classes -----------------------------------------------------------------------


def load_conflibert_class(shared_root: Path, limit: int | None = None) -> list[ClassSentence]:
    """The sentences of ``conflibert_cameo/class_train.tsv`` (``sentence TAB class``, CRLF)."""
    path = dev_path(shared_root, "conflibert_cameo", "class_train.tsv")
    items: list[ClassSentence] = []
    # splitlines() takes CRLF and LF alike; a sentence never holds a line break.
    for lineno, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        text, sep, label = line.rpartition("\t")
        if not sep or not label.strip().isdigit() or int(label) >= len(CONFLIBERT_CLASSES):
            raise DatasetError(f"{path}:{lineno}: expected 'sentence<TAB>class' with class 0-4")
        items.append(ClassSentence(id=f"class:{lineno}", text=text.strip(), label=int(label)))
    return _limited(items, limit)


# --- ConfliBERT spans -------------------------------------------------------------------------

# Tokens written without a space before them, and tokens after which no space follows.
_NO_SPACE_BEFORE = frozenset(
    {".", ",", ")", "]", "}", "%", ":", ";", "?", "!", "'", "'s", "’", "”", "´", "-"}
)
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "€", "£", "“", "‘", "-", "´"})
_CLITICS = re.compile(r"^(?:'s|n't|'re|'ve|'ll|'d|'m|’s|n’t)$", re.IGNORECASE)
# After an apostrophe token, these are the rest of a clitic ("Baghdad ’ s", "they ' re").
_CLITIC_TAILS = frozenset({"s", "t", "re", "ve", "ll", "d", "m"})


def _glued(prev: str, tok: str, nxt: str | None) -> tuple[bool, bool]:
    """Whether ``tok`` joins ``prev`` without a space, and whether ``nxt`` joins ``tok``."""
    before = prev in _NO_SPACE_AFTER or tok in _NO_SPACE_BEFORE or bool(_CLITICS.match(tok))
    after = False
    if nxt is not None:
        # "88 , 550" and "1 . 5" are one number ("7 , 2017" is a date); "’ s" is one clitic.
        digits = prev[-1:].isdigit() and nxt.isdigit()
        number = digits and (tok == "." or (tok == "," and len(nxt) == 3))
        clitic = tok in {"'", "’"} and nxt.lower() in _CLITIC_TAILS
        after = number or clitic
    return before, after


def detokenize(tokens: list[str]) -> tuple[str, list[Offsets]]:
    """Join tokens into text the way news is written; return it with each token's offsets."""
    parts: list[str] = []
    offsets: list[Offsets] = []
    pos = 0
    glue_next = True  # nothing goes before the first token
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        before, after = _glued(tokens[i - 1], tok, nxt) if i else (True, False)
        if i and nxt is None:
            after = False
        if not (before or glue_next):
            parts.append(" ")
            pos += 1
        offsets.append((pos, pos + len(tok)))
        parts.append(tok)
        pos += len(tok)
        glue_next = after
    return "".join(parts), offsets


def _iob_spans(tags: list[str], offsets: list[Offsets], where: str) -> dict[str, list[Offsets]]:
    spans: dict[str, list[Offsets]] = {}
    kind: str | None = None
    start = end = 0
    for tag, (a, b) in zip(tags, offsets, strict=True):
        prefix, _, label = tag.partition("-")
        if prefix not in {"B", "I", "O"} or (prefix != "O" and not label):
            raise DatasetError(f"{where}: unknown IOB tag {tag!r}")
        # An I- tag after another label starts a span too: a few gold spans lack their B-.
        continues = prefix == "I" and kind == label
        if kind is not None and not continues:
            spans.setdefault(kind, []).append((start, end))
            kind = None
        if prefix == "O":
            continue
        if continues:
            end = b
        else:
            kind, start, end = label, a, b
    if kind is not None:
        spans.setdefault(kind, []).append((start, end))
    return spans


def _span_sentence(index: int, rows: list[tuple[str, str]], where: str) -> SpanSentence:
    text, offsets = detokenize([tok for tok, _ in rows])
    spans = _iob_spans([tag for _, tag in rows], offsets, where)
    joint = spans.get("R", [])
    return SpanSentence(
        id=f"ner:{index}",
        text=text,
        sources=tuple(sorted(spans.get("S", []) + joint)),
        targets=tuple(sorted(spans.get("T", []) + joint)),
    )


def load_conflibert_spans(shared_root: Path, limit: int | None = None) -> list[SpanSentence]:
    """The sentences of ``conflibert_cameo/ner_train.txt`` (``token tag`` lines, blank between)."""
    path = dev_path(shared_root, "conflibert_cameo", "ner_train.txt")
    items: list[SpanSentence] = []
    rows: list[tuple[str, str]] = []
    first = 0
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    for lineno, line in enumerate([*lines, ""], start=1):
        if not line.strip():
            if rows:
                items.append(_span_sentence(len(items), rows, f"{path}:{first}"))
                rows = []
                if limit is not None and len(items) >= limit:
                    break
            continue
        tok, sep, tag = line.strip().rpartition(" ")
        if not sep or not tok:
            raise DatasetError(f"{path}:{lineno}: expected 'token tag'")
        if not rows:
            first = lineno
        rows.append((tok, tag))
    return _limited(items, limit)


# --- CAMEO coder rounds -----------------------------------------------------------------------

_PENTA_CODE = re.compile(r"^\s*\d+\s*-\s*(\d{1,2})\b")  # "4-17 Coerce": quad class, then root
_DIGITS = re.compile(r"^\s*(\d{2,4})\b")  # a plain CAMEO code: "17", "173", "1731"
_ROUND_DIR = re.compile(r"^training_round_(\d+)$")


def cameo_root(value: str) -> str | None:
    """The two-digit CAMEO root of a coder's entry ("4-17 Coerce", "173"), or None if unreadable."""
    m = _PENTA_CODE.match(value)
    if m:
        root = int(m.group(1))
    else:
        m = _DIGITS.match(value)
        if not m:
            return None
        root = int(m.group(1)[:2])
    return f"{root:02d}" if 1 <= root <= 20 else None


def _round_files(base: Path) -> list[tuple[int, Path]]:
    found: list[tuple[int, Path]] = []
    for sub in base.iterdir():
        m = _ROUND_DIR.match(sub.name)
        if not m or not sub.is_dir():
            continue
        for name in ("summary_v2.csv", "summary.csv"):
            if (sub / name).is_file():
                found.append((int(m.group(1)), sub / name))
                break
    if not found:
        raise DatasetError(f"{base}: no training_round_*/summary_v2.csv or summary.csv found")
    return sorted(found)


def _votes(row: Mapping[str, str | None]) -> list[str]:
    votes: list[str] = []
    for col, value in row.items():
        m = re.fullmatch(r"Action1_CAMEO_(\d+)", col or "")
        if not m or not value:
            continue
        relevant = (row.get(f"1_Relevant_{m.group(1)}") or "").strip().lower()
        if relevant == "false":
            continue
        root = cameo_root(value)
        if root is not None:
            votes.append(root)
    return votes


def load_cameo_rounds(shared_root: Path, limit: int | None = None) -> list[RoundsSentence]:
    """Sentences of ``cameo_coder_rounds`` with a clear majority root (see the module docstring)."""
    base = dev_path(shared_root, "cameo_coder_rounds")
    pooled: dict[str, Counter[str]] = {}
    texts: dict[str, tuple[str, str]] = {}  # key -> (first id, text as first seen)
    for number, path in _round_files(base):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or "sentences" not in reader.fieldnames:
                raise DatasetError(f"{path}: no 'sentences' column")
            for rowno, row in enumerate(reader, start=2):
                text = (row.get("sentences") or "").strip()
                if not text:
                    continue
                key = " ".join(text.split())
                if key not in pooled:
                    pooled[key] = Counter()
                    texts[key] = (f"round{number}:{rowno}", text)
                pooled[key].update(_votes(row))
    items: list[RoundsSentence] = []
    for key, votes in pooled.items():
        ranked = votes.most_common()
        if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            continue
        ident, text = texts[key]
        items.append(
            RoundsSentence(id=ident, text=text, root=ranked[0][0], votes=dict(sorted(votes.items())))
        )
    return _limited(items, limit)
