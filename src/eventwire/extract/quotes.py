"""Direct quotations and who said them.

:mod:`~eventwire.extract.quote_marks` finds the text between quotation marks; the rules of
:mod:`~eventwire.extract.quote_cues` link each region to a cue and a speaker. For each region
the first rule that answers wins:

0. **a transcript label** — a paragraph opening ``"PENCE: Well, ..."``: the label is the speaker
   and is cut from the quotation.
1. **a byline** — ``"..." ― Maria Lopez`` closing the paragraph (vox pops).
2. **after the quote** — ``"...," Blinken said``, ``"...," said the minister``, ``"..." the
   minister told reporters``: a cue among the first words after the closing mark with only a
   noun phrase between (an appositive between commas is allowed). After a whole quoted sentence
   ending in a comma, ``?`` or ``!`` any verb will do (``"...," she recalled``). Tried first when
   the quote opens its sentence, after rules 3 and 4 otherwise.
3. **the governing cue** — a cue the quoted words hang from in the dependency tree, climbing
   through complements and conjuncts but not out of adverbial or relative clauses
   (``called it "reckless"``, ``said despite "various issues"``, ``Blinken said: "..."``).
4. **before the quote** — the nearest cue before the opening mark in its sentence.
5. **according to X** — in the quote's sentence or the one before it in the paragraph.
6. **a colon** — the quote follows a colon (``issued the following statement: "..."``, also
   across a paragraph break): the cue of that sentence, else its nearest verb with a subject.
7. **the sentence before** — when the quote's sentence is nothing but quotation: the speaker of
   the previous sentence's quote, else the subject of its main cue (``Kerry said that ...
   "More."``), else an earlier quote of the paragraph. Across a paragraph break (the paragraph
   holding only quotation) a previous quote's speaker makes a ``continuation``.
8. **the sentence's subject** — a long (more than four words) fragment inside a sentence with no
   cue takes the subject of the verb it hangs from when that is a name, a personal pronoun or
   a named entity (``Moore thanked him for "..."``), never the subject of "to be".

The speaker is the subject of the cue (the nearest when the parser gives two; climbing through
``saying``/``adding`` participles, conjoined verbs, prepositions and relative clauses; from ``a
statement saying`` or ``emailed supporters saying`` to who issued or emailed; an agent ``by X``
for a passive cue) with its compound, title and ``of``-phrase modifiers and an appositive name
(``The finance minister, Lou Jiwei``); for "according to" the object of "to". Its character span
goes to ``resolve_speaker``, which returns ``(actor id or None, display name)``; without a
resolver, or when it returns None, the name is the mention's text.

Names and scare quotes are not quotations (the heuristic, measured on PolNeAR train and dev):

* a region with no letter (tweet ids, figures) or right after "so-called" is dropped;
* a *title-cased* region (every word but small function words capitalised) is a name when it
  follows a possessive or a naming word (``NBC's "Meet the Press."``, ``a website called "Cape
  Breton If ..."``, ``on "This Week"``), or when it is short (at most four words) and not framed
  as speech — framed means followed by a comma and its cue (``"Never," he said``), right after a
  cue and a colon or comma (``said: "No Way"``), or a single word ending in ``.!?``;
* a lower-case *short* region not ending in ``.!?`` is a scare quote unless a rule of 0-6
  attributes it (``called it "reckless"`` stays, ``the "peace plan" collapsed`` goes);
* a longer region nobody is found to say is kept with speaker None, unless it is title-cased
  (a book, a law, a show), or it is in single marks (subheadings, stray apostrophes).

``kind`` is ``"continuation"`` for rule 7 across paragraphs; ``"direct"`` when the quote starts
with a capital (or digit) and stands as a clause of its own — opening its sentence, after a
colon, comma or dash, or right after the cue; ``"partial"`` otherwise.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal

from spacy.tokens import Doc, Token

from eventwire.extract import quote_cues as qc
from eventwire.extract.quote_marks import QuoteRegion, find_regions
from eventwire.records import Quote

__all__ = ["CUE_VERBS", "SpeakerResolver", "find_quotes"]

CUE_VERBS = qc.CUE_VERBS
SpeakerResolver = Callable[[int, int], "tuple[str | None, str] | None"]
Kind = Literal["direct", "partial", "continuation"]


def _words(text: str) -> frozenset[str]:
    """A word list written as one string (easier to read and extend than a literal of strings)."""
    return frozenset(text.split())


_SMALL_WORDS = _words("a an and at by for in of on or the to with from vs")
_SPEECH_END = frozenset(".!?…")
# Words after which a title-cased quotation is a name: 'a group called "X Y"', 'on "Meet the Press"'.
_NAME_INTRODUCERS = _words(
    "called titled entitled named dubbed headlined nicknamed branded as of on in at from to for by the a an"
)
# A speaker's label opening a transcript line: "PENCE: Well, ...", "SEN. SANDERS: ...".
_LABEL = re.compile(r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}):\s+")
_SHORT = 4  # words: quoted spans up to this long may be names or scare quotes


@dataclass
class _Found:
    """A region accepted as a quotation, with what attributes it."""

    region: QuoteRegion
    sent: int
    kind: Kind
    cue: str | None
    speaker: dict[str, Any] | None
    how: str  # the rule that attributed it ("after", "governing", ...), "none" without speaker


@dataclass(frozen=True)
class _Where:
    """Where a region sits: its tokens, its sentence and paragraph."""

    first: int  # first quoted token
    last: int  # last quoted token
    open_tok: int  # the token of the opening mark
    close_tok: int  # the first token after the closing mark
    sent: int  # sentence of the first quoted token
    para_lo: int  # character bounds of the paragraph
    para_hi: int
    opens_sentence: bool  # only punctuation before the opening mark in its sentence


# -- names, scare quotes and kinds ----------------------------------------------------------------


def _title_cased(quoted: str) -> bool:
    words = [w.lstrip("(\"'‘“[") for w in quoted.split() if any(c.isalpha() for c in w)]
    content = [w for w in words if w.lower().strip(",.:;!?") not in _SMALL_WORDS]
    return bool(content) and all(w[:1].isupper() or not w[:1].isalpha() for w in content)


def _prev_char(text: str, at: int, floor: int) -> str:
    i = at - 1
    while i >= floor and text[i].isspace():
        i -= 1
    return text[i] if i >= floor else ""


def _so_called(text: str, open_at: int, floor: int) -> bool:
    before = text[max(floor, open_at - 12) : open_at].lower().rstrip()
    return before.endswith(("so-called", "so called"))


def _speech_framed(ctx: qc.CueContext, r: QuoteRegion, hit: qc.Hit, para_lo: int) -> bool:
    """Is a short title-cased region presented as an utterance rather than a name?"""
    if hit.how == "after":
        return ctx.text[r.end - 1 : r.end] in (",", "!", "?")
    cue = ctx.doc[hit.cue]
    if _prev_char(ctx.text, r.open_at, para_lo) in (":", ","):
        return 0 < r.open_at - (cue.idx + len(cue)) <= 4
    return False


def _is_name(ctx: qc.CueContext, r: QuoteRegion, hit: qc.Hit | None, para_lo: int) -> bool:
    """Is a title-cased region a name (of a show, book, law, group) rather than speech?"""
    text = ctx.text
    n_words = len(text[r.start : r.end].split())
    before = text[max(para_lo, r.open_at - 12) : r.open_at].rstrip().lower()
    introduced = before.endswith(("'s", "’s")) or before.rsplit(" ", 1)[-1] in _NAME_INTRODUCERS
    if introduced and n_words > 1:
        return True
    if n_words > _SHORT or (n_words == 1 and text[r.end - 1] in _SPEECH_END):
        return False  # a long title-cased quotation, or "Never."
    return hit is None or not _speech_framed(ctx, r, hit, para_lo)


def _kind(ctx: qc.CueContext, r: QuoteRegion, where: _Where, cue: Token | None) -> Kind:
    quoted = ctx.text[r.start : r.end]
    first_alpha = next((c for c in quoted if c.isalnum()), "")
    after_cue = cue is not None and 0 <= r.open_at - (cue.idx + len(cue)) <= 2
    alone = where.opens_sentence or after_cue or _prev_char(ctx.text, r.open_at, where.para_lo) in ":,—–-"
    return "direct" if (first_alpha.isupper() or first_alpha.isdigit()) and alone else "partial"


# -- paragraphs -----------------------------------------------------------------------------------


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    bounds = []
    start = 0
    for line in text.split("\n"):
        bounds.append((start, start + len(line)))
        start += len(line) + 1
    return bounds


def _previous_paragraph(paras: list[tuple[int, int]], text: str, para: int) -> int | None:
    for p in range(para - 1, -1, -1):
        lo, hi = paras[p]
        if text[lo:hi].strip():
            return p
    return None


def _only_quotation(text: str, lo: int, hi: int, regions: list[QuoteRegion], para: int) -> bool:
    """Does the paragraph hold nothing but quotation (no narration)?"""
    pos, rest = lo, []
    for r in regions:
        if r.para == para:
            rest.append(text[pos : r.open_at])
            pos = r.close_end
    rest.append(text[pos:hi])
    return not any(c.isalpha() for c in "".join(rest))


# -- the pass over the regions --------------------------------------------------------------------


class _Finder:
    """One document's quotations: the regions, attributed in text order."""

    def __init__(
        self, doc: Doc, text: str, regions: list[QuoteRegion], resolve: SpeakerResolver | None
    ) -> None:
        self.ctx = qc.build_context(doc, text, regions)
        self.text = text
        self.regions = regions
        self.resolve = resolve
        self.paras = _paragraph_bounds(text)
        self.last_in_para: dict[int, _Found] = {}  # the last quote with a speaker, per paragraph
        self.last_in_sent: dict[int, _Found] = {}  # likewise per sentence
        self.speakers: dict[tuple[int, int], dict[str, Any]] = {}

    def run(self) -> Iterator[_Found]:
        for r_i, r in enumerate(self.regions):
            item = self.one(r_i, r)
            if item is None:
                continue
            if item.speaker is not None:
                self.last_in_para[r.para] = item
                self.last_in_sent[item.sent] = item
            yield item

    def speaker(self, span: tuple[int, int] | None) -> dict[str, Any] | None:
        if span is None:
            return None
        if span not in self.speakers:
            resolved = self.resolve(*span) if self.resolve is not None else None
            actor, name = resolved if resolved is not None else (None, self.text[span[0] : span[1]])
            self.speakers[span] = {"actor": actor, "name": name, "span": [span[0], span[1]]}
        return self.speakers[span]

    def where(self, r: QuoteRegion) -> _Where:
        ctx = self.ctx
        first = bisect_left(ctx.starts, r.start)
        open_tok = ctx.token_at(r.open_at)
        s_lo = ctx.sent_bounds[ctx.sent_of[open_tok]][0]
        para_lo, para_hi = self.paras[r.para]
        opens = r.open_at == para_lo or all(
            ctx.doc[i].is_punct or ctx.doc[i].is_space for i in range(s_lo, open_tok)
        )
        last = max(first, ctx.token_at(r.end - 1))
        close_tok = bisect_left(ctx.starts, r.close_end)
        return _Where(first, last, open_tok, close_tok, ctx.sent_of[first], para_lo, para_hi, opens)

    def one(self, r_i: int, r: QuoteRegion) -> _Found | None:
        ctx, text = self.ctx, self.text
        where = self.where(r)
        quoted = text[r.start : r.end]
        if not any(c.isalpha() for c in quoted) or _so_called(text, r.open_at, where.para_lo):
            return None
        label = _LABEL.match(text, r.start) if r.open_at == where.para_lo else None
        if label is not None and label.end() < r.end and sum(c.isalpha() for c in label.group(1)) > 1:
            # A transcript line: the label names the speaker and is not part of the quotation.
            spoken = replace(r, start=label.end())
            return _Found(spoken, where.sent, "direct", ":", self.speaker(label.span(1)), "label")

        title = _title_cased(quoted)
        hit = self.attribute(r_i, r, where)
        if title and _is_name(ctx, r, hit, where.para_lo):
            return None  # the "2+2 Dialogue", NBC's "Meet the Press."
        if hit is not None:
            cue_tok = ctx.doc[hit.cue]
            cue = hit.cue_text or ("according to" if cue_tok.lower_ == "according" else cue_tok.text)
            speaker = self.speaker(qc.speaker_span(ctx, hit))
            return _Found(r, where.sent, _kind(ctx, r, where, cue_tok), cue, speaker, hit.how)
        if (len(quoted.split()) <= _SHORT and quoted[-1] not in _SPEECH_END) or not r.double:
            # A scare quote with nobody saying it; single marks without a cue are more often
            # subheadings or apostrophes than quotations.
            return None
        previous = self.previous(r, where)
        if previous is not None:
            return previous
        if title:
            return None  # a title of a book, a law or a show
        verb = None if where.opens_sentence else qc.subject_verb(ctx, where.first, where.last, r_i)
        if verb is not None:
            speaker = self.speaker(qc.speaker_span(ctx, qc.Hit(verb, "subject")))
            return _Found(r, where.sent, _kind(ctx, r, where, None), ctx.doc[verb].text, speaker, "subject")
        return _Found(r, where.sent, _kind(ctx, r, where, None), None, None, "none")

    def attribute(self, r_i: int, r: QuoteRegion, where: _Where) -> qc.Hit | None:
        """Rules 1-6 of the module docstring."""
        ctx = self.ctx
        quoted = self.text[r.start : r.end]
        if where.opens_sentence and r.closed:
            hit = qc.byline(ctx, r.close_end)
            if hit is not None:
                return hit

        def after() -> int | None:
            return qc.cue_after(ctx, where.close_tok, quoted, where.opens_sentence) if r.closed else None

        def governing() -> int | None:
            return qc.governing_cue(ctx, where.first, where.last, r_i) if ctx.parsed else None

        rules: list[tuple[str, Callable[[], int | None]]] = [
            ("governing", governing),
            ("before", lambda: qc.cue_before(ctx, where.open_tok)),
        ]
        rules.insert(0 if where.opens_sentence else 2, ("after", after))
        rules.append(
            ("according", lambda: qc.according_cue(ctx, where.first, where.last, ctx.token_at(where.para_lo)))
        )
        rules.append(("colon", lambda: qc.colon_cue(ctx, where.open_tok)))
        for how, rule in rules:
            cue = rule()
            if cue is not None:
                return qc.Hit(cue, how, where.close_tok)
        return None

    def previous(self, r: QuoteRegion, where: _Where) -> _Found | None:
        """Rule 7: a sentence of nothing but quotation takes the speaker of the one before."""
        ctx, k = self.ctx, where.sent
        if k == 0 or not ctx.narration_free(k):
            return None
        para_first_tok = ctx.token_at(where.para_lo)
        if ctx.sent_bounds[k - 1][1] > para_first_tok:  # the sentence before is in this paragraph
            prev = self.last_in_sent.get(k - 1)
            if prev is None:
                cue = qc.sentence_cue(ctx, k - 1)
                if cue is not None:
                    return self.from_cue(r, k, cue, "direct")
                prev = self.last_in_para.get(r.para)
            if prev is None:
                return None
            return _Found(r, k, _kind(ctx, r, where, None), prev.cue, prev.speaker, "inherited")
        if not _only_quotation(self.text, where.para_lo, where.para_hi, self.regions, r.para):
            return None
        p = _previous_paragraph(self.paras, self.text, r.para)
        if p is None:
            return None
        prev = self.last_in_sent.get(k - 1)
        if prev is None or prev.region.para != p:
            if ctx.sent_bounds[k - 1][0] >= ctx.token_at(self.paras[p][0]):
                cue = qc.sentence_cue(ctx, k - 1)
                if cue is not None:
                    return self.from_cue(r, k, cue, "direct")
            prev = self.last_in_para.get(p)
        if prev is None:
            return None
        return _Found(r, k, "continuation", None, prev.speaker, "continuation")

    def from_cue(self, r: QuoteRegion, k: int, cue: int, kind: Kind) -> _Found:
        tok = self.ctx.doc[cue]
        text = "according to" if tok.lower_ == "according" else tok.text
        speaker = self.speaker(qc.speaker_span(self.ctx, qc.Hit(cue, "previous")))
        return _Found(r, k, kind, text, speaker, "previous")


def find_quotes(doc: Doc, *, resolve_speaker: SpeakerResolver | None = None) -> list[Quote]:
    """The quotations of a parsed article, in text order, each with its cue and speaker.

    ``doc`` should carry the parse of eventwire's pipeline (paragraphs on separate lines, each
    starting a sentence); without a dependency parse only the word-order rules apply.
    ``resolve_speaker(start, end)`` maps the character span of an attributing mention ("Blinken",
    "the minister", "he") to ``(actor id or None, display name)``. See the module docstring for
    the rules and the name/scare-quote heuristic.
    """
    text = doc.text  # built from the tokens on every access: read it once
    regions = find_regions(text)
    if not regions or not len(doc):
        return []
    return [
        Quote(
            text=text[f.region.start : f.region.end],
            span=(f.region.start, f.region.end),
            kind=f.kind,
            cue=f.cue,
            speaker=f.speaker,
        )
        for f in _Finder(doc, text, regions, resolve_speaker).run()
    ]
