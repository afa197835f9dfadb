"""Helpers shared by test files: a test file imports them from here, never from another
test file (tests/unit/test_tiers.py holds to that)."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

# --- CSV files -------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict]:
    """The rows of a CSV file as dicts, every value text, read by Python's csv module."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_resource(name: str, root: Path = ROOT) -> list[dict]:
    """The rows of resources/<name>.csv of the package at `root` (the checkout's by default)."""
    return read_csv(root / "resources" / f"{name}.csv")


# --- the SQL views ---------------------------------------------------------------------

VIEWS = ["allocations_flat", "source_preference", "grant_allocations", "allocation_shares",
         "region_year_totals", "allocations_wide", "allocations_per_inhabitant", "grant_series",
         "county_municipal_allocations", "county_municipal_year_totals"]


def duckdb_cli() -> Path:
    """The `duckdb` binary of the duckdb-cli package, installed next to this Python."""
    path = Path(sys.executable).parent / "duckdb"
    if not path.is_file():
        pytest.fail(f"expected the DuckDB CLI at {path}; found nothing. "
                    "Install the test extra (scripts/install, or pip install duckdb-cli==1.5.6).")
    return path


def run_cli(args: list[str], cwd: Path) -> str:
    done = subprocess.run([str(duckdb_cli()), *args], cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, f"duckdb {args} in {cwd} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


# What the data means, read from the CSVs without DuckDB.
REGIONS = read_resource("regions")
REGION_TABLES = [t for t in read_resource("tables") if t["kind"] == "regions"]
GRANTS = {g["grant_id"]: g for g in read_resource("grants")}
REGION_GRANTS = sorted({t["grant_id"] for t in REGION_TABLES})
# (table, region) pairs a table declares it has no row for (the cut-off 2021 cancer table ...)
ABSENT = {(a["table_id"], a["region_code"]) for a in read_resource("absences")}
PRINTED = {(t["table_id"], r["region_code"]) for t in REGION_TABLES for r in REGIONS} - ABSENT
# (grant, region) pairs some table of the grant prints
GRANT_REGIONS = {(t["grant_id"], r["region_code"]) for t in REGION_TABLES for r in REGIONS
                 if (t["table_id"], r["region_code"]) in PRINTED}


# --- release zips ----------------------------------------------------------------------

def unzip(archive: Path, dest: Path) -> Path:
    with zipfile.ZipFile(archive) as z:
        z.extractall(dest)
    return dest if (dest / "datapackage.json").is_file() else next(dest.iterdir())


def reseal(folder: Path, target: Path, top: str | None = None) -> Path:
    """What a forger does after editing an unzipped release: a fresh SHA256SUMS, and zip it."""
    sums = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(folder).as_posix()}"
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "SHA256SUMS"]
    (folder / "SHA256SUMS").write_text("\n".join(sums) + "\n")
    with zipfile.ZipFile(target, "w") as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                rel = path.relative_to(folder).as_posix()
                z.write(path, f"{top}/{rel}" if top else rel)
    return target


def zip_top(release: Path) -> str | None:
    with zipfile.ZipFile(release) as z:
        first = z.namelist()[0]
    return None if "/" not in first or first == "datapackage.json" else first.split("/")[0]



# --- the report ------------------------------------------------------------------------

_SITE: dict = {}


def report_site(tmp_path_factory) -> tuple[Path, object]:
    """The report of the real package, built once per session (GX included)."""
    if "site" not in _SITE:
        from statsbidrag.report.site import build_site
        out = tmp_path_factory.mktemp("report") / "site"
        _SITE["site"] = (out, build_site(ROOT, out))
    return _SITE["site"]


# --- a build that must fail ------------------------------------------------------------

def fails_cleanly(package, code, *fragments):
    """The build raises a SourceError of kind `code` (statsbidrag.errors.CODES) mentioning every
    fragment, and writes nothing."""
    from conftest import snapshot

    from statsbidrag.errors import SourceError
    from statsbidrag.publish.build import build
    before = snapshot(package)
    with pytest.raises(SourceError, match=f"^{code}: ") as caught:
        build(package)
    assert caught.value.code == code
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    assert snapshot(package) == before, "a failed build must leave every file as it was"
    return caught.value
