"""Fixtures for the browser tests: one app server and one Chromium per test run, a fresh offline page per test.

With ``CI=true`` the browser tests must run: a missing Chromium or npm asset fails them instead of skipping.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pytest

from tests.e2e import browser as harness

IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"browser tests must run in CI, but {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def npm_assets():
    """The map's CDN packages, unpacked from ``npm pack`` tarballs in ``.cache/npm/`` (fetched on first use)."""
    try:
        harness.chromium_path()
        return harness.npm_assets()
    except harness.HarnessError as exc:
        _unavailable(str(exc))


@pytest.fixture(scope="session")
def playwright_driver(npm_assets):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright_driver):
    browser = harness.launch_chromium(playwright_driver)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def app_url(npm_assets, tmp_path_factory):
    """The app, started once for the whole run with ``streamlit run app.py``."""
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    server = harness.AppServer("app.py", log=log)
    try:
        server.start()
    except harness.HarnessError as exc:
        pytest.fail(f"{exc}\n{log.read_text(errors='replace')[-3000:]}", pytrace=False)
    yield server.url
    server.stop()


@dataclass
class BrowserSession:
    """One browser context (one Streamlit session) with what it logged."""

    page: object
    router: harness.OfflineRouter
    base_url: str
    errors: list[str] = field(default_factory=list)
    map_loads: list[str] = field(default_factory=list)  # every load of a map component document

    def open(self, path: str):
        """Open a path of the app (``/timeline?date=...``) and wait for the script run to finish."""
        self.page.goto(self.base_url + path)
        harness.wait_idle(self.page)
        return self.page


def open_session(chromium, npm_assets, base_url: str):
    """A fresh page in its own browser context (one Streamlit session); every request leaving localhost is
    answered offline or aborted. Returns the session and its context, which the caller closes."""
    context = chromium.new_context(viewport=harness.VIEWPORT)
    router = harness.OfflineRouter(npm_assets)
    router.install(context)
    page = context.new_page()
    page.set_default_timeout(30_000)
    state = BrowserSession(page, router, base_url)

    def on_console(message):
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            state.errors.append(f"console.error at {where}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: state.errors.append(f"uncaught: {error}"))
    page.on(
        "framenavigated",
        lambda frame: state.map_loads.append(frame.url) if harness.MAP_COMPONENT_PATH in frame.url else None,
    )
    return state, context


@pytest.fixture
def app(chromium, npm_assets, app_url):
    """A fresh session on the shared server. The test fails at teardown if the app asked for anything outside
    localhost that the router does not serve."""
    state, context = open_session(chromium, npm_assets, app_url)
    yield state
    context.close()
    assert not state.router.unexpected, f"unexpected external requests: {state.router.unexpected}"
