"""The event coder: trigger frames of the lexicon + the dependency parse -> CAMEO/PLOVER events.

For every verb or event noun the lexicon knows, the first frame whose particle and object fit
is taken; the frame says where the source and target are (subject, object, "with X", "X's
visit", "allegations that X ..."). Each argument is expanded over coordination ("Austin and
Singh") and "such as" lists, and mapped to the actors the actor resolver found. Modality,
negation and background are read from the clause; the date is the time expression inside the
trigger's own phrase, else the publication date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.attrs import DEP, LEMMA
from spacy.strings import get_string_id
from spacy.symbols import ccomp
from spacy.tokens import Doc, Span, Token

from eventwire.extract.actors import ActorTable
from eventwire.extract.arguments import (
    INTENT_HEADS,
    MANDATIVE_ADJECTIVES,
    NEGATING_HEADS,
    REPORT_VERBS,
    argument_tokens,
    clause_subjects,
    expand,
    is_negated,
    modality_of,
)
from eventwire.extract.cameo import CameoTable
from eventwire.extract.intents import NEGATIONS_PATH, IntentTable
from eventwire.extract.lexicon import Frame, Lexicon
from eventwire.records import Event, Evidence, Plover, Side, TimeExpression

Locator = Callable[[Span], dict | None]

# Confidence of a coded event, built from what supports it. The weights are judgement, checked
# against the dev sets: a frame with both actors resolved from names or titles is the strongest
# case; pronoun or first-person resolution and missing targets are weaker.
BASE_CONFIDENCE = 0.55
BOTH_SIDES_BONUS = 0.2
OBJECT_MATCH_BONUS = 0.1
INDIRECT_ACTOR_PENALTY = 0.1
# An event dated this many days or more before publication is background, not news.
HISTORICAL_DAYS = 60

SYMMETRIC_ROOTS = frozenset({"03", "04"})
# From this root on (material conflict) a verb's event is worth recording with its target only:
# the victims of a bombing are news even when the bomber is unnamed.
UNKNOWN_SOURCE_ROOT = 14
# Up to this root (material cooperation) a refused act is coded as a rejection (negations.csv).
COOPERATION_ROOT = "08"
INFINITIVE_TARGETS = ("dobj", "prep:on", "prep:against", "prep:with", "dative")
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
CLAUSE_DEPS = frozenset({"conj", "relcl", "ccomp", "advcl", "xcomp", "acl", "pcomp"})
# How deep inside the trigger's phrase a place is looked for ("met with X in Y": depth 2).
LOCATION_DEPTH = 3


# "it is important that India work with Canada": the speaker appeals to the clause's subject.
# A construction of English, not a lexicon entry, so it lives here rather than in frames.csv.
def _construction(name: str, pos: str, cameo: str, note: str) -> Frame:
    """A frame for a construction of English rather than a trigger word of the lexicon: the
    speaker is the source, the subject of the complement clause the target."""
    return Frame(
        trigger=f"<{name}>",
        pos=pos,
        particle=None,
        objects=None,
        cameo=cameo,
        source=("subj",),
        target=("ccomp_subj",),
        note=note,
        line=0,
        file="events.py",
    )


MANDATIVE_FRAME = _construction("mandative", "ADJ", "020", "it is important that X do Y: an appeal to X")


@dataclass
class _Candidate:
    trigger: Token
    frame: Frame
    sources: list[tuple[int | None, Token]]
    targets: list[tuple[int | None, Token]]
    object_match: bool


class EventCoder:
    """Code the events of one parsed article. Stateless; tables are loaded once and shared."""

    def __init__(self, *, lexicon: Lexicon, cameo: CameoTable, intents: IntentTable | None = None) -> None:
        self.lexicon = lexicon
        self.cameo = cameo
        self.intents = intents or IntentTable.load(cameo=cameo)
        self.negations = IntentTable.load(NEGATIONS_PATH, cameo=cameo)
        # lemma ids (spaCy's string hashes) of every word that can start an event
        words = {*(lemma for lemma, _pos in lexicon.triggers()), *MANDATIVE_ADJECTIVES}
        # the parser keeps a capital in some lemmas ("Talks" opening a headline-like sentence)
        self._trigger_lemmas = frozenset(get_string_id(v) for w in words for v in (w, w.capitalize()))

    def __call__(
        self,
        doc: Doc,
        table: ActorTable,
        *,
        published: str | None,
        times: list[TimeExpression],
        speakers: dict[int, int] | None = None,
        locate: Locator | None = None,
    ) -> list[Event]:
        """``speakers`` maps a token index inside a quotation to the speaker's actor index, so
        that "we" in a quote is the speaker; ``locate`` turns a place span into a location."""
        time_at = _time_index(doc, times)
        events: list[Event] = []
        # Which tokens can start an event, decided on arrays: a Token object is built only for them
        lemmas, deps = doc.to_array([LEMMA, DEP]).T.tolist()
        worth = [
            lemma in self._trigger_lemmas or dep == ccomp  # ccomp: "X said Y must ..."
            for lemma, dep in zip(lemmas, deps, strict=True)
        ]
        for si, sent in enumerate(doc.sents):
            consumed: set[int] = set()
            for cand in self._candidates(sent, worth, table, speakers or {}, consumed):
                events.extend(self._events(cand, si, sent, table, published, time_at, locate, len(events)))
        return events

    # ---- finding triggers ----------------------------------------------------------------------
    def _candidates(
        self, sent: Span, worth: list[bool], table: ActorTable, speakers: dict[int, int], consumed: set[int]
    ) -> Iterator[_Candidate]:
        doc = sent.doc
        for i in range(sent.start, sent.end):
            if not worth[i] or i in consumed:
                continue
            tok = doc[i]
            pos = "VERB" if tok.pos_ in ("VERB", "AUX") else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else None
            if pos is None:
                if tok.pos_ == "ADJ" and tok.lemma_ in MANDATIVE_ADJECTIVES:
                    cand = self._mandative(tok, table, speakers)
                    if cand:
                        yield cand
                continue
            if pos == "VERB" and tok.dep_ == "ccomp":
                cand = self._obligation(tok, table, speakers)
                if cand:
                    yield cand
            lemma = tok.lemma_.lower()
            if not self.lexicon.has_trigger(lemma, pos):
                continue
            if pos == "NOUN" and tok.dep_ in MODIFIER_DEPS:
                continue  # "aid workers", "war crimes": the noun names a kind, not an event
            objects = _object_tokens(tok, pos)
            preps = _governed_preps(tok)
            particle = next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)
            frame = self.lexicon.match(
                lemma,
                pos,
                particle=particle,
                objects=[o.lemma_ for o in objects],
                preps={p: o.lemma_ if o is not None else None for p, o in preps.items()},
            )
            if frame is None:
                continue
            if frame.objects:
                # "hold talks", "threatened to impose sanctions": the object is part of this event
                for o in [*objects, *(o for o in preps.values() if o is not None)]:
                    if o.lemma_.lower() in frame.objects:
                        consumed.update(t.i for t in o.subtree if t.pos_ in ("NOUN", "VERB", "PROPN"))
                        if o.head.i != tok.i:
                            consumed.add(o.head.i)
            if frame.particle in preps:
                pobj = preps[frame.particle]
                if pobj is not None:
                    consumed.add(pobj.i)  # "called for the resignation": not a second event
            sources, targets = self._arguments(tok, frame, pos, table, speakers)
            yield _Candidate(tok, frame, sources, targets, object_match=bool(frame.objects))

    def _arguments(
        self, tok: Token, frame: Frame, pos: str, table: ActorTable, speakers: dict[int, int]
    ) -> tuple[list[tuple[int | None, Token]], list[tuple[int | None, Token]]]:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        # "are set to discuss", "is expected to visit": a passive that only raises the subject
        # of its infinitive; that subject is the actor, not the one acted upon
        raising = passive and any(c.dep_ == "xcomp" for c in tok.children)
        if pos == "VERB":
            source_roles = ("subj",) if raising or not passive else ("agent",)
            sources = _first_resolved(tok, source_roles, table, speakers)
            if not sources and not passive:
                # the inherited subject: the first candidate that is an actor
                for candidate in clause_subjects(tok):
                    sources = expand([candidate], table, speakers)
                    if sources:
                        break
            swap = passive and not raising
            target_roles = tuple("passive_subj" if (swap and r == "dobj") else r for r in frame.target)
        else:
            sources = _first_resolved(tok, frame.source, table, speakers)
            target_roles = frame.target
        targets = _first_resolved(tok, target_roles, table, speakers)
        if pos == "NOUN" and tok.dep_ in ("dobj", "attr") and tok.head.pos_ in ("VERB", "AUX"):
            # "held a meeting with X", "launched a mediation effort between A and B": the verb
            # only carries the event noun; its subject and prepositions are the noun's
            verb = tok.head
            if not sources:
                sources = _first_resolved(verb, ("subj",), table, speakers) or expand(
                    clause_subjects(verb), table, speakers
                )
            if not targets:
                targets = _first_resolved(
                    verb, tuple(r for r in target_roles if r.startswith("prep:")), table, speakers
                )
        if not targets and pos == "VERB" and frame.objects:
            # "imposed sanctions on X": the parser often hangs the target on the object noun
            for c in tok.children:
                if c.dep_ in ("dobj", "attr") and c.lemma_.lower() in frame.objects:
                    preps = tuple(r for r in target_roles if r.startswith("prep:"))
                    targets = _first_resolved(c, preps, table, speakers)
                    break
        if not targets and pos == "VERB" and frame.objects:
            # "threatened to impose sanctions on Britain": the target sits in the infinitive
            for c in tok.children:
                if c.dep_ == "xcomp" and c.pos_ == "VERB":
                    targets = _first_resolved(c, (*target_roles, *INFINITIVE_TARGETS), table, speakers)
                    break
        return sources, targets

    def _mandative(self, adj: Token, table: ActorTable, speakers: dict[int, int]) -> _Candidate | None:
        """ "it is important that India work with Canada": an appeal by the speaker to India."""

        def mandated(c: Token) -> bool:
            # the subjunctive ("that India work") or "should": the form of a demand, not a fact
            return c.dep_ == "ccomp" and (
                c.tag_ in ("VB", "VBP") or any(a.lower_ == "should" for a in c.children)
            )

        clause = next((c for c in adj.head.children if mandated(c)), None)
        if clause is None:
            clause = next((c for c in adj.children if mandated(c)), None)
        if clause is None or not any(c.lower_ == "that" for c in clause.children):
            return None
        targets = expand(argument_tokens(clause, ("subj",)), table, speakers)
        head = adj.head
        while head.dep_ in ("ccomp", "xcomp", "conj") and head.lemma_ not in REPORT_VERBS:
            head = head.head
        sources = expand(argument_tokens(head, ("subj",)), table, speakers)
        if not targets or not sources:
            return None
        frame = MANDATIVE_FRAME
        return _Candidate(adj, frame, sources, targets, object_match=False)

    def _obligation(self, verb: Token, table: ActorTable, speakers: dict[int, int]) -> _Candidate | None:
        """ "X said Libya must hand over the suspects": X demands of Libya; with "should", X appeals."""
        modal = next(
            (c.lower_ for c in verb.children if c.dep_ == "aux" and c.lower_ in OBLIGATION_FRAMES), None
        )
        if modal is None or verb.head.lemma_ not in REPORT_VERBS:
            return None
        targets = expand(argument_tokens(verb, ("subj",)), table, speakers)
        sources = expand(argument_tokens(verb.head, ("subj",)), table, speakers)
        if not targets or not sources:
            return None
        frame = OBLIGATION_FRAMES[modal]
        return _Candidate(verb, frame, sources, targets, object_match=False)

    # ---- building events -----------------------------------------------------------------------
    def _events(
        self,
        cand: _Candidate,
        si: int,
        sent: Span,
        table: ActorTable,
        published: str | None,
        time_at: dict[int, TimeExpression],
        locate: Locator | None,
        n0: int,
    ) -> list[Event]:
        sources = [s for s in cand.sources if s[0] is not None]
        targets = [t for t in cand.targets if t[0] is not None]
        code = self.cameo.get(cand.frame.cameo)
        pairs: list[tuple[tuple[int | None, Token] | None, tuple[int | None, Token] | None]] = []
        if len(sources) > 1 and not targets and _reciprocal(cand.trigger):
            # "Armenia and Azerbaijan accused each other": every one of them to every other
            pairs = [(a, b) for a in sources for b in sources if a[0] != b[0]]
        elif sources and targets:
            pairs = [(s, t) for s in sources for t in targets if s[0] != t[0]]
        elif len(sources) > 1 and code.root in SYMMETRIC_ROOTS and cand.frame.target:
            pairs = [(a, b) for n, a in enumerate(sources) for b in sources[n + 1 :] if a[0] != b[0]]
        elif sources:
            pairs = [(s, None) for s in sources]
        elif targets and (cand.trigger.pos_ in ("NOUN", "PROPN") or int(code.root) >= UNKNOWN_SOURCE_ROOT):
            # "allegations that India ...", "three US soldiers were killed": the one acted upon
            # is known, the actor is not (a bomb, a passive without agent)
            pairs = [(None, t) for t in targets]
        if not pairs:
            return []
        trigger = cand.trigger
        time = _own_time(trigger, time_at)
        date = time.value if time else (published or "")
        modality = modality_of(trigger)
        rule, explanation = cand.frame.rule, cand.frame.note
        if (
            modality == "asserted"
            and trigger.lemma_ in INTENT_HEADS
            and any(c.dep_ == "xcomp" for c in trigger.children)
        ):
            modality = "intended"  # "set to discuss" coded as the intent (036): still not done yet
        negated = is_negated(trigger)
        # a refusal ("will not lift", "failed to reach"), not a plain denial ("did not meet")
        refusal = negated and (
            modality == "intended" or (trigger.dep_ == "xcomp" and trigger.head.lemma_ in NEGATING_HEADS)
        )
        refused = self.negations.intended(code.code) if refusal and code.root <= COOPERATION_ROOT else None
        if refused is not None:
            # "will not lift the ban", "failed to reach agreement": the refusal is what happened
            code, negated = self.cameo.get(refused), False
            rule += " + negations.csv"
            explanation += ", refused or failed"
        elif modality == "intended":
            announced = self.intents.intended(code.code)
            if announced is not None:
                code = self.cameo.get(announced)
                rule += " + intents.csv"
                explanation += ", announced not done"
        historical = _historical(time, published) or _in_passing(trigger, time)
        location = _location(trigger, cand, table, locate)
        plover = (
            Plover(code.plover_type, code.plover_mode or None, list(code.plover_context))
            if code.plover_type
            else None
        )
        events: list[Event] = []
        for src, tgt in pairs:
            conf = BASE_CONFIDENCE + (BOTH_SIDES_BONUS if src and tgt else 0.0)
            conf += OBJECT_MATCH_BONUS if cand.object_match else 0.0
            for side in (src, tgt):
                if side and side[1].pos_ == "PRON":
                    conf -= INDIRECT_ACTOR_PENALTY
            source = _side(src, table) if src else None
            target = _side(tgt, table) if tgt else None
            words = (
                f"'{trigger.text}'"
                + (f", source '{source.text}'" if source else "")
                + (f", target '{target.text}'" if target else "")
            )
            events.append(
                Event(
                    id=f"e{n0 + len(events) + 1}",
                    sentence=si,
                    span=(trigger.idx, trigger.idx + len(trigger.text)),
                    trigger=trigger.text,
                    source=source,
                    target=target,
                    cameo=code.code,
                    root=code.root,
                    quad_class=code.quad_class,
                    goldstein=code.goldstein,
                    plover=plover,
                    date=date,
                    date_text=time.text if time else None,
                    location=location,
                    negated=negated,
                    modality=modality,
                    historical=historical,
                    confidence=round(max(0.05, min(conf, 0.95)), 2),
                    evidence=Evidence(
                        sentence_text=sent.text.strip(),
                        rule=rule,
                        explanation=f"{explanation} ({code.code} {code.name}): {words}",
                    ),
                )
            )
        return events


# "X said Y must/should do Z": reported obligations are demands (must) and appeals (should).
OBLIGATION_FRAMES = {
    "must": _construction("must", "VERB", "100", "X says Y must do something: a demand on Y"),
    "should": _construction("should", "VERB", "020", "X says Y should do something: an appeal to Y"),
}


def _reciprocal(trigger: Token) -> bool:
    """Whether the trigger's object is "each other" or "one another"."""
    near = [g for c in trigger.children for g in (c, *c.children)]
    for c in near:
        if c.lower_ == "other" and c.i > 0 and c.doc[c.i - 1].lower_ == "each":
            return True
        if c.lower_ == "another" and c.i > 0 and c.doc[c.i - 1].lower_ == "one":
            return True
    return False


def _object_tokens(tok: Token, pos: str) -> list[Token]:
    """What a frame's object constraint is checked against: the direct object and its
    conjuncts, and a to-infinitive with its object ("threatened to impose sanctions"); for a
    noun, its compound and adjective modifiers ("hunger strike", "peace talks")."""
    if pos == "NOUN":
        return [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]
    found: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("dobj", "attr", "oprd"):
            found.append(c)
            # "mediation efforts", "peace talks": the compound names what the object is
            found.extend(x for x in c.children if x.dep_ in ("conj", "compound"))
            # "25,000 tons of food aid", "a package of sanctions": the measured noun counts
            found.extend(
                p
                for x in c.children
                if x.dep_ == "prep" and x.lower_ == "of"
                for p in x.children
                if p.dep_ == "pobj"
            )
        elif c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
            found.append(c)
            found.extend(x for x in c.children if x.dep_ == "dobj")
    return found


def _governed_preps(tok: Token) -> dict[str, Token | None]:
    """Each preposition the trigger governs -> its object; dates are left out ("called off the
    strike on Monday" is not "call on")."""
    out: dict[str, Token | None] = {}
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.pos_ == "ADP":
            pobj = next((x for x in c.children if x.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None and pobj.ent_type_ in ("DATE", "TIME"):
                continue
            out.setdefault(c.lower_, pobj)
    return out


def _first_resolved(
    tok: Token, roles: tuple[str, ...], table: ActorTable, speakers: dict[int, int]
) -> list[tuple[int | None, Token]]:
    """The actors of the first role, in frame order, that is filled by something resolvable:
    "the subsequent trip of US President Joe Biden" skips the adjective and takes "of"."""
    for role in roles:
        found = expand(argument_tokens(tok, (role,)), table, speakers)
        if found:
            return found
    return []


def _side(arg: tuple[int | None, Token], table: ActorTable) -> Side:
    idx, tok = arg
    assert idx is not None
    actor = table.actors[idx]
    m = table.mention_at(tok.i)
    doc = tok.doc
    # Doc.text rebuilds the whole text on every call: take the words from the mention's span
    span = doc[m.start : m.end] if m is not None and m.actor == idx else doc[tok.i : tok.i + 1]
    return Side(
        actor=actor.id,
        code=actor.code,
        country=actor.country,
        text=span.text,
        span=(span.start_char, span.end_char),
    )


def _time_index(doc: Doc, times: list[TimeExpression]) -> dict[int, TimeExpression]:
    out: dict[int, TimeExpression] = {}
    for t in times:
        span = doc.char_span(t.span[0], t.span[1], alignment_mode="expand")
        if span is not None:
            for tok in span:
                out[tok.i] = t
    return out


def _own_time(trigger: Token, time_at: dict[int, TimeExpression]) -> TimeExpression | None:
    """The time expression nearest the trigger in its own phrase (not inside coordinated ones)."""
    best: tuple[int, TimeExpression] | None = None
    stack = [(trigger, 0)]
    while stack:
        tok, depth = stack.pop()
        if tok.i in time_at and (best is None or depth < best[0]):
            best = (depth, time_at[tok.i])
        for child in tok.children:
            if child.dep_ not in ("conj", "relcl", "ccomp", "advcl") and depth < 6:
                stack.append((child, depth + 1))
    if best is None and trigger.dep_ in ("xcomp", "advcl") and trigger.head.i != trigger.i:
        head = trigger.head
        for child in head.children:
            if child.i in time_at and child.dep_ in ("npadvmod", "prep", "pobj"):
                return time_at[child.i]
            for grand in child.children:
                if grand.i in time_at and child.dep_ == "prep":
                    return time_at[grand.i]
    return best[1] if best else None


def _historical(time: TimeExpression | None, published: str | None) -> bool:
    if time is None or not published:
        return False
    from datetime import date

    def first_day(value: str) -> date | None:
        parts = value.split("-")
        try:
            return date(
                int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
            )
        except (ValueError, IndexError):
            return None

    when, pub = first_day(time.value), first_day(published)
    if when is None or pub is None:
        return False
    if time.granularity == "year":
        return when.year < pub.year
    return (pub - when).days >= HISTORICAL_DAYS


def _in_passing(trigger: Token, time: TimeExpression | None) -> bool:
    """An event noun inside a prepositional phrase with no time of its own ("differences over
    Russia's invasion of Ukraine") is mentioned as background, not reported as news."""
    return trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ == "pobj" and time is None


def _location(trigger: Token, cand: _Candidate, table: ActorTable, locate: Locator | None) -> dict | None:
    if locate is None:
        return None
    doc = trigger.doc
    # a visit happens where the visitor goes: "visit to Washington", "trip to New Delhi"
    if cand.frame.cameo.startswith("042"):
        for _idx, tok in cand.targets:
            m = table.mention_at(tok.i)
            span = doc[m.start : m.end] if m else doc[tok.i : tok.i + 1]
            if m is not None and m.how in ("capital", "country"):
                found = locate(span)
                if found:
                    return found
    # "met with X in New Delhi": the parser often hangs the place on the object, not the verb,
    # so the trigger's own phrase is searched a few steps deep, never into other clauses
    stack = [(trigger, 0)]
    while stack:
        tok, depth = stack.pop(0)
        for child in tok.children:
            if child.dep_ in CLAUSE_DEPS or depth >= LOCATION_DEPTH:
                continue
            if child.dep_ == "prep" and child.lower_ in ("in", "at"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.ent_type_ in ("GPE", "LOC", "FAC"):
                        found = locate(_entity_of(pobj))
                        if found:
                            return found
            stack.append((child, depth + 1))
    return None


def _entity_of(tok: Token) -> Span:
    """The named-entity span a token sits in, from its IOB tags (Doc.ents builds every span)."""
    doc = tok.doc
    start, end = tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


__all__ = ["EventCoder"]
