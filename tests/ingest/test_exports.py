"""The public API of eventwire.ingest is what we mean it to be."""

from __future__ import annotations

import eventwire.ingest as ingest


def test_exports() -> None:
    assert sorted(ingest.__all__) == [
        "RawArticle",
        "Section",
        "iter_inputs",
        "read_html",
        "read_json",
        "read_jsonl",
        "read_path",
        "read_text",
    ]
    for name in ingest.__all__:
        assert getattr(ingest, name) is not None
