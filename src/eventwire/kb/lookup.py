"""The knowledge base the extractors query: every lookup is one or two dict accesses on indexes built once.

Case rules, the same for every kind of name:

- a one-word name with two or more capitals ("US", "U.N.", "DPRK", "WHO") matches only as written
  (dots optional: "U.S" finds "U.S."), so the pronouns "us" and "who" never match;
- other names match ignoring case and accents ("india", "INDIA", "Cote d'Ivoire");
- except that one-word demonyms, capitals, organisations, metonyms and people's names written with a
  capital must be mentioned with one, so "polish" is not Polish, "male" is not Malé, "quad" is not
  the Quad and "may" is not Theresa May. Country names are the exception the brief asks for: "india"
  finds India.

Lookups accept a leading "the " where an article is usual (countries, organisations, metonyms, titles)
and a trailing possessive ("India's", "Americans'") everywhere.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Generic, TypeVar

from eventwire.kb.loader import Tables, load_tables
from eventwire.kb.model import (
    Country,
    Igo,
    Metonym,
    Person,
    Title,
    fold,
    is_acronym,
    plain,
    strip_mention,
    title_key,
)
from eventwire.kb.patterns import Pattern, build_patterns, materialise

T = TypeVar("T")


class NameIndex(Generic[T]):
    """Names -> records under the case rules of this module. Several records may share a name."""

    __slots__ = ("_capitalised", "_exact", "_folded")

    def __init__(self, *, capitalised: bool) -> None:
        # capitalised: one-word names match only when the mention starts with a capital letter.
        self._capitalised = capitalised
        self._exact: dict[str, list[T]] = {}
        self._folded: dict[str, list[tuple[T, bool]]] = {}

    def add(self, name: str, item: T) -> None:
        """Index ``item`` under ``name`` (ignored when empty)."""
        name = plain(name)
        if not name:
            return
        if is_acronym(name):
            for key in dict.fromkeys((name, name.replace(".", ""))):
                bucket = self._exact.setdefault(key, [])
                if not any(x is item for x in bucket):
                    bucket.append(item)
            return
        # A name we write in lower case ("al-Qaeda") cannot ask mentions for a capital.
        needs_capital = self._capitalised and " " not in name and name[:1].isupper()
        entries = self._folded.setdefault(fold(name), [])
        if not any(x is item and cap == needs_capital for x, cap in entries):
            entries.append((item, needs_capital))

    def find(self, mention: str) -> list[T]:
        """Every record named ``mention``, in the order they were added (an exact acronym match wins)."""
        exact = self._exact.get(mention) or self._exact.get(mention.replace(".", ""))
        if exact:
            return exact
        entries = self._folded.get(fold(mention))
        if not entries:
            return []
        capital = mention[:1].isupper()
        return [item for item, needs_capital in entries if capital or not needs_capital]

    def first(self, mention: str) -> T | None:
        """The record named ``mention``; when several are, the one added last (a user's row over ours)."""
        found = self.find(mention)
        return found[-1] if found else None

    def shared_names(self) -> dict[str, list[T]]:
        """Keys (exact or folded) under which more than one record is indexed, for data checks."""
        shared: dict[str, list[T]] = {k: v for k, v in self._exact.items() if len(v) > 1}
        for key, entries in self._folded.items():
            items = list({id(item): item for item, _ in entries}.values())
            if len(items) > 1:
                shared[key] = items
        return shared


class KnowledgeBase:
    """Countries, titles, organisations, people and metonyms, with O(1) lookups by name.

    Build it with :meth:`load` (or :func:`default_kb` for the packaged files, cached). The constructor
    takes records already read and does no I/O.
    """

    def __init__(self, tables: Tables) -> None:
        self.countries: tuple[Country, ...] = tables.countries
        self.titles: tuple[Title, ...] = tables.titles
        self.igos: tuple[Igo, ...] = tables.igos
        self.metonyms: tuple[Metonym, ...] = tables.metonyms
        # Most recent first everywhere: that is the order people_named and office_holder promise.
        self.people: tuple[Person, ...] = tuple(sorted(tables.people, key=lambda p: p.start, reverse=True))

        self._iso3 = {c.iso3: c for c in self.countries}
        self._country_names: NameIndex[Country] = NameIndex(capitalised=False)
        self._demonyms: NameIndex[Country] = NameIndex(capitalised=True)
        self._capitals: NameIndex[Country] = NameIndex(capitalised=True)
        for c in self.countries:
            for name in (c.name, *c.aliases):
                self._country_names.add(name, c)
            for demonym in c.demonyms:
                self._demonyms.add(demonym, c)
            if c.sovereign:  # "Hamilton said" is not Bermuda's government speaking
                for capital in filter(None, (c.capital, *c.capital_aliases)):
                    self._capitals.add(capital, c)

        self._metonyms: NameIndex[Metonym] = NameIndex(capitalised=True)
        for m in self.metonyms:
            self._metonyms.add(m.text, m)

        self._titles = {title_key(t.text): t for t in self.titles}
        self._title_phrases = tuple(sorted(self._titles, key=lambda k: (-len(k.split()), -len(k), k)))

        self._igos: NameIndex[Igo] = NameIndex(capitalised=True)
        for g in self.igos:
            for name in (g.key, g.name, *g.aliases):
                self._igos.add(name, g)

        self._people: NameIndex[Person] = NameIndex(capitalised=True)
        self._offices: dict[tuple[str, str], list[Person]] = {}
        for p in self.people:
            for name in (p.name, *p.aliases, p.surname()):
                self._people.add(name, p)
            self._offices.setdefault((p.country, p.role), []).append(p)

    @classmethod
    def load(
        cls,
        extra_paths: Sequence[Path | str] = (),
        *,
        people: bool = True,
        extra_people: Sequence[Person] = (),
    ) -> KnowledgeBase:
        """The packaged knowledge base plus the user's files (or folders of ``*.csv``) in ``extra_paths``.

        A user file's type is recognised by its header; its rows add to the packaged ones or replace
        those with the same key. ``people=False`` loads no person records (packaged or user).
        ``extra_people`` are person records from elsewhere, such as those the store learned
        (:mod:`eventwire.store.learning`); they are added even with ``people=False``.
        Raises DataFileError naming the file and line of the first problem.

        Example: ``KnowledgeBase.load([Path("my_people.csv")]).office_holder("USA", "head_of_state", "2023")``
        """
        tables = load_tables(extra_paths, people=people)
        if extra_people:
            tables = replace(tables, people=tables.people + tuple(extra_people))
        return cls(tables)

    # ---- countries ---------------------------------------------------------------------------------

    def country(self, text: str) -> Country | None:
        """The country named ``text`` by its name or an alias ("U.S.", "the United States", "India's")."""
        return self._country_names.first(strip_mention(text, article=True))

    def by_iso3(self, iso3: str) -> Country | None:
        """The country with ISO 3166-1 alpha-3 code ``iso3`` (upper case), or None."""
        return self._iso3.get(iso3)

    def demonym(self, text: str) -> Country | None:
        """The country of a demonym or adjective: "Indian", "Americans", "South Korean"."""
        return self._demonyms.first(strip_mention(text, article=True))

    def capital(self, text: str) -> Country | None:
        """The sovereign state whose capital is ``text``: "Washington", "New Delhi", "Kyiv" or "Kiev"."""
        return self._capitals.first(strip_mention(text, article=False))

    def metonym(self, text: str) -> Metonym | None:
        """The government body a building stands for: "the Kremlin", "White House", "Pentagon"."""
        return self._metonyms.first(strip_mention(text, article=True))

    # ---- titles and organisations ------------------------------------------------------------------

    def title(self, text: str) -> Title | None:
        """The title ``text`` ignoring case, spacing and hyphens: "Vice-President", "defence  minister"."""
        return self._titles.get(title_key(text))

    def title_phrases(self) -> list[str]:
        """Every title phrase (folded, hyphens as spaces), longest first, for phrase matchers."""
        return list(self._title_phrases)

    def igo(self, text: str) -> Igo | None:
        """The organisation or group named by key, name or alias: "UN", "U.N.", "the United Nations"."""
        return self._igos.first(strip_mention(text, article=True))

    # ---- people --------------------------------------------------------------------------------------

    def people_named(self, name: str, on: str | None = None) -> list[Person]:
        """Terms of people called ``name`` (full name, alias or surname alone), most recent first.

        With ``on`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), only terms overlapping that date. One
        person appears once per term and office: Trump as president 2017-21 has two records (head of
        state and of government). Raises ValueError when ``on`` is not such a date.
        """
        found = self._people.find(strip_mention(name, article=False))
        unique = list({id(p): p for p in found}.values())
        unique.sort(key=lambda p: p.start, reverse=True)
        return [p for p in unique if p.active_on(on)]

    def office_holder(self, country: str, role: str, on: str | None) -> Person | None:
        """Who held ``role`` in ``country`` (ISO3 or IGO key) on ``on``; None when no one we list did.

        When several terms overlap the date (a partial date, a handover day, an acting holder), the
        one that started last wins. ``on=None`` gives the most recent holder.
        Example: ``office_holder("USA", "foreign_minister", "2023-11-10")`` is Antony Blinken.
        """
        for person in self._offices.get((country, role), ()):
            if person.active_on(on):
                return person
        return None

    # ---- entity ruler --------------------------------------------------------------------------------

    @functools.cached_property
    def _patterns(self) -> tuple[Pattern, ...]:
        return build_patterns(self)

    def ruler_patterns(self, tokenize: Callable[[str], list[str]] | None = None) -> list[dict[str, Any]]:
        """spaCy EntityRuler token patterns for countries and capitals (GPE), demonyms (NORP),
        organisations and metonyms (ORG) and people's full names (PERSON).

        Each pattern's ``id`` says what it found: ``country:IND``, ``capital:IND``, ``igo:NATO``,
        ``metonym:Kremlin`` or ``person:Antony Blinken``; :meth:`resolve` turns it back into records.
        Names are split into tokens the way spaCy's English tokenizer does; pass ``tokenize`` (e.g.
        ``lambda s: [t.text for t in nlp.tokenizer(s)]``) to use the pipeline's own tokenizer.
        Example: ``nlp.add_pipe("entity_ruler").add_patterns(kb.ruler_patterns())``
        """
        patterns = self._patterns if tokenize is None else build_patterns(self, tokenize)
        return materialise(patterns)

    def resolve(self, entity_id: str) -> Country | Igo | Metonym | list[Person] | None:
        """The record(s) behind a ruler pattern ``id`` such as ``country:IND`` or ``person:Wang Yi``."""
        kind, _, key = entity_id.partition(":")
        if kind in ("country", "capital"):
            return self.by_iso3(key)
        if kind == "igo":
            return self.igo(key)
        if kind == "metonym":
            return self.metonym(key)
        if kind == "person":
            return self.people_named(key)
        return None

    # ---- checks ----------------------------------------------------------------------------------------

    def name_collisions(self) -> dict[str, list[str]]:
        """Names that lead to more than one country (as names, demonyms or capitals), for data checks."""
        clashes: dict[str, list[str]] = {}
        for index in (self._country_names, self._demonyms, self._capitals):
            for key, countries in index.shared_names().items():
                clashes[key] = sorted(c.iso3 for c in countries)
        return clashes


@functools.lru_cache(maxsize=2)
def default_kb(people: bool = True) -> KnowledgeBase:
    """The packaged knowledge base, loaded once per process (and once more for ``people=False``)."""
    return KnowledgeBase.load(people=people)
