"""The event coder on sentences of our own: frames, arguments, modality, dates and evidence."""

from __future__ import annotations

import pytest

from eventwire.pipeline import Pipeline
from eventwire.records import Event

pytestmark = pytest.mark.model

PUBLISHED = "2024-03-08"  # a Friday


def _events(pipeline: Pipeline, text: str) -> list[Event]:
    return pipeline.code_text(text, date=PUBLISHED).events


def _pairs(events: list[Event]) -> set[tuple[str, str, str]]:
    return {
        (
            (e.source.country or "---") if e.source else "---",
            (e.target.country or "---") if e.target else "---",
            e.root,
        )
        for e in events
    }


def test_meet_with(pipeline: Pipeline) -> None:
    events = _events(
        pipeline, "Chinese Foreign Minister Wang Yi met with his Brazilian counterpart in Brasilia on Friday."
    )
    e = next(e for e in events if e.root == "04")
    assert (e.source.country, e.target.country) == ("CHN", "BRA")
    assert e.date == "2024-03-08" and e.date_text and "Friday" in e.date_text
    assert e.quad_class == 1 and e.plover and e.plover.type == "CONSULT"
    assert e.evidence.rule and e.evidence.sentence_text.startswith("Chinese Foreign Minister")


def test_passive_agent_is_the_source(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Ukrainian positions were shelled by Russian forces overnight.")
    assert ("RUS", "UKR", "19") in _pairs(events) or ("RUS", "UKR", "18") in _pairs(events)


def test_coordination_gives_one_event_per_pair(pipeline: Pipeline) -> None:
    events = _events(pipeline, "France and Germany condemned Iran and Syria on Thursday.")
    pairs = {(s, t) for s, t, root in _pairs(events) if root == "11"}
    assert pairs == {("FRA", "IRN"), ("FRA", "SYR"), ("DEU", "IRN"), ("DEU", "SYR")}


def test_possessive_visit_with_its_own_date(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The plan followed Kenyan President Paul Mwangi's visit to Beijing in May.")
    e = next(e for e in events if e.cameo.startswith("042"))
    assert (e.source.country, e.target.country) == ("KEN", "CHN")
    assert e.date == "2023-05"
    assert e.location and e.location.get("country") == "CHN"


def test_topics_are_not_participants(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The Japanese prime minister held talks on China and North Korea.")
    for e in events:
        assert not (e.target and e.target.country in ("CHN", "PRK")), e


def test_negation_and_modality_are_marked_not_dropped(pipeline: Pipeline) -> None:
    neg = _events(pipeline, "Turkey did not attack Greek ships.")
    assert neg and all(e.negated for e in neg if e.root == "19")
    intended = _events(pipeline, "Egyptian and Israeli officials are set to discuss a truce.")
    assert any(e.modality == "intended" and e.root in ("03", "04") for e in intended)
    hypo = _events(pipeline, "Poland could expel Belarusian diplomats.")
    assert any(e.modality == "hypothetical" for e in hypo)


def test_reported_speech_and_statement(pipeline: Pipeline) -> None:
    events = _events(
        pipeline, "Armenia's foreign minister said Azerbaijani troops attacked Armenian villages."
    )
    assert any(e.root == "01" and e.source and e.source.country == "ARM" for e in events)
    attack = [e for e in events if e.root in ("18", "19")]
    assert attack and attack[0].modality == "reported" and attack[0].source.country == "AZE"


def test_noun_event_with_clausal_target(pipeline: Pipeline) -> None:
    events = _events(
        pipeline, "The dispute was sparked by allegations that Peru was involved in the smuggling."
    )
    assert any(e.root == "11" and e.target and e.target.country == "PER" for e in events)


def test_such_as_list_expands_targets(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The Australian prime minister visited partners such as Fiji and Samoa.")
    visits = {(s, t) for s, t, root in _pairs(events) if root == "04"}
    assert {("AUS", "FJI"), ("AUS", "WSM")} <= visits


def test_announced_action_is_coded_as_intent(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The Australian prime minister will visit Fiji next week.")
    e = next(e for e in events if e.target and e.target.country == "FJI")
    assert (e.cameo, e.modality) == ("036", "intended")
    assert "intents.csv" in e.evidence.rule
    threat = _events(pipeline, "Lithuania will expel Russian diplomats.")
    assert any(e.root == "13" and e.modality == "intended" for e in threat)


def test_codes_carry_cameo_facts(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Rebels attacked a police station in northern Mali.")
    e = next(e for e in events if e.root in ("18", "19"))
    assert e.quad_class == 4 and e.goldstein < 0 and e.plover and e.plover.type


def test_each_other_and_targets_hung_on_the_object(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Peru and Chile accused each other of violating the border.")
    assert {("PER", "CHL", "11"), ("CHL", "PER", "11")} <= _pairs(events)
    events = _events(pipeline, "Canada imposed sanctions on Belarusian officials on Tuesday.")
    assert ("CAN", "BLR", "16") in _pairs(events)


def test_subjects_of_relative_and_participle_clauses(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The rebels, who attacked Malian soldiers on Monday, fled north.")
    assert any(e.root in ("18", "19") and e.target and e.target.country == "MLI" for e in events)
    events = _events(pipeline, "Amnesty International issued a report accusing the Ethiopian army of abuses.")
    e = next(e for e in events if e.root == "11")
    assert e.source and "Amnesty" in e.source.text and e.target and e.target.country == "ETH"


def test_willing_to_is_an_announced_action(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Chile is willing to withdraw its troops from the border.")
    e = next(e for e in events if e.source and e.source.country == "CHL")
    assert (e.root, e.modality) == ("03", "intended")


def test_victims_known_attacker_not(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Two Kenyan soldiers were killed by a roadside bomb near the border.")
    e = next(e for e in events if e.root in ("18", "19", "20"))
    assert e.source is None and e.target and e.target.country == "KEN"
    statements = _events(pipeline, "Kenyan officials were told about the plan.")
    assert not any(e.source is None and e.root == "01" for e in statements)


def test_refusals_are_rejections_and_denials_stay_negated(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Japan will not lift the ban on Russian fish imports.")
    e = next(e for e in events if e.source and e.source.country == "JPN")
    assert e.root == "12" and not e.negated and "negations.csv" in e.evidence.rule
    events = _events(pipeline, "Serbia and Kosovo failed to reach an agreement on Monday.")
    assert any(e.cameo == "127" for e in events)
    events = _events(pipeline, "Turkey did not attack Greek ships.")
    assert all(e.root == "19" and e.negated for e in events if e.root in ("12", "19"))
