"""The event lexicon: which CAMEO code a trigger frame means, and where its actors are.

A *frame* is one line of ``extract/data/frames.csv`` (or of a user's frame file)::

    trigger,pos,particle,object,cameo,source,target,note
    hold,VERB,,@MEETING,040,subj,prep:with|none,hold talks: consult
    call,VERB,off,@MEETING,164,subj,prep:with|none,call off talks: halt negotiations
    call,VERB,for,@CEASEFIRE,0256,subj,none,call for a ceasefire: appeal for de-escalation

``trigger`` is a spaCy lemma, ``pos`` VERB or NOUN, ``particle`` a phrasal particle or a
preposition the trigger must govern, ``object`` a constraint on the direct object or verbal
complement (VERB) or on a compound/adjective modifier (NOUN), given as ``@CLASS`` names from
``object_classes.csv`` and/or literal lemmas; ``source`` and ``target`` are the syntactic roles
holding the actors (``|`` lists are tried in order). docs/lexicon.md documents the format.

Frames for one trigger are kept most specific first: particle and object, then particle, then
object, then bare, file order breaking ties. The event coder takes the first frame that matches.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from eventwire.errors import DataFileError
from eventwire.extract.cameo import CameoTable, default_cameo

__all__ = ["CLASSES_PATH", "FRAMES_PATH", "Frame", "Lexicon", "default_lexicon"]

DATA_DIR = Path(__file__).parent / "data"
FRAMES_PATH = DATA_DIR / "frames.csv"
CLASSES_PATH = DATA_DIR / "object_classes.csv"

FRAME_COLUMNS = ("trigger", "pos", "particle", "object", "cameo", "source", "target", "note")
CLASS_COLUMNS = ("class", "lemmas")
POS_TAGS = ("VERB", "NOUN")
# Roles a frame may name, per part of speech; "prep:<word>" is valid for both.
VERB_ROLES = frozenset({"subj", "dobj", "dobj_of", "dative", "ccomp_subj"})
NOUN_ROLES = frozenset({"poss", "of", "by", "compound", "amod", "ccomp_subj"})
DEFAULT_SOURCE = {"VERB": ("subj",), "NOUN": ("poss", "compound", "amod")}
DEFAULT_TARGET: dict[str, tuple[str, ...]] = {"VERB": ("dobj",), "NOUN": ()}
# A cameo value of "-" in a user file removes the packaged frame with the same key.
REMOVE = "-"

# One spaCy token: spaCy splits "sit-in" and "de-escalation" at the hyphen, so no hyphens.
_WORD = re.compile(r"^[a-z][a-z0-9']*$")
_CLASS_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
_PREP_ROLE = re.compile(r"^prep:[a-z]+$")

FrameKey = tuple[str, str, str | None, frozenset[str] | None]
_Fail = Callable[[str], DataFileError]


@dataclass(frozen=True)
class Frame:
    """One trigger frame: a lemma (with optional particle and object constraint) and its code."""

    trigger: str
    pos: str
    particle: str | None
    objects: frozenset[str] | None
    cameo: str
    source: tuple[str, ...]
    target: tuple[str, ...]  # () means the event has no target
    note: str
    line: int
    file: str
    object_spec: str = ""  # the object column as written ("@MEETING"), for explanations
    # False when the target column lists roles without a final "none": the frame expects a
    # target, so an event found without one is less certain.
    target_optional: bool = True

    @property
    def rule(self) -> str:
        """Where the frame comes from and what it keys on, e.g. ``frames.csv:123 hold+@MEETING``."""
        parts = [self.trigger]
        if self.particle:
            parts.append(self.particle)
        if self.object_spec:
            parts.append(self.object_spec)
        return f"{self.file}:{self.line} {'+'.join(parts)}"

    @property
    def specificity(self) -> int:
        """0 for particle + object, 1 for particle, 2 for object, 3 for a bare frame."""
        if self.particle is not None:
            return 0 if self.objects is not None else 1
        return 2 if self.objects is not None else 3

    @property
    def key(self) -> FrameKey:
        """Two frames with the same key are the same rule (a later one replaces an earlier one)."""
        return (self.trigger, self.pos, self.particle, self.objects)

    def matches(self, particle: str | None, object_lemma: str | None) -> bool:
        """True when this frame applies to a trigger with ``particle`` and object ``object_lemma``.

        A frame without a particle applies only when the trigger has none ("call off" is not
        "call"); a frame without an object constraint applies with any object or none.
        """
        wanted = particle.lower() if particle else None
        if self.particle != wanted:
            return False
        if self.objects is None:
            return True
        return object_lemma is not None and object_lemma.lower() in self.objects


class Lexicon:
    """Trigger frames indexed by (lemma, pos), with the object classes they refer to."""

    def __init__(self, frames: Iterable[Frame], classes: Mapping[str, frozenset[str]]) -> None:
        index: dict[tuple[str, str], list[Frame]] = {}
        for frame in frames:
            index.setdefault((frame.trigger, frame.pos), []).append(frame)
        # sorted() is stable, so file order breaks ties within a specificity level.
        self._index = {key: tuple(sorted(group, key=lambda f: f.specificity)) for key, group in index.items()}
        self._classes = dict(classes)
        self._size = sum(len(group) for group in self._index.values())

    @classmethod
    def load(cls, extra_paths: Sequence[Path] = (), *, cameo: CameoTable | None = None) -> Lexicon:
        """Read the packaged frames and object classes, then each of ``extra_paths`` in order.

        An extra file with the header ``class,lemmas`` adds (or redefines) object classes; any
        other extra file is a frame file whose frames add to the packaged ones and replace a
        packaged frame with the same trigger, pos, particle and object. Every line is
        validated; the first bad one raises DataFileError naming its file and line.
        """
        table = cameo if cameo is not None else default_cameo()
        extra = [Path(p) for p in extra_paths]
        class_files = [p for p in extra if _header(p) == CLASS_COLUMNS]
        classes: dict[str, frozenset[str]] = {}
        for path in [CLASSES_PATH, *class_files]:
            classes.update(_read_classes(path))
        frames: dict[FrameKey, Frame] = {}
        for path in [FRAMES_PATH, *(p for p in extra if p not in class_files)]:
            for frame in _read_frames(path, table, classes, removable=path != FRAMES_PATH):
                if frame.cameo == REMOVE:
                    if frames.pop(frame.key, None) is None:
                        reason = "'-' removes an earlier frame, but no frame has this key"
                        raise DataFileError(str(path), frame.line, reason)
                else:
                    frames[frame.key] = frame
        return cls(frames.values(), classes)

    def frames(self, lemma: str, pos: str) -> list[Frame]:
        """The frames for ``lemma`` as ``pos`` (VERB or NOUN), most specific first; [] if none."""
        return list(self._index.get((lemma.lower(), pos), ()))

    def has_trigger(self, lemma: str, pos: str) -> bool:
        """True when at least one frame has this lemma and part of speech."""
        return (lemma.lower(), pos) in self._index

    def match(
        self,
        lemma: str,
        pos: str,
        *,
        particle: str | None = None,
        objects: Iterable[str] = (),
        preps: Mapping[str, str | None] | None = None,
    ) -> Frame | None:
        """The first (most specific) frame that fits a trigger in a parse, or None.

        ``particle`` is the verb's phrasal particle (dep ``prt``). ``objects`` are the lemmas
        an object constraint is checked against: for a verb its direct object (and conjuncts)
        and, for a to-infinitive complement, the infinitive and its object ("threatened to
        impose sanctions": impose, sanction); for a noun its compound and adjective modifiers
        ("hunger strike"). ``preps`` maps each preposition the trigger governs to the lemma of
        that preposition's object. A frame whose particle is a preposition ("call" + "for",
        "strike" + "on") matches when the trigger governs that preposition; its object
        constraint is then checked against the preposition's object as well as ``objects``.
        """
        wanted = particle.lower() if particle else None
        lemmas = {o.lower() for o in objects if o}
        governed = {k.lower(): (v.lower() if v else None) for k, v in (preps or {}).items()}
        for frame in self._index.get((lemma.lower(), pos), ()):
            if frame.particle is None or frame.particle == wanted:
                # A bare frame does not apply to a phrasal verb: "call off" is not "call".
                if frame.particle is None and wanted is not None:
                    continue
                if frame.objects is None or lemmas & frame.objects:
                    return frame
            elif frame.particle in governed:
                pobj = governed[frame.particle]
                candidates = lemmas | {pobj} if pobj else lemmas
                if frame.objects is None or candidates & frame.objects:
                    return frame
        return None

    def object_class(self, name: str) -> frozenset[str]:
        """The lemmas of an object class, by name with or without its ``@``."""
        key = name.lstrip("@")
        try:
            return self._classes[key]
        except KeyError:
            raise KeyError(
                f"unknown object class {name!r}; known: {', '.join(sorted(self._classes))}"
            ) from None

    def object_classes(self) -> tuple[str, ...]:
        """The names of all object classes."""
        return tuple(sorted(self._classes))

    def triggers(self) -> tuple[tuple[str, str], ...]:
        """Every (lemma, pos) pair that has at least one frame."""
        return tuple(self._index)

    def __iter__(self) -> Iterator[Frame]:
        for group in self._index.values():
            yield from group

    def __len__(self) -> int:
        return self._size


def _header(path: Path) -> tuple[str, ...]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                if row and not row[0].lstrip().startswith("#"):
                    return tuple(cell.strip() for cell in row)
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot read the file: {exc.strerror}") from None
    return ()


def _rows(path: Path, columns: tuple[str, ...]) -> Iterable[tuple[int, dict[str, str]]]:
    """Yield (line number, row as a dict) for each data row, after checking the header."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot read the file: {exc.strerror}") from None
    with handle:
        reader = csv.reader(handle)
        header: list[str] | None = None
        for row in reader:
            if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [cell.strip() for cell in row]
                _check_header(header, columns, str(path), reader.line_num)
                continue
            if len(row) != len(header):
                raise DataFileError(
                    str(path), reader.line_num, f"expected {len(header)} columns, found {len(row)}"
                )
            yield reader.line_num, {name: cell.strip() for name, cell in zip(header, row, strict=True)}
        if header is None:
            raise DataFileError(str(path), None, f"no header line; expected {','.join(columns)}")


def _check_header(header: list[str], columns: tuple[str, ...], path: str, line: int) -> None:
    unknown = [name for name in header if name not in columns]
    if unknown:
        raise DataFileError(path, line, f"unknown column {unknown[0]!r}; the columns are {','.join(columns)}")
    missing = [name for name in columns if name not in header]
    if missing:
        raise DataFileError(path, line, f"missing column {missing[0]!r}; the columns are {','.join(columns)}")
    if len(set(header)) != len(header):
        raise DataFileError(path, line, "a column is named twice")


def _read_classes(path: Path) -> dict[str, frozenset[str]]:
    classes: dict[str, frozenset[str]] = {}
    for line, row in _rows(path, CLASS_COLUMNS):
        name = row["class"]
        if not _CLASS_NAME.match(name):
            raise DataFileError(str(path), line, f"class name {name!r} must be upper case (e.g. ATTACK)")
        if name in classes:
            raise DataFileError(str(path), line, f"class {name} is defined twice")
        lemmas = [lemma.strip() for lemma in row["lemmas"].split("|")]
        for lemma in lemmas:
            if not _WORD.match(lemma):
                raise DataFileError(str(path), line, f"{lemma!r} is not a lower-case lemma")
        classes[name] = frozenset(lemmas)
    return classes


def _read_frames(
    path: Path, table: CameoTable, classes: Mapping[str, frozenset[str]], *, removable: bool
) -> list[Frame]:
    frames: list[Frame] = []
    seen: dict[FrameKey, int] = {}
    for line, row in _rows(path, FRAME_COLUMNS):
        frame = _parse_frame(row, str(path), path.name, line, table, classes, removable=removable)
        if frame.key in seen:
            raise DataFileError(
                str(path), line, f"same trigger, pos, particle and object as line {seen[frame.key]}"
            )
        seen[frame.key] = line
        frames.append(frame)
    return frames


def _parse_frame(
    row: Mapping[str, str],
    path: str,
    name: str,
    line: int,
    table: CameoTable,
    classes: Mapping[str, frozenset[str]],
    *,
    removable: bool,
) -> Frame:
    def fail(reason: str) -> DataFileError:
        return DataFileError(path, line, reason)

    trigger, pos = row["trigger"], row["pos"]
    if not _WORD.match(trigger):
        raise fail(f"trigger {trigger!r} must be one lower-case spaCy lemma")
    if pos not in POS_TAGS:
        raise fail(f"pos {pos!r} must be VERB or NOUN")
    particle = row["particle"] or None
    if particle is not None and not _WORD.match(particle):
        raise fail(f"particle {particle!r} must be one lower-case word")
    objects = _parse_objects(row["object"], classes, fail)
    code = row["cameo"]
    if not (removable and code == REMOVE):
        if code not in table:
            raise fail(f"unknown CAMEO code {code!r} (codes keep their leading zeros)")
        if table.get(code).is_root:
            raise fail(f"use a three- or four-digit code, not the root {code!r} (e.g. {code}0)")
    source = _parse_roles(row["source"], pos, DEFAULT_SOURCE[pos], fail, "source")
    if not source:
        raise fail("source cannot be none")
    target = _parse_roles(row["target"], pos, DEFAULT_TARGET[pos], fail, "target")
    target_optional = not target or row["target"].endswith("none")
    if not row["note"]:
        raise fail("note is empty; write the one-line explanation shown as evidence")
    return Frame(
        trigger=trigger,
        pos=pos,
        particle=particle,
        objects=objects,
        cameo=code,
        source=source,
        target=target,
        note=row["note"],
        line=line,
        file=name,
        object_spec=row["object"],
        target_optional=target_optional,
    )


def _parse_objects(spec: str, classes: Mapping[str, frozenset[str]], fail: _Fail) -> frozenset[str] | None:
    if not spec:
        return None
    lemmas: set[str] = set()
    for item in (part.strip() for part in spec.split("|")):
        if item.startswith("@"):
            if item[1:] not in classes:
                raise fail(f"unknown object class {item!r}; define it in object_classes.csv")
            lemmas |= classes[item[1:]]
        elif _WORD.match(item):
            lemmas.add(item)
        else:
            raise fail(f"object {item!r} must be @CLASS or a lower-case lemma")
    return frozenset(lemmas)


def _parse_roles(spec: str, pos: str, default: tuple[str, ...], fail: _Fail, column: str) -> tuple[str, ...]:
    if not spec:
        return default
    if spec == "none":
        return ()
    allowed = VERB_ROLES if pos == "VERB" else NOUN_ROLES
    parts = [part.strip() for part in spec.split("|")]
    if column == "target" and parts[-1] == "none":
        parts.pop()  # "a|b|none": try a, then b, else the event has no target
    roles: list[str] = []
    for role in parts:
        role = {"prep:of": "of", "prep:by": "by"}.get(role, role) if pos == "NOUN" else role
        if role not in allowed and not _PREP_ROLE.match(role):
            choices = ", ".join(sorted(allowed)) + ", prep:<word>"
            raise fail(f"{column} role {role!r} is not valid for a {pos} frame ({choices}, or none)")
        roles.append(role)
    return tuple(roles)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The packaged lexicon, read and validated once per process."""
    return Lexicon.load()
