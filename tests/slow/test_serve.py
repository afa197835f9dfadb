"""`statsbidrag serve`: Datasette on 127.0.0.1 with the package's metadata, driven by a browser.

Starts the real command, then drives Debian's Chromium with Playwright (pip playwright, no
browser download: executable_path=/usr/bin/chromium): opens a table, filters it through
Datasette's own filter form, follows a line number to the text printed on that line of the
source, and checks that no request leaves 127.0.0.1.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT

import statsbidrag
from statsbidrag.cli.main import main

CHROMIUM = Path("/usr/bin/chromium")
CLI = str(Path(sys.executable).parent / "statsbidrag")


def _missing() -> str | None:
    if importlib.util.find_spec("datasette") is None:
        return "datasette (the optional extra `serve`, pinned in requirements.lock) is not installed"
    if importlib.util.find_spec("playwright") is None:
        return "playwright (a test dependency, pinned in requirements.lock) is not installed"
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} not found: install Debian's chromium package (apt-get install chromium)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    reason = _missing()
    if reason:
        pytest.skip(f"browser test skipped: {reason}")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STATSBIDRAG")}
    process = subprocess.Popen([CLI, "serve", "--port", str(port), "--root", str(ROOT)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"statsbidrag serve did not start:\n{process.stdout.read().decode()}")
            time.sleep(0.3)
    yield base
    os.killpg(process.pid, signal.SIGTERM)  # its own session: the command and Datasette under it
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        page = browser.new_page()
        outside: list[str] = []

        def only_local(route):
            if route.request.url.startswith(server):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", only_local)
        page.outside = outside
        yield page
        browser.close()


def test_filtering_a_table_in_the_browser_shows_that_regions_grants(server, page):
    con = statsbidrag.connect()
    expected = con.sql("select grant_id, amount_sek from grant_allocations where region_code = '09' "
                       "order by grant_id").fetchall()
    assert expected, "test setup: region 09 has grants"
    page.goto(f"{server}/statsbidrag/grant_allocations")
    assert "grant_allocations (view)" in page.locator("h1").inner_text()
    page.select_option("select[name=_filter_column]", "region_code")
    page.select_option("select[name=_filter_op]", "exact")
    page.fill("input[name=_filter_value]", "09")
    page.click("input[type=submit][value=Apply]")
    page.wait_for_load_state()
    assert "region_code__exact=09" in page.url
    heading = page.locator("h3").first.inner_text()
    assert heading.startswith(f"{len(expected)} row"), heading
    cells = page.locator("table.rows-and-columns td.col-amount_sek").all_inner_texts()
    grants = page.locator("table.rows-and-columns td.col-grant_id").all_inner_texts()
    assert sorted(zip(grants, (int(c.replace(",", "")) for c in cells))) == expected
    assert page.outside == [], f"requests left 127.0.0.1: {page.outside}"


def test_the_metadata_and_each_rows_source_link(server, page):
    page.goto(f"{server}/statsbidrag/allocations?region_code__exact=01&_sort=table_id")
    body = page.locator("body").inner_text()
    assert "Allocations per region" in body               # the resource's title
    assert "One row per region per table" in body          # its description
    assert page.locator("a[href='https://creativecommons.org/publicdomain/zero/1.0/']").count() >= 1
    link = page.locator("td.col-source_line a").first
    line = int(link.inner_text())
    table_id = page.locator("td.col-table_id").first.inner_text().split()[0]
    link.click()
    page.wait_for_load_state()
    # The archived source, read here independently: the text printed on that line.
    con = statsbidrag.connect()
    [(path,)] = con.sql("select s.path from tables t join sources s using (source_id) "
                        f"where t.table_id = '{table_id}'").fetchall()
    printed = (ROOT / path).read_text(encoding="utf-8").split("\n")[line - 1]
    assert printed.strip() and printed.strip() in page.locator("td.col-text").inner_text()
    assert page.outside == []


def test_serve_without_datasette_says_how_to_install_it(monkeypatch, capsys):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "datasette" else real(name, *a))
    assert main(["serve", "--root", str(ROOT)]) == 2
    assert f'pip install "statsbidrag-{statsbidrag.__version__}-py3-none-any.whl[serve]"' in capsys.readouterr().err
