"""The checks suite: Frictionless's validation (compiled), then every SQL check in checks/
(statsbidrag.check.definitions), on the database of statsbidrag.check.database.

    from statsbidrag.check.runner import run_suite
    report = run_suite(root)          # report.ok, report.results, report.to_dict()

Documented anomalies (the `anomalies` resource) are reported as warnings, one result
each, named anomaly:<anomaly_id>. frictionless_valid runs Frictionless itself only for a
descriptor the compiled validator does not read (statsbidrag.check.validator.unsupported).
duckdb and frictionless are imported when run. run_suite(root, cache=True) reuses the
report of an identical earlier run (statsbidrag.check.cache).
"""


from __future__ import annotations

import time
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from statsbidrag.check import validator
from statsbidrag.check.database import Database
from statsbidrag.check.definitions import CHECKS_FOLDER, CheckDefinition, load_check_definitions
from statsbidrag.check.findings import difference
from statsbidrag.check.results import CheckResult, Report, from_rows
from statsbidrag.jsonable import jsonable
from statsbidrag.tableschema.resources import RESOURCE_ORDER

if TYPE_CHECKING:
    import duckdb

FRICTIONLESS = "frictionless_valid"
MAX_EVIDENCE = 200


# --- frictionless_valid ----------------------------------------------------------------

FRICTIONLESS_DESCRIPTION = ("the package is a valid Frictionless data package: every resource meets its Table "
                            "Schema (types, constraints, keys, foreign keys) and its recorded bytes and hash")


def _frictionless(root: Path, why: str) -> CheckResult:
    """Frictionless itself, for a package the compiled validator does not read (`why`)."""
    start = time.perf_counter()
    rows: list[dict] = []
    try:
        from frictionless import validate

        from statsbidrag.tableschema.safety import refuse_unsafe_descriptor
        refuse_unsafe_descriptor(root)  # frictionless would fetch a remote path or profile
        report = validate(str(root / "datapackage.json"), type="package")
        for error in report.errors:
            rows.append({"problem": f"datapackage.json: {error.message}", "resource": None, "row": None,
                         "field": None, "error": error.type})
        for task in report.tasks:
            for error in task.errors:
                row, fld = getattr(error, "row_number", None), getattr(error, "field_name", None)
                where = f"{task.name}" + (f" row {row}" if row else "") + (f" field {fld}" if fld else "")
                rows.append({"problem": f"{where}: {error.message}", "resource": task.name, "row": row,
                             "field": fld, "error": error.type})
    except Exception as error:  # a descriptor frictionless cannot even open is a failure, with its reason
        rows.append({"problem": f"datapackage.json: frictionless could not validate the package: {error}",
                     "resource": None, "row": None, "field": None, "error": type(error).__name__})
    result = from_rows(FRICTIONLESS, FRICTIONLESS_DESCRIPTION, "error", rows[:MAX_EVIDENCE], len(rows),
                     time.perf_counter() - start)
    result.message = f"validated by Frictionless ({why}): {result.message}"
    return result


# The compiled validator's findings (statsbidrag.check.validator, statsbidrag.tableschema.to_sql), in
# the words and with the error types Frictionless uses.
_COMPILED = """
SELECT problem, resource, "row", field, error, 0 AS part, position AS ord FROM file_problems
UNION ALL
SELECT format('resources/{}.csv row {}: {} = {}: {}', resource, row_number, field,
              coalesce('"' || value || '"', '(empty)'), rule), resource, row_number,
       CASE WHEN kind <> 'primary-key' THEN field END, kind, 1, 0
FROM schema_violations WHERE resource IN (SELECT name FROM listed_resources)
UNION ALL
SELECT format('resources/{}.csv row {}: {} = "{}" is not in {}', resource, row_number, fields, value, reference),
       resource, row_number, NULL, 'foreign-key', 1, 0
FROM reference_violations WHERE resource IN (SELECT name FROM listed_resources)
"""


def _compiled_frictionless(con: duckdb.DuckDBPyConnection) -> CheckResult:
    start = time.perf_counter()
    relation = con.sql(f"SELECT problem, resource, \"row\", field, error FROM ({_COMPILED}) "
                       "ORDER BY part, ord, resource, \"row\", field, error")
    columns = relation.columns
    found = con.sql(f"SELECT count(*) FROM ({_COMPILED})").fetchall()[0][0]
    rows = [dict(zip(columns, map(jsonable, r))) for r in relation.limit(MAX_EVIDENCE).fetchall()]
    return from_rows(FRICTIONLESS, FRICTIONLESS_DESCRIPTION, "error", rows, found, time.perf_counter() - start)


def frictionless_result(database: Database) -> CheckResult:
    """frictionless_valid on a loaded database: the compiled validator, or Frictionless
    itself for a descriptor it does not read (statsbidrag.check.validator.unsupported)."""
    why = validator.unsupported(database.root, RESOURCE_ORDER, database.schemas)
    return _frictionless(database.root, why) if why else _compiled_frictionless(database.con)


def frictionless_valid(root: Path) -> CheckResult:
    """frictionless_valid alone, as run_suite(root) reports it, without the fresh build and
    the SQL checks (which it reads nothing of)."""
    database = Database(Path(root).resolve(), None, [])  # no check: no fresh build
    try:
        return frictionless_result(database)
    finally:
        database.close()


# --- running -------------------------------------------------------------------------

def _run_check(con: duckdb.DuckDBPyConnection, check: CheckDefinition, root: Path) -> CheckResult:
    import duckdb
    start = time.perf_counter()
    rel = f"{CHECKS_FOLDER}/{check.path.name}"
    try:
        # execute, not sql: planning a check is most of its time on a small package, and
        # execute does it without holding Python's lock (so two threads can check at once)
        result = con.execute(check.sql)
        columns = [column[0] for column in result.description]
        found = result.fetchall()
    except duckdb.Error as error:
        message = f"{rel}: the check's SQL failed: {' '.join(str(error).split())}"
        return CheckResult(check.name, check.description, check.severity, "fail",
                           [{"problem": message}], time.perf_counter() - start, message, rel, 1)
    rows = [{c: jsonable(v) for c, v in zip(columns, row)} for row in found[:MAX_EVIDENCE]]
    return from_rows(check.name, check.description, check.severity, rows, len(found),
                   time.perf_counter() - start, rel)


def _run_checks(database: Database, checks: list[CheckDefinition], root: Path) -> dict[str, CheckResult]:
    """Each check's result by name, on two threads, each with its own cursor (DuckDB runs
    one thread per query here, see Database). The second thread starts once the extraction
    has ended in its second process, so that the two never share a core with a third (today's
    package: at once). A check a thread did not finish is left out: run_suite runs it again."""
    import queue
    import threading
    work: queue.SimpleQueue = queue.SimpleQueue()
    for check in checks:
        work.put(check)
    done: dict[str, CheckResult] = {}

    def worker() -> None:
        cursor = database.con.cursor()
        try:
            while True:
                try:
                    check = work.get_nowait()
                except queue.Empty:
                    return
                done[check.name] = _run_check(cursor, check, root)
        finally:
            cursor.close()
    threads = [threading.Thread(target=worker, name="statsbidrag-check-0")]
    threads[0].start()
    build = database.build
    while threads[0].is_alive() and build is not None and not build.ended():
        threads[0].join(0.02)
    if threads[0].is_alive():
        threads.append(threading.Thread(target=worker, name="statsbidrag-check-1"))
        threads[1].start()
    for thread in threads:
        thread.join()
    return done


def _anomaly_results(con: duckdb.DuckDBPyConnection) -> list[CheckResult]:
    start = time.perf_counter()
    relation = con.sql("""
        SELECT a.anomaly_id, a.source_id, s.path, a.line, a.quote, a.title, a.explanation
        FROM anomalies a LEFT JOIN sources s USING (source_id)
        ORDER BY s.path, a.line, a.anomaly_id""")
    columns, found = relation.columns, relation.fetchall()
    results = []
    for values in found:
        row = dict(zip(columns, map(jsonable, values)))
        problem = f"{row['path'] or row['source_id']}:{row['line']}: \"{row['quote']}\": {row['title']}"
        results.append(CheckResult(f"anomaly:{row['anomaly_id']}", str(row["title"] or ""), "warning", "warning",
                                   [{"problem": problem, **row}], 0.0, problem,
                                   "metadata/anomalies.toml", 1))
    if results:
        results[0].seconds = time.perf_counter() - start
    return results


def run_suite(root: Path, checks_root: Path | None = None, cache: bool = False,
              only: Collection[str] | None = None) -> Report:
    """Frictionless validation, every SQL check, and the documented anomalies.

    The checks are the installed tool's (statsbidrag.toolchecks), whatever `root`
    holds; `checks_root` (a folder holding checks/) is for testing the checks
    themselves. The package's own checks/ are only compared with them.

    With cache=True a report stored by an earlier run on exactly the same inputs, checks
    and tool is returned instead (statsbidrag.check.cache), and a fresh report is stored.
    With `only` (names of checks, frictionless_valid too if wanted) just those run, with the
    anomalies, on a database without what none of them reads: each result is the whole
    suite's for that check; such a report is never cached.
    """
    from statsbidrag import toolchecks
    start = time.perf_counter()
    root = Path(root).resolve()
    checks_root = Path(checks_root).resolve() if checks_root else toolchecks.checks_root()
    if cache and only is None:
        return _cached_run(root, checks_root, start)
    checks, missing = _chosen(load_check_definitions(checks_root), _missing_checks(checks_root / CHECKS_FOLDER), only)
    notes = [difference("SB416", file, expected, found, "note")
             for file, expected, found in toolchecks.differences(root, checks_root)] if root != checks_root else []
    setup = time.perf_counter()
    database = Database(root, checks_root, checks, frictionless=only is None or FRICTIONLESS in only)
    setup_seconds = time.perf_counter() - setup
    con = database.con
    try:
        results = ([frictionless_result(database)] if database.frictionless else []) + missing
        # The checks that do not read the fresh build run while it is extracted; the
        # others after it (the report keeps the checks' order).
        done = _run_checks(database, [check for check in checks if database.ready(check)], root)
        database.finish()
        results += [done.get(check.name) or _run_check(con, check, root) for check in checks]
        results += _anomaly_results(con)
    finally:
        database.close()
    return Report(str(root), results, time.perf_counter() - start, setup_seconds, notes)


def _chosen(checks: list[CheckDefinition], missing: list[CheckResult],
            only: Collection[str] | None) -> tuple[list[CheckDefinition], list[CheckResult]]:
    """The checks and the missing checks' failures that `only` names (all of them without it)."""
    if only is None:
        return checks, missing
    known = {FRICTIONLESS, *(c.name for c in checks), *(m.name for m in missing)}
    if unknown := sorted(set(only) - known):
        raise ValueError(f"run_suite(only=...): expected names of checks ({', '.join(sorted(known))}); "
                         f"found {', '.join(unknown)}")
    return [check for check in checks if check.name in only], [result for result in missing if result.name in only]


def _cached_run(root: Path, checks_root: Path, start: float) -> Report:
    """The report stored by an earlier run on the same inputs, checks and tool; else a fresh one, stored."""
    from statsbidrag.check import cache as check_cache
    cache_key = check_cache.key(root, checks_root / CHECKS_FOLDER)
    stored = check_cache.load(root, cache_key)
    if stored is not None and stored.get("root") == str(root):
        report = Report.from_dict(stored)
        report.cached, report.seconds = True, time.perf_counter() - start
        return report
    report = run_suite(root, checks_root)
    check_cache.store(root, cache_key, report.to_dict())
    return report


def _missing_checks(folder: Path) -> list[CheckResult]:
    """A failing result for each check the tool expects and cannot find: a renamed or
    deleted check file must not silently shrink the suite."""
    from statsbidrag.toolchecks import missing
    return [CheckResult(Path(rel).stem, "a check the tool expects", "error", "fail",
                        [{"problem": f"{rel}: expected this check; found no such file"}], 0.0,
                        f"{rel}: expected this check (statsbidrag.toolchecks.EXPECTED); found no such file",
                        rel, 1) for rel in missing(folder)]
