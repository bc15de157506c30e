"""POST /v1/code with the real pipeline (model tests): JSON, HTML and text bodies, storing, the seed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from eventwire.api import ServeSettings, create_app
from eventwire.ingest import iter_inputs
from eventwire.pipeline import Pipeline
from eventwire.store import Store
from eventwire.store.writer import write_article

from .conftest import BASE_URL

pytestmark = pytest.mark.model

ARTICLE = (
    "Kenyan President Paul Mwangi met with Tanzanian officials in Nairobi on Monday to discuss "
    "border trade. Mwangi said the talks were constructive."
)
PAGE = f"""<html><head><title>Border talks in Nairobi</title></head><body>
<nav>Home | World | Sport</nav><article><h1>Border talks in Nairobi</h1><p>{ARTICLE}</p>
<p>Officials from both countries will meet again next month, a spokesman said.</p></article>
<footer>Copyright Example News</footer></body></html>"""


def _client(db: str, pipeline: Pipeline) -> TestClient:
    return TestClient(create_app(ServeSettings(db=db), pipeline=pipeline), base_url=BASE_URL)


def test_json_is_coded_and_stored_once(store_url: str, pipeline: Pipeline) -> None:
    with _client(store_url, pipeline) as c:
        plain = c.post("/v1/code", json={"text": ARTICLE, "date": "2024-03-04", "title": "Talks"})
        assert plain.status_code == 200
        record = plain.json()
        assert record["schema"] == "eventwire/1" and record["events"]
        assert c.get(f"/v1/articles/{record['id']}").status_code == 404  # not stored without ?store
        first = c.post("/v1/code?store=true", json={"text": ARTICLE, "date": "2024-03-04", "title": "Talks"})
        again = c.post("/v1/code?store=true", json={"text": ARTICLE, "date": "2024-03-04", "title": "Talks"})
        stored = c.get(first.headers["location"])
        health = c.get("/health").json()
    assert (first.status_code, first.headers["x-eventwire-stored"]) == (201, "stored")
    assert (again.status_code, again.headers["x-eventwire-stored"]) == (200, "skipped")
    assert stored.json()["events"] == record["events"]
    assert health["model_loaded"] is True


def test_an_html_page_is_read_like_a_file(tmp_path: Path, pipeline: Pipeline) -> None:
    with _client(str(tmp_path / "e.db"), pipeline) as c:
        response = c.post(
            "/v1/code?date=2024-03-04",
            content=PAGE.encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
    record = response.json()
    assert response.status_code == 200
    assert record["title"] == "Border talks in Nairobi" and "Home | World" not in record["text"]
    assert record["published"] == "2024-03-04"


def test_an_empty_article_is_422(tmp_path: Path, pipeline: Pipeline) -> None:
    with _client(str(tmp_path / "e.db"), pipeline) as c:
        response = c.post("/v1/code", json={"text": "   "})
    assert response.status_code == 422 and response.json()["error"]["code"] == "E012"


@pytest.mark.shared
def test_the_seed_through_the_api(store_url: str, seed_path: Path, pipeline: Pipeline) -> None:
    raw = next(iter(iter_inputs([str(seed_path)])))
    expected: dict[str, Any] = next(pipeline.code_raw([raw])).to_dict()  # type: ignore[list-item]
    store = Store(store_url)
    with store.begin() as conn:
        write_article(conn, expected, input_name=seed_path.name)
    store.close()
    with _client(store_url, pipeline) as c:
        events = c.get("/v1/events", params={"source": "USA", "target": "IND"}).json()["items"]
        posted = c.post(
            "/v1/code", content=seed_path.read_bytes(), headers={"Content-Type": "text/plain"}
        ).json()
    assert events, "the seed's store has no US->India events"
    assert all((e["source_country"], e["target_country"]) == ("USA", "IND") for e in events)
    assert {e["article_id"] for e in events} == {expected["id"]}
    assert posted == expected
