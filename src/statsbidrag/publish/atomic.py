"""Publishing a build as one transaction: after a kill at any moment, everything a
build publishes is either the previous state or the new one.

A build never writes a published file in place. It works in a staged tree,
`.statsbidrag-build/stage/` inside the package folder (same file system, so a rename
is atomic), then:

1. **stage**: the published files are linked (or copied) into the stage, the inputs
   the derived outputs are made from (schemas/, sql/views/) copied next to them,
   and every step of the build writes into the stage only;
2. **commit**: each changed file is flushed to disk, then `journal.json` is written
   (temporary name, flush, rename): it lists every file to put in place and every
   file to delete. Its appearance is the one moment the build becomes the new state;
3. **swap**: each listed file is renamed from the stage over the published one, and
   each stale one deleted; then the journal and the stage are removed.

`recover(root)`, which every build runs first (and `check`, `query` and `dist` too,
before they read anything), finishes what an interrupted build left: a journal means
the new state was committed, so the swap is rolled forward (each step can be done
again); a stage without a journal was never committed, so it is deleted and the
published files, never touched, are the previous state. Stray temporary files of
older writers (`.name.tmp`) in the published folders are removed too.

One build at a time: a build holds an exclusive lock (flock) on the package folder
itself for its whole transaction, so a second build in the same folder is refused, and
`recover` run by another command (check, query, dist) leaves the stage of a live build
alone instead of deleting it. Locking the folder writes no file; the lock goes with the
process. (Where flock does not exist, as on Windows, there is no lock.)

`statsbidrag add --write` publishes through the same journal and lock (put_files): its stage
holds links to the extraction's inputs (metadata/, sources/) and the new files, the whole
extraction runs there first, and the commit puts the archived document and the metadata
files in place.

Written by hand because no library installed here does a multi-file transaction;
it needs only rename, fsync, flock and a small JSON journal.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from statsbidrag.errors import StatsbidragError
from statsbidrag.paths import write_atomic

STATE = ".statsbidrag-build"
JOURNAL = "journal.json"
STAGE = "stage"
# What a build publishes (files, and folders whose files it owns), relative to the root.
PUBLISHED_FILES = ("datapackage.json", "catalog.ttl", "catalog.rdf", "sql/load_csv.sql", "dist/statsbidrag.duckdb")
PUBLISHED_FOLDERS = ("resources", "dist/parquet")
# Inputs of the derived outputs, copied into the stage beside the new resources.
INPUT_FOLDERS = ("schemas", "sql/views")
# Folders where an older writer or an interrupted run may have left `.name.tmp` files.
TEMP_FOLDERS = (".", "resources", "sql", "dist", "dist/parquet")


def _published(root: Path) -> set[str]:
    """Every published file present under `root` (relative paths)."""
    found = {rel for rel in PUBLISHED_FILES if (root / rel).is_file()}
    for folder in PUBLISHED_FOLDERS:
        if (root / folder).is_dir():
            found |= {p.relative_to(root).as_posix() for p in (root / folder).iterdir()
                      if p.is_file() and not p.name.startswith(".")}
    return found


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)  # a writer in the stage replaces the link, never the file
    except OSError:
        shutil.copy2(source, target)


def _same(a: Path, b: Path) -> bool:
    if not (a.is_file() and b.is_file()):
        return False
    if os.path.samefile(a, b):
        return True
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def _clean_stray_temporaries(root: Path) -> list[str]:
    removed = []
    for folder in TEMP_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in base.iterdir():
            stray_file = path.is_file() and path.name.startswith(".") and path.name.endswith(".tmp")
            stray_dir = path.is_dir() and folder == "dist/parquet" and path.name.startswith(".parquet-")
            if stray_file:
                path.unlink()
            elif stray_dir:
                shutil.rmtree(path)
            if stray_file or stray_dir:
                removed.append(path.relative_to(root).as_posix())
    return removed


def _write_journal(state: Path, put: list[str], delete: list[str]) -> None:
    # the rename is the commit point
    write_atomic(state / JOURNAL, json.dumps({"put": put, "delete": delete}).encode("utf-8"), fsync=True)
    _fsync(state)


def _swap(root: Path, journal: dict) -> None:
    """Put every staged file in place and delete every stale one; safe to run again."""
    stage = root / STATE / STAGE
    for rel in journal["put"]:
        staged, target = stage / rel, root / rel
        if staged.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
    for rel in journal["delete"]:
        (root / rel).unlink(missing_ok=True)
    for folder in {str(Path(rel).parent) for rel in journal["put"] + journal["delete"]}:
        if (root / folder).is_dir():
            _fsync(root / folder)


@contextmanager
def _exclusive(root: Path) -> Iterator[bool]:
    """Hold the package folder's build lock while inside; yields False (and holds nothing)
    when another process holds it."""
    try:
        import fcntl
    except ImportError:  # no flock on this system: no lock
        yield True
        return
    fd = os.open(root, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # releases the lock


def recover(root: Path) -> list[str]:
    """Finish or undo what an interrupted build left; -> what was done, for people.
    A build still running in the folder is left alone."""
    root = Path(root)
    if not root.is_dir():
        return []
    with _exclusive(root) as mine:
        if not mine:
            return ["a build is running in this folder: its staged files are left alone, "
                    "and the published files are read as they are"]
        return _recover(root)


def _recover(root: Path) -> list[str]:
    state = root / STATE
    done = []
    if state.is_dir():
        journal_path = state / JOURNAL
        if journal_path.is_file():
            journal = json.loads(journal_path.read_text(encoding="utf-8"))
            _swap(root, journal)
            journal_path.unlink()
            done.append(f"completed an interrupted build or add ({len(journal['put']) + len(journal['delete'])} "
                        "file(s) put in place)")
        else:
            done.append("removed the staged files of an interrupted build or add (the previous state is kept)")
        shutil.rmtree(state)
    removed = _clean_stray_temporaries(root)
    if removed:
        done.append("removed stray temporary files: " + ", ".join(removed))
    return done


@contextmanager
def transaction(root: Path, derived: bool) -> Iterator[Path]:
    """Yield a staged copy of the published files to build into; on a normal exit,
    commit and swap it in (see the module docstring). On an error nothing is published
    and the stage is removed.

    `derived`: whether the build also writes sql/load_csv.sql and dist/ (their
    inputs are copied into the stage); otherwise only resources/ and datapackage.json.
    """
    root = Path(root)
    with _exclusive(root) as mine:
        if not mine:
            raise _locked(root)
        with _staged(root, derived) as stage:
            yield stage


@contextmanager
def _staged(root: Path, derived: bool) -> Iterator[Path]:
    """The transaction itself, under the build lock."""
    _recover(root)
    state = root / STATE
    stage = state / STAGE
    stage.mkdir(parents=True)
    try:
        for rel in _published(root):
            if derived or not rel.startswith(("dist/", "sql/")):
                _link_or_copy(root / rel, stage / rel)
        if derived:
            for folder in INPUT_FOLDERS:
                if (root / folder).is_dir():
                    shutil.copytree(root / folder, stage / folder)
        yield stage
    except BaseException:
        shutil.rmtree(state, ignore_errors=True)
        raise
    new, old = _published(stage), _published(root)
    if not derived:
        old = {rel for rel in old if not rel.startswith(("dist/", "sql/"))}
    put = sorted(rel for rel in new if not _same(stage / rel, root / rel))
    put.sort(key=lambda rel: rel == "datapackage.json")  # the descriptor last, as readers expect
    delete = sorted(old - new)
    if "dist/statsbidrag.duckdb" in put and (root / "dist/statsbidrag.duckdb.wal").exists():
        delete.append("dist/statsbidrag.duckdb.wal")  # a log of the old file must not be replayed on the new
    _commit(root, put, delete)


def _commit(root: Path, put: list[str], delete: list[str]) -> None:
    """Steps 2 and 3 of the module docstring: flush, write the journal, swap, clean up."""
    state = root / STATE
    for rel in put:
        _fsync(state / STAGE / rel)
    _write_journal(state, put, delete)
    _swap(root, {"put": put, "delete": delete})
    (state / JOURNAL).unlink()
    shutil.rmtree(state)


# What the extraction reads (statsbidrag.publish.build.extract): a proof in the stage sees these.
EXTRACTION_INPUTS = ("metadata", "sources")


def put_files(root: Path, files: dict[str, bytes], prove: Callable[[Path], object]) -> None:
    """Put `files` (path relative to `root` -> new bytes) in place as one transaction, once
    prove(stage) has passed on the package as it would be: the stage holds links to the
    extraction's inputs and the new files, so a failed proof or a kill before the commit
    leaves every file as it was, and a kill after it is rolled forward by recover (`statsbidrag
    add --write`: the archived document and the metadata it appends to)."""
    root = Path(root)
    with _exclusive(root) as mine:
        if not mine:
            raise _locked(root)
        _recover(root)
        stage = root / STATE / STAGE
        stage.mkdir(parents=True)
        try:
            for rel in _inputs_inside(root):
                _link_or_copy(root / rel, stage / rel)
            for rel, data in files.items():
                target = stage / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.unlink(missing_ok=True)  # a link to the published file: never written through
                target.write_bytes(data)
            prove(stage)
        except BaseException:
            shutil.rmtree(root / STATE, ignore_errors=True)
            raise
        _commit(root, sorted(files), [])


def _inputs_inside(root: Path) -> list[str]:
    """Every file under EXTRACTION_INPUTS that resolves inside `root`: a folder linked from
    elsewhere is not entered, and a file linked from outside is left out (the extraction,
    which refuses such a file in the package too, finds none in the stage)."""
    inside, found = root.resolve(), []
    for folder in EXTRACTION_INPUTS:
        for top, _folders, names in os.walk(root / folder):
            for name in names:
                path = Path(top, name)
                if path.is_file() and path.resolve().is_relative_to(inside):
                    found.append(path.relative_to(root).as_posix())
    return sorted(found)


def _locked(root: Path) -> StatsbidragError:
    return StatsbidragError(
        f"{root}: expected no other build or `add --write` running in this package folder; found one (it "
        "holds the folder's lock). Wait for it to finish, then run the command again.", code="SB609")
