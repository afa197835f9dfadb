"""The honesty condition of the compiled validator: on every broken package of the
corpus (tests/differential_corpus.py), every error `frictionless validate --type package`
reports, as (resource, row, field, kind), is reported by `statsbidrag check` too.

Frictionless runs in process here on each broken copy; `check`'s frictionless_valid runs
as run_suite runs it (statsbidrag.check.runner.frictionless_result on the checks' database),
without the fresh build and the SQL checks, which it reads nothing of, and with its evidence
limit lifted so that every finding can be compared. test_mutations holds that run_suite
reports it. For the cases the
compiled validator handles, the test also requires that it did (Frictionless was not
called), so a silent fallback cannot make the test pass.
"""

from __future__ import annotations

import pytest
from conftest import copy_package
from differential_corpus import CASES
from frictionless import validate

from statsbidrag.check import runner as checking
from statsbidrag.check import validator
from statsbidrag.check.runner import frictionless_valid


def _key(resource, row, field, kind) -> tuple:
    # Frictionless names the field of an extra label or cell "" and of a row error None.
    return (resource, row, field or None, kind)


def frictionless_errors(package) -> set[tuple]:
    report = validate(str(package / "datapackage.json"), type="package")
    found = {_key(None, None, None, e.type) for e in report.errors}
    for task in report.tasks:
        found |= {_key(task.name, getattr(e, "row_number", None), getattr(e, "field_name", None), e.type)
                  for e in task.errors}
    return found


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, tuple[set, object]]:
    found = {}
    limit, size = checking.MAX_EVIDENCE, validator.DUCKDB_MIN_BYTES
    # Every finding is compared, and DuckDB reads every plain CSV however small.
    checking.MAX_EVIDENCE, validator.DUCKDB_MIN_BYTES = 10 ** 6, 0
    try:
        for case in CASES:
            package = copy_package(tmp_path_factory.mktemp(case.id) / "package")
            case.apply(package)
            result = frictionless_valid(package)
            found[case.id] = (frictionless_errors(package), result)
    finally:
        checking.MAX_EVIDENCE, validator.DUCKDB_MIN_BYTES = limit, size
    return found


def test_the_corpus_has_at_least_40_packages_frictionless_rejects(runs):
    rejected = [case for case, (theirs, _) in runs.items() if theirs]
    assert len(rejected) >= 40, sorted(set(runs) - set(rejected))


def test_the_compiled_validator_handles_most_of_the_corpus():
    assert sum(case.compiled for case in CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_check_reports_every_error_frictionless_reports(case, runs):
    theirs, result = runs[case.id]
    if case.refused:
        assert theirs and result.status == "fail"
        assert [r["error"] for r in result.rows] == ["UnsafePackageError"], result.rows
        return
    ours = {_key(r["resource"], r["row"], r["field"], r["error"]) for r in result.rows}
    assert result.rows_found == len(result.rows), "every finding is compared"
    assert theirs <= ours, f"missed: {sorted(theirs - ours, key=str)}"
    compiled = not result.message.startswith("validated by Frictionless")
    assert compiled == case.compiled, result.message
