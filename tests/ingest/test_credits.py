"""Credit lines and bylines are read whole; sentences that mention agencies are not credits."""

from __future__ import annotations

import pytest

from eventwire.ingest.credits import Credit, canonical_agency, parse_byline, parse_credit_line


@pytest.mark.parametrize(
    ("line", "agencies", "authors"),
    [
        ("ss/ab (AFP, AP, Reuters)", ("AFP", "AP", "Reuters"), ("ss", "ab")),
        ("jsi/rc (dpa, Reuters)", ("dpa", "Reuters"), ("jsi", "rc")),
        ("kb/rs (AFP, Example Wire)", ("AFP", "Example Wire"), ("kb", "rs")),
        ("mf/wd", (), ("mf", "wd")),
        ("(Reuters)", ("Reuters",), ()),
        ("(Xinhua, TASS)", ("Xinhua", "TASS"), ()),
        ("AFP/Reuters", ("AFP", "Reuters"), ()),
        ("— AP", ("AP",), ()),
        ("With material from dpa and KNA", ("dpa", "KNA"), ()),
        ("Reporting by Jane Doe; Editing by John Roe", (), ("Jane Doe", "John Roe")),
        (
            "(Reporting by Jane Doe in Kyiv and Max Muster in Berlin; Editing by Ed Smith)",
            (),
            ("Jane Doe", "Max Muster", "Ed Smith"),
        ),
        ("Edited by: Rob Smith", (), ("Rob Smith",)),
    ],
)
def test_credit_lines(line: str, agencies: tuple[str, ...], authors: tuple[str, ...]) -> None:
    assert parse_credit_line(line) == Credit(agencies=agencies, authors=authors)


@pytest.mark.parametrize(
    "line",
    [
        "He said AFP had misquoted him.",
        "Reuters could not independently verify the report.",
        "(The figures were not confirmed)",
        "(AFP, Example Wire)",  # unknown names in bare parentheses: an aside, not a credit
        "and/or",
        "Reporting by the state news agency was delayed.",
        "Mr. Smith (AFP)",
    ],
)
def test_not_credit_lines(line: str) -> None:
    assert parse_credit_line(line) is None


def test_bylines() -> None:
    assert parse_byline("By Jane Doe") == Credit(authors=("Jane Doe",))
    assert parse_byline("By Jane Doe and John Roe, Reuters") == Credit(
        agencies=("Reuters",), authors=("Jane Doe", "John Roe")
    )
    assert parse_byline("By Friday, the ministers had agreed on a text.") is None
    assert parse_byline("By Reuters") is None


def test_canonical_agency() -> None:
    assert canonical_agency("reuters") == "Reuters"
    assert canonical_agency("DPA") == "dpa"
    assert canonical_agency("Associated Press") == "AP"
    assert canonical_agency("Example Wire") is None
