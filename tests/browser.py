"""Headless Chromium for the browser tests: Playwright for Python driving Debian's
/usr/bin/chromium (no browser download), and a folder served on 127.0.0.1.

    with serve(folder) as base, chromium() as browser:
        page = watched_page(browser, base)
        page.goto(base + "index.html")
        assert page.problems == []

The fixtures `browser`, `site` (the real package's report) and `served` are shared by
the report's browser tests: a test file imports them (`from browser import browser,
served, site`), and each file gets its own Chromium.

Every request is routed through `watched_page`: anything not to the served address is
refused and recorded (the site must work with no network), as are console errors,
page errors, failed requests and HTTP errors.
"""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# No calls home: the test must not depend on (or wait for) anything outside 127.0.0.1.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (it is pinned in requirements.lock: run scripts/install)"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found: install Debian's chromium package (apt-get install chromium)"
    return None


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def serve(folder: Path):
    """`folder` over HTTP on 127.0.0.1 -> its base URL (ends with /)."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def watched_page(browser, base: str, width: int = 1366, height: int = 768):
    """A page in a fresh context whose problems (console errors, page errors, failed or
    refused requests) collect in page.problems."""
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = context.new_page()
    problems: list[str] = []
    allowed = urlsplit(base).netloc

    def route(r):
        url = urlsplit(r.request.url)
        if url.scheme in ("data", "about", "blob") or (url.scheme in ("http", "https") and url.netloc == allowed):
            r.continue_()
        else:
            problems.append(f"request leaving 127.0.0.1: {r.request.url} (from {page.url})")
            r.abort()
    context.route("**/*", route)
    page.on("console", lambda m: problems.append(f"console {m.type} on {page.url}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error on {page.url}: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} ({r.failure})")
            if urlsplit(r.url).netloc == allowed else None)
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.problems = problems
    return page


@pytest.fixture(scope="module")
def browser():
    reason = missing_browser()
    if reason:
        pytest.skip(f"browser test skipped: {reason}")
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from helpers import report_site
    return report_site(tmp_path_factory)[0]


@pytest.fixture(scope="module")
def served(site, browser) -> str:
    with serve(site) as base:
        yield base
