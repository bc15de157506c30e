"""The JSON API over a filled store, on SQLite and PostgreSQL: filters, pages, CSV, ids, errors."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

from eventwire.store import queries

from .conftest import make_client
from .records import SCRIPT


def _pairs(items: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(e["source_country"], e["target_country"]) for e in items}


def test_health_says_the_model_is_not_loaded_yet(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["model_loaded"] is False


def test_events_filtered_by_source_and_target(client: TestClient) -> None:
    items = client.get("/v1/events", params={"source": "USA", "target": "IND"}).json()["items"]
    assert _pairs(items) == {("USA", "IND")}
    assert {e["cameo"] for e in items} == {"040", "057"}


def test_a_dyad_is_either_direction_and_either_spelling(client: TestClient) -> None:
    for query in ("dyad=USA,IND", "dyad=USA&dyad=IND", "dyad=ind,usa"):
        items = client.get(f"/v1/events?{query}").json()["items"]
        assert _pairs(items) == {("USA", "IND"), ("IND", "USA")}, query
        assert len(items) == 4, query


FILTER_CASES: list[tuple[dict[str, str], set[str]]] = [
    ({"root": "19"}, {"190"}),
    ({"code": "05"}, {"051", "057"}),
    ({"quad": "3"}, {"120", "112", "111"}),
    ({"since": "2024-02", "until": "2024-02-10"}, {"120"}),
    ({"q": "pact Singh"}, {"057"}),
    ({"actor": "zelensky"}, {"112"}),
    ({"source": "USAGOV", "quad": "1"}, {"040", "057"}),
]


def test_each_filter(client: TestClient) -> None:
    # one store for all cases: a fresh database per case would make this the slowest test here
    for params, cameos in FILTER_CASES:
        items = client.get("/v1/events", params=params).json()["items"]
        assert {e["cameo"] for e in items} == cameos, params


def test_pages_follow_the_cursor_without_gaps_or_repeats(client: TestClient) -> None:
    seen: list[str] = []
    params: dict[str, str] = {"limit": "3"}
    for _ in range(5):
        body = client.get("/v1/events", params=params).json()
        seen += [e["id"] for e in body["items"]]
        if body["next"] is None:
            break
        params["cursor"] = body["next"]
    assert len(seen) == len(set(seen)) == 8


def test_events_as_csv_by_parameter_or_accept_header(client: TestClient) -> None:
    by_param = client.get("/v1/events", params={"dyad": "USA,IND", "format": "csv", "limit": "3"})
    by_header = client.get("/v1/events?dyad=USA,IND&limit=3", headers={"Accept": "text/csv"})
    for response in (by_param, by_header):
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert len(rows) == 3 and rows[0]["article_title"]
        assert response.headers["x-next-cursor"]


def test_an_event_comes_with_its_evidence(client: TestClient) -> None:
    event = client.get("/v1/events/us-india-1:E1").json()
    assert event["evidence"]["explanation"] == "'met' codes CAMEO 040 from Blinken to Singh"
    assert event["article_title"] == "US and India hold talks in New Delhi"


def test_actors_stories_article_timeline_and_stats(client: TestClient) -> None:
    actors = client.get("/v1/actors", params={"country": "USA"}).json()["items"]
    assert "Blinken" in {a["name"] for a in actors}
    stories = client.get("/v1/stories", params={"dyad": "USA,IND"}).json()["items"]
    assert stories and all({s["source_country"], s["target_country"]} == {"USA", "IND"} for s in stories)
    article = client.get("/v1/articles/rus-ukr-1").json()
    assert article["schema"] == "eventwire/1" and len(article["events"]) == 2
    line = client.get("/v1/dyads/USA/IND/timeline").json()
    assert [m["month"] for m in line["months"]] == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert line["months"][0]["quad"] == [2, 0, 0, 0] and line["months"][2]["total"] == 0
    assert line["quotes"][0]["text"] == "We will deepen our partnership"
    stats = client.get("/v1/stats").json()
    assert (stats["articles"], stats["events"]) == (5, 8)


NOT_FOUND = [
    "/v1/articles/no-such-article",
    "/v1/events/us-india-1:E99",
    "/v1/articles/..%2F..%2Fetc%2Fpasswd",
    "/v1/articles/../../../etc/passwd",  # the client resolves it to /etc/passwd
    "/v1/events/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/v1/articles/" + "x" * 500,
    "/v1/articles/a%00b",
]


def test_unknown_and_traversing_ids_are_404(client: TestClient) -> None:
    for path in NOT_FOUND:
        response = client.get(path)
        assert response.status_code == 404, path
        assert "root:" not in response.text
        if "/../" not in path:  # the client resolves "/../" to a path outside the API
            assert response.json()["error"]["code"] == "not_found", path


BAD_FILTERS = [
    ("quad=7", "quad"),
    ("since=yesterday", "since"),
    ("since=2024-03&until=2024-01", "since"),
    ("source=U", "source"),
    ("limit=0", "limit"),
    ("limit=5000", "limit"),
    ("limit=ten", "limit"),
    ("cursor=not-a-cursor", "cursor"),
    ("dyad=USA", "dyad"),
    ("sorce=USA", "sorce"),
    ("quad=1&quad=2", "quad"),
]


def test_bad_filters_are_422_naming_the_filter(client: TestClient) -> None:
    for query, name in BAD_FILTERS:
        response = client.get(f"/v1/events?{query}")
        assert response.status_code == 422, query
        error = response.json()["error"]
        assert error["code"] == "E051" and error["message"].startswith(name), (query, error)


INJECTIONS = [
    "' OR '1'='1",
    "USA'; DROP TABLE events; --",
    "1; DELETE FROM articles",
    "%' UNION SELECT record FROM articles --",
    '") OR 1=1 --',
    "\\' OR 1=1 --",
]
FILTERS = [
    "source",
    "target",
    "dyad",
    "root",
    "code",
    "quad",
    "since",
    "until",
    "q",
    "actor",
    "story",
    "article",
]


def test_sql_injection_in_every_filter_is_refused_or_matches_nothing(client: TestClient) -> None:
    for name in FILTERS:
        for attack in INJECTIONS:
            response = client.get("/v1/events", params={name: attack})
            assert response.status_code in (400, 404, 422) or response.json()["items"] == [], (name, attack)
    for path in ("/v1/actors?name=", "/v1/actors?country=", "/v1/dyads/USA/"):
        for attack in INJECTIONS:
            assert client.get(path + attack.replace("/", "")).status_code in (200, 404, 422)
    stats = client.get("/v1/stats").json()
    assert (stats["articles"], stats["events"], stats["quotes"]) == (5, 8, 1)  # tables intact


def test_markup_in_stored_text_comes_back_as_data(client: TestClient) -> None:
    article = client.get("/v1/articles/chn-usa-1")
    assert article.headers["content-type"].startswith("application/json")
    assert SCRIPT in article.json()["title"]


def test_an_unexpected_failure_is_500_without_a_traceback(
    filled: tuple[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret detail /home/user/db.sqlite")

    monkeypatch.setattr(queries, "stats", broken)
    with make_client(filled[0]) as c:
        response = c.get("/v1/stats")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert "secret" not in response.text and "Traceback" not in response.text


def test_a_store_that_cannot_open_is_a_500_with_its_reason(tmp_path: Any) -> None:
    # the app is made without touching the store; the first request finds the folder missing
    with make_client(str(tmp_path / "missing" / "x.db")) as c:
        response = c.get("/v1/stats")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "E050"
    assert not (tmp_path / "missing").exists()
