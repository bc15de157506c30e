"""Finding and resolving the places of small texts of our own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventwire.extract.places import countries_of, find_places, place_of
from eventwire.kb.gazetteer import Gazetteer
from eventwire.records import Place


@pytest.fixture(scope="session")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    # The same dir as tests/kb/test_gazetteer.py: the index is built once per session.
    cache: Path = tmp_path_factory.getbasetemp() / "gazetteer-cache"
    return Gazetteer.load(cache_dir=cache)


def _places(nlp: Any, gaz: Gazetteer, text: str, **kwargs: Any) -> dict[str, Place]:
    return {p.text: p for p in find_places(nlp(text), gazetteer=gaz, **kwargs)}


# ---- without the model ---------------------------------------------------------------------------


def test_place_of_skips_directions_and_offsets_the_span(gaz: Gazetteer) -> None:
    place = place_of("in northern Syria", gazetteer=gaz, start=100)
    assert place is not None and (place.country, place.kind) == ("SYR", "country")
    assert place.span == (112, 117) and place.text == "Syria"


def test_place_of_takes_the_longest_known_name(gaz: Gazetteer) -> None:
    place = place_of("near the Gaza Strip", gazetteer=gaz)
    assert place is not None and place.text == "Gaza Strip" and place.country == "PSE"


def test_place_of_unknown(gaz: Gazetteer) -> None:
    assert place_of("somewhere quiet", gazetteer=gaz) is None


def test_countries_of_keeps_first_mention_order() -> None:
    def place(country: str | None) -> Place:
        return Place("x", (0, 1), "x", country, 0.0, 0.0, None, "city")

    assert countries_of([place("UKR"), place(None), place("POL"), place("UKR")]) == ["UKR", "POL"]


# ---- with the model -------------------------------------------------------------------------------


@pytest.mark.model
def test_titles_and_people_are_not_places(nlp: Any, gaz: Gazetteer) -> None:
    text = (
        "Prime Minister Singh met Secretary of State Blinken in New Delhi on Tuesday, and the two "
        "discussed security in the Indo-Pacific."
    )
    found = _places(nlp, gaz, text)
    assert set(found) == {"New Delhi", "Indo-Pacific"}
    assert found["New Delhi"].country == "IND" and found["Indo-Pacific"].kind == "region"


@pytest.mark.model
def test_appositive_title_refuses_a_name(nlp: Any, gaz: Gazetteer) -> None:
    assert _places(nlp, gaz, "Singh, the defence minister, arrived late.") == {}


@pytest.mark.model
def test_excluded_spans_are_never_places(nlp: Any, gaz: Gazetteer) -> None:
    text = "Officials in Washington welcomed the visit to Jordan."
    start = text.index("Jordan")
    found = _places(nlp, gaz, text, exclude=[(start, start + len("Jordan"))])
    assert "Jordan" not in found and "Washington" in found


@pytest.mark.model
def test_person_pairs_are_not_places_but_place_pairs_are(nlp: Any, gaz: Gazetteer) -> None:
    found = _places(nlp, gaz, "The Modi-Biden meeting focused on trade, officials in Washington said.")
    assert set(found) == {"Washington"}
    washington = found["Washington"]
    assert (washington.kind, washington.country) == ("city", "USA")
    assert washington.lat is not None and abs(washington.lat - 38.9) < 0.5
    found = _places(nlp, gaz, "Floods hit Fargo-Moorhead and northeast Georgia as the Red River rose.")
    assert {"Fargo", "Moorhead", "Georgia"} <= set(found)


@pytest.mark.model
def test_demonyms_are_left_to_the_caller(nlp: Any, gaz: Gazetteer) -> None:
    assert _places(nlp, gaz, "Indian and French officials met on Monday.") == {}


@pytest.mark.model
def test_names_the_model_missed(nlp: Any, gaz: Gazetteer) -> None:
    found = _places(nlp, gaz, "Protests spread from Kyiv to Lviv on Sunday, and Ukraine asked for help.")
    assert {"Kyiv", "Lviv", "Ukraine"} <= set(found)
    assert found["Lviv"].kind == "city" and found["Ukraine"].kind == "country"
    assert countries_of(list(found.values())) == ["UKR"]


@pytest.mark.model
def test_other_names_decide_georgia(nlp: Any, gaz: Gazetteer) -> None:
    found = _places(nlp, gaz, "The governor of Georgia spoke in Atlanta about new jobs.")
    assert (found["Georgia"].country, found["Georgia"].kind) == ("USA", "admin")
    found = _places(nlp, gaz, "Georgia recalled its ambassador, officials in Tbilisi said.")
    assert (found["Georgia"].country, found["Georgia"].kind) == ("GEO", "country")


@pytest.mark.model
def test_things_named_after_places(nlp: Any, gaz: Gazetteer) -> None:
    found = _places(nlp, gaz, "An outbreak of Marburg virus was confirmed in Uganda last week.")
    assert set(found) == {"Uganda"}


@pytest.mark.model
def test_place_inside_an_organisation_name_and_trimmed_directions(nlp: Any, gaz: Gazetteer) -> None:
    found = _places(nlp, gaz, "The Texas Department of Transportation closed roads near Austin.")
    assert found["Texas"].kind == "admin" and found["Austin"].country == "USA"
    found = _places(nlp, gaz, "Heavy snow fell across northern Georgia and in Atlanta.")
    assert "Georgia" in found and found["Georgia"].country == "USA"


@pytest.mark.model
def test_context_countries_from_the_caller(nlp: Any, gaz: Gazetteer) -> None:
    text = "Voters in Paris went to the polls on Sunday."
    assert _places(nlp, gaz, text)["Paris"].country == "FRA"
    texan = _places(nlp, gaz, "Voters in Paris and Dallas went to the polls, Texas officials said.")
    assert texan["Paris"].country == "USA"


@pytest.mark.model
def test_spans_point_into_the_text(nlp: Any, gaz: Gazetteer) -> None:
    text = "Ships crossed the Taiwan Strait while talks went on in Manila."
    for place in find_places(nlp(text), gazetteer=gaz):
        assert text[place.span[0] : place.span[1]] == place.text


@pytest.mark.model
def test_a_place_and_the_state_it_lies_in(nlp: Any, gaz: Gazetteer) -> None:
    found = _places(nlp, gaz, "The council of Dublin, Ohio, met on Monday to discuss roads.")
    dublin = found["Dublin"]
    assert dublin.country == "USA" and dublin.lat is not None and abs(dublin.lat - 40.1) < 0.5
    assert found["Ohio"].kind == "admin"


@pytest.mark.model
def test_district_and_county_list_cues(nlp: Any, gaz: Gazetteer) -> None:
    found = _places(nlp, gaz, "Rep. Jane Doe, D-Calif., said the bill would pass.")
    assert set(found) == {"Calif."} and found["Calif."].kind == "admin"
    found = _places(nlp, gaz, "Schools in Barrow, Jackson and Madison counties closed on Friday.")
    assert {"Barrow", "Jackson", "Madison"} <= set(found)
    assert {p.kind for p in found.values()} == {"admin"}


@pytest.mark.model
def test_a_town_heading_its_institutions_beside_another_town(nlp: Any, gaz: Gazetteer) -> None:
    text = "Lansing police said Grand Ledge Police Chief Tom Smith arrived after the crash in Lansing."
    found = _places(nlp, gaz, text)
    assert "Grand Ledge" in found and found["Grand Ledge"].country == "USA"
    assert "Tom Smith" not in found


@pytest.mark.model
def test_home_towns_residents_and_trips(nlp: Any, gaz: Gazetteer) -> None:
    found = _places(nlp, gaz, "Jane Doe, 34, of Lombard, who was hurt, is recovering in Chicago.")
    assert {"Lombard", "Chicago"} <= set(found)
    found = _places(nlp, gaz, "A Camarillo resident flew to Cancun last week.")
    assert {"Camarillo", "Cancun"} <= set(found) and found["Cancun"].country == "MEX"


@pytest.mark.model
def test_dates_and_titles_are_not_towns(nlp: Any, gaz: Gazetteer) -> None:
    assert set(_places(nlp, gaz, "In March the Pope visited Rome and met pilgrims.")) == {"Rome"}


@pytest.mark.model
def test_a_name_is_taken_whole(nlp: Any, gaz: Gazetteer) -> None:
    found = find_places(nlp("Aid reached the Democratic Republic of the Congo on Monday."), gazetteer=gaz)
    assert [(p.text, p.country) for p in found] == [("Democratic Republic of the Congo", "COD")]
