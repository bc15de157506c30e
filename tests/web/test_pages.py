"""The web UI's pages, in process: content, escaping, filters, errors, the coding form's guards."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.conftest import TOKEN
from api.records import SCRIPT
from eventwire.api import ServeSettings, create_app

PAGES = ["/", "/events/us-india-1:E1", "/articles/us-india-1", "/dyads", "/dyads/USA/IND", "/network",
         "/actors", "/code", "/docs"]  # fmt: skip


def test_every_page_renders_with_our_own_assets_only(ui: TestClient) -> None:
    for path in PAGES:
        response = ui.get(path)
        assert response.status_code == 200, path
        html = response.text
        assert '<nav class="top"' in html, path
        # nothing is fetched from elsewhere: every src/href to a resource is a local path
        for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not ref.startswith(("http://", "https://", "//")) or "example.org" in ref, (path, ref)
        assert "default-src 'none'" in response.headers["content-security-policy"]
    assert ui.get("/static/style.css").headers["content-type"].startswith("text/css")


def test_stored_markup_is_shown_as_text(ui: TestClient) -> None:
    for path in ("/articles/chn-usa-1", "/", "/events/chn-usa-1:E1"):
        html = ui.get(path).text
        assert SCRIPT not in html, path
        assert "&lt;script&gt;alert(" in html, path


def test_the_explorer_filters_and_pages(ui: TestClient) -> None:
    html = ui.get("/", params={"dyad": "USA,IND", "limit": "3"}).text
    assert html.count('data-href="/events/') == 3
    assert 'id="next-page"' in html and "Russia strikes" not in html
    last = ui.get("/", params={"dyad": "USA,IND", "limit": "3", "cursor": _next(html)}).text
    assert last.count('data-href="/events/') == 1 and 'id="next-page"' not in last


def _next(html: str) -> str:
    found = re.search(r'id="next-page" href="/\?[^"]*cursor=([^"&]+)', html)
    assert found, "no next-page link"
    return found.group(1).replace("%3D", "=")


def test_a_bad_filter_shows_the_reason_on_the_page(ui: TestClient) -> None:
    response = ui.get("/", params={"quad": "9"})
    assert response.status_code == 422
    assert "quad: &#39;9&#39; is not a QuadClass" in response.text


def test_the_dyad_page_charts_months_and_lists_stories_and_quotes(ui: TestClient) -> None:
    html = ui.get("/dyads/USA/IND").text
    assert html.count('<rect class="q') == 3  # one segment per month and class: 2023-11, 2023-12, 2024-02
    assert '<polyline class="goldstein"' in html
    assert "We will deepen our partnership" in html and 'id="stories"' in html
    assert "No dated events" in ui.get("/dyads/USA/IND", params={"since": "2025"}).text
    assert ui.get("/dyads?a=USA&b=IND", follow_redirects=False).headers["location"] == "/dyads/USA/IND"
    assert ui.get("/dyads", params={"a": "U", "b": "IND"}).status_code == 422


def test_the_network_joins_countries_by_their_events(ui: TestClient) -> None:
    html = ui.get("/network").text
    assert html.count('<circle class="node"') == 5
    assert html.count('<line class="edge"') == 3
    assert "No events between" in ui.get("/network", params={"root": "20"}).text


def test_unknown_pages_and_ids_are_html_404s(ui: TestClient) -> None:
    for path in ("/nowhere", "/events/nope", "/articles/..%2F..%2Fetc%2Fpasswd", "/static/../pyproject.toml"):
        response = ui.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"].startswith("text/html"), path


def test_the_coding_form_refuses_other_sites(ui: TestClient) -> None:
    response = ui.post("/code", data={"text": "x"}, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403


def test_the_coding_form_needs_the_token_beyond_loopback(tmp_path: Path) -> None:
    app = create_app(ServeSettings(db=tmp_path / "e.db", host="0.0.0.0", token=TOKEN))
    with TestClient(app, base_url="http://events.example.org") as c:
        assert 'name="token"' in c.get("/code").text
        refused = c.post("/code", data={"text": "Talks.", "token": "wrong-token-wrong-token"})
        empty = c.post("/code", data={"text": "  ", "token": TOKEN})
    assert refused.status_code == 401
    assert empty.status_code == 422 and "Cannot code this text" in empty.text  # past the token


@pytest.mark.model
def test_pasted_text_is_coded_and_shown(ui_db: str, pipeline) -> None:  # type: ignore[no-untyped-def]
    app = create_app(ServeSettings(db=ui_db), pipeline=pipeline)
    text = "Kenyan President Paul Mwangi met with Tanzanian officials in Nairobi on Monday. <b>bold</b>"
    with TestClient(app, base_url="http://127.0.0.1") as c:
        html = c.post("/code", data={"text": text, "date": "2024-03-04"}).text
    assert 'id="coded"' in html and "ew-trigger" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html
