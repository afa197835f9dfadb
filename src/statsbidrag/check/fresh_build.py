"""The fresh build: what `statsbidrag build` would write from the sources now, next to what
is published, for the checks that compare them (resources_match_build ...).

FreshBuild runs fresh_build(root) in a second Python process while the checks database
loads (statsbidrag.check.database); load_build then fills

  published_rows, fresh_rows  (resource, key, row): each row as JSON with its primary
                    key ('table_id=..., region_code=01'), as published and as built now,
                    only for a file whose bytes differ
  build_files       (path, published_sha256, fresh_sha256) of every file a build writes
  build_errors      (message): why a fresh extraction failed, if it did
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from statsbidrag.errors import StatsbidragError
from statsbidrag.tableschema.model import key_names
from statsbidrag.tableschema.resources import RESOURCE_ORDER, resource_path
from statsbidrag.tableschema.to_sql import insert

if TYPE_CHECKING:
    import duckdb


def _read_csv(data: bytes) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline="")))
    return (rows[0], rows[1:]) if rows else ([], [])


def _row_json(header: list[str], row: list[str]) -> str:
    return json.dumps(dict(zip(header, row)), ensure_ascii=False)


def _row_key(key: list[str], header: list[str], row: list[str]) -> str:
    """'table_id=skr-2021-kvinnors-halsa, region_code=01': the row's primary key as printed."""
    cells = dict(zip(header, row))
    return ", ".join(f"{k}={cells.get(k, '')}" for k in key) if key else ""


class FreshBuildResult(TypedDict):
    """What fresh_build returns (pickled by the second process)."""
    errors: list[str]                               # why the build failed, if it did
    files: dict[str, tuple[str, bytes | None]]      # path -> (SHA-256, the bytes when the published file differs)


def fresh_build(root: Path) -> FreshBuildResult:
    """What a fresh `statsbidrag build` writes, reduced to what the comparison needs:
    {"errors": [why it failed], "files": {path: (SHA-256, bytes or None)}}, the bytes only
    of a file whose published copy differs (equal bytes are equal rows)."""
    from statsbidrag.publish.build import extract, render
    try:
        extraction = extract(root)
        extraction.documents.clear()  # rendering reads the records only: the sources' lines may go
        fresh = render(root, extraction)
        del extraction
    except StatsbidragError as error:
        return {"errors": [str(error)], "files": {}}
    except Exception as error:  # report, do not crash: the failure is the evidence
        return {"errors": [f"the build crashed: {type(error).__name__}: {error}"], "files": {}}
    files = {}
    for rel, data in fresh.items():
        digest = hashlib.sha256(data).hexdigest()
        path = root / rel
        same = path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == digest
        files[rel] = (digest, None if same else data)
    return {"errors": [], "files": files}


# The extraction runs in a second Python process. It makes millions of objects in a large
# package and no garbage cycles worth collecting, and exits: the cyclic garbage collector,
# which would walk them all again and again, is off.
_CHILD = ("import gc, pickle, sys\n"
          "gc.disable()\n"
          "from pathlib import Path\n"
          "from statsbidrag.check.fresh_build import fresh_build\n"
          "sys.stdout.buffer.write(pickle.dumps(fresh_build(Path(sys.argv[1]))))\n")


# How long the fresh extraction may take. A package's metadata holds regular expressions
# that Python's re runs on its sources; one that backtracks (say `(\d+ ?)+x`) could run for
# ever, and `verify` runs a downloaded package's metadata. 10 minutes is 60 times what
# 10^6 rows take here.
EXTRACTION_DEADLINE_S = 600.0
# What the child's server imports before its first job (statsbidrag.check.warm_child).
_PRELOAD = ("statsbidrag.check.fresh_build", "statsbidrag.publish.build")


class FreshBuild:
    """fresh_build(root) in a second Python process, started at once, so that it runs on
    the other core while DuckDB loads and checks (never a fork of this process: forking a
    process that runs DuckDB's threads can deadlock; not a thread: Python's own work would
    wait for the lock it holds). The process is forked from a server that has imported the
    extraction already (statsbidrag.check.warm_child): after the first, starting one costs a
    fork, not an interpreter and pydantic's models. It keeps pydantic and the metadata out of
    this process. In this process only when the child cannot run."""

    def __init__(self, root: Path):
        from statsbidrag.check import warm_child
        self.root = Path(root).resolve()
        self.process: warm_child.Job | warm_child._PlainJob | None = None
        try:
            self.process = warm_child.start(_CHILD, [str(self.root)], _PRELOAD)
        except OSError:  # no interpreter to start: result() extracts here
            self.process = None

    def result(self) -> FreshBuildResult:
        if self.process is None:
            return fresh_build(self.root)
        import pickle
        try:
            status, out = self.process.wait(EXTRACTION_DEADLINE_S)
        except TimeoutError:
            self.cancel()
            raise StatsbidragError(
                f"{self.root}: expected the fresh extraction from sources/ to finish within "
                f"{EXTRACTION_DEADLINE_S:g} s; it did not, and was stopped (nothing was checked against it). "
                "A regular expression in metadata/ (row_regex, total_regex, a claim's or a key's regex) "
                "may backtrack without end on a line of its source: make it match plainly.",
                code="SB428") from None
        if status != 0:  # the child could not run: extract here instead
            return fresh_build(self.root)
        return pickle.loads(out)  # written by our own child process just now

    def ended(self) -> bool:
        """Whether the second process has ended (or never started): its core is free."""
        return self.process is None or self.process.ended()

    def cancel(self) -> None:
        if self.process is not None:
            self.process.kill()


def load_build(con: duckdb.DuckDBPyConnection, root: Path, schemas: dict[str, dict[str, Any]],
               fresh: FreshBuildResult) -> None:
    """What a fresh `statsbidrag build` would write (fresh_build), next to what is published."""
    published_rows: list[list] = []
    fresh_rows: list[list] = []
    files: list[list] = []
    paths = sorted(set(fresh["files"]) | {resource_path(n) for n in RESOURCE_ORDER} | {"datapackage.json"})
    for rel in paths:
        path = root / rel
        published = path.read_bytes() if path.is_file() else None
        published_sha = hashlib.sha256(published).hexdigest() if published is not None else None
        fresh_sha, fresh_data = fresh["files"].get(rel, (None, None))
        files.append([rel, published_sha, fresh_sha])
        # Equal bytes are equal rows: rows are compared only in a file that differs.
        if not rel.endswith(".csv") or published_sha == fresh_sha:
            continue
        name = Path(rel).stem
        for data, target in ((published, published_rows), (fresh_data, fresh_rows)):
            if data is None:
                continue
            header, rows = _read_csv(data)
            key = list(key_names(schemas.get(name, {})))
            target.extend([name, _row_key(key, header, row), _row_json(header, row)] for row in rows)
    columns = [("resource", "VARCHAR"), ("key", "VARCHAR"), ("row", "JSON")]
    insert(con, "published_rows", columns, published_rows)
    insert(con, "fresh_rows", columns, fresh_rows)
    insert(con, "build_files", [("path", "VARCHAR"), ("published_sha256", "VARCHAR"),
                                 ("fresh_sha256", "VARCHAR")], files)
    insert(con, "build_errors", [("message", "VARCHAR")], [[m] for m in fresh["errors"]])

