"""Validate records a test produced against the output schema (``eventwire schema``).

    from schema_check import assert_valid_record
    assert_valid_record(article.to_dict())

Plain functions, not an autouse fixture: a test calls them where it already holds records, so the
contract is checked on everything the suite makes without a second run of the pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from eventwire.schema import record_problems


def assert_valid_record(record: Mapping[str, Any]) -> None:
    """Fail the test with every schema problem of ``record`` listed."""
    problems = record_problems(record)
    assert not problems, f"record {record.get('id')!r} breaks the schema:\n" + "\n".join(problems)


def assert_valid_records(records: Iterable[Mapping[str, Any]]) -> None:
    """:func:`assert_valid_record` on each record."""
    for record in records:
        assert_valid_record(record)
