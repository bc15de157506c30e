"""The packaged data files: counts, coverage and consistency."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.kb import KnowledgeBase, default_kb, find_overlaps
from eventwire.kb.model import SECTORS

# fmt: off
G20 = ("ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX", "RUS",
       "SAU", "ZAF", "TUR", "GBR", "USA")
# fmt: on
OFFICES = ("head_of_state", "head_of_government", "foreign_minister", "defense_minister")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return default_kb()


def test_counts(kb: KnowledgeBase) -> None:
    assert len(kb.countries) >= 249
    assert len(kb.titles) >= 150
    assert len(kb.igos) >= 40
    assert len(kb.people) >= 300
    assert len(kb.metonyms) >= 20


def test_every_iso_country_is_listed(kb: KnowledgeBase) -> None:
    pycountry = pytest.importorskip("pycountry")
    ours = {c.iso3: c for c in kb.countries}
    for entry in pycountry.countries:
        assert entry.alpha_3 in ours, entry.name
        assert ours[entry.alpha_3].iso2 == entry.alpha_2
    assert {"PSE", "XKX", "TWN"} <= set(ours)


def test_country_names_lead_to_one_country(kb: KnowledgeBase) -> None:
    assert kb.name_collisions() == {}


def test_sovereign_states_have_capitals_and_demonyms(kb: KnowledgeBase) -> None:
    states = [c for c in kb.countries if c.sovereign]
    assert len(states) == 197  # 193 UN members, 2 observers (PSE, VAT), TWN, XKX
    assert all(c.capital for c in states)
    # Dominica shares "Dominican" with the Dominican Republic and the Congo Republic "Congolese" with
    # the DR Congo: those adjectives go to the country news means by them.
    without = {c.iso3 for c in states if not c.demonyms}
    assert without == {"DMA", "COG"}


def test_g20_offices_are_covered(kb: KnowledgeBase) -> None:
    for country in G20:
        for role in OFFICES:
            assert kb.office_holder(country, role, None) is not None, (country, role)
    for role in ("commission_president", "council_president", "foreign_minister"):
        assert kb.office_holder("EU", role, None) is not None, role


def test_g20_offices_are_filled_most_of_the_time(kb: KnowledgeBase) -> None:
    # Sampled monthly from 2015 to mid-2025; gaps are real vacancies and acting holders we do not list.
    days = [f"{y}-{m:02d}-15" for y in range(2015, 2026) for m in range(1, 13)][:-6]
    for country in G20:
        for role in OFFICES:
            filled = sum(kb.office_holder(country, role, day) is not None for day in days)
            assert filled / len(days) >= 0.9, (country, role, filled)


def test_people_rows_are_consistent(kb: KnowledgeBase) -> None:
    owners = {c.iso3 for c in kb.countries} | {g.key for g in kb.igos}
    for p in kb.people:
        assert p.country in owners, p
        assert p.sector in SECTORS, p
        assert p.title, p
        start = dt.date.fromisoformat(p.start)
        assert dt.date(1950, 1, 1) <= start <= dt.date(2026, 12, 31), p
        if p.end is not None:
            assert p.start <= p.end, p
        assert p.end is not None or p.start >= "1950", p


def test_no_overlapping_terms_unless_shared(kb: KnowledgeBase) -> None:
    clashes = [(a.name, b.name, a.country, a.role) for a, b in find_overlaps(kb.people)]
    assert clashes == []


def test_overlap_check_finds_overlaps() -> None:
    from eventwire.kb import Person

    a = Person("A", (), "USA", "head_of_state", "President", "GOV", "2020-01-01", "2021-01-01")
    b = Person("B", (), "USA", "head_of_state", "President", "GOV", "2020-06-01", None)
    c = Person("C", (), "USA", "head_of_state", "President", "GOV", "2021-01-01", None, shared=True)
    handover = Person("D", (), "USA", "head_of_state", "President", "GOV", "2021-01-01", None)
    assert find_overlaps([a, b]) == [(a, b)]
    assert find_overlaps([a, c]) == []
    assert find_overlaps([a, handover]) == []


def test_title_roles_lead_to_people(kb: KnowledgeBase) -> None:
    roles = {p.role for p in kb.people}
    for t in kb.titles:
        if t.role is not None:
            assert t.role in roles, t
        assert t.text == t.text.lower(), t


def test_armed_group_codes_start_with_their_country(kb: KnowledgeBase) -> None:
    for g in kb.igos:
        assert len(g.code) % 3 == 0, g
        if g.country is not None:
            country = kb.by_iso3(g.country)
            assert country is not None and g.code.startswith(country.cameo), g
        elif g.kind == "organization":
            assert g.code[:3] in {"IGO", "NGO"}, g
        else:
            assert g.code.startswith("IMG"), g


def test_igo_names_are_unambiguous(kb: KnowledgeBase) -> None:
    seen: dict[str, str] = {}
    for g in kb.igos:
        for name in (g.name, *g.aliases):
            found = kb.igo(name)
            assert found is not None and found.key == g.key, (name, g.key, seen.get(name))
            seen[name] = g.key


def test_surnames(kb: KnowledgeBase) -> None:
    surnames = {p.name: p.surname() for p in kb.people}
    assert surnames["Antony Blinken"] == "Blinken"
    assert surnames["Xi Jinping"] == "Xi"
    assert surnames["Yoon Suk Yeol"] == "Yoon"
    assert surnames["Joe Biden"] == "Biden"
    assert surnames["Ursula von der Leyen"] == "von der Leyen"
    assert surnames["Jean-Yves Le Drian"] == "Le Drian"
    assert surnames["Luiz Inácio Lula da Silva"] == "Lula"
    assert surnames["Mohammed bin Salman"] == ""
    assert surnames["Elizabeth II"] == ""
    assert surnames["Sugiono"] == "Sugiono"
