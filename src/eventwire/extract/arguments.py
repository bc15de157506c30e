"""Reading event arguments and clause properties off a spaCy dependency parse.

The roles named here are the ones frames.csv uses: ``subj``, ``dobj``, ``dative``,
``prep:<word>``, ``poss``, ``of``, ``by``, ``compound``, ``amod``, ``ccomp_subj``, ``passive_subj``.
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.extract.actors import ActorTable
from eventwire.records import Modality

SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Heads that make their complement an intention, not an act: "set to discuss", "plans to visit".
INTENT_HEADS = frozenset(
    [
        "set",
        "plan",
        "intend",
        "expect",
        "aim",
        "seek",
        "want",
        "hope",
        "prepare",
        "schedule",
        "due",
        "go",
        "propose",
        "agree",
        "promise",
        "pledge",
        "vow",
        "offer",
        "decide",
        "try",
        "attempt",
        "threaten",
        "willing",
        "ready",
        "prepared",
        "eager",
        "poised",
    ]
)
HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "would", "should", "must"})
REPORT_VERBS = frozenset(
    [
        "say",
        "tell",
        "report",
        "state",
        "claim",
        "add",
        "allege",
        "announce",
        "note",
        "think",
        "believe",
        "accord",
        "write",
        "insist",
        "warn",
        "argue",
        "suggest",
        "stress",
        "declare",
        "reiterate",
        "insist",
        "repeat",
        "remind",
        "emphasize",
        "emphasise",
    ]
)
MANDATIVE_ADJECTIVES = frozenset({"important", "essential", "crucial", "vital", "necessary", "imperative"})
OWNER_DEPS = frozenset({"poss", "amod", "compound", "nmod"})
FIRST_PERSON = frozenset({"we", "us", "our", "i", "me", "my"})
# How far up the clause chain a missing subject is looked for ("met ... to discuss").
MAX_SUBJECT_HOPS = 3


def _children(tok: Token, deps: frozenset[str] | tuple[str, ...]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def argument_tokens(tok: Token, roles: tuple[str, ...]) -> list[Token]:
    """Head tokens filling the first of ``roles`` that is present on ``tok``."""
    for role in roles:
        found: list[Token] = []
        if role == "subj":
            found = _children(tok, SUBJ_DEPS)
        elif role in ("dobj", "obj"):
            found = _children(tok, ("dobj",))
        elif role == "dobj_of":
            found = [p for d in _children(tok, ("dobj",)) for p in _prep_objects(d, "of")]
        elif role == "passive_subj":
            found = _children(tok, ("nsubjpass",))
        elif role == "agent":
            found = [p for a in _children(tok, ("agent",)) for p in _children(a, ("pobj",))]
        elif role == "dative":
            found = _children(tok, ("dative",)) or _prep_objects(tok, "to")
        elif role.startswith("prep:"):
            found = _prep_objects(tok, role[5:])
        elif role == "poss":
            found = _children(tok, ("poss",))
        elif role == "of":
            found = _prep_objects(tok, "of")
        elif role == "by":
            found = _prep_objects(tok, "by") or [
                p for a in _children(tok, ("agent",)) for p in _children(a, ("pobj",))
            ]
        elif role in ("compound", "amod"):
            found = _children(tok, ("compound", "amod", "nmod"))
        elif role == "ccomp_subj":
            for clause in _children(tok, ("ccomp", "acl", "advcl", "relcl")):
                found = _children(clause, SUBJ_DEPS)
                if found:
                    break
        if found:
            return found
    return []


def _prep_objects(tok: Token, word: str) -> list[Token]:
    out = []
    for prep in tok.children:
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ == word:
            out.extend(_children(prep, ("pobj",)))
    return out


def clause_subjects(tok: Token) -> list[Token]:
    """The subject a clause inherits when it has none: "Singh highlighted ... and said",
    "Blinken met Jaishankar to discuss ...", "Austin and Singh are set to discuss"."""
    if tok.dep_ == "relcl":
        return [tok.head]  # "the Taliban, who condemned ...": the noun the clause describes
    if tok.dep_ == "acl" and tok.tag_ == "VBG":
        # "a report accusing the army": the one who put the report out; "protesters
        # demanding ...": the protesters themselves (tried first)
        return [tok.head, *clause_subjects_of_noun(tok.head)]
    cur = tok
    for _ in range(MAX_SUBJECT_HOPS):
        if cur.dep_ not in ("xcomp", "advcl", "conj", "pcomp", "acomp") or cur.head.i == cur.i:
            return []
        cur = cur.head
        subj = _children(cur, SUBJ_DEPS)
        if cur.dep_ == "relcl" and not subj:
            return [cur.head]
        if subj:
            return [s for s in subj if s.lower_ not in ("which", "that", "who")] or [cur.head]
    return []


def clause_subjects_of_noun(noun: Token) -> list[Token]:
    """The subject of the verb a noun is the object of ("Amnesty put out a report")."""
    if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
        return _children(noun.head, SUBJ_DEPS) or clause_subjects(noun.head)
    return []


def expand(
    tokens: list[Token], table: ActorTable, speakers: dict[int, int]
) -> list[tuple[int | None, Token]]:
    """Map argument heads to actors, over coordination and "such as"/"including" lists."""
    out: list[tuple[int | None, Token]] = []
    seen: set[int] = set()

    def add(tok: Token) -> bool:
        if tok.lower_ in FIRST_PERSON and tok.i in speakers:
            actors = [speakers[tok.i]]
        else:
            actors = table.actors_at(tok.i) or _reported_self(tok, table)
            if not actors:
                # a head noun that is no actor itself stands for the country or actor that owns or
                # modifies it: "Russia's forces", "Ukrainian positions", "the Serbian border"
                actors = [a for c in tok.children if c.dep_ in OWNER_DEPS for a in table.actors_at(c.i)]
        for a in actors:
            if a not in seen:
                seen.add(a)
                out.append((a, tok))
        return bool(actors)

    for head in tokens:
        queue = [head]
        while queue:
            tok = queue.pop(0)
            found = add(tok)
            queue.extend(c for c in tok.children if c.dep_ in ("conj", "appos"))
            if not found:
                queue.extend(_listed(tok))
                # "a group of Moroccan diplomats", "members of the union": the group is its members
                queue.extend(
                    p
                    for c in tok.children
                    if c.dep_ == "prep" and c.lower_ == "of"
                    for p in c.children
                    if p.dep_ == "pobj"
                )
    return out


def _listed(tok: Token) -> list[Token]:
    """ "allies in Asia, such as South Korea and Japan" -> [South Korea]; conj adds Japan."""
    found: list[Token] = []
    for d in tok.subtree:
        if d.dep_ == "prep" and (
            (d.lower_ == "as" and d.i > 0 and d.doc[d.i - 1].lower_ == "such") or d.lower_ == "including"
        ):
            found.extend(c for c in d.children if c.dep_ == "pobj")
    return found


# Verbs whose infinitive did not happen: "failed to reach agreement", "refused to lift the ban".
NEGATING_HEADS = frozenset({"fail", "refuse", "decline"})


def is_negated(tok: Token) -> bool:
    """Whether the clause denies the act: "did not attack", "will not lift", "failed to reach"."""
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    head = tok.head
    if tok.dep_ != "xcomp":
        return False
    return head.lemma_ in NEGATING_HEADS or any(c.dep_ == "neg" for c in head.children)


def modality_of(tok: Token) -> Modality:
    """asserted | intended | reported | hypothetical, from auxiliaries and governing verbs."""
    aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    if aux & HYPOTHETICAL_AUX or any(c.dep_ == "mark" and c.lower_ == "if" for c in tok.children):
        return "hypothetical"
    if "will" in aux or "'ll" in aux or "going" in aux:
        return "intended"
    cur = tok
    for _ in range(MAX_SUBJECT_HOPS):
        if cur.dep_ == "xcomp" and cur.head.lemma_ in INTENT_HEADS:
            return "intended"
        if cur.dep_ in ("ccomp",) and cur.head.lemma_ in REPORT_VERBS:
            return "reported"
        if cur.head.i == cur.i or cur.dep_ not in ("xcomp", "ccomp", "conj", "advcl"):
            break
        cur = cur.head
    root = tok
    while root.head.i != root.i:
        root = root.head  # Token.sent rebuilds the sentence list: walk up to the root instead
    if any(c.dep_ == "prep" and c.lower_ == "according" for c in root.children):
        return "reported"
    return "asserted"


REPORTED_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i"})


def _reported_self(tok: Token, table: ActorTable) -> list[int]:
    """ "Syria says it is willing to withdraw", "the rebels said they will release ...": the
    subject pronoun of reported speech is, in news, the one who reports it."""
    if tok.pos_ != "PRON" or tok.lower_ not in REPORTED_PRONOUNS or tok.dep_ not in SUBJ_DEPS:
        return []
    clause = tok.head
    while clause.dep_ in ("xcomp", "conj") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "ccomp" or clause.head.lemma_ not in REPORT_VERBS:
        return []
    return [a for s in clause.head.children if s.dep_ in SUBJ_DEPS for a in table.actors_at(s.i)]
