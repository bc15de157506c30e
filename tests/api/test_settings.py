"""Server settings: what counts as loopback, which Host names a loopback server answers to."""

from __future__ import annotations

import pytest

from eventwire.api.settings import ServeSettings, is_loopback
from eventwire.errors import ServeError


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("127.5.0.9", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.10", False),
        ("example.org", False),
        ("localhost.example.org", False),
    ],
)
def test_is_loopback(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected


@pytest.mark.parametrize(
    ("header", "allowed"),
    [
        ("127.0.0.1:8000", True),
        ("localhost", True),
        ("[::1]:8000", True),
        ("evil.example:8000", False),
        ("127.0.0.1.evil.example", False),
        (None, False),
    ],
)
def test_a_loopback_server_checks_the_host_header(header: str | None, allowed: bool) -> None:
    assert ServeSettings().host_allowed(header) is allowed


def test_beyond_loopback_any_host_header_is_answered() -> None:
    settings = ServeSettings(host="0.0.0.0", token="a" * 20)
    assert settings.host_allowed("events.example.org") and settings.token_required


@pytest.mark.parametrize(
    "kwargs",
    [{"max_body_bytes": 0}, {"page_size": 0}, {"page_size": 5000}, {"cors_origins": ("example.org",)}],
)
def test_invalid_settings_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ServeError):
        ServeSettings(**kwargs)  # type: ignore[arg-type]
