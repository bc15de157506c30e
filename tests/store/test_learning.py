"""The store learns people from full mentions, keeps the evidence, and users review it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.errors import QueryError
from eventwire.options import Options
from eventwire.pipeline import Pipeline
from eventwire.store import Store
from eventwire.store.learning import (
    as_person,
    learn_from_record,
    learnable,
    learned_actors,
    learned_people,
    review,
)

TEXT = "Kenyan Foreign Minister Wanjiru Kamau met Ugandan officials. Talks went well."


def _record(aid: str, day: str, **actor: Any) -> dict[str, Any]:
    person = {
        "id": "A1",
        "name": "Wanjiru Kamau",
        "kind": "person",
        "title": "Foreign Minister",
        "country": "KEN",
        "sector": "GOV",
        "code": "KENGOV",
        "mentions": [[24, 37]],
        "basis": ["modifier", "title"],
    }
    person.update(actor)
    return {"id": aid, "published": day, "text": TEXT, "actors": [person]}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, True),
        ({"title": None}, False),
        ({"country": None}, False),
        ({"name": "Kamau"}, False),
        ({"kind": "organization"}, False),
        ({"basis": ["kb:people"]}, False),
    ],
)
def test_only_fully_described_unknown_people_are_learned(change: dict[str, Any], expected: bool) -> None:
    assert learnable(_record("a", "2024-01-01", **change)["actors"][0]) is expected


def test_learning_keeps_evidence_and_widens_the_period(store: Store) -> None:
    with store.begin() as conn:
        assert learn_from_record(conn, _record("a1", "2024-03-04")) == 1
        assert learn_from_record(conn, _record("a2", "2024-06-01")) == 0
        assert learn_from_record(conn, _record("a0", "2024-01-15")) == 0
    with store.connect() as conn:
        (row,) = learned_actors(conn)
    assert (row.first_seen, row.last_seen, row.article_id) == ("2024-01-15", "2024-06-01", "a1")
    assert row.evidence == "Kenyan Foreign Minister Wanjiru Kamau met Ugandan officials."


def test_review_rejects_corrects_and_validates(store: Store) -> None:
    with store.begin() as conn:
        learn_from_record(conn, _record("a1", "2024-03-04"))
        (row,) = learned_actors(conn)
        fixed = review(conn, row.id, country="UGA")
        assert (fixed.country, fixed.status) == ("UGA", "confirmed")
        with pytest.raises(QueryError, match="ISO3"):
            review(conn, row.id, country="Uganda")
        with pytest.raises(QueryError, match="no learned actor"):
            review(conn, row.id + 99, status="rejected")
        review(conn, row.id, status="rejected")
        assert learned_people(conn) == ()


def test_a_learned_person_is_valid_around_when_it_was_seen(store: Store) -> None:
    with store.begin() as conn:
        learn_from_record(conn, _record("a1", "2024-03-04"))
        (row,) = learned_actors(conn)
    person = as_person(row)
    assert person.active_on("2024-02-10") and person.active_on("2025-03-01")
    assert not person.active_on("2023-12-01") and not person.active_on("2025-04-01")


@pytest.mark.model
def test_a_learned_person_is_recognised_by_surname_in_later_articles(
    pipeline: Pipeline, store: Store
) -> None:
    first = pipeline.code_text(TEXT, date="2024-03-04")
    with store.begin() as conn:
        assert learn_from_record(conn, first.to_dict()) == 1
        people = learned_people(conn)
    later = "Kamau criticised Uganda on Tuesday over delays at the border."
    before = {a.name: a.country for a in pipeline.code_text(later, date="2024-05-01").actors}
    after = {
        a.name: a.country
        for a in Pipeline(Options(extra_people=people)).code_text(later, date="2024-05-01").actors
    }
    assert before.get("Kamau") is None
    assert "KEN" in {after.get("Kamau"), after.get("Wanjiru Kamau")}


def test_the_review_commands(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store, store.begin() as conn:
        learn_from_record(conn, _record("a1", "2024-03-04"))
    runner = CliRunner()
    listed = runner.invoke(main, ["learned", "list", "--db", str(db)])
    assert listed.exit_code == 0 and "Wanjiru Kamau" in listed.output and "learned from a1" in listed.output
    assert runner.invoke(main, ["learned", "reject", "1", "--db", str(db)]).exit_code == 0
    rejected = runner.invoke(main, ["learned", "list", "--status", "rejected", "--db", str(db)])
    assert "rejected" in rejected.output
    bad = runner.invoke(main, ["learned", "edit", "1", "--country", "Kenya", "--db", str(db)])
    assert bad.exit_code != 0 and "ISO3" in bad.output
    missing = runner.invoke(main, ["learned", "list", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code != 0 and "no store" in missing.output
