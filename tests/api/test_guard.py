"""The server's edges: body limits, malformed bodies, the token, Host and Origin checks, CORS."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventwire.api import ServeSettings, create_app
from eventwire.errors import ServeError

from .conftest import BASE_URL, TOKEN, make_client

LIMIT = 1000


@pytest.fixture
def small(tmp_path: Path) -> Iterator[TestClient]:
    """A loopback app that takes bodies of at most 1,000 bytes."""
    with make_client(str(tmp_path / "e.db"), max_body_bytes=LIMIT) as c:
        yield c


def test_a_body_over_the_limit_is_413_by_its_declared_length(small: TestClient) -> None:
    response = small.post("/v1/code", json={"text": "x" * 5000})
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "body_too_large" and "1,000 bytes" in error["message"]


def test_a_body_over_the_limit_is_413_while_it_streams(small: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit must hold on what arrives
        yield b'{"text": "'
        for _ in range(20):
            yield b"y" * 100
        yield b'"}'

    response = small.post("/v1/code", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_a_body_that_lies_about_its_length_is_cut_at_the_limit(small: TestClient) -> None:
    response = small.post(
        "/v1/code",
        content=b"z" * 3000,
        headers={"Content-Type": "text/plain", "Content-Length": "10"},
    )
    assert response.status_code in (400, 413)  # the server sees 10 bytes, or the real 3000


@pytest.mark.parametrize(
    "body", [b"{not json", b'{"text": "unterminated', b"\xff\xfe\x00garbage", b"[" * 100_000]
)
def test_malformed_json_is_400(tmp_path: Path, body: bytes) -> None:
    with make_client(str(tmp_path / "e.db")) as c:
        response = c.post("/v1/code", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json"


def test_json_without_text_or_with_a_bad_date_is_422(small: TestClient) -> None:
    assert small.post("/v1/code", json={"title": "no text"}).status_code == 422
    response = small.post("/v1/code", json={"text": "Talks.", "date": "10/11/2023"})
    assert response.status_code == 422 and "date" in response.json()["error"]["message"]
    assert small.post("/v1/code", json=["a list"]).status_code == 422


def test_an_unknown_body_type_is_415(small: TestClient) -> None:
    response = small.post("/v1/code", content=b"%PDF-1.4", headers={"Content-Type": "application/pdf"})
    assert response.status_code == 415


def test_serving_beyond_loopback_needs_a_token(tmp_path: Path) -> None:
    with pytest.raises(ServeError, match="without a token"):
        ServeSettings(db=tmp_path / "e.db", host="0.0.0.0")
    with pytest.raises(ServeError, match="at least 16"):
        ServeSettings(db=tmp_path / "e.db", host="0.0.0.0", token="short")
    assert ServeSettings(db=tmp_path / "e.db", host="::1").token is None  # loopback needs none


def test_beyond_loopback_coding_needs_the_bearer_token(tmp_path: Path) -> None:
    app = create_app(ServeSettings(db=tmp_path / "e.db", host="0.0.0.0", token=TOKEN))
    with TestClient(app, base_url="http://events.example.org", raise_server_exceptions=False) as c:
        missing = c.post("/v1/code", content=b"{oops", headers={"Content-Type": "application/json"})
        wrong = c.post(
            "/v1/code",
            content=b"{oops",
            headers={"Content-Type": "application/json", "Authorization": "Bearer " + "x" * 30},
        )
        right = c.post(
            "/v1/code",
            content=b"{oops",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
        )
        reads = c.get("/v1/stats")
    assert missing.status_code == wrong.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert right.status_code == 400  # past the token, stopped by the malformed body
    assert reads.status_code == 200  # reading needs no token


def test_a_loopback_server_answers_only_to_loopback_host_names(tmp_path: Path) -> None:
    app = create_app(ServeSettings(db=tmp_path / "e.db"))
    with TestClient(app, base_url="http://attacker.example", raise_server_exceptions=False) as c:
        response = c.get("/v1/stats")
    assert response.status_code == 400 and response.json()["error"]["code"] == "host_not_allowed"
    with TestClient(app, base_url="http://localhost:8000") as c:
        assert c.get("/health").status_code == 200


def test_no_cors_unless_an_origin_is_given(tmp_path: Path) -> None:
    origin = {"Origin": "https://tool.example.org"}
    with make_client(str(tmp_path / "a.db")) as c:
        assert "access-control-allow-origin" not in c.get("/health", headers=origin).headers
    with make_client(str(tmp_path / "b.db"), cors_origins=("https://tool.example.org",)) as c:
        allowed = c.get("/health", headers=origin).headers
        other = c.get("/health", headers={"Origin": "https://evil.example"}).headers
    assert allowed["access-control-allow-origin"] == "https://tool.example.org"
    assert "access-control-allow-origin" not in other


def test_the_app_is_made_without_touching_the_store(tmp_path: Path) -> None:
    db = tmp_path / "lazy.db"
    app = create_app(ServeSettings(db=db))
    assert not db.exists()
    with TestClient(app, base_url=BASE_URL) as c:
        assert c.get("/health").status_code == 200
    assert db.exists()
