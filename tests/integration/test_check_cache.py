"""The check cache is not trusted (statsbidrag.check.cache): an entry someone planted, copied
from another package or user, or tampered with, never turns a failing package into a passing
one; each entry carries an HMAC under a secret of this user, kept apart from the cache.

What these tests hold is which way run_suite(cache=True) goes: a stored report, or the checks
run again. The checks themselves (the uncached run_suite) run once per distinct package in this
module, a memo keyed by the cache key of the package's bytes (`checks_once`; the unchanged
package's is the session's checkout_report, the forged one's forged_report): a re-run on the same bytes gives the same report, and the tests tell a fresh report from a stored one by its
`cached` flag and by what fails (the forged package fails resources_match_build).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import stat
from pathlib import Path

import pytest
from conftest import ROOT, copy_package, forge_amount

from statsbidrag import toolchecks
from statsbidrag.check import cache as check_cache
from statsbidrag.check import runner
from statsbidrag.check.results import Report

_REAL_RUN_SUITE = runner.run_suite


@pytest.fixture(scope="module")
def reports_by_key(checkout_report, forged_report, tmp_path_factory) -> dict[str, dict]:
    """The memo, holding the session's reports of the checkout and of a forged copy under their
    keys: a copy with the same bytes has the same key and the same report."""
    forged = forge(copy_package(tmp_path_factory.mktemp("forged") / "package"))
    return {cache_key(ROOT): checkout_report.to_dict(), cache_key(forged): forged_report.to_dict()}


@pytest.fixture(autouse=True)
def checks_once(monkeypatch, reports_by_key) -> list[Path]:
    """runner.run_suite with each package's checks run once per module: a fresh (uncached) run
    on bytes already checked returns a copy of that run's real report. Returns the packages
    checked afresh, one entry per fresh run (a run the cache answered is not one)."""
    fresh: list[Path] = []

    def run_suite(root, checks_root=None, cache=False):
        if cache:  # the real cache logic, whose fresh run comes back here
            return _REAL_RUN_SUITE(root, checks_root, cache=True)
        root = Path(root).resolve()
        fresh.append(root)
        cache_key = check_cache.key(root, Path(checks_root or toolchecks.checks_root()) / runner.CHECKS_FOLDER)
        if cache_key not in reports_by_key:
            reports_by_key[cache_key] = _REAL_RUN_SUITE(root, checks_root).to_dict()
        report = Report.from_dict(json.loads(json.dumps(reports_by_key[cache_key])))
        report.root = str(root)
        return report
    monkeypatch.setattr(runner, "run_suite", run_suite)
    return fresh


@pytest.fixture
def secret_home(tmp_path, monkeypatch) -> Path:
    """A configuration folder of this test's own: the user's secret is made there."""
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


def cache_key(package: Path) -> str:
    return check_cache.key(package.resolve(), toolchecks.checks_root() / runner.CHECKS_FOLDER)


def entry(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"check-{key}.json"


forge = forge_amount  # a hand-edited amount, re-hashed in datapackage.json: `check` fails it


@pytest.fixture
def passing_entry(package_copy, cache_dir, secret_home) -> dict:
    """The stored entry of a passing check of the package, then the package is forged."""
    report = runner.run_suite(package_copy, cache=True)
    assert report.ok and not report.cached
    stored = json.loads(entry(cache_dir, cache_key(package_copy)).read_text(encoding="utf-8"))
    assert stored["report"]["ok"] is True
    forge(package_copy)
    return stored


def check_fails_and_runs(package: Path) -> None:
    report = runner.run_suite(package, cache=True)
    assert not report.cached, "a cache entry stood in for the checks"
    assert not report.ok and "resources_match_build" in [r.name for r in report.results if r.status == "fail"]


def test_an_honest_entry_is_reused(package_copy, cache_dir, secret_home):
    first = runner.run_suite(package_copy, cache=True)
    assert not first.cached and runner.run_suite(package_copy, cache=True).cached
    secret = check_cache.secret_path()
    assert secret.is_file() and stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert stat.S_IMODE(secret.parent.stat().st_mode) == 0o700
    assert not secret.is_relative_to(cache_dir), "the secret must not lie in the (untrusted) cache folder"


def test_a_planted_entry_without_an_hmac_is_not_used(package_copy, cache_dir, passing_entry):
    key = cache_key(package_copy)
    entry(cache_dir, key).write_text(json.dumps({"key": key, "report": passing_entry["report"]}), encoding="utf-8")
    check_fails_and_runs(package_copy)


def test_a_planted_entry_with_an_hmac_under_another_secret_is_not_used(package_copy, cache_dir, passing_entry):
    """What another user (or a forger with a secret of their own) can make."""
    key = cache_key(package_copy)
    body = json.dumps({"key": key, "report": passing_entry["report"]}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    mac = hmac.new(b"x" * 32, body.encode("utf-8"), hashlib.sha256).hexdigest()
    entry(cache_dir, key).write_text(json.dumps({"key": key, "report": passing_entry["report"], "mac": mac}),
                                     encoding="utf-8")
    check_fails_and_runs(package_copy)


@pytest.mark.parametrize("rewrite_key", [False, True])
def test_an_entry_copied_from_another_package_is_not_used(package_copy, cache_dir, passing_entry, rewrite_key):
    """The passing package's own entry, with its valid HMAC, under the forged package's key
    (its file renamed, and also its `key` field rewritten)."""
    key = cache_key(package_copy)
    copied = dict(passing_entry, key=key) if rewrite_key else passing_entry
    entry(cache_dir, key).write_text(json.dumps(copied), encoding="utf-8")
    check_fails_and_runs(package_copy)


def test_a_tampered_entry_is_not_used(package_copy, cache_dir, secret_home):
    forge(package_copy)
    first = runner.run_suite(package_copy, cache=True)
    assert not first.ok
    path = entry(cache_dir, cache_key(package_copy))
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["report"]["ok"] = True
    for result in stored["report"]["results"]:
        result["status"], result["rows_found"] = "pass", 0
    path.write_text(json.dumps(stored), encoding="utf-8")
    check_fails_and_runs(package_copy)


def test_a_missing_or_replaced_secret_invalidates_every_entry(package_copy, cache_dir, secret_home, monkeypatch):
    runner.run_suite(package_copy, cache=True)
    secret = check_cache.secret_path()
    before = secret.read_bytes()
    secret.unlink()
    again = runner.run_suite(package_copy, cache=True)
    assert not again.cached, "an entry made under a secret that is gone was used"
    assert secret.read_bytes() != before and stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert runner.run_suite(package_copy, cache=True).cached  # the new secret's entry


def test_a_secret_others_can_read_turns_the_cache_off(package_copy, cache_dir, secret_home):
    runner.run_suite(package_copy, cache=True)
    secret = check_cache.secret_path()
    secret.chmod(0o644)
    assert check_cache.secret() is None
    assert not runner.run_suite(package_copy, cache=True).cached
