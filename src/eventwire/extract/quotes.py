"""Direct quotations and who said them: the regions of :mod:`~eventwire.extract.quote_marks`,
attributed to a speaker with the parse.

For each quotation-mark region the attribution is looked for in this order, the first hit wins
(a *cue* is one of :data:`CUE_VERBS` in any inflection, or "according to"):

1. **after the quote** — ``"...," Blinken said``, ``"...," said the minister``, ``"..." the
   minister told reporters``: a cue among the first words after the closing mark with only a
   noun phrase between (an appositive between commas is allowed). When the quote ends in a comma,
   ``?`` or ``!`` any verb there attributes it (``"...," she recalled``). Tried first when the
   quote opens its sentence, third otherwise.
2. **the governing cue** — a cue the quoted words hang from in the dependency tree, climbing
   through complements and conjuncts but not out of adverbial or relative clauses
   (``called it "reckless"``, ``said despite "various issues"``, ``Blinken said: "..."``).
3. **before the quote** — the nearest cue before the opening mark in its sentence.
4. **according to X** — in the quote's sentence or the one before it in the paragraph.
5. **a colon** — the quote follows a colon (``issued the following statement: "..."``, also
   across a paragraph break): the cue of that sentence, else its main verb.
6. **the sentence before** — when the quote's sentence is nothing but quotation: the speaker of
   the previous sentence's quote, else the subject of its cue (``Kerry said that ... "More."``),
   else an earlier quote of the paragraph. Across a paragraph break (the paragraph holding only
   quotation) a previous quote's speaker makes a ``continuation``.
7. **the sentence's subject** — a long (more than four words) fragment inside a sentence with no
   cue takes the subject of the verb it hangs from (``Moore thanked him for "..."``).

The speaker is the subject of the cue (nearest one when the parser gives two; climbing through
``saying``/``adding`` participles, conjoined verbs and relative clauses; from ``a statement
saying`` to who issued the statement) with its compound, title and ``of``-phrase modifiers and
an appositive name (``The finance minister, Lou Jiwei``); for "according to" the object of
"to". Its character span goes to ``resolve_speaker``, which returns ``(actor id or None, display
name)``; without a resolver, or when it returns None, the name is the mention's text.

Names and scare quotes are not quotations (the heuristic, measured on PolNeAR train/dev):

* a region with no letter (tweet ids, figures) or right after "so-called" is dropped;
* a *short* region (at most four words, not ending in ``.``, ``!`` or ``?``) is a name when it
  is title-cased (every word but small function words capitalised: ``the "2+2 Dialogue"``,
  ``"Meet the Press"``) unless framed as speech — followed by a comma and its cue (``"Never,"
  he said``) or right after a cue and a colon or comma (``said: "No Way"``); a lower-case short
  region is a scare quote unless a cue of rules 1-6 attributes it (``called it "reckless"``
  stays, ``the "peace plan" collapsed`` goes);
* a longer region nobody is found to say is kept with speaker None, unless it is title-cased
  (a book or a show).

``kind`` is ``"direct"`` when the quote starts with a capital (or digit) and stands as a clause of
its own — at the start of its sentence, after a colon, comma or dash, or right after the cue —
``"partial"`` otherwise, and ``"continuation"`` for rule 6 across paragraphs. The work is one pass
over the tokens plus a walk over each region's neighbourhood.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal

from spacy.attrs import IDX, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from eventwire.extract.quote_marks import QuoteRegion, find_regions
from eventwire.records import Quote

__all__ = ["CUE_VERBS", "SpeakerResolver", "find_quotes"]

SpeakerResolver = Callable[[int, int], "tuple[str | None, str] | None"]
Kind = Literal["direct", "partial", "continuation"]

#: Verbs that attribute words to a speaker (lemmas; the inflections are derived below).
CUE_VERBS = frozenset(
    """say tell add write insist ask answer reply respond explain note argue claim declare state
    announce warn urge tweet post continue recall acknowledge admit concede complain contend assert
    emphasize emphasise stress suggest predict promise vow pledge deny maintain observe remark
    comment conclude describe call joke quip shout yell scream mutter whisper exclaim boast brag
    lament charge allege accuse criticize criticise praise testify report repeat reiterate confirm
    counter retort inform assure caution demand plead proclaim chant read cite quote tout mock
    dismiss label dub brand blast slam decry hail question wonder muse recount characterize
    characterise threaten email text message interject interrupt opine reason snap scoff concur
    chime begin believe think expect hope fear anticipate estimate point agree disagree sing echo
    remember exhort denounce blame condemn defend thank applaud welcome reject attack ridicule deride
    scold lambaste liken compare refer""".split()
)
# Irregular and consonant-doubling forms (regular ones are derived by _inflections).
_IRREGULAR = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "read": ("read",),
    "begin": ("began", "begun", "beginning"),
    "think": ("thought",),
    "quip": ("quipped", "quipping"),
    "admit": ("admitted", "admitting"),
    "snap": ("snapped", "snapping"),
    "plead": ("pled",),
    "dub": ("dubbed", "dubbing"),
    "text": ("texted", "texting", "texts"),
    "concur": ("concurred", "concurring"),
}
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# A cue without a subject of its own takes its head's through these ("..., saying",
# "said and added", "was quoted as saying").
_CLIMB_DEPS = frozenset({"advcl", "conj", "xcomp", "pcomp", "ccomp", "relcl", "acl", "prep"})
# The quoted words' cue is not looked for beyond these: an adverbial or relative clause, or a
# clausal subject, speaks for itself ("because the minister cast him as ...").
_STOP_DEPS = frozenset({"advcl", "relcl", "acl", "csubj", "csubjpass"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_PERSONAL = frozenset({"i", "we", "he", "she", "they", "you"})
_SPEAKER_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})  # who can say something
# "<someone> issued a statement saying": the speaker is who issued it.
_MESSAGE_NOUNS = frozenset(
    """statement release letter tweet post email e-mail interview report memo message note speech
    remarks video ad advertisement op-ed column essay filing complaint lawsuit brief ruling
    announcement blog editorial notice comment comments response reply posting broadcast
    transcript testimony book""".split()
)
# Modifiers that belong to a speaker mention on its right ("the minister of defence", "Lou Jiwei").
_RIGHT_MOD_DEPS = frozenset({"compound", "flat", "nummod", "prep", "appos"})
_SMALL_WORDS = frozenset("a an and at by for in of on or the to with from vs".split())
_SPEECH_END = frozenset(".!?…")
# Words after which a title-cased quotation is a name: 'a group called "X Y"', 'on "Meet the Press"'.
_NAME_INTRODUCERS = frozenset(
    "called titled entitled named dubbed headlined nicknamed branded as of on in at from to for by the a an".split()
)
_BYLINE_DASH = re.compile(r"[ \t\xa0]*(?:―|—|–|--?)[ \t\xa0]*(?=\w)")
# A speaker's label opening a transcript line: "PENCE: Well, ...", "SEN. SANDERS: ...".
_LABEL = re.compile(r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}):\s+")
_SENT_END = frozenset({".", "!", "?", ";"})
_MAX_AFTER = 16  # tokens after a closing mark searched for "NP said": longer titles are rare
_SHORT = 4  # words: quoted spans up to this long may be names or scare quotes


def _inflections(lemma: str) -> set[str]:
    forms = {lemma, *_IRREGULAR.get(lemma, ())}
    consonant_y = lemma.endswith("y") and lemma[-2] not in "aeiou"
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(lemma + "es")
    else:
        forms.add(lemma[:-1] + "ies" if consonant_y else lemma + "s")
    if lemma.endswith("e"):
        forms.update({lemma + "d", lemma[:-1] + "ing"})
    else:
        forms.update({lemma[:-1] + "ied" if consonant_y else lemma + "ed", lemma + "ing"})
    return forms


_CUE_FORMS = frozenset(f for lemma in CUE_VERBS for f in _inflections(lemma))
# The same as spaCy string ids, to find cue candidates in the LOWER column of Doc.to_array.
_CUE_IDS = frozenset(get_string_id(f) for f in (*_CUE_FORMS, "according"))


@dataclass(frozen=True)
class _Hit:
    cue: int  # token index of the cue (or of the verb or mark standing for it)
    how: str  # "after" | "governing" | "before" | "according" | "colon" | "byline" | "previous" | ...
    close: int = -1  # for "after": the token after the closing mark
    speaker: tuple[int, int] | None = None  # when the rule names the speaker itself (a byline)
    cue_text: str | None = None  # when the cue is not the token ``cue`` (a byline's dash)


@dataclass
class _Found:
    """A region accepted as a quotation, with what attributes it."""

    region: QuoteRegion
    sent: int
    kind: Kind
    cue: str | None
    speaker: dict[str, Any] | None
    how: str  # the rule that attributed it (see the module docstring), "none" without speaker


@dataclass
class _Context:
    """Per-document lookups, built in one pass over the tokens."""

    doc: Doc
    text: str
    starts: list[int]  # token start offsets
    sent_of: list[int]  # sentence index of each token
    sent_bounds: list[tuple[int, int]]  # token range of each sentence
    in_region: list[int]  # index of the region a token lies in (marks included), -1 outside
    cues: list[int]  # token indices of cues outside quotation
    parsed: bool

    def token_at(self, char: int) -> int:
        """Index of the token holding ``char`` (or the one just before it)."""
        return max(0, bisect_right(self.starts, char) - 1)

    def cues_in(self, lo: int, hi: int) -> list[int]:
        return self.cues[bisect_left(self.cues, lo) : bisect_left(self.cues, hi)]

    def narration_free(self, k: int) -> bool:
        """Does sentence ``k`` hold nothing but quotation (and punctuation)?"""
        lo, hi = self.sent_bounds[k]
        return not any(
            self.in_region[i] < 0 and any(c.isalpha() for c in self.doc[i].text) for i in range(lo, hi)
        )


def _is_cue(tok: Token, *, any_pos: bool = False) -> bool:
    low = tok.lower_
    if low == "according":
        return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"
    if low not in _CUE_FORMS:
        return False
    # Tagged docs want a verb: "a call", "the report" are nouns.
    return any_pos or not tok.pos_ or tok.pos_ in ("VERB", "AUX")


def _build_context(doc: Doc, text: str, regions: list[QuoteRegion]) -> _Context:
    # Token attributes come out as integer arrays: no Token object per token (most of the cost).
    rows = doc.to_array([IDX, LOWER]).tolist()
    starts = [row[0] for row in rows]
    parsed = doc.has_annotation("DEP")
    sent_of = [0] * len(doc)
    bounds: list[tuple[int, int]] = []
    if parsed or doc.has_annotation("SENT_START"):
        for k, sent in enumerate(doc.sents):
            bounds.append((sent.start, sent.end))
            sent_of[sent.start : sent.end] = [k] * (sent.end - sent.start)
    else:  # no sentence boundaries: a paragraph is a sentence
        s = 0
        for k, lo in enumerate(_line_starts(text)):
            e = bisect_left(starts, lo) if k else 0
            if e > s:
                bounds.append((s, e))
                sent_of[s:e] = [len(bounds) - 1] * (e - s)
                s = e
        bounds.append((s, len(doc)))
        sent_of[s:] = [len(bounds) - 1] * (len(doc) - s)
    in_region = [-1] * len(doc)
    for r_i, r in enumerate(regions):
        a, b = bisect_left(starts, r.open_at), bisect_left(starts, r.close_end)
        in_region[a:b] = [r_i] * (b - a)
    cues = [i for i, row in enumerate(rows) if row[1] in _CUE_IDS and in_region[i] < 0 and _is_cue(doc[i])]
    return _Context(doc, text, starts, sent_of, bounds, in_region, cues, parsed)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    at = text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


# -- speaker mentions -----------------------------------------------------------------------------


def _subject_of(tok: Token) -> Token | None:
    """The subject of a cue verb, climbing to the verb it hangs from when it has none."""
    cur = tok
    for _ in range(5):
        agents = [g for c in cur.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if agents:
            return agents[0]  # "labeled a witch hunt by Democrats"
        subjects = [c for c in cur.children if c.dep_ in _SUBJECT_DEPS]
        if subjects:
            subj = min(subjects, key=lambda c: abs(c.i - cur.i))  # the parser may give two
            if subj.lower_ in _RELATIVE and cur.dep_ in ("relcl", "acl") and cur.head.i != cur.i:
                subj = cur.head  # "Blinken, who said ..."
                if subj.lower_ not in _MESSAGE_NOUNS or subj.head.i == subj.i:
                    return subj
                cur = subj.head  # "He released a letter that says ..."
                continue
            return subj
        head = cur.head
        if cur.dep_ in ("relcl", "acl", "advcl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
            # "Trump issued a statement saying ...", "emailed supporters saying ...": who issued
            # or emailed speaks, not the statement or the addressees.
            if (head.lower_ in _MESSAGE_NOUNS or head.dep_ in ("dobj", "dative")) and head.head.i != head.i:
                cur = head.head
                continue
            # "footage of Clinton asking", "officials speaking on condition of anonymity"; as an
            # adverbial clause, a main verb the parser took for a noun's modifier ("Trump
            # defended X, calling it ...")
            return head
        if cur.dep_ not in _CLIMB_DEPS or head.i == cur.i:
            return None
        if cur.dep_ == "xcomp":
            # Object control: "prompted Rubio to call Trump ..." -> Rubio.
            objects = [c for c in head.children if c.dep_ in ("dobj", "dative") and c.pos_ in ("PROPN", "NOUN", "PRON")]
            if objects:
                return objects[0]
        cur = head
    return None


def _mention(tok: Token) -> tuple[int, int]:
    """Character span of the noun phrase headed by ``tok``, cut before clauses."""
    doc = tok.doc
    if tok.pos_ == "PRON":
        return tok.idx, tok.idx + len(tok)
    left = tok.i
    for child in tok.lefts:
        if child.dep_ != "punct":
            left = min(left, child.left_edge.i)
            break
    right = tok.i
    for child in tok.rights:
        if child.dep_ == "punct":
            continue  # the comma before an appositive is checked with the gap below
        if child.dep_ not in _RIGHT_MOD_DEPS:
            break
        if child.dep_ == "prep" and child.lower_ not in ("of", "for"):
            break
        if child.dep_ == "appos" and child.pos_ != "PROPN":
            break
        gap = doc[right + 1 : child.left_edge.i]
        if any(t.dep_ != "punct" or t.text not in ",-" for t in gap):
            break
        right = child.right_edge.i
    while right > tok.i and doc[right].is_punct:
        right -= 1
    while left < tok.i and doc[left].is_punct:
        left += 1
    return doc[left].idx, doc[right].idx + len(doc[right])


def _nominal_near(ctx: _Context, cue: int) -> tuple[int, int] | None:
    """Without a parsed subject: the nearest name, noun or pronoun after, else before, the cue."""
    doc = ctx.doc
    lo, hi = ctx.sent_bounds[ctx.sent_of[cue]]
    for i in [*range(cue + 1, min(hi, cue + 5)), *range(cue - 1, max(lo, cue - 6) - 1, -1)]:
        t = doc[i]
        if ctx.in_region[i] >= 0 or t.is_punct:
            if i > cue:
                continue
            break
        if t.pos_ in ("PROPN", "NOUN", "PRON") or (not t.pos_ and t.is_title):
            return _mention(t) if ctx.parsed else (t.idx, t.idx + len(t))
    return None


def _name_before(ctx: _Context, cue: int) -> tuple[int, int] | None:
    """A name or personal pronoun right before the cue ("Trump also said"), for parses that lost
    the subject: names that are also words ("Trump", "Bush") get tagged as modifiers."""
    doc = ctx.doc
    lo = ctx.sent_bounds[ctx.sent_of[cue]][0]
    i = cue - 1
    while i >= lo and doc[i].pos_ in ("ADV", "AUX", "PART") and ctx.in_region[i] < 0:
        i -= 1
    if i < lo or ctx.in_region[i] >= 0:
        return None
    if doc[i].pos_ == "PRON" and doc[i].lower_ in _PERSONAL:
        return doc[i].idx, doc[i].idx + len(doc[i])
    if doc[i].pos_ != "PROPN":
        return None
    j = i
    while j > lo and doc[j - 1].pos_ == "PROPN" and ctx.in_region[j - 1] < 0:
        j -= 1
    return doc[j].idx, doc[i].idx + len(doc[i])


def _between(ctx: _Context, lo: int, hi: int, subj: Token | None) -> tuple[int, int] | None:
    """The speaker of ``"...," X said`` among the tokens ``lo:hi`` between the mark and the cue."""
    doc = ctx.doc
    if subj is not None and lo <= subj.i < hi:
        head = subj
    else:
        nominal = [i for i in range(lo, hi) if doc[i].pos_ in ("PROPN", "NOUN", "PRON")]
        if not nominal:
            return None
        # The head of the first noun phrase: its last noun before a comma or a preposition.
        head_i = nominal[0]
        while head_i + 1 < hi and doc[head_i + 1].pos_ in ("PROPN", "NOUN"):
            head_i += 1
        head = doc[head_i]
    start, end = _mention(head) if ctx.parsed else (head.idx, head.idx + len(head))
    start = max(start, doc[lo].idx)
    end = min(end, doc[hi - 1].idx + len(doc[hi - 1]))
    return (start, end) if end > start else None


def _speaker_span(ctx: _Context, hit: _Hit) -> tuple[int, int] | None:
    if hit.speaker is not None:
        return hit.speaker
    doc = ctx.doc
    tok = doc[hit.cue]
    if tok.lower_ == "according" and hit.cue + 1 < len(doc):
        objs = [c for c in doc[hit.cue + 1].children if c.dep_ == "pobj"]
        return _mention(objs[0]) if objs else _nominal_near(ctx, hit.cue + 1)
    if not ctx.parsed:
        return _nominal_near(ctx, hit.cue)
    children = list(tok.children)
    if any(c.dep_ == "auxpass" for c in children) and tok.lower_ != "quoted":
        # "was said to be", "is called X by critics": only an agent names the speaker.
        objs = [g for c in children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        return _mention(objs[0]) if objs else None
    subj = _subject_of(tok)
    if subj is not None and ctx.in_region[subj.i] >= 0:
        subj = None
    if hit.how == "after":
        lo = hit.close
        while lo < hit.cue and doc[lo].is_punct:
            lo += 1
        if lo < hit.cue:  # '"...," X said': the words between name the speaker
            return _between(ctx, lo, hit.cue, subj)
        if subj is not None and subj.i > hit.cue:
            return _mention(subj)
        return _nominal_near(ctx, hit.cue)
    if subj is not None:
        return _mention(subj)
    return _name_before(ctx, hit.cue)


# -- attribution strategies -----------------------------------------------------------------------


def _after(ctx: _Context, close_tok: int, quoted: str, opens_sentence: bool) -> int | None:
    """A cue right after the closing mark with only a noun phrase between: ``"...," X said``."""
    doc = ctx.doc
    # Any verb will do after a whole quoted sentence ("...," she recalled), not after a fragment
    # ('summed her up as "terrible," denounced her record').
    any_verb = opens_sentence and quoted[-1:] in (",", "?", "!", "—", "-")
    commas = 0
    for i in range(close_tok, min(len(doc), close_tok + _MAX_AFTER)):
        t = doc[i]
        if ctx.in_region[i] >= 0 or t.text in _SENT_END or "\n" in t.text:
            return None
        if t.lower_ != "according" and _is_cue(t) and not t.is_title:
            return i
        if t.pos_ == "VERB" and any_verb and commas == 0:
            return i
        if t.is_punct:
            commas += t.text == ","
            if i > close_tok and t.text not in (",", "-", "(", ")"):
                return None
            continue
        if t.pos_ in ("VERB", "CCONJ", "SCONJ") or t.lower_ in ("who", "which", "that", "whose"):
            return None
    return None


def _byline(ctx: _Context, close_end: int) -> _Hit | None:
    """A name after a dash closing the paragraph: ``"..." ― Maria Lopez`` (vox pops, epigraphs)."""
    doc = ctx.doc
    dash = _BYLINE_DASH.match(ctx.text, close_end)
    if dash is None:
        return None
    names: list[int] = []
    for i in range(bisect_left(ctx.starts, dash.end()), len(doc)):
        t = doc[i]
        if t.is_space:
            break
        if t.text == "." and names:  # "― Carla Sanchez." ends the paragraph
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if nxt is None or "\n" in t.whitespace_ or (nxt.is_space and "\n" in nxt.text):
                break
            return None
        if not (t.is_title or t.pos_ == "PROPN") or ctx.in_region[i] >= 0 or len(names) == 6:
            return None
        names.append(i)
        if "\n" in t.whitespace_:
            break
    if not names:
        return None
    start, last = doc[names[0]], doc[names[-1]]
    span = (start.idx, last.idx + len(last))
    return _Hit(names[0], "byline", speaker=span, cue_text=dash.group().strip())


def _governing(ctx: _Context, first: int, last: int, r_i: int) -> int | None:
    """A cue the quoted words hang from in the dependency tree (not beyond a clause of its own)."""
    doc = ctx.doc
    lo, _ = ctx.sent_bounds[ctx.sent_of[first]]
    _, hi = ctx.sent_bounds[ctx.sent_of[last]]
    for i in range(first, last + 1):
        tok = doc[i]
        if tok.is_punct or ctx.in_region[tok.head.i] == r_i:
            continue
        cur, dep = tok.head, tok.dep_
        for _ in range(8):
            if dep in _STOP_DEPS and not _is_cue(cur):
                break
            if not lo <= cur.i < hi or ctx.in_region[cur.i] >= 0:
                break
            if _is_cue(cur):
                return cur.i
            if cur.head.i == cur.i or cur.dep_ in _STOP_DEPS:
                break
            cur, dep = cur.head, cur.dep_
    return None


def _before(ctx: _Context, open_tok: int) -> int | None:
    """The nearest cue before the opening mark in its sentence."""
    lo, _ = ctx.sent_bounds[ctx.sent_of[open_tok]]
    for i in reversed(ctx.cues_in(lo, open_tok)):
        if ctx.doc[i].lower_ != "according":
            return i
    return None


def _according(ctx: _Context, first: int, last: int, para_lo: int) -> int | None:
    """ "according to X" in the quote's sentences or the sentence before, within the paragraph."""
    k = ctx.sent_of[first]
    lo = max(ctx.sent_bounds[k - 1][0] if k > 0 else 0, para_lo)
    hi = ctx.sent_bounds[ctx.sent_of[last]][1]
    return next((i for i in ctx.cues_in(lo, hi) if ctx.doc[i].lower_ == "according"), None)


def _colon(ctx: _Context, open_tok: int) -> int | None:
    """After ``...: "``, the cue of the colon's sentence, else its main verb."""
    doc = ctx.doc
    i = open_tok - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    if i < 0 or doc[i].text != ":" or ctx.in_region[i] >= 0:
        return None
    lo, _ = ctx.sent_bounds[ctx.sent_of[i]]
    cues = [c for c in ctx.cues_in(lo, i) if doc[c].lower_ != "according"]
    if cues:
        return cues[-1]
    if not ctx.parsed:
        return None
    for j in range(i - 1, lo - 1, -1):  # "Sanders delivered a snappy retort: "...""
        if doc[j].pos_ == "VERB" and ctx.in_region[j] < 0 and _subject_of(doc[j]) is not None:
            return j
    return None


def _subject_verb(ctx: _Context, first: int, last: int, r_i: int) -> int | None:
    """The verb the quoted words hang from, when it has a subject outside the quotation."""
    doc = ctx.doc
    for i in range(first, last + 1):
        head = doc[i].head
        if doc[i].is_punct or ctx.in_region[head.i] == r_i:
            continue
        cur = head
        for _ in range(4):
            if ctx.in_region[cur.i] >= 0:
                break
            if cur.pos_ in ("VERB", "AUX"):
                subj = _subject_of(cur)
                if cur.lemma_ == "be" or subj is None or ctx.in_region[subj.i] >= 0:
                    return None  # "X is "..."" describes X, it does not quote it
                human = subj.lower_ in _PERSONAL or subj.ent_type_ in _SPEAKER_ENTS
                return cur.i if human or subj.pos_ == "PROPN" else None
            if cur.head.i == cur.i:
                break
            cur = cur.head
        return None
    return None


def _sentence_cue(ctx: _Context, k: int) -> int | None:
    """The main cue of sentence ``k`` (the root, else the first) outside quotation with a speaker."""
    lo, hi = ctx.sent_bounds[k]
    cues = [i for i in ctx.cues_in(lo, hi) if _speaker_span(ctx, _Hit(i, "previous")) is not None]
    return next((i for i in cues if ctx.doc[i].dep_ == "ROOT"), cues[0] if cues else None)


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


def _speech_framed(ctx: _Context, r: QuoteRegion, hit: _Hit, para_lo: int) -> bool:
    """Is a short title-cased region presented as an utterance rather than a name?"""
    if hit.how == "after":
        return ctx.text[r.end - 1 : r.end] in (",", "!", "?")
    cue = ctx.doc[hit.cue]
    if _prev_char(ctx.text, r.open_at, para_lo) in (":", ","):
        return 0 < r.open_at - (cue.idx + len(cue)) <= 4
    return False


def _is_name(ctx: _Context, r: QuoteRegion, n_words: int, hit: _Hit | None, para_lo: int) -> bool:
    """Is a title-cased region a name (of a show, book, law, group) rather than speech?"""
    text = ctx.text
    before = text[max(para_lo, r.open_at - 12) : r.open_at].rstrip().lower()
    introduced = before.endswith(("'s", "’s")) or before.rsplit(" ", 1)[-1] in _NAME_INTRODUCERS
    if introduced and n_words > 1:
        return True  # NBC's "Meet the Press.", a website called "Cape Breton If Trump Wins"
    if n_words > _SHORT or (n_words == 1 and text[r.end - 1] in _SPEECH_END):
        return False  # a long title-cased quotation, or "Never."
    return hit is None or not _speech_framed(ctx, r, hit, para_lo)


def _kind(ctx: _Context, r: QuoteRegion, para_lo: int, at_start: bool, cue: Token | None) -> Kind:
    quoted = ctx.text[r.start : r.end]
    first_alpha = next((c for c in quoted if c.isalnum()), "")
    after_cue = cue is not None and 0 <= r.open_at - (cue.idx + len(cue)) <= 2
    stands_alone = at_start or after_cue or _prev_char(ctx.text, r.open_at, para_lo) in ":,—–-"
    return "direct" if (first_alpha.isupper() or first_alpha.isdigit()) and stands_alone else "partial"


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

    def __init__(self, doc: Doc, text: str, regions: list[QuoteRegion], resolve: SpeakerResolver | None) -> None:
        self.ctx = _build_context(doc, text, regions)
        self.text = text
        self.regions = regions
        self.resolve = resolve
        self.paras = _paragraph_bounds(text)
        self.found: list[_Found] = []
        self.last_in_para: dict[int, _Found] = {}  # the last quote with a speaker, per paragraph
        self.last_in_sent: dict[int, _Found] = {}  # likewise per sentence
        self.speakers: dict[tuple[int, int], dict[str, Any]] = {}

    def speaker(self, span: tuple[int, int] | None) -> dict[str, Any] | None:
        if span is None:
            return None
        if span not in self.speakers:
            resolved = self.resolve(*span) if self.resolve is not None else None
            actor, name = resolved if resolved is not None else (None, self.text[span[0] : span[1]])
            self.speakers[span] = {"actor": actor, "name": name, "span": [span[0], span[1]]}
        return self.speakers[span]

    def run(self) -> Iterator[_Found]:
        for r_i, r in enumerate(self.regions):
            item = self.one(r_i, r)
            if item is None:
                continue
            self.found.append(item)
            if item.speaker is not None:
                self.last_in_para[r.para] = item
                self.last_in_sent[item.sent] = item
            yield item

    def one(self, r_i: int, r: QuoteRegion) -> _Found | None:
        ctx, text = self.ctx, self.text
        para_lo, para_hi = self.paras[r.para]
        quoted = text[r.start : r.end]
        if not any(c.isalpha() for c in quoted) or _so_called(text, r.open_at, para_lo):
            return None
        first = bisect_left(ctx.starts, r.start)
        last = max(first, ctx.token_at(r.end - 1))
        open_tok = ctx.token_at(r.open_at)
        close_tok = bisect_left(ctx.starts, r.close_end)
        k = ctx.sent_of[first]
        s_lo = ctx.sent_bounds[ctx.sent_of[open_tok]][0]
        at_start = r.open_at == para_lo or all(ctx.doc[i].is_punct or ctx.doc[i].is_space for i in range(s_lo, open_tok))
        n_words = len(quoted.split())
        short = n_words <= _SHORT and quoted[-1] not in _SPEECH_END
        title = _title_cased(quoted)
        label = _LABEL.match(text, r.start) if r.open_at == para_lo else None
        if label is not None and label.end() < r.end and sum(c.isalpha() for c in label.group(1)) > 1:
            # A transcript line: the label names the speaker and is not part of the quotation.
            spoken = replace(r, start=label.end())
            return _Found(spoken, k, "direct", ":", self.speaker(label.span(1)), "label")

        hit = self.attribute(r_i, r, first, last, open_tok, close_tok, at_start, para_lo)
        if title and _is_name(ctx, r, n_words, hit, para_lo):
            return None  # the "2+2 Dialogue", NBC's "Meet the Press."
        if hit is not None:
            cue_tok = ctx.doc[hit.cue]
            cue = hit.cue_text or ("according to" if cue_tok.lower_ == "according" else cue_tok.text)
            kind = _kind(ctx, r, para_lo, at_start, cue_tok)
            return _Found(r, k, kind, cue, self.speaker(_speaker_span(ctx, hit)), hit.how)
        if short or not r.double:
            # A scare quote with nobody saying it; single marks without a cue are more often
            # subheadings or apostrophes than quotations.
            return None
        prev = self.previous(r, k, para_lo, para_hi)
        if prev is not None:
            return prev
        if title:
            return None  # a title of a book, a law or a show
        verb = None if at_start else _subject_verb(ctx, first, last, r_i)
        if verb is not None:
            hit = _Hit(verb, "subject")
            kind = _kind(ctx, r, para_lo, at_start, None)
            return _Found(r, k, kind, ctx.doc[verb].text, self.speaker(_speaker_span(ctx, hit)), "subject")
        return _Found(r, k, _kind(ctx, r, para_lo, at_start, None), None, None, "none")

    def attribute(
        self, r_i: int, r: QuoteRegion, first: int, last: int, open_tok: int, close_tok: int, at_start: bool, para_lo: int
    ) -> _Hit | None:
        ctx = self.ctx
        quoted = self.text[r.start : r.end]

        def after() -> int | None:
            return _after(ctx, close_tok, quoted, at_start) if r.closed else None

        def governing() -> int | None:
            return _governing(ctx, first, last, r_i) if ctx.parsed else None

        strategies: list[tuple[str, Callable[[], int | None]]] = [
            ("governing", governing),
            ("before", lambda: _before(ctx, open_tok)),
        ]
        strategies.insert(0 if at_start else 2, ("after", after))
        strategies += [
            ("according", lambda: _according(ctx, first, last, ctx.token_at(para_lo))),
            ("colon", lambda: _colon(ctx, open_tok)),
        ]
        if at_start and r.closed:
            byline = _byline(ctx, r.close_end)
            if byline is not None:
                return byline
        for how, strategy in strategies:
            cue = strategy()
            if cue is not None:
                return _Hit(cue, how, close_tok)
        return None

    def previous(self, r: QuoteRegion, k: int, para_lo: int, para_hi: int) -> _Found | None:
        """Rule 6: a sentence of nothing but quotation takes the speaker of the one before."""
        ctx = self.ctx
        if not ctx.narration_free(k):
            return None
        s_lo = ctx.sent_bounds[k][0]
        first_of_para = ctx.starts[s_lo] <= para_lo or k == 0 or ctx.sent_bounds[k - 1][1] <= ctx.token_at(para_lo)
        if not first_of_para:
            prev = self.last_in_sent.get(k - 1)
            if prev is not None:
                return _Found(r, k, _kind(ctx, r, para_lo, True, None), prev.cue, prev.speaker, "inherited")
            cue = _sentence_cue(ctx, k - 1)
            if cue is not None:
                return self.from_cue(r, k, cue, para_lo, "direct")
            prev = self.last_in_para.get(r.para)
            if prev is not None:
                return _Found(r, k, _kind(ctx, r, para_lo, True, None), prev.cue, prev.speaker, "inherited")
            return None
        if not _only_quotation(self.text, para_lo, para_hi, self.regions, r.para):
            return None
        p = _previous_paragraph(self.paras, self.text, r.para)
        if p is None or k == 0:
            return None
        prev = self.last_in_sent.get(k - 1)
        if prev is not None and prev.region.para == p:
            return _Found(r, k, "continuation", None, prev.speaker, "continuation")
        if ctx.sent_bounds[k - 1][0] >= ctx.token_at(self.paras[p][0]):
            cue = _sentence_cue(ctx, k - 1)
            if cue is not None:
                return self.from_cue(r, k, cue, para_lo, "direct")
        prev = self.last_in_para.get(p)
        if prev is not None:
            return _Found(r, k, "continuation", None, prev.speaker, "continuation")
        return None

    def from_cue(self, r: QuoteRegion, k: int, cue: int, para_lo: int, kind: Kind) -> _Found:
        tok = self.ctx.doc[cue]
        text = "according to" if tok.lower_ == "according" else tok.text
        return _Found(r, k, kind, text, self.speaker(_speaker_span(self.ctx, _Hit(cue, "previous"))), "previous")


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
        Quote(text=text[f.region.start : f.region.end], span=(f.region.start, f.region.end),
              kind=f.kind, cue=f.cue, speaker=f.speaker)
        for f in _Finder(doc, text, regions, resolve_speaker).run()
    ]  # fmt: skip
