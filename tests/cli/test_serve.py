"""``eventwire serve``: safe defaults, refusal beyond loopback without a token, settings passed on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eventwire.cli import main


def test_serving_beyond_loopback_without_a_token_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTWIRE_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "without a token" in result.output


def test_settings_reach_uvicorn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    monkeypatch.setenv("EVENTWIRE_TOKEN", "a-token-from-the-environment")
    db = tmp_path / "e.db"
    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--host", "0.0.0.0", "--port", "9123"])
    assert result.exit_code == 0, result.output
    assert (seen["host"], seen["port"]) == ("0.0.0.0", 9123)
    settings = seen["app"].state.eventwire.settings
    assert settings.token == "a-token-from-the-environment" and settings.threads == 4
    assert not db.exists()  # nothing is opened before the first request


def test_the_default_is_loopback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    monkeypatch.delenv("EVENTWIRE_TOKEN", raising=False)
    assert CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "e.db")]).exit_code == 0
    assert (seen["host"], seen["port"]) == ("127.0.0.1", 8000)


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "nope" / "e.db")])
    assert result.exit_code == 2 and "does not exist" in result.output
