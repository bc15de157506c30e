"""The reference article (read from ../shared, never copied) yields EXPECTED.md's core facts,
with and without the packaged people table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventwire.ingest import iter_inputs
from eventwire.options import Options
from eventwire.pipeline import Pipeline
from schema_check import assert_valid_record

pytestmark = [pytest.mark.model, pytest.mark.shared]


def _code(seed_path: Path, pipeline: Pipeline) -> dict[str, Any]:
    raw = next(iter(iter_inputs([str(seed_path)])))
    article = next(pipeline.code_raw([raw]))  # type: ignore[list-item]
    record = article.to_dict()
    assert_valid_record(record)
    return record


def _a3(side: dict[str, Any] | None) -> str:
    return ((side or {}).get("code") or (side or {}).get("country") or "---")[:3]


def _has(
    rec: dict[str, Any], src: str, tgt: str, roots: set[str], sym: bool = False, pred=lambda e: True
) -> bool:  # type: ignore[no-untyped-def]
    for e in rec["events"]:
        if e["negated"] or e["root"] not in roots or not pred(e):
            continue
        s, t = _a3(e["source"]), _a3(e["target"])
        if (s, t) == (src, tgt) or (sym and (t, s) == (src, tgt)):
            return True
    return False


def _check_core(rec: dict[str, Any]) -> list[str]:
    missing = []
    people = {a["name"].lower(): a for a in rec["actors"] if a["kind"] == "person"}

    def person(name: str, country: str, sectors: set[str], mentions: int = 1) -> None:
        hits = [
            a
            for n, a in people.items()
            if name in n
            and a["country"] == country
            and a["sector"] in sectors
            and len(a["mentions"]) >= mentions
        ]
        if not hits:
            missing.append(f"person {name}")

    person("blinken", "USA", {"GOV"}, 6)
    person("jaishankar", "IND", {"GOV"})
    person("austin", "USA", {"GOV", "MIL"})
    person("singh", "IND", {"GOV", "MIL"}, 3)
    person("modi", "IND", {"GOV"})
    person("biden", "USA", {"GOV"})
    delhi = lambda e: "delhi" in str(e.get("location") or "").lower()  # noqa: E731
    checks = {
        "E1": _has(rec, "USA", "IND", {"04"}, True, lambda e: e["date"] == "2023-11-10" and delhi(e)),
        "E2": _has(
            rec,
            "USA",
            "IND",
            {"03", "04"},
            True,
            lambda e: "austin" in str(e).lower() or "singh" in str(e).lower(),
        ),
        "E3": _has(rec, "USA", "IND", {"02"}),
        "E4": _has(rec, "CAN", "IND", {"11"}) or _has(rec, "---", "IND", {"11"}),
        "E5": _has(rec, "RUS", "UKR", {"19", "20"}),
        "E6": _has(rec, "IND", "USA", {"04"}, pred=lambda e: e["date"].startswith("2023-06")),
        "E7": _has(rec, "USA", "IND", {"04"}, pred=lambda e: e["date"].startswith("2023-09")),
        "E8 KOR": _has(rec, "USA", "KOR", {"04"}),
        "E8 JPN": _has(rec, "USA", "JPN", {"04"}),
        "E9": any(e["root"] == "01" and "blinken" in str(e["source"]).lower() for e in rec["events"]),
    }
    missing += [k for k, ok in checks.items() if not ok]
    for e in rec["events"]:
        if e["root"] == "04" and {_a3(e["source"]), _a3(e["target"])} & {"CHN", "ISR"}:
            missing.append(f"must-not: {e['trigger']} with CHN/ISR")
    if any("2+2" in a["name"] for a in rec["actors"]):
        missing.append("must-not: 2+2 as actor")
    for p in rec["places"]:
        if p["text"].lower() in {"singh", "blinken", "quad", "modi-biden"}:
            missing.append(f"must-not: place {p['text']}")
    return missing


def test_seed_core_facts(seed_path: Path, pipeline: Pipeline) -> None:
    rec = _code(seed_path, pipeline)
    assert rec["title"] == "Blinken in India holds talks on China, Israel"
    assert rec["published"] == "2023-11-10"
    assert "2023US" not in rec["text"]
    assert _check_core(rec) == []


def test_seed_core_facts_without_the_people_table(seed_path: Path) -> None:
    rec = _code(seed_path, Pipeline(Options(use_people=False)))
    assert all("kb:people" not in a.get("basis", []) for a in rec["actors"])
    assert _check_core(rec) == []
