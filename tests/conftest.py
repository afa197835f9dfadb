"""Shared fixtures: the real package, and disposable copies of it to corrupt."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from isolation import default_watch, isolate_home, remove_home
from schedule import Recorder, costliest_first, make_scheduler

ROOT = Path(__file__).resolve().parent.parent
# What a package copy needs to build, check and query itself (CHANGELOG.md dates the version:
# datapackage.json `created`).
PACKAGE_PARTS = ["datapackage.json", "catalog.ttl", "catalog.rdf", "resources", "schemas", "sources", "metadata", "sql", "checks", "CHANGELOG.md"]


@pytest.fixture
def root() -> Path:
    return ROOT


_PACKAGE_BYTES: dict[str, bytes] = {}  # the package's files, read once per process


def package_bytes() -> dict[str, bytes]:
    """The bytes of every file of PACKAGE_PARTS by relative path (folders first, as ''),
    read once per process: a copy then only writes (the checkout does not change while tests run;
    tests/isolation.py's watch fails the run if it did)."""
    if not _PACKAGE_BYTES:
        found: dict[str, bytes] = {}
        for part in PACKAGE_PARTS:
            src = ROOT / part
            if src.is_dir():
                for top, dirs, files in os.walk(src):
                    dirs.sort()
                    rel = os.path.relpath(top, ROOT)
                    found[rel + os.sep] = b""
                    for name in sorted(files):
                        found[os.path.join(rel, name)] = Path(top, name).read_bytes()
            elif src.is_file():
                found[part] = src.read_bytes()
        _PACKAGE_BYTES.update(found)
    return _PACKAGE_BYTES


def copy_package(target: Path) -> Path:
    """The package's files (their bytes: nothing reads a file's times or mode bits), written
    from what this process read of the checkout once."""
    target.mkdir(parents=True, exist_ok=True)
    for rel, data in package_bytes().items():
        path = os.path.join(target, rel)
        if rel.endswith(os.sep):
            os.mkdir(path)
        else:
            with open(path, "xb") as handle:
                handle.write(data)
    return target


@pytest.fixture
def package_copy(tmp_path: Path, request) -> Path:
    """A full copy of the package in a temporary folder, safe to corrupt."""
    if request.node.get_closest_marker("unit") is not None:
        _refuse_in_unit_tier("copy the package")()
    return copy_package(tmp_path / "package")


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    """A private cache folder for check reports (STATSBIDRAG_CACHE_DIR), empty."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("STATSBIDRAG_CACHE_DIR", str(folder))
    return folder


def once_per_run(tmp_path_factory, name: str, make):
    """make(folder)'s result, made once per test run: under xdist by the first worker that asks
    (the others wait for it, then read the same result, pickled in the run's temporary folder).
    `folder` is an empty folder of the run's own for what make writes; the tests only read it."""
    import fcntl
    import pickle
    folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # the run's temporary folder, above each worker's
        folder = folder.parent
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        stored = folder / f"{name}.pickle"
        if not stored.is_file():  # a failure stores nothing: the next worker tries again
            own = folder / name
            shutil.rmtree(own, ignore_errors=True)
            own.mkdir()
            # whole or not at all: a worker killed while writing leaves no half pickle to read
            from statsbidrag.paths import write_atomic
            write_atomic(stored, pickle.dumps(make(own)))
        return pickle.loads(stored.read_bytes())


@pytest.fixture(scope="session")
def checkout_report(tmp_path_factory):
    """The check suite's report of the checked-out package, run once per run: for the tests
    that only read it. The package is not changed by a check."""
    from statsbidrag.check.runner import run_suite
    return once_per_run(tmp_path_factory, "checkout-report", lambda _folder: run_suite(ROOT))


def forge_amount(package: Path) -> Path:
    """A hand-edited amount (Stockholm's 2021 kvinnors hälsa: 1 krona), re-hashed in
    datapackage.json as a careful forger would: `check` fails it (resources_match_build ...)."""
    from package_edits import set_field
    set_field("allocations", "amount_sek", "1", table_id="regeringen-2021-kvinnors-halsa", region_code="01")(package)
    return package


@pytest.fixture(scope="session")
def forged_report(tmp_path_factory):
    """The whole suite's report of a package copy after forge_amount, run once per run: for
    the tests that compare with it (a copy forged alike has the same bytes)."""
    def make(folder: Path):
        from statsbidrag.check.runner import run_suite
        package = forge_amount(copy_package(folder / "package"))
        return run_suite(package)
    return once_per_run(tmp_path_factory, "forged-report", make)


@pytest.fixture(scope="session")
def checkout_sqlite(tmp_path_factory) -> Path:
    """statsbidrag.sqlite of the checked-out package, written once per run (alone in its folder)
    by statsbidrag.publish.sqlite_export.write_sqlite: for the tests that only read it."""
    def make(folder: Path) -> Path:
        from statsbidrag.publish.sqlite_export import write_sqlite
        return write_sqlite(ROOT, folder / "statsbidrag.sqlite")
    return once_per_run(tmp_path_factory, "checkout-sqlite", make)


@pytest.fixture(scope="session")
def release(tmp_path_factory) -> Path:
    """A release zip built by `make_release` from a copy of the package (never the checkout's dist/):
    what verify's tests download, attack and unzip (each works on its own copy)."""
    from statsbidrag.cli.main import main
    from statsbidrag.release.dist import make_release
    package = copy_package(tmp_path_factory.mktemp("tree") / "package")
    assert main(["build", "--root", str(package)]) == 0
    return make_release(package, tmp_path_factory.mktemp("dist"), wheel=False).path  # no checkout: no wheel


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes under `folder`, by relative path (a linked folder is not entered, as
    Path.rglob does not). With os.walk and plain strings: a third of the time of rglob's Paths,
    and the fast tests take 170 snapshots."""
    found = {}
    for top, _folders, files in os.walk(folder):
        for name in files:
            path = os.path.join(top, name)
            if os.path.isfile(path):
                with open(path, "rb") as handle:
                    found[os.path.relpath(path, folder)] = handle.read()
    return found


def rewrite_source(package: Path, source_id: str, change) -> Path:
    """Apply change(bytes) -> bytes to a source and re-pin its SHA-256 in the metadata,
    as a maintainer archiving a new document would. Returns the source's path."""
    meta = package / "metadata" / "sources.toml"
    text = meta.read_text(encoding="utf-8")
    block = re.search(rf'id = "{source_id}"\npath = "([^"]+)"\nsha256 = "([0-9a-f]+)"', text)
    path = package / block.group(1)
    data = change(path.read_bytes())
    path.write_bytes(data)
    meta.write_text(text.replace(block.group(2), hashlib.sha256(data).hexdigest()), encoding="utf-8")
    return path


def replace_line(number: int, old: str, new: str):
    """A change for rewrite_source: replace `old` by `new` on line `number` (1-based)."""
    def change(data: bytes) -> bytes:
        lines = data.decode("utf-8").split("\n")
        assert old in lines[number - 1], f"test setup: {old!r} not on line {number}: {lines[number - 1]!r}"
        lines[number - 1] = lines[number - 1].replace(old, new, 1)
        return "\n".join(lines).encode("utf-8")
    return change


def regions_money_by_year(root: Path = ROOT) -> dict[int, int]:
    """The regions' money per year, read from the CSVs without DuckDB: payments to the
    regions, each grant once (one of its tables: the tables of a grant agree, which
    grant_sources_agree checks) and a grant another grant includes only through that one."""
    import csv

    def rows(name: str) -> list[dict]:
        with (root / "resources" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    grants = {g["grant_id"]: g for g in rows("grants")}
    first_table: dict[str, dict] = {}
    for table in rows("tables"):
        if table["kind"] == "regions":
            first_table.setdefault(table["grant_id"], table)
    counted = {g: t["table_id"] for g, t in first_table.items()
               if grants[g]["recipients"] == "regions" and t["amount_kind"] == "payment"
               and grants[g]["included_in"] not in first_table}
    totals: dict[int, int] = {}
    by_table = {t: g for g, t in counted.items()}
    for row in rows("allocations"):
        if row["table_id"] in by_table:
            year = int(grants[by_table[row["table_id"]]]["year"])
            totals[year] = totals.get(year, 0) + int(row["amount_sek"])
    return totals


# --------------------------------------------------------------------- the user's home is not the tests'
# Every process of a run (the controller, each xdist worker, every subprocess a test starts)
# gets its own HOME, XDG_CACHE_HOME and XDG_CONFIG_HOME (tests/isolation.py); the controller
# fails the run when the real ~/.cache, ~/.config or the checkout changed while it ran.

def pytest_configure(config):
    config._statsbidrag_home = isolate_home()
    config.pluginmanager.register(Recorder(), "statsbidrag-file-seconds")  # tests/schedule.py
    if not hasattr(config, "workerinput"):  # the controller (or the only process with -n 0)
        config._statsbidrag_watch = default_watch(ROOT).start()


def pytest_collection_finish(session):
    """Python's cyclic garbage collector, tuned for a test process: what is alive once the tests
    are collected (the imported modules, pydantic's and DuckDB's objects) is frozen, never
    scanned again, and a young collection runs after 7,000 new objects, not 700. Measured with
    gc.callbacks in one process of the fast tier: 1.26 CPU-seconds of collecting (1,676
    young collections, 11 full ones) became 0.38. It changes when unreachable cycles are freed,
    never what a test sees."""
    import gc
    gc.freeze()
    gc.set_threshold(7000, 10, 10)


def pytest_sessionfinish(session, exitstatus):
    watch = getattr(session.config, "_statsbidrag_watch", None)
    changes = watch.changes() if watch is not None else []
    if changes:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = ("expected the tests to write only inside their own temporary folders; found these changes "
                   "in the real home or the checkout:\n  " + "\n  ".join(changes[:50]))
        if reporter is not None:
            reporter.write_line(message, red=True)
        else:
            print(message)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config):
    import gc
    gc.unfreeze()  # what pytest_collection_finish froze may go at exit (else DuckDB's bindings report leaks)
    home = getattr(config, "_statsbidrag_home", None)
    if home is not None:
        remove_home(home)


# --------------------------------------------------------------------- test tiers
# A test file's folder is its tier: tests/unit, tests/integration or tests/slow. The marker of
# the same name is applied here, from the folder, so the tier is declared once (by where the
# file lives; tests/unit/test_tiers.py fails for a test file outside these folders).
#
#   unit         pure functions and the checked-in package read as it is: no package copy,
#                no build (a unit test that tries either fails, see _unit_tests_build_nothing)
#   integration  builds, checks or queries a copy of the package
#   slow         builds wheels, drives a browser, runs the mutation or differential corpus,
#                kills builds, runs the command blocks of README.md and docs/*.md
#
# The fast loop: scripts/test -m "not slow"; unit only: scripts/test tests/unit.
TIERS = ("unit", "integration", "slow")


def tier_of(path: Path) -> str | None:
    """The tier of a test file: the name of its folder under tests/, if that is a tier."""
    return path.parent.name if path.parent.parent == ROOT / "tests" and path.parent.name in TIERS else None


def pytest_ignore_collect(collection_path, config):
    """Skip importing a tier's folder that `-m` deselects anyway (`-m "not slow"` need not
    import the slow tests). Only when the expression names tiers alone: then a folder's tests,
    all of its tier, are selected or not together."""
    expression = config.getoption("markexpr", "")
    path = Path(collection_path)
    if not expression or path.parent != ROOT / "tests" or path.name not in TIERS:
        return None
    if set(re.findall(r"[A-Za-z_]\w*", expression)) - {"and", "or", "not", *TIERS}:
        return None
    from _pytest.mark.expression import Expression
    return True if not Expression.compile(expression).evaluate(lambda name: name == path.name) else None


@pytest.hookimpl(optionalhook=True)  # an xdist hook: without xdist it is never called
def pytest_xdist_make_scheduler(config, log):
    """By file, as `--dist loadfile` asks, with the files of schedule.SAME_WORKER together."""
    return make_scheduler(config, log) if config.getvalue("dist") == "loadfile" else None


def pytest_collection_modifyitems(config, items):
    costliest_first(config, items)  # the order the xdist workers get the files in (tests/schedule.py)
    for item in items:
        tier = tier_of(item.path)
        if tier:
            item.add_marker(getattr(pytest.mark, tier))


class UnitTierError(AssertionError):
    """A unit-tier test tried to copy or build the package."""


def _refuse_in_unit_tier(what: str):
    def refuse(*args, **kwargs):
        raise UnitTierError(f"a unit test must not {what}; move the test to a file of the integration tier "
                            "(tests/integration/)")
    return refuse


@pytest.fixture(autouse=True)
def _unit_tests_build_nothing(request, monkeypatch):
    """In the unit tier a build (every build publishes through statsbidrag.publish.atomic.transaction) fails."""
    if request.node.get_closest_marker("unit") is not None:
        monkeypatch.setattr("statsbidrag.publish.atomic.transaction", _refuse_in_unit_tier("build the package"))
    yield
