"""Browser fixtures: the real app behind a real HTTP server, driven by Debian's headless Chromium.

The browser is launched once per session (it is the slow part); every test gets a fresh
database, a fresh server and a fresh browser context, so no cookie or sign-up leaks between
tests. Nothing is ever downloaded: Playwright is pointed at /usr/bin/chromium, and every
request that does not go to the test server is aborted and recorded, so a page that tried to
load a CDN script or web font fails its test.
"""

from __future__ import annotations

import os
import shutil
import threading
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from intake import clock

ROOT = Path(__file__).resolve().parents[2]
SEED_FORMS = ("samarbejdsgruppe", "netvaerksmesse", "ivaerksaetterfredag")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A fixed "now" inside every seed form's sign-up window, so the suite does not rot with time.
NOW = datetime(2027, 3, 10, 10, 0, tzinfo=clock.LOCAL)
MOBILE = {"width": 375, "height": 740}


def _no_browser(reason: str):
    if os.environ.get("INTAKE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (INTAKE_REQUIRE_BROWSER=1 forbids skipping browser tests)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _no_browser(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("playwright is not installed")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class LiveServer:
    """The app served over real HTTP in a thread of this process (so the frozen clock applies)."""

    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def live_server(make_app, frozen_clock, tmp_path):
    """The three public seed forms exactly as shipped in forms/, on a fresh database."""
    forms = tmp_path / "forms"
    forms.mkdir()
    for slug in SEED_FORMS:
        shutil.copy(ROOT / "forms" / f"{slug}.yaml", forms)
    frozen_clock(NOW)
    with LiveServer(make_app(FORMS_DIR=str(forms))) as server:
        yield server


@pytest.fixture
def make_page(browser, live_server):
    """Opens a new browser context (own cookies) and page; keyword arguments go to new_context."""
    contexts = []
    outside: list[str] = []
    origin = urlsplit(live_server.url).netloc

    def open_page(**options):
        options.setdefault("locale", "da-DK")
        options.setdefault("viewport", {"width": 1024, "height": 800})
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(5000)

        def guard(route):
            if urlsplit(route.request.url).netloc == origin:
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on(
            "console",
            lambda msg: page.errors.append(msg.text) if msg.type == "error" else None,
        )
        return page

    open_page.outside_requests = outside
    yield open_page
    broken = [
        e for context in contexts for p in context.pages for e in p.errors if _is_page_fault(e)
    ]
    for context in contexts:
        context.close()
    assert not outside, f"pages tried to reach the network: {outside}"
    assert not broken, f"script errors or CSP violations: {broken}"


def _is_page_fault(message: str) -> bool:
    """Uncaught script errors and CSP refusals; a 404 page's own 'failed to load' is expected."""
    return not message.startswith("Failed to load resource")


@pytest.fixture
def page(make_page):
    return make_page()
