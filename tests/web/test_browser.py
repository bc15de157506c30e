"""The web UI in a real browser: Debian's Chromium through Playwright, against uvicorn on a free port.

Skipped with a message where /usr/bin/chromium is absent (CI installs it with .ci/services.sh).
Screenshots of every page are saved and their folder is printed in the test output.
"""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.records import fill
from eventwire.api import ServeSettings, create_app
from eventwire.store import Store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = {
    "events": "/",
    "event": "/events/us-india-1:E1",
    "article": "/articles/chn-usa-1",
    "dyad": "/dyads/USA/IND",
    "network": "/network",
    "actors": "/actors",
    "code": "/code",
    "api-docs": "/docs",
}

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent: the browser tests need Debian's chromium package"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn serving a filled SQLite store in a thread; yields its base URL."""
    import uvicorn

    db = tmp_path_factory.mktemp("ui") / "ui.db"
    store = Store(db)
    fill(store)
    store.close()
    port = _free_port()
    config = uvicorn.Config(
        create_app(ServeSettings(db=db, port=port)), host="127.0.0.1", port=port, log_level="warning"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that fails the test on any script error or alert (an escaped article raises none)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    problems: list[str] = []
    pg.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))

    def on_dialog(dialog: Any) -> None:  # an alert() means stored text ran as script
        problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    yield pg
    context.close()
    assert not problems, problems


def test_every_page_opens_and_is_saved_as_a_screenshot(
    server: str, page: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    # a fixed folder (pytest prunes its own temporary folders as other runs start)
    folder = Path(tempfile.gettempdir()) / "eventwire-web-screenshots"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    for name, path in PAGES.items():
        response = page.goto(server + path)
        assert response is not None and response.status == 200, path
        assert page.locator("nav.top").is_visible(), path
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    with capsys.disabled():
        print(f"\nscreenshots of the web UI: {folder} ({len(PAGES)} pages)")
    assert len(list(folder.glob("*.png"))) == len(PAGES)


def test_filter_the_explorer_and_follow_an_event_to_its_article(server: str, page: Any) -> None:
    page.goto(server + "/")
    assert page.locator("#events tbody tr").count() == 8
    page.fill("input[name=source]", "USA")
    page.fill("input[name=target]", "IND")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/?*source=USA*")
    rows = page.locator("#events tbody tr")
    assert rows.count() == 2
    assert all("USAGOV" in rows.nth(i).inner_text() for i in range(2))
    assert page.input_value("input[name=source]") == "USA"  # the form keeps the filter

    rows.first.locator("td").nth(2).locator("a").click()
    page.wait_for_url("**/events/**")
    assert "codes CAMEO" in page.inner_text("#evidence + p")
    page.click("#article-link")
    page.wait_for_url("**/articles/**")
    assert page.locator("#article mark.ew-trigger").count() >= 1
    assert page.locator("#article-events tbody tr").count() >= 1


def test_the_dyad_chart_renders_with_data(server: str, page: Any) -> None:
    page.goto(server + "/dyads/USA/IND")
    chart = page.locator("svg#timeline-chart")
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    bars = chart.locator("rect")
    assert bars.count() == 3
    heights = [float(bars.nth(i).get_attribute("height") or 0) for i in range(bars.count())]
    assert all(h > 0 for h in heights)
    assert len((chart.locator("polyline.goldstein").get_attribute("points") or "").split()) == 3
    assert page.locator("#stories tbody tr").count() >= 1


def test_the_network_renders_with_data(server: str, page: Any) -> None:
    page.goto(server + "/network")
    net = page.locator("svg#network-chart")
    box = net.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 200
    assert net.locator("circle.node").count() == 5
    assert net.locator("line.edge").count() == 3
    labels = {net.locator("text.node-label").nth(i).text_content() for i in range(5)}
    assert labels == {"USA", "IND", "CHN", "RUS", "UKR"}
    net.locator("line.edge").first.click(force=True)
    page.wait_for_url("**/dyads/**")
    assert page.locator("svg#timeline-chart").count() == 1


def test_an_article_with_a_script_shows_it_as_text(server: str, page: Any) -> None:
    page.goto(server + "/articles/chn-usa-1")
    assert "<script>alert('owned')</script>" in page.inner_text("h1")
    assert page.locator("main script").count() == 0
