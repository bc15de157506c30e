"""A bug met on one article becomes that article's failure; the others are still coded."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.errors import CodingFailed, DataFileError
from eventwire.ingest.document import RawArticle
from eventwire.pipeline import Failure, Pipeline

pytestmark = pytest.mark.model


def _raws() -> list[RawArticle]:
    texts = ["The president met the king in Rabat on Monday.", "BOOM the minister said talks failed."]
    return [RawArticle(text=t, origin=f"a{i}.txt") for i, t in enumerate(texts)]


def test_an_unexpected_error_fails_only_its_article(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.record

    def record(raw: RawArticle, doc: Any) -> Any:
        if raw.text.startswith("BOOM"):
            raise KeyError("a bug")
        return real(raw, doc)

    monkeypatch.setattr(pipeline, "record", record)
    out = list(pipeline.code_stream(_raws()))
    assert not isinstance(out[0], Failure)
    assert isinstance(out[1], Failure) and isinstance(out[1].error, CodingFailed)
    assert "a1.txt" in out[1].error.message and "KeyError" in out[1].error.message


def test_configuration_errors_still_stop_the_run(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    def record(raw: RawArticle, doc: Any) -> Any:
        raise DataFileError("my_kb.csv", 3, "bad row")

    monkeypatch.setattr(pipeline, "record", record)
    with pytest.raises(DataFileError):
        list(pipeline.code_stream(_raws()))
