"""Headless Chromium for the browser tests: Playwright for Python driving Debian's
/usr/bin/chromium (no browser download), and a folder served on 127.0.0.1.

    with serve(folder) as base, chromium() as browser:
        page = watched_page(browser, base)
        page.goto(base + "index.html")
        assert page.problems == []

The fixtures `browser`, `site` (the real package's report) and `served` are shared by
the report's browser tests: a test file imports them (`from browser import browser,
served, site`), and each file gets its own Chromium. `walk_site` opens every page of the
site once and records everything the every-page tests assert on.

Nothing a page asks for leaves 127.0.0.1 (the site must work with no network): Chromium
sends every other request to a proxy at a closed port of 127.0.0.1, where it fails at once (an
address given as a number too), and `watched_page` records each such request as a problem, as
it records console errors, page errors, failed requests and HTTP errors. The requests are
observed, not intercepted: routing each one through Python (page.route) cost about 35 ms a
page, a quarter of the walk of every page.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections import deque
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# No calls home: the test must not depend on (or wait for) anything outside 127.0.0.1.
PHONE = (390, 844)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]   # WCAG 2 A and AA
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# Port 9 (discard) of 127.0.0.1: nothing listens there, so a request sent to it fails at once.
NO_NETWORK = {"server": "http://127.0.0.1:9", "bypass": "127.0.0.1"}


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
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
                                    proxy=NO_NETWORK)
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
    """A page in a fresh context whose problems (console errors, page errors, requests that
    failed or left 127.0.0.1) collect in page.problems."""
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = context.new_page()
    problems: list[str] = []
    allowed = urlsplit(base).netloc

    def leaves(address: str) -> bool:
        url = urlsplit(address)
        return url.scheme not in ("data", "about", "blob") and not (url.scheme in ("http", "https")
                                                                    and url.netloc == allowed)
    context.on("request", lambda r: problems.append(f"request leaving 127.0.0.1: {r.url} (from {page.url})")
               if leaves(r.url) else None)
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


# -- every page, opened once -----------------------------------------------------------

@dataclass
class Walk:
    """What `walk_site` saw, page by page (addresses relative to the served base)."""
    reached: set[str] = field(default_factory=set)     # every address a link led to: pages and files
    axed: list[str] = field(default_factory=list)      # our pages (outside gx/), axe-checked
    problems: list[str] = field(default_factory=list)  # console/page errors, failed or refused requests, HTTP errors
    too_wide: list[str] = field(default_factory=list)  # our pages that scroll sideways on a phone
    no_lang: list[str] = field(default_factory=list)   # our pages whose <html> has no lang sv/en
    violations: list[str] = field(default_factory=list)  # axe-core's, one line per rule and page
    contrast_styles: int = 0   # distinct text styles axe's colour-contrast rule was run on


# A text element's colour contrast (axe's color-contrast rule) is decided by its own and its
# ancestors' computed colours, backgrounds, opacity, font size and weight, and by whether it is
# in view; nothing else in this site is painted beneath text (no script, no positioned box but
# the off-screen skip link). Elements of one such style are judged alike, so the rule runs on
# the first element of each style the walk meets instead of on every element of every page
# (it is three quarters of axe's time).
PAGE_FACTS = """() => {
    const props = ['color', 'background-color', 'background-image', 'opacity', 'font-size', 'font-weight',
                   'position', 'text-shadow', 'filter', 'mix-blend-mode', 'visibility', 'display'];
    const memo = new Map();
    const chain = n => {
        if (!n || n.nodeType !== 1) return '';
        if (!memo.has(n)) {
            const s = getComputedStyle(n);
            memo.set(n, n.tagName + '{' + props.map(p => s.getPropertyValue(p)).join(';') + '}>' + chain(n.parentElement));
        }
        return memo.get(n);
    };
    const texts = [...document.body.querySelectorAll('*')].filter(
        e => [...e.childNodes].some(c => c.nodeType === 3 && c.nodeValue.trim()));
    window.__texts = texts;
    // each style once, with the index of its first element: the styles are long strings, and
    // sending one per element to Python took three quarters of this function's time
    const firsts = new Map();
    texts.forEach((e, i) => {
        const r = e.getBoundingClientRect(), before = getComputedStyle(e, '::before');
        const inView = r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
        const style = [inView, before.content, before.color, before.backgroundColor].join(';') + '|' + chain(e);
        if (!firsts.has(style)) firsts.set(style, i);
    });
    return {
        lang: document.documentElement.getAttribute('lang'),
        width: [document.documentElement.scrollWidth, innerWidth],
        links: [...document.querySelectorAll('a[href]')].map(e => e.href),
        styles: [...firsts.entries()],
    };
}"""

# Only the violations come back to Python: axe's whole result (about 32 KB a page, every rule
# with its description and tags) took 40 % of the time of a run to send.
AXE_RUN = """([context, options]) => axe.run(
    context === null ? document : {include: context.map(i => window.__texts[i])}, options).then(r => r.violations)"""


def walk_site(browser, base: str, start: str, opens: Callable[[str], bool]) -> Walk:
    """Crawl from `start` along every link at phone width (390 px), opening each page that
    `opens` (its address relative to `base`) once: problems on every page (gx/ included), and on
    our own pages the width, the lang and axe-core's WCAG 2 A and AA rules. A link to a page
    that `opens` refuses is reached but not followed; links to files (downloads, archived
    texts) are fetched."""
    page = watched_page(browser, base, *PHONE)
    page.context.add_init_script(axe_source())
    walk, queue, styles = Walk(problems=page.problems), deque([base + start]), set()
    while queue:
        url = queue.popleft()
        rel = url[len(base):]
        if rel in walk.reached:
            continue
        walk.reached.add(rel)
        if url.endswith(".html") and not opens(rel):
            continue
        if not url.endswith(".html"):          # a download or a source's text: fetched, not opened
            response = page.request.get(url)
            if not response.ok:
                walk.problems.append(f"HTTP {response.status}: {url}")
            continue
        page.goto(url)
        if rel.startswith("gx/"):              # Great Expectations' Data Docs: a developers' tool
            links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        else:
            links = _check_page(page, rel, walk, styles)
        for href in links:
            target = urldefrag(urljoin(url, href))[0]
            if target.startswith(base) and target[len(base):] not in walk.reached:
                queue.append(target)
    walk.contrast_styles = len(styles)
    page.context.close()
    return walk


def axe_source() -> str:
    import axe_playwright_python
    return Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text(encoding="utf-8")


def every_page_opens_cleanly(walked: Walk, site: Path, opened: Callable[[str], bool], at_least: int = 100) -> None:
    """The assertions of test_every_page_opens_cleanly_and_fits_a_phone on a walk that opened
    the pages `opened` names (and reached at least `at_least` addresses)."""
    ours = {rel for p in site.rglob("*.html") if opened(rel := p.relative_to(site).as_posix())}
    assert ours - walked.reached == set(), f"pages no link reaches: {sorted(ours - walked.reached)[:10]}"
    assert walked.problems == [], "\n".join(walked.problems[:20])
    assert walked.too_wide == [], "\n".join(walked.too_wide)
    assert len(walked.reached) > at_least


def every_page_passes_axe(walked: Walk, site: Path, opened: Callable[[str], bool]) -> None:
    """The assertions of test_every_page_passes_axe_and_fits_a_phone (every page outside gx/,
    the Great Expectations Data Docs, a developers' tool) on a walk that opened `opened`."""
    pages = sorted(rel for p in site.rglob("*.html")
                   if opened(rel := p.relative_to(site).as_posix()) and not rel.startswith("gx/"))
    assert sorted(walked.axed) == pages
    assert len(pages) > 100 and walked.contrast_styles > 20
    assert walked.no_lang == [], walked.no_lang
    assert walked.too_wide == [], "\n".join(walked.too_wide[:20])
    assert walked.violations == [], "\n".join(walked.violations[:30])


AXE_OTHERS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "rules": {"color-contrast": {"enabled": False}},
              "resultTypes": ["violations"]}
AXE_CONTRAST = {"runOnly": {"type": "rule", "values": ["color-contrast"]}, "resultTypes": ["violations"]}


def _check_page(page, rel: str, walk: Walk, styles: set) -> list[str]:
    """Record what is wrong with one of our pages; its links."""
    walk.axed.append(rel)
    facts = page.evaluate(PAGE_FACTS)
    if facts["lang"] not in ("sv", "en"):
        walk.no_lang.append(rel)
    if facts["width"][0] > facts["width"][1]:
        walk.too_wide.append(f"{rel}: {facts['width'][0]} px wide in a {facts['width'][1]} px screen")
    found = page.evaluate(AXE_RUN, [None, AXE_OTHERS])
    first: dict[str, int] = {}
    for style, i in facts["styles"]:
        if style not in styles:
            first[style] = i
    if first:
        styles.update(first)
        found += page.evaluate(AXE_RUN, [list(first.values()), AXE_CONTRAST])
    walk.violations += [f"{rel}: {v['id']}: {v['nodes'][0]['html'][:120]}" for v in found]
    return facts["links"]
