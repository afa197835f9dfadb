"""The honesty condition of the compiled validator: on every broken package of the
corpus (tests/differential_corpus.py), every error `frictionless validate --type package`
reports, as (resource, row, field, kind), is reported by `statsbidrag check` too.

Frictionless runs in process here on each broken copy, on the resources the change can reach
(`reached`: a resource whose descriptor entry, data or schema changed, and each resource with a
foreign key to one of those; the whole package when anything else changed). Frictionless checks
a package's descriptor and then validates it resource by resource, reading another resource
only through a foreign key, so an unreached resource reports what it reports in the unchanged
package: nothing (asserted once). This is 2.4 times quicker than the whole package each time;
test_reaching_only_the_changed_resources_changes_nothing holds that it reports the same, on a
case of each reach.

`check`'s frictionless_valid runs as run_suite runs it (statsbidrag.check.runner.frictionless_result
on the checks' database), without the fresh build and the SQL checks, which it reads nothing
of, and with its evidence limit lifted so that every finding can be compared. test_mutations
holds that run_suite reports it. For the cases the compiled validator handles, the test also
requires that it did (Frictionless was not called), so a silent fallback cannot make the test pass.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import copy_package, package_bytes
from differential_corpus import CASES
from frictionless import FrictionlessException, Resource, validate

from statsbidrag.check import runner as checking
from statsbidrag.check import validator
from statsbidrag.check.runner import frictionless_valid


def _key(resource, row, field, kind) -> tuple:
    # Frictionless names the field of an extra label or cell "" and of a row error None.
    return (resource, row, field or None, kind)


def _errors(report) -> set[tuple]:
    found = {_key(None, None, None, e.type) for e in report.errors}
    for task in report.tasks:
        found |= {_key(task.name, getattr(e, "row_number", None), getattr(e, "field_name", None), e.type)
                  for e in task.errors}
    return found


def whole_package_errors(package: Path) -> set[tuple]:
    """What `frictionless validate --type package` reports."""
    return _errors(validate(str(package / "datapackage.json"), type="package"))


def _changed_files(package: Path) -> set[str]:
    """Relative paths of the files added, removed or changed against the checkout's package."""
    original = {rel: data for rel, data in package_bytes().items() if not rel.endswith(os.sep)}
    now = {os.path.relpath(os.path.join(top, name), package)
           for top, _dirs, files in os.walk(package) for name in files}
    return {rel for rel in now | set(original)
            if rel not in now or rel not in original or (package / rel).read_bytes() != original[rel]}


def reached(package: Path) -> list[str] | None:
    """The resources a change to the package copy can reach, in descriptor order: those whose
    descriptor entry, data file or schema file changed, and those with a foreign key to one of
    them. None (every resource) when the descriptor cannot be read as before, its own
    properties or its list of resources changed, or a file changed that no resource names."""
    changed = _changed_files(package)
    before = json.loads(package_bytes()["datapackage.json"])
    try:
        after = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
        entries = dict(zip([r["name"] for r in before["resources"]], after["resources"], strict=True))
    except (ValueError, KeyError, TypeError):
        return None
    if {k: v for k, v in after.items() if k != "resources"} != {k: v for k, v in before.items() if k != "resources"} \
            or [entry.get("name") for entry in entries.values()] != list(entries):
        return None
    files = {name: {entry.get("path"), entry.get("schema")} for name, entry in entries.items()}
    if changed - {"datapackage.json"} - set().union(*files.values()):
        return None
    hit = {name for name, entry in zip(entries, before["resources"], strict=True)
           if entries[name] != entry or files[name] & changed}
    return [name for name, entry in entries.items()
            if name in hit or {fk["reference"]["resource"] or name for fk in _schema(package, entry)
                               .get("foreignKeys", [])} & hit]


def _schema(package: Path, entry: dict) -> dict:
    """The resource's Table Schema; {} when its file is gone or broken (then it changed, so the
    resource is reached itself, and what it refers to reaches nothing else)."""
    schema = entry.get("schema") or {}
    if not isinstance(schema, str):
        return schema
    try:
        return json.loads((package / schema).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def frictionless_errors(package: Path) -> set[tuple]:
    """What `frictionless validate --type package` reports, validating only the resources the
    change can reach (`reached`; each run checks the whole descriptor first, as Frictionless
    does): the others report nothing, as in the unchanged package (the fixture `runs` holds that)."""
    names = reached(package)
    if names is not None:
        try:  # the package read as `validate` reads it, once for all the resources
            loaded = Resource(str(package / "datapackage.json"), datatype="package").read_metadata()
        except FrictionlessException:
            names = None  # `validate` reports why it cannot be read
    if names is None:
        return whole_package_errors(package)
    return {error for name in names for error in _errors(loaded.validate(name=name))}


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, tuple[set, object, Path]]:
    found = {}
    unchanged = copy_package(tmp_path_factory.mktemp("unchanged") / "package")
    assert reached(unchanged) == [] and whole_package_errors(unchanged) == set()
    limit, size = checking.MAX_EVIDENCE, validator.DUCKDB_MIN_BYTES
    # Every finding is compared, and DuckDB reads every plain CSV however small.
    checking.MAX_EVIDENCE, validator.DUCKDB_MIN_BYTES = 10 ** 6, 0
    try:
        for case in CASES:
            package = copy_package(tmp_path_factory.mktemp(case.id) / "package")
            case.apply(package)
            result = frictionless_valid(package)
            found[case.id] = (frictionless_errors(package), result, package)
    finally:
        checking.MAX_EVIDENCE, validator.DUCKDB_MIN_BYTES = limit, size
    return found


def test_the_corpus_has_at_least_40_packages_frictionless_rejects(runs):
    rejected = [case for case, (theirs, *_) in runs.items() if theirs]
    assert len(rejected) >= 40, sorted(set(runs) - set(rejected))


def test_the_compiled_validator_handles_most_of_the_corpus():
    assert sum(case.compiled for case in CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_check_reports_every_error_frictionless_reports(case, runs):
    theirs, result, _ = runs[case.id]
    if case.refused:
        assert theirs and result.status == "fail"
        assert [r["error"] for r in result.rows] == ["UnsafePackageError"], result.rows
        return
    ours = {_key(r["resource"], r["row"], r["field"], r["error"]) for r in result.rows}
    assert result.rows_found == len(result.rows), "every finding is compared"
    assert theirs <= ours, f"missed: {sorted(theirs - ours, key=str)}"
    compiled = not result.message.startswith("validated by Frictionless")
    assert compiled == case.compiled, result.message


# A case of each reach: a changed data file and a schema file (reaching the resources keyed
# to it), a descriptor entry, a removed data file, one that no resource is keyed to, the
# package's own properties (the whole package).
REACHES = ["unique", "schema-enum-added", "wrong-hash", "missing-file", "created-not-a-datetime", "empty-file"]


@pytest.mark.parametrize("case", REACHES)
def test_reaching_only_the_changed_resources_changes_nothing(case, runs):
    """Validating only the resources a change reaches reports what validating the whole
    package reports."""
    theirs, _result, package = runs[case]
    assert theirs == whole_package_errors(package)


def test_a_change_reaches_its_resource_and_those_keyed_to_it(runs):
    assert reached(runs["unique"][2]) == ["regions", "region_aliases", "absences", "allocations",
                                          "breakdown_items", "claims"]
    assert reached(runs["schema-enum-added"][2]) == reached(runs["unique"][2])
    assert reached(runs["wrong-hash"][2]) == ["grants", "tables"]
    assert reached(runs["created-not-a-datetime"][2]) is None
