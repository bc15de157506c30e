"""Tag text with themes of international politics from a rule file of our own.

The taxonomy lives in ``extract/data/themes.yaml`` (format in docs/themes.md). Each theme has an
id, a label, the nearest GDELT GKG theme name (or null) and rules:

* ``terms``: phrases any one of which marks the theme;
* ``all``: co-occurrence groups, each of which must match (in one sentence, or anywhere in the
  text when ``scope: text``);
* ``patterns``: regular expressions for the few cues a phrase cannot say (``COP28``, ``2+2``);
* ``exclude``: phrases whose words do not count for the theme ("tear gas" for energy).

Phrases are matched on word tokens, so "Israel-Hamas war" and "Israel Hamas war" are the same
phrase. A phrase with an upper-case letter is matched case-sensitively ("Quad", "US"); others
ignore case and also match the plural of their last word. ``word~`` marks a lemma: it matches
the word's inflections ("sanction~" -> sanctions, sanctioned, sanctioning) and, when the caller
passes spaCy lemmas, irregular forms the inflector does not know.

Matching is one pass over the tokens of each sentence with dictionary look-ups keyed by the first
word of each phrase, so its cost grows with the text, not with the number of themes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import yaml

from eventwire.errors import DataFileError

__all__ = ["Theme", "ThemeSpec", "ThemeTagger", "default_tagger", "parse_theme_file"]

_TERM = -1  # slot of a hit that is a theme's term
_EXCLUDE = -2  # slot of a hit that masks other hits of its theme
_MAX_EVIDENCE = 8  # evidence phrases kept per theme: enough to explain, short enough to read

# A sentence ends at . ! ? (and closing quotes/brackets) before a space and an upper-case letter,
# digit or opening quote, or at a line break. Abbreviations are checked apart (see _sentences).
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*")
_ABBREV = re.compile(
    r"(?:\b[A-Z]\.(?:[A-Z]\.)*|\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Sen|Rep|Gov|Pres|"
    r"Prof|St|Jr|Sr|No|Vol|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Corp|Co|Ltd|vs)\.)$"
)


@dataclass(frozen=True)
class Theme:
    """A theme of the taxonomy: our id, a label, and the nearest GDELT GKG theme name."""

    id: str
    label: str
    gkg: str | None


class _Entry(NamedTuple):
    theme: int  # index into ThemeTagger._rules
    slot: int  # _TERM, _EXCLUDE or the co-occurrence group number
    lemma: str | None  # the lemma when the phrase is a single ``word~``


class _Hit(NamedTuple):
    theme: int
    slot: int
    start: int  # character offsets of the match in its sentence
    end: int
    surface: str
    lemma: str | None


@dataclass(frozen=True)
class _Rule:
    theme: Theme
    n_groups: int
    text_scope: bool
    patterns: tuple[re.Pattern[str], ...]
    weight: float
    min_score: float
    lemmas: frozenset[str]


@dataclass
class _Tally:
    """What one theme has gathered over a text."""

    score: float = 0.0
    evidence: list[str] = field(default_factory=list)
    lemmas_seen: set[str] = field(default_factory=set)
    group_hits: dict[int, str] = field(default_factory=dict)  # text scope: first surface per group
    anchor_sentences: int = 0  # text scope: sentences in which group 0 matched

    def add_evidence(self, phrase: str) -> None:
        if len(self.evidence) < _MAX_EVIDENCE and phrase.lower() not in (e.lower() for e in self.evidence):
            self.evidence.append(phrase)


class ThemeTagger:
    """Find the themes of a text (or one sentence) with the rules of the taxonomy files."""

    def __init__(self, specs: Sequence[ThemeSpec]) -> None:
        """Compile validated theme specs (use :meth:`load` to read them from files)."""
        self._rules: list[_Rule] = []
        ci: dict[tuple[str, ...], list[_Entry]] = {}
        cs: dict[tuple[str, ...], list[_Entry]] = {}
        for i, spec in enumerate(specs):
            lemmas: set[str] = set()
            slotted: list[tuple[int, Phrase]] = [(_TERM, p) for p in spec.terms]
            slotted += [(_EXCLUDE, p) for p in spec.exclude]
            slotted += [(g, p) for g, group in enumerate(spec.groups) for p in group]
            for slot, phrase in slotted:
                lemma = phrase.lemma if slot == _TERM else None
                if lemma:
                    lemmas.add(lemma)
                index = cs if phrase.case_sensitive else ci
                for form in phrase.forms:
                    index.setdefault(form, []).append(_Entry(i, slot, lemma))
            self._rules.append(
                _Rule(
                    Theme(spec.id, spec.label, spec.gkg),
                    len(spec.groups),
                    spec.scope == "text",
                    tuple(re.compile(p) for p in spec.patterns),
                    spec.weight,
                    spec.min_score,
                    frozenset(lemmas),
                )
            )
        self._ci = {k: tuple(v) for k, v in ci.items()}
        self._cs = {k: tuple(v) for k, v in cs.items()}
        # Phrase lengths by first word, longest first, so a scan only builds keys that can match.
        self._ci_lengths = _lengths_by_first(self._ci)
        self._cs_lengths = _lengths_by_first(self._cs)
        self._with_patterns = tuple(i for i, r in enumerate(self._rules) if r.patterns)

    @classmethod
    def load(cls, extra_paths: Sequence[Path] = ()) -> ThemeTagger:
        """Read the packaged taxonomy and then ``extra_paths`` (later ids replace earlier ones).

        Raises :class:`~eventwire.errors.DataFileError` naming the file and line of a bad entry.
        """
        packaged = resources.files("eventwire.extract") / "data" / "themes.yaml"
        sources = [(str(packaged), packaged.read_text(encoding="utf-8"))]
        for path in extra_paths:
            try:
                sources.append((str(path), Path(path).read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError) as exc:
                raise DataFileError(str(path), None, f"cannot read the theme file: {exc}") from exc
        by_id = {spec.id: spec for name, text in sources for spec in parse_theme_file(text, name)}
        return cls(list(by_id.values()))

    @property
    def themes(self) -> list[Theme]:
        """Every theme of the taxonomy, in file order."""
        return [r.theme for r in self._rules]

    def __call__(self, text: str, *, lemmas: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Themes of ``text``: ``[{"id", "label", "gkg", "score", "evidence"}]``, best first.

        ``score`` counts the distinct cues found per sentence (a satisfied co-occurrence counts
        one), times the theme's weight; a theme is kept when it reaches its ``min_score``.
        ``lemmas`` (e.g. spaCy lemmas of the same text) add lemma cues whose surface forms the
        inflector does not generate ("fought" -> fight).
        """
        tallies: dict[int, _Tally] = {}
        for sentence in _sentences(text):
            self._tally_sentence(sentence, tallies)
        for i, tally in tallies.items():
            rule = self._rules[i]
            if rule.text_scope and len(tally.group_hits) == rule.n_groups:
                tally.score += tally.anchor_sentences
                tally.add_evidence(" + ".join(tally.group_hits[g] for g in range(rule.n_groups)))
        if lemmas:
            self._add_lemma_bag(lemmas, tallies)
        out: list[dict[str, Any]] = []
        for i, tally in tallies.items():
            rule = self._rules[i]
            score = round(tally.score * rule.weight, 3)
            if score > 0 and score >= rule.min_score:
                t = rule.theme
                out.append(
                    {
                        "id": t.id,
                        "label": t.label,
                        "gkg": t.gkg,
                        "score": score,
                        "evidence": list(tally.evidence),
                    }
                )
        out.sort(key=lambda d: (-d["score"], d["id"]))
        return out

    def sentence_themes(self, sentence_text: str) -> list[str]:
        """Ids of the themes one sentence shows (any cue of the theme; ``min_score`` not applied)."""
        tallies: dict[int, _Tally] = {}
        self._tally_sentence(sentence_text, tallies)
        hits = []
        for i, tally in tallies.items():
            rule = self._rules[i]
            if tally.score > 0 or (rule.text_scope and len(tally.group_hits) == rule.n_groups):
                hits.append((-tally.score, rule.theme.id))
        return [theme_id for _, theme_id in sorted(hits)]

    # -- matching ---------------------------------------------------------------------------

    def _tally_sentence(self, sentence: str, tallies: dict[int, _Tally]) -> None:
        tokens = [(m.start(), m.end()) for m in tokenize(sentence)]
        by_theme: dict[int, list[_Hit]] = {}
        for hit in self._scan(sentence, tokens):
            by_theme.setdefault(hit.theme, []).append(hit)
        for i in self._with_patterns:
            for pattern in self._rules[i].patterns:
                for m in pattern.finditer(sentence):
                    by_theme.setdefault(i, []).append(_Hit(i, _TERM, m.start(), m.end(), m.group(0), None))
        for i, hits in by_theme.items():
            self._tally_theme(i, hits, tallies)

    def _scan(self, sentence: str, tokens: list[tuple[int, int]]) -> Iterator[_Hit]:
        words = [sentence[a:b] for a, b in tokens]
        lowered = [w.lower() for w in words]
        n = len(words)
        for index, lengths, seq in (
            (self._ci, self._ci_lengths, lowered),
            (self._cs, self._cs_lengths, words),
        ):
            for k in range(n):
                for size in lengths.get(seq[k], ()):
                    if k + size > n:
                        continue
                    entries = index.get(tuple(seq[k : k + size]))
                    if not entries:
                        continue
                    start, end = tokens[k][0], tokens[k + size - 1][1]
                    for e in entries:
                        yield _Hit(e.theme, e.slot, start, end, sentence[start:end], e.lemma)

    def _tally_theme(self, i: int, hits: list[_Hit], tallies: dict[int, _Tally]) -> None:
        rule = self._rules[i]
        masks = [(h.start, h.end) for h in hits if h.slot == _EXCLUDE]
        if masks:
            hits = [h for h in hits if h.slot != _EXCLUDE and not _inside(h, masks)]
        # A term inside a longer term of the same theme ("oil" in "oil exports") is one cue, not two.
        spans = [(h.start, h.end) for h in hits if h.slot == _TERM]
        hits = [h for h in hits if h.slot != _TERM or not _inside(h, spans, strict=True)]
        if not hits:
            return
        tally = tallies.setdefault(i, _Tally())
        terms: dict[str, str] = {}
        groups: dict[int, str] = {}
        for h in hits:
            if h.slot == _TERM:
                terms.setdefault(h.surface.lower(), h.surface)
                if h.lemma:
                    tally.lemmas_seen.add(h.lemma)
            else:
                groups.setdefault(h.slot, h.surface)
        tally.score += len(terms)
        for surface in terms.values():
            tally.add_evidence(surface)
        if not rule.n_groups or not groups:
            return
        if rule.text_scope:
            for g, surface in groups.items():
                tally.group_hits.setdefault(g, surface)
            tally.anchor_sentences += 0 in groups
        elif len(groups) == rule.n_groups and not terms:
            # Co-occurrence is the fallback cue: a sentence that already has a term gains nothing.
            tally.score += 1
            tally.add_evidence(" + ".join(groups[g] for g in range(rule.n_groups)))

    def _add_lemma_bag(self, lemmas: Sequence[str], tallies: dict[int, _Tally]) -> None:
        bag = {lemma.lower() for lemma in lemmas}
        for i, rule in enumerate(self._rules):
            found = rule.lemmas & bag
            if not found:
                continue
            tally = tallies.get(i)
            missing = found - tally.lemmas_seen if tally else found
            if missing:
                tally = tallies.setdefault(i, _Tally())
                tally.score += len(missing)
                for lemma in sorted(missing):
                    tally.add_evidence(f"{lemma} (lemma)")


def _inside(hit: _Hit, spans: list[tuple[int, int]], *, strict: bool = False) -> bool:
    """Whether ``hit`` lies within one of ``spans`` (``strict``: within and shorter)."""
    return any(
        a <= hit.start and hit.end <= b and (not strict or b - a > hit.end - hit.start) for a, b in spans
    )


def _lengths_by_first(index: dict[tuple[str, ...], tuple[_Entry, ...]]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for key in index:
        lengths.setdefault(key[0], set()).add(len(key))
    return {w: tuple(sorted(s, reverse=True)) for w, s in lengths.items()}


def _sentences(text: str) -> Iterator[str]:
    """Split ``text`` into sentences cheaply; co-occurrence rules are checked within each."""
    start = 0
    for m in _BOUNDARY.finditer(text):
        # "U.S. President" or "Gen. Smith" is not a boundary: the dot belongs to an abbreviation.
        if text[m.start()] == "." and _ABBREV.search(text, max(start, m.start() - 12), m.start() + 1):
            continue
        piece = text[start : m.start() + 1].strip()
        if piece:
            yield piece
        start = m.end()
    piece = text[start:].strip()
    if piece:
        yield piece


@lru_cache(maxsize=1)
def default_tagger() -> ThemeTagger:
    """The tagger of the packaged taxonomy, built once per process."""
    return ThemeTagger.load()


# -- the taxonomy file ------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")
_MARKED_WORD = re.compile(r"([^\W_]+)(~?)")
_ID = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_GKG = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")
# fmt: off
_THEME_KEYS = frozenset((
    "id", "label", "gkg", "description", "terms", "all", "patterns", "exclude", "scope", "weight",
    "min_score",
))
# fmt: on
_MAX_WORDS = 8  # longer phrases are a sign of a sentence pasted in as a rule
_MAX_FORMS = 256  # inflected variants of one phrase; guards against ``a~ b~ c~ d~`` blow-ups
_VOWELS = frozenset("aeiou")
# Irregular past forms of verbs the taxonomy uses as lemmas: facts of English, not rules.
# fmt: off
_IRREGULAR: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "beat": ("beaten",), "begin": ("began", "begun"), "break": ("broke", "broken"),
    "bring": ("brought",), "buy": ("bought",), "drive": ("drove", "driven"), "fall": ("fell", "fallen"),
    "fight": ("fought",), "flee": ("fled",), "forbid": ("forbade", "forbidden"),
    "freeze": ("froze", "frozen"), "give": ("gave", "given"), "hold": ("held",), "lead": ("led",),
    "lose": ("lost",), "meet": ("met",), "overthrow": ("overthrew", "overthrown"),
    "rise": ("rose", "risen"), "seek": ("sought",), "sell": ("sold",), "send": ("sent",),
    "shoot": ("shot",), "sink": ("sank", "sunk"), "slay": ("slew", "slain"), "speak": ("spoke", "spoken"),
    "steal": ("stole", "stolen"), "strike": ("struck", "stricken"), "take": ("took", "taken"),
    "win": ("won",), "withdraw": ("withdrew", "withdrawn"), "shake": ("shook", "shaken"),
    "swear": ("swore", "sworn"), "stand": ("stood",),
})
# fmt: on


def tokenize(text: str) -> Iterator[re.Match[str]]:
    """Word tokens as the matcher sees them: runs of letters and digits (hyphens, dots split)."""
    return _WORD.finditer(text)


@dataclass(frozen=True)
class Phrase:
    """One phrase of a rule, with every token sequence it matches."""

    text: str
    forms: tuple[tuple[str, ...], ...]
    case_sensitive: bool
    lemma: str | None  # set for a single ``word~``: the lemma a spaCy lemma list may show


@dataclass(frozen=True)
class ThemeSpec:
    """A validated theme entry of a taxonomy file."""

    id: str
    label: str
    gkg: str | None
    description: str
    terms: tuple[Phrase, ...]
    groups: tuple[tuple[Phrase, ...], ...]
    patterns: tuple[str, ...]
    exclude: tuple[Phrase, ...]
    scope: str
    weight: float
    min_score: float
    line: int


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    if word.endswith("o") and len(word) > 2 and word[-2] not in _VOWELS:
        return word + "es"  # embargoes, tornadoes, volcanoes
    return word + "s"


def inflections(word: str) -> set[str]:
    """The forms a ``word~`` lemma matches: plural/third person, past, participles, irregulars."""
    forms = {word, _plural(word), *_IRREGULAR.get(word, ())}
    if word.endswith("o"):
        forms.add(word + "s")
    if word.endswith("ee"):
        forms |= {word + "d", word + "ing"}
    elif word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    elif word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        forms |= {word[:-1] + "ied", word + "ing"}
    else:
        forms |= {word + "ed", word + "ing"}
    # Consonant-vowel-consonant endings may double ("ban" -> "banned", "kidnap" -> "kidnapped");
    # both spellings are kept because which one English uses depends on stress.
    cvc = len(word) >= 3 and word[-3] not in _VOWELS and word[-2] in _VOWELS
    if cvc and word[-1] not in _VOWELS | {"w", "x", "y"}:
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


def parse_phrase(raw: str) -> Phrase:
    """Turn a rule phrase into its token forms; raises ValueError saying what is wrong."""
    words = _MARKED_WORD.findall(raw)
    if not words:
        raise ValueError(f"phrase {raw!r} has no words")
    if len(words) > _MAX_WORDS:
        raise ValueError(f"phrase {raw!r} has {len(words)} words (at most {_MAX_WORDS})")
    if raw.count("~") != sum(1 for _, mark in words if mark):
        raise ValueError(f"phrase {raw!r}: '~' must directly follow a word (lemma marker)")
    case_sensitive = any(c.isupper() for c in raw)
    if case_sensitive and "~" in raw:
        raise ValueError(f"phrase {raw!r}: the lemma marker '~' only applies to lower-case words")
    options: list[list[str]] = []
    for n, (word, mark) in enumerate(words):
        if mark:
            options.append(sorted(inflections(word)))
        elif case_sensitive or n < len(words) - 1 or word.endswith("s") or not word.isalpha():
            options.append([word])
        else:
            options.append([word, _plural(word)])
    forms: list[tuple[str, ...]] = [()]
    for choice in options:
        forms = [(*f, w) for f in forms for w in choice]
        if len(forms) > _MAX_FORMS:
            raise ValueError(f"phrase {raw!r} expands to more than {_MAX_FORMS} forms")
    if case_sensitive:
        # Headlines in capitals: "QUAD LEADERS MEET" should match the phrase "Quad".
        forms += [tuple(w.upper() for w in f) for f in forms if any(w != w.upper() for w in f)]
    lemma = words[0][0] if len(words) == 1 and words[0][1] else None
    return Phrase(raw, tuple(dict.fromkeys(forms)), case_sensitive, lemma)


def parse_theme_file(text: str, name: str) -> list[ThemeSpec]:
    """Validate a taxonomy file's text; :class:`DataFileError` names ``name`` and the bad line."""
    try:
        # The C parser (when PyYAML has it) composes the packaged file about ten times faster.
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataFileError(name, line, f"not valid YAML: {getattr(exc, 'problem', None) or exc}") from exc
    if root is None:
        raise DataFileError(name, None, "the file is empty; expected a mapping with a 'themes' list")
    top = _mapping(root, name, {"version", "themes"})
    if "themes" not in top:
        raise DataFileError(name, _line(root), "no 'themes' list")
    if "version" in top and _scalar(top["version"], name) != 1:
        raise DataFileError(name, _line(top["version"]), "unsupported version (this eventwire reads 1)")
    themes_node = top["themes"]
    if not isinstance(themes_node, yaml.SequenceNode):
        raise DataFileError(name, _line(themes_node), "'themes' must be a list of theme entries")
    specs: list[ThemeSpec] = []
    seen: dict[str, int] = {}
    for node in themes_node.value:
        spec = _theme(node, name)
        if spec.id in seen:
            raise DataFileError(
                name, spec.line, f"duplicate theme id {spec.id!r} (first on line {seen[spec.id]})"
            )
        seen[spec.id] = spec.line
        specs.append(spec)
    return specs


def _theme(node: yaml.Node, name: str) -> ThemeSpec:
    fields = _mapping(node, name, _THEME_KEYS)
    line = _line(node)
    for key in ("id", "label", "gkg"):
        if key not in fields:
            raise DataFileError(name, line, f"theme entry has no {key!r} (write 'gkg: null' when none fits)")
    theme_id = _text(fields["id"], name, "id")
    if not _ID.fullmatch(theme_id):
        raise DataFileError(name, _line(fields["id"]), f"theme id {theme_id!r} is not snake_case")
    gkg = _scalar(fields["gkg"], name)
    if gkg is not None and not (isinstance(gkg, str) and _GKG.fullmatch(gkg)):
        raise DataFileError(
            name, _line(fields["gkg"]), f"gkg {gkg!r} is not a GKG theme name (e.g. PROTEST) or null"
        )
    terms = _phrases(fields.get("terms"), name)
    exclude = _phrases(fields.get("exclude"), name)
    groups: list[tuple[Phrase, ...]] = []
    if "all" in fields:
        all_node = fields["all"]
        if not isinstance(all_node, yaml.SequenceNode) or len(all_node.value) < 2:
            raise DataFileError(name, _line(all_node), "'all' must be a list of at least two phrase lists")
        groups = [_phrases(g, name) for g in all_node.value]
        if any(not g for g in groups):
            raise DataFileError(name, _line(all_node), "'all' has an empty group")
    patterns = []
    for value, vline in _strings(fields.get("patterns"), name):
        try:
            re.compile(value)
        except re.error as exc:
            raise DataFileError(
                name, vline, f"pattern {value!r} is not a valid regular expression: {exc}"
            ) from exc
        patterns.append(value)
    if not (terms or groups or patterns):
        raise DataFileError(name, line, f"theme {theme_id!r} has no rules: give 'terms', 'all' or 'patterns'")
    scope = _text(fields["scope"], name, "scope") if "scope" in fields else "sentence"
    if scope not in ("sentence", "text"):
        raise DataFileError(
            name, _line(fields["scope"]), f"scope must be 'sentence' or 'text', not {scope!r}"
        )
    return ThemeSpec(
        id=theme_id,
        label=_text(fields["label"], name, "label"),
        gkg=gkg,
        description=_text(fields["description"], name, "description") if "description" in fields else "",
        terms=terms,
        groups=tuple(groups),
        patterns=tuple(patterns),
        exclude=exclude,
        scope=scope,
        weight=_number(fields.get("weight"), name, 1.0),
        min_score=_number(fields.get("min_score"), name, 1.0),
        line=line,
    )


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _mapping(node: yaml.Node, name: str, allowed: frozenset[str] | set[str]) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise DataFileError(name, _line(node), "expected a mapping of 'key: value' lines")
    out: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        if key not in allowed:
            raise DataFileError(
                name, _line(key_node), f"unknown key {key!r} (known: {', '.join(sorted(allowed))})"
            )
        if key in out:
            raise DataFileError(name, _line(key_node), f"key {key!r} given twice")
        out[key] = value_node
    return out


def _scalar(node: yaml.Node, name: str) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise DataFileError(name, _line(node), "expected a single value, not a list or mapping")
    # compose() has already resolved the tag of a plain scalar the way yaml.safe_load would.
    tag, value = node.tag.rsplit(":", 1)[-1], node.value
    if tag == "null":
        return None
    if tag == "bool":
        return value.lower() in ("true", "yes", "on")
    if tag in ("int", "float"):
        try:
            return int(value.replace("_", "")) if tag == "int" else float(value.replace("_", ""))
        except ValueError:
            return value  # hex, sexagesimal, .inf: not numbers a theme file needs
    return value


def _text(node: yaml.Node, name: str, key: str) -> str:
    value = _scalar(node, name)
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(name, _line(node), f"{key!r} must be non-empty text")
    return value.strip()


def _number(node: yaml.Node | None, name: str, default: float) -> float:
    if node is None:
        return default
    value = _scalar(node, name)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise DataFileError(name, _line(node), f"expected a positive number, not {value!r}")
    return float(value)


def _strings(node: yaml.Node | None, name: str) -> list[tuple[str, int]]:
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise DataFileError(name, _line(node), "expected a list, e.g. [war, armed conflict]")
    out = []
    for item in node.value:
        value = _scalar(item, name)
        if not isinstance(value, str) or not value.strip():
            raise DataFileError(name, _line(item), f"expected a phrase, not {value!r}")
        out.append((value.strip(), _line(item)))
    return out


def _phrases(node: yaml.Node | None, name: str) -> tuple[Phrase, ...]:
    phrases = []
    for value, vline in _strings(node, name):
        try:
            phrases.append(parse_phrase(value))
        except ValueError as exc:
            raise DataFileError(name, vline, str(exc)) from exc
    return tuple(phrases)
