"""The parse half of quotation attribution: cue words, speaker mentions and the rules that link a
quotation-mark region to its cue. :mod:`eventwire.extract.quotes` applies them in order (its
docstring lists the rules); each function here answers one question about one region.

A *cue* is one of :data:`CUE_VERBS` in any inflection, tagged as a verb, or "according" before
"to". Cue candidates are found in one pass over ``Doc.to_array`` (integer columns, no Token
objects); the rules then look only at a region's neighbourhood.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from spacy.attrs import IDX, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from eventwire.extract.quote_marks import QuoteRegion

__all__ = [
    "CUE_VERBS",
    "CueContext",
    "Hit",
    "according_cue",
    "build_context",
    "byline",
    "colon_cue",
    "cue_after",
    "cue_before",
    "governing_cue",
    "is_cue",
    "sentence_cue",
    "speaker_span",
    "subject_verb",
]


def _words(text: str) -> frozenset[str]:
    """A word list written as one string (easier to read and extend than a literal of strings)."""
    return frozenset(text.split())


#: Verbs that attribute words to a speaker (lemmas; the inflections are derived below).
CUE_VERBS = _words(
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
    scold lambaste liken compare refer"""
)
# Irregular and consonant-doubling forms (regular ones are derived by _inflections).
_IRREGULAR: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
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
)
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
_MESSAGE_NOUNS = _words(
    """statement release letter tweet post email e-mail interview report memo message note speech
    remarks video ad advertisement op-ed column essay filing complaint lawsuit brief ruling
    announcement blog editorial notice comment comments response reply posting broadcast
    transcript testimony book"""
)
# Modifiers that belong to a speaker mention on its right ("the minister of defence", "Lou Jiwei").
_RIGHT_MOD_DEPS = frozenset({"compound", "flat", "nummod", "prep", "appos"})
_BYLINE_DASH = re.compile(r"[ \t\xa0]*(?:―|—|–|--?)[ \t\xa0]*(?=\w)")
_SENT_END = frozenset({".", "!", "?", ";"})
_MAX_AFTER = 16  # tokens after a closing mark searched for "NP said": longer titles are rare


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
class Hit:
    """What a rule found for one region: the cue token, and the speaker when the rule names it."""

    cue: int  # token index of the cue (or of the verb or mark standing for it)
    how: str  # "after" | "governing" | "before" | "according" | "colon" | "byline" | "previous" | ...
    close: int = -1  # for "after": the token after the closing mark
    speaker: tuple[int, int] | None = None  # when the rule names the speaker itself (a byline)
    cue_text: str | None = None  # when the cue is not the token ``cue`` (a byline's dash)


@dataclass
class CueContext:
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
        """Cue tokens with an index in ``lo:hi``, in order."""
        return self.cues[bisect_left(self.cues, lo) : bisect_left(self.cues, hi)]

    def narration_free(self, k: int) -> bool:
        """Does sentence ``k`` hold nothing but quotation (and punctuation)?"""
        lo, hi = self.sent_bounds[k]
        return not any(
            self.in_region[i] < 0 and any(c.isalpha() for c in self.doc[i].text) for i in range(lo, hi)
        )


def is_cue(tok: Token) -> bool:
    """Is ``tok`` a cue: an inflection of :data:`CUE_VERBS` used as a verb, or "according" + "to"?"""
    low = tok.lower_
    if low == "according":
        return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"
    if low not in _CUE_FORMS:
        return False
    # Tagged docs want a verb: "a call", "the report" are nouns.
    return not tok.pos_ or tok.pos_ in ("VERB", "AUX")


def build_context(doc: Doc, text: str, regions: list[QuoteRegion]) -> CueContext:
    """The lookups of ``doc`` (whose text is ``text``) that the rules share, for these regions."""
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
    cues = [i for i, row in enumerate(rows) if row[1] in _CUE_IDS and in_region[i] < 0 and is_cue(doc[i])]
    return CueContext(doc, text, starts, sent_of, bounds, in_region, cues, parsed)


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
            objects = [
                c
                for c in head.children
                if c.dep_ in ("dobj", "dative") and c.pos_ in ("PROPN", "NOUN", "PRON")
            ]
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


def _nominal_near(ctx: CueContext, cue: int) -> tuple[int, int] | None:
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


def _name_before(ctx: CueContext, cue: int) -> tuple[int, int] | None:
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


def _between(ctx: CueContext, lo: int, hi: int, subj: Token | None) -> tuple[int, int] | None:
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


def speaker_span(ctx: CueContext, hit: Hit) -> tuple[int, int] | None:
    """Character span of the mention that says what ``hit`` attributes, or None when unknown."""
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


# -- attribution rules ---------------------------------------------------------------------------


def cue_after(ctx: CueContext, close_tok: int, quoted: str, opens_sentence: bool) -> int | None:
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
        if t.lower_ != "according" and is_cue(t) and not t.is_title:
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


def byline(ctx: CueContext, close_end: int) -> Hit | None:
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
    return Hit(names[0], "byline", speaker=span, cue_text=dash.group().strip())


def governing_cue(ctx: CueContext, first: int, last: int, r_i: int) -> int | None:
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
            if dep in _STOP_DEPS and not is_cue(cur):
                break
            if not lo <= cur.i < hi or ctx.in_region[cur.i] >= 0:
                break
            if is_cue(cur):
                return cur.i
            if cur.head.i == cur.i or cur.dep_ in _STOP_DEPS:
                break
            cur, dep = cur.head, cur.dep_
    return None


def cue_before(ctx: CueContext, open_tok: int) -> int | None:
    """The nearest cue before the opening mark in its sentence."""
    lo, _ = ctx.sent_bounds[ctx.sent_of[open_tok]]
    for i in reversed(ctx.cues_in(lo, open_tok)):
        if ctx.doc[i].lower_ != "according":
            return i
    return None


def according_cue(ctx: CueContext, first: int, last: int, para_tok: int) -> int | None:
    """ "according to X" in the quote's sentences or the sentence before, within the paragraph."""
    k = ctx.sent_of[first]
    lo = max(ctx.sent_bounds[k - 1][0] if k > 0 else 0, para_tok)
    hi = ctx.sent_bounds[ctx.sent_of[last]][1]
    return next((i for i in ctx.cues_in(lo, hi) if ctx.doc[i].lower_ == "according"), None)


def colon_cue(ctx: CueContext, open_tok: int) -> int | None:
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


def subject_verb(ctx: CueContext, first: int, last: int, r_i: int) -> int | None:
    """The verb the quoted words hang from, when its subject (outside the quotation) can speak:
    a name, a personal pronoun or a named person, organisation or place; never "to be"."""
    doc = ctx.doc
    # Where the quotation attaches: the head of its first word whose head lies outside it.
    attach = next(
        (
            doc[i].head
            for i in range(first, last + 1)
            if not doc[i].is_punct and ctx.in_region[doc[i].head.i] != r_i
        ),
        None,
    )
    cur = attach
    for _ in range(4):
        if cur is None or ctx.in_region[cur.i] >= 0:
            return None
        if cur.pos_ in ("VERB", "AUX"):
            subj = _subject_of(cur)
            if cur.lemma_ == "be" or subj is None or ctx.in_region[subj.i] >= 0:
                return None  # 'X is "..."' describes X, it does not quote it
            human = subj.lower_ in _PERSONAL or subj.ent_type_ in _SPEAKER_ENTS
            return cur.i if human or subj.pos_ == "PROPN" else None
        cur = None if cur.head.i == cur.i else cur.head
    return None


def sentence_cue(ctx: CueContext, k: int) -> int | None:
    """The main cue of sentence ``k`` (the root, else the first) outside quotation with a speaker."""
    lo, hi = ctx.sent_bounds[k]
    cues = [i for i in ctx.cues_in(lo, hi) if speaker_span(ctx, Hit(i, "previous")) is not None]
    return next((i for i in cues if ctx.doc[i].dep_ == "ROOT"), cues[0] if cues else None)
