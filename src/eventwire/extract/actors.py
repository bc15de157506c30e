"""Actors: every person, organisation, country and group mention resolved to one actor.

A mention is found by reading a noun phrase the way a news reader does::

    [country modifier] [title] [name]      "US Secretary of State Antony Blinken"
                                           "India's Defense Minister Rajnath Singh"
                                           "Indian counterpart Singh", "the secretary of state"

Then mentions are linked within the article: a surname or a bare title refers back to the person
who carried it, a pronoun to the most recent person, a capital in subject position to its
government. The knowledge base fills what the article leaves out (a person's country and office
on the publication date), but the article's own titles and modifiers come first, so resolution
still works with the people table switched off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.attrs import IDX, LENGTH, POS
from spacy.symbols import PRON, PROPN
from spacy.tokens import Doc, Span

from eventwire.kb import KnowledgeBase, Person
from eventwire.kb.model import fold
from eventwire.records import Actor, ActorKind

# Longest phrases the KB lookups are tried on, in tokens: "Secretary of State for Foreign Affairs"
# is six; longer windows only cost time.
MAX_TITLE_TOKENS = 6
MAX_COUNTRY_TOKENS = 5
MAX_NAME_TOKENS = 4

PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
# Subject-like roles in which a capital city stands for its government ("Washington said").
AGENT_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent"})
# Words that are capitalised in news but never part of a person's name.
NOT_NAME = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "mr",
        "mrs",
        "ms",
        "dr",
    ]
)


# The only parts of speech the scan asks about, by their spaCy ids.
POS_NAMES = {PROPN: "PROPN", PRON: "PRON"}


@dataclass
class Mention:
    """A stretch of tokens that refers to one actor."""

    start: int
    end: int
    actor: int  # index into ActorTable.actors
    how: str  # name | title | pronoun | country | capital | igo | group | metonym


@dataclass
class ActorTable:
    """The actors of one document, and which tokens refer to which actor."""

    actors: list[Actor] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, int] = field(default_factory=dict)  # token index -> mention index
    # token index of a head noun -> further actors it stands for ("US and Indian officials")
    co_actors: dict[int, list[int]] = field(default_factory=dict)

    def mention_at(self, i: int) -> Mention | None:
        m = self.by_token.get(i)
        return self.mentions[m] if m is not None else None

    def actors_at(self, i: int) -> list[int]:
        """Actor indices a token stands for: its mention's actor plus coordinated co-actors."""
        m = self.mention_at(i)
        found = [m.actor] if m else []
        found.extend(a for a in self.co_actors.get(i, ()) if a not in found)
        return found

    def person_spans(self, doc: Doc) -> list[tuple[int, int]]:
        """Char spans of mentions that are not places (persons, organisations, groups)."""
        out = []
        for m in self.mentions:
            if self.actors[m.actor].kind in ("person", "organization", "group") and m.how != "pronoun":
                out.append((doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text)))
        return out


_HEAD = re.compile(r"\w+|[^\w\s]+")


@lru_cache(maxsize=1 << 16)
def runs(text: str) -> tuple[str, ...]:
    """The folded word and punctuation runs of a text: "India's" -> ("india", "'", "s").

    Runs of consecutive tokens concatenate to the runs of the text they cover, so a name's
    runs can be matched token by token whatever the tokeniser did."""
    return tuple(_HEAD.findall(fold(text)))


@dataclass(frozen=True)
class NameIndex:
    """Every name the KB can look up, as run sequences: complete names and all their prefixes.

    The scan extends a candidate token by token only while it is a prefix of some name and
    asks the KB only where a complete name ends, instead of trying every window."""

    prefixes: frozenset[tuple[str, ...]]
    complete: frozenset[tuple[str, ...]]

    @classmethod
    def of(cls, kb: KnowledgeBase) -> NameIndex:
        names: set[tuple[str, ...]] = set()

        def add(name: str | None) -> None:
            if name:
                seq = runs(name)
                if seq:
                    names.add(seq)
                    names.add(("the", *seq))  # "the Quad", "The foreign minister"
                    if seq[-1] != "s":
                        names.add((*seq, "'", "s"))  # "India's", "Blinken's"

        for c in kb.countries:
            for name in (c.name, *c.aliases, *c.demonyms, c.capital, *c.capital_aliases):
                add(name)
        for t in kb.titles:
            add(t.text)
            add(t.text.replace("-", " "))
        for g in kb.igos:
            for name in (g.key, g.name, *g.aliases):
                add(name)
        for m in kb.metonyms:
            add(m.text)
        for p in kb.people:
            for name in (p.name, *p.aliases, p.surname()):
                add(name)
        prefixes = {seq[:n] for seq in names for n in range(1, len(seq) + 1)}
        return cls(frozenset(prefixes), frozenset(names))


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


class ActorResolver:
    """Find and link the actor mentions of a parsed article.

    Stateless across documents: ``published`` and the tables are passed per call.
    """

    def __init__(self, *, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.names = NameIndex.of(kb)

    def __call__(self, doc: Doc, *, published: str | None = None) -> ActorTable:
        run = _Run(self.kb, doc, published, self.names)
        for sent in doc.sents:
            run.scan(sent)
        run.coordinated_groups()
        return run.table


class _Run:
    """The working state of resolving one document; thrown away afterwards."""

    def __init__(self, kb: KnowledgeBase, doc: Doc, published: str | None, names: NameIndex) -> None:
        self.kb = kb
        self.doc = doc
        self.names = names
        # token texts with their trailing space, read once: Span.text per lookup is the hot spot
        # Token attributes as arrays, read once: building a Token object per access is what
        # costs in a scan over every token of every article
        self.text = doc.text
        arrays = doc.to_array([IDX, LENGTH, POS]).tolist()
        self.starts = [a[0] for a in arrays]
        self.ends = [a[0] + a[1] for a in arrays]
        self.pos = [POS_NAMES.get(a[2], "") for a in arrays]
        self.runs_at = [runs(self.text[a : a + n]) for a, n, _ in arrays]
        self._ends_cache: dict[int, list[int]] = {}
        self.published = published
        self.table = ActorTable()
        self.keys: dict[tuple[str, ...], int] = {}
        self.last_person: int | None = None

    # ---- matching helpers -------------------------------------------------------------------
    def _span_text(self, i: int, j: int) -> str:
        return self.text[self.starts[i] : self.ends[j - 1]]

    def _ends(self, i: int, end: int, limit: int) -> list[int]:
        """Token ends j (longest first, at most ``limit`` tokens) where text[i:j] is a KB name."""
        found = self._ends_cache.get(i)
        if found is None:
            found = []
            seq: tuple[str, ...] = ()
            for j in range(i, end):
                seq = seq + self.runs_at[j]
                if seq not in self.names.prefixes:
                    break
                if seq in self.names.complete:
                    found.append(j + 1)
            found.reverse()
            self._ends_cache[i] = found
        return [j for j in found if j <= end and j - i <= limit]

    def _country_at(self, i: int, end: int) -> tuple[int, str] | None:
        """Longest country name or demonym starting at token i: (end, iso3)."""
        doc = self.doc
        for j in self._ends(i, end, MAX_COUNTRY_TOKENS):
            if not doc[j - 1].text[:1].isalnum():
                continue
            text = self._span_text(i, j)
            country = self.kb.country(text) or self.kb.demonym(text)
            if country is not None:
                return j, country.iso3
        return None

    def _title_at(self, i: int, end: int) -> tuple[int, str] | None:
        doc = self.doc
        if i >= end:
            return None
        if doc[i].is_punct or doc[i].like_num:
            return None
        for j in self._ends(i, end, MAX_TITLE_TOKENS):
            text = self._span_text(i, j)
            if self.kb.title(text) is not None:
                return j, text
        return None

    def _name_at(self, i: int, end: int) -> int:
        """End of a run of capitalised proper nouns starting at i (i itself when there is none)."""
        doc = self.doc
        j = i
        while j < min(end, i + MAX_NAME_TOKENS):
            t = doc[j]
            if not (t.pos_ == "PROPN" and t.text[:1].isupper() and t.text.lower() not in NOT_NAME):
                break
            if j > i and (self.kb.title(t.text) is not None or self.kb.country(t.text) is not None):
                break
            j += 1
        return j

    # ---- actors -------------------------------------------------------------------------------
    def _actor(
        self,
        key: tuple[str, ...],
        *,
        name: str,
        kind: ActorKind,
        country: str | None = None,
        sector: str | None = None,
        title: str | None = None,
        code: str | None = None,
        basis: tuple[str, ...] = (),
    ) -> int:
        """The index of the actor under ``key``, made from the fields only when it is new:
        most mentions refer to an actor already made, and this runs for each of them."""
        idx = self.keys.get(key)
        if idx is None:
            idx = self._register(
                key,
                Actor(
                    id="",
                    name=name,
                    kind=kind,
                    title=title,
                    country=country,
                    sector=sector,
                    code=code if code is not None else self._code(country, sector),
                    basis=list(basis),
                ),
            )
        return idx

    def _register(self, key: tuple[str, ...], actor: Actor) -> int:
        idx = len(self.table.actors)
        actor.id = f"a{idx + 1}"
        self.table.actors.append(actor)
        self.keys[key] = idx
        return idx

    def _add(self, start: int, end: int, actor: int, how: str) -> int:
        doc = self.doc
        m = len(self.table.mentions)
        self.table.mentions.append(Mention(start, end, actor, how))
        for k in range(start, end):
            self.table.by_token[k] = m
        a = self.table.actors[actor]
        a.mentions.append((doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)))
        if a.kind == "person":
            self.last_person = actor
        return m

    def _country_actor(self, iso3: str, sector: str | None = None) -> int:
        country = self.kb.by_iso3(iso3)
        name = country.name if country else iso3
        cameo = country.cameo if country else iso3
        code = cameo + (sector or "")
        label = f"{name} government" if sector == "GOV" else name
        return self._actor(
            ("country", iso3, sector or ""),
            name=label,
            kind="country",
            country=iso3,
            sector=sector,
            code=code,
            basis=("kb:countries",),
        )

    def _code(self, country: str | None, sector: str | None) -> str | None:
        if country is None:
            return sector
        c = self.kb.by_iso3(country)
        return (c.cameo if c else country) + (sector or "")

    def _known_person(self, name: str) -> Person | None:
        people = self.kb.people_named(name, on=self.published)
        return people[0] if people else None

    def _article_person(self, surname: str) -> int | None:
        """The person of this article whose name ends with (or is) this word sequence."""
        s = surname.lower()
        for idx in range(len(self.table.actors) - 1, -1, -1):
            a = self.table.actors[idx]
            if a.kind == "person" and a.name and " " in a.name:
                low = a.name.lower()
                if low.endswith(" " + s) or low == s:
                    return idx
        return None

    def _article_title_holder(self, title: str, country: str | None) -> int | None:
        """The latest person of this article who carried this title, or the same office under
        another name ("the defence secretary" after "Secretary of Defense Lloyd Austin")."""
        wanted = self.kb.title(title)
        if wanted is None:
            return None
        country = country or wanted.country
        for idx in range(len(self.table.actors) - 1, -1, -1):
            a = self.table.actors[idx]
            if a.kind != "person" or not a.title or not a.name[:1].isupper():
                continue
            held = self.kb.title(a.title)
            if held is None or not (held.text == wanted.text or (wanted.role and held.role == wanted.role)):
                continue
            if country is None or a.country in (None, country):
                return idx
        return None

    def _person(
        self, name_start: int, name_end: int, title: str | None, country: str | None, basis: list[str]
    ) -> int:
        name = _norm(self._span_text(name_start, name_end))
        if name.endswith("'s"):
            name = name[:-2]
        existing = self._article_person(name) if name_end - name_start == 1 else None
        if existing is None:
            for idx, a in enumerate(self.table.actors):
                if a.kind == "person" and a.name == name:
                    existing = idx
                    break
        if existing is not None:
            a = self.table.actors[existing]
            if title and not a.title:
                self._apply_title(a, title, country)
            return existing
        known = self._known_person(name)
        actor = Actor(id="", name=name, kind="person", basis=list(basis))
        if title:
            self._apply_title(actor, title, country)
        elif country:
            actor.country = country
        if known is not None:
            if known.name.lower().endswith(name.lower()):
                actor.name = known.name
            actor.country = actor.country or known.country
            actor.sector = actor.sector or known.sector
            actor.title = actor.title or known.title
            actor.basis.append("kb:people")
        actor.code = self._code(actor.country, actor.sector)
        key = ("person", actor.name.lower())
        return self.keys[key] if key in self.keys else self._register(key, actor)

    def _apply_title(self, actor: Actor, title: str, country: str | None) -> None:
        t = self.kb.title(title)
        if t is None:
            return
        actor.title = _norm(title)
        actor.sector = actor.sector or t.sector
        actor.country = actor.country or country or t.country
        actor.basis.append("title")
        actor.code = self._code(actor.country, actor.sector)

    # ---- the scan -----------------------------------------------------------------------------
    def scan(self, sent: Span) -> None:
        end = sent.end
        i = sent.start
        prefixes, runs_at, pos = self.names.prefixes, self.runs_at, self.pos
        while i < end:
            # most tokens start no name and are no pronoun: decide that from arrays, without
            # building a Token object
            if i in self.table.by_token or (runs_at[i] not in prefixes and pos[i] not in ("PROPN", "PRON")):
                i += 1
                continue
            nxt = self._mention_at(i, end)
            i = nxt if nxt > i else i + 1

    def _mention_at(self, i: int, end: int) -> int:
        """Try every mention shape at token i; return the index after what was consumed."""
        doc, kb = self.doc, self.kb
        tok = doc[i]
        low = tok.lower_
        if low in PERSON_PRONOUNS and tok.pos_ == "PRON":
            if self.last_person is not None:
                self._add(i, i + 1, self.last_person, "pronoun")
            return i + 1
        if self.runs_at[i] not in self.names.prefixes and tok.pos_ != "PROPN":
            return i + 1  # no KB name starts here and no proper name does either
        # organisations and alliances first: "the Quad", "NATO", "the UN Security Council"
        for j in self._ends(i, end, MAX_TITLE_TOKENS):
            igo = kb.igo(self._span_text(i, j))
            if igo is not None:
                idx = self._actor(
                    ("igo", igo.key),
                    name=igo.name,
                    kind="organization",
                    country=igo.country,
                    sector=igo.sector,
                    code=igo.code,
                    basis=("kb:igos",),
                )
                self._add(i, j, idx, "igo")
                return j
            met = kb.metonym(self._span_text(i, j))
            if met is not None:
                self._add(i, j, self._country_actor(met.country, met.sector), "metonym")
                return j
        country: str | None = None
        j = i
        found = self._country_at(i, end)
        if found is not None:
            j, country = found
            if j < end and doc[j].tag_ == "POS":
                j += 1
        title_found = self._title_at(j, end)
        k = title_found[0] if title_found else j
        title = title_found[1] if title_found else None
        if country is None and title is not None:
            country = self._owner_country(i)
        name_end = self._name_at(k, end)
        if name_end > k and not title and not self._is_person_name(k, name_end):
            name_end = k  # without a title, a proper noun is a person only when it reads as one
        if name_end > k:
            basis = ["modifier"] if country else []
            idx = self._person(k, name_end, title, country, basis)
            self._add(i, name_end, idx, "name")
            return name_end
        if title is not None:
            return self._title_mention(i, k, title, country)
        if found is not None:
            return self._country_mention(i, found[0])
        if tok.ent_iob_ == "B" and tok.ent_type_ == "ORG":
            return self._organization(i, end)
        if not self._ends(i, end, MAX_NAME_TOKENS):
            return i + 1
        capital = kb.capital(self._span_text(i, self._name_at(i, end) or i + 1))
        if capital is not None and tok.ent_type_ in ("GPE", "LOC", "") and tok.pos_ == "PROPN":
            cap_end = self._name_at(i, end)
            sector = "GOV" if self._agentive(cap_end - 1) else None
            self._add(i, cap_end, self._country_actor(capital.iso3, sector), "capital")
            return cap_end
        return i + 1

    def _owner_country(self, i: int) -> str | None:
        """The country of the mention right before a title: "French National Assembly president
        Laurent Fabius", "Hamas leader X", "the Kremlin's spokesman"."""
        j = i - 1
        if j >= 0 and self.doc[j].tag_ == "POS":
            j -= 1
        m = self.table.mention_at(j) if j >= 0 else None
        if m is None or m.how == "pronoun":
            return None
        return self.table.actors[m.actor].country

    def _organization(self, i: int, end: int) -> int:
        """An organisation the parser found and the KB does not know ("the Nigerian Union of
        Teachers", "Action Against Hunger"): an actor all the same, with the country and sector
        its own words give, so its acts are coded."""
        doc = self.doc
        j = i + 1
        while j < end and doc[j].ent_iob_ == "I":
            j += 1
        country: str | None = None
        sector: str | None = None
        for k in range(i, j):
            word = doc[k].text
            found = self.kb.country(word) or self.kb.demonym(word)
            if found is not None and country is None:
                country = found.iso3
            title = self.kb.title(word)
            if title is not None and title.kind != "person":
                sector = title.sector
        name = _norm(self._span_text(i, j))
        if name.lower().startswith("the "):
            name = name[4:]
        idx = self._actor(
            ("org", name.lower()),
            name=name,
            kind="organization",
            country=country,
            sector=sector,
            basis=("ner",),
        )
        self._add(i, j, idx, "org")
        return j

    def _is_person_name(self, i: int, j: int) -> bool:
        doc = self.doc
        if j - i == 1 and self._article_person(doc[i].text) is not None:
            return True  # a surname of someone this article named in full: NER's label does not matter
        if any(doc[k].ent_type_ == "PERSON" for k in range(i, j)):
            return not any(self.kb.capital(doc[k].text) or self.kb.country(doc[k].text) for k in range(i, j))
        return bool(self.kb.people_named(self._span_text(i, j), on=self.published))

    def _agentive(self, i: int) -> bool:
        t = self.doc[i]
        while t.dep_ == "conj" and t.head is not t:
            t = t.head
        return t.dep_ in AGENT_DEPS or (t.dep_ == "pobj" and t.head.dep_ == "agent")

    def _title_mention(self, i: int, k: int, title: str, country: str | None) -> int:
        t = self.kb.title(title)
        assert t is not None
        start = i
        if i > 0 and self.doc[i - 1].lower_ in ("the", "a", "an") and i - 1 not in self.table.by_token:
            start = i - 1
        if t.kind == "person":
            holder = self._article_title_holder(title, country)
            if holder is None and t.role and (country or t.country):
                known = self.kb.office_holder(country or t.country or "", t.role, self.published)
                if known is not None:
                    holder = self._person_from_kb(known)
            if holder is not None:
                self._add(start, k, holder, "title")
                return k
        sector = t.sector
        c = country or t.country
        kind: ActorKind = (
            "person" if t.kind == "person" else ("organization" if t.kind == "organization" else "group")
        )
        label = _norm(self._span_text(i, k))
        key = ("title", c or "", sector or "", t.text) if kind != "person" else ("title", label.lower())
        idx = self._actor(
            key, name=label, kind=kind, title=_norm(title), country=c, sector=sector, basis=("title",)
        )
        self._add(start, k, idx, "title")
        return k

    def _person_from_kb(self, p: Person) -> int:
        return self._actor(
            ("person", p.name.lower()),
            name=p.name,
            kind="person",
            title=p.title,
            country=p.country,
            sector=p.sector,
            basis=("kb:people",),
        )

    def _country_mention(self, i: int, j: int) -> int:
        text = self._span_text(i, j)
        found = self.kb.country(text) or self.kb.demonym(text)
        assert found is not None
        self._add(i, j, self._country_actor(found.iso3), "country")
        return j

    def coordinated_groups(self) -> None:
        """ "US and Indian officials": each country modifier of a group noun is its own actor."""
        doc, table = self.doc, self.table
        for m_idx, m in enumerate(list(table.mentions)):
            if m.how != "country":
                continue
            t = doc[m.start]
            while t.dep_ == "conj" and t.head is not t:
                t = t.head
            head = t.head
            if t.dep_ not in ("amod", "nmod", "compound", "poss") or head.i == t.i:
                continue
            h_mention = table.mention_at(head.i)
            if h_mention is None or h_mention.how != "title":
                continue
            base = table.actors[h_mention.actor]
            country = table.actors[m.actor].country
            if base.kind == "person" or country == base.country:
                continue
            key = ("title", country or "", base.sector or "", (base.title or "").lower())
            label = f"{self._span_text(m.start, m.end)} {base.title}"
            new = self._actor(
                key,
                name=label,
                kind=base.kind,
                title=base.title,
                country=country,
                sector=base.sector,
                basis=("modifier", "title"),
            )
            span = (doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text))
            old = table.actors[m.actor]
            if span in old.mentions:
                old.mentions.remove(span)
            table.actors[new].mentions.append(span)
            table.mentions[m_idx] = Mention(m.start, m.end, new, "group")
            if base.country is None:
                # the group noun had no country of its own: it stands for its modifiers only
                table.mentions[table.by_token[head.i]] = Mention(h_mention.start, h_mention.end, new, "group")
            else:
                table.co_actors.setdefault(head.i, []).append(new)
