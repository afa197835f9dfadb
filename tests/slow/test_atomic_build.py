"""A build is one transaction: after a kill at any moment, what it publishes is the
previous state or the new one, never a mix, and the next run cleans up.

The published state is every file a build writes: resources/, datapackage.json,
sql/load_csv.sql, dist/statsbidrag.duckdb and dist/parquet/.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_package

from statsbidrag.cli.main import main
from statsbidrag.errors import MetadataError
from statsbidrag.publish import atomic
from statsbidrag.publish.build import build
from statsbidrag.publish.database import stored_fingerprint

KILLS = 16  # over the transaction: as dense there as the 20 spread over the whole build were


def published(root: Path) -> dict[str, bytes]:
    """Every published file's bytes; for the DuckDB file (whose bytes differ from build to
    build: DuckDB writes a random identifier) the fingerprint of what it was made from,
    which a partly written file cannot give."""
    files = {rel: (root / rel).read_bytes() for rel in atomic.PUBLISHED_FILES if (root / rel).is_file()}
    database_file = root / "dist" / "statsbidrag.duckdb"
    if database_file.is_file():
        files["dist/statsbidrag.duckdb"] = str(stored_fingerprint(database_file)).encode()
    for folder in atomic.PUBLISHED_FOLDERS:
        for path in sorted((root / folder).glob("*")) if (root / folder).is_dir() else []:
            if path.is_file() and not path.name.startswith("."):
                files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def leftovers(root: Path) -> list[str]:
    """Anything a build leaves besides the published files: its state folder, temporaries."""
    found = [p.relative_to(root).as_posix() for p in root.rglob(".*") if p.name != ".statsbidrag-keep"]
    return sorted(found)


def change_a_title(root: Path) -> None:
    path = root / "metadata" / "grants.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("[[grant]]")  # a grant's title, not a family's
    path.write_text(text[:start] + text[start:].replace('title = "', 'title = "Ändrad: ', 1), encoding="utf-8")


@pytest.fixture(scope="module")
def states(tmp_path_factory) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """(a package built in the old state with its metadata already changed, old files, new files)."""
    base = tmp_path_factory.mktemp("atomic")
    old = copy_package(base / "old")
    assert main(["build", "--root", str(old)]) == 0
    before = published(old)
    change_a_title(old)
    new = base / "new"
    shutil.copytree(old, new)
    assert main(["build", "--root", str(new)]) == 0
    after = published(new)
    changed = {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}
    assert {"resources/grants.csv", "datapackage.json", "dist/statsbidrag.duckdb"} <= changed, changed
    return old, before, after


def fresh(states, target: Path) -> Path:
    shutil.copytree(states[0], target)
    return target


def assert_old_or_new(root: Path, before: dict, after: dict, what: str) -> str:
    now = published(root)
    if now == before:
        return "old"
    if now == after:
        return "new"
    as_new = sorted(rel for rel in now if now[rel] == after.get(rel) != before.get(rel))
    other = sorted(rel for rel in now.keys() | before.keys() | after.keys()
                   if now.get(rel) not in (before.get(rel), after.get(rel)))
    raise AssertionError(f"{what}: a mix of the old and the new state: new {as_new}, neither {other}")


def test_killing_build_at_random_moments_leaves_the_old_or_the_new_state(states, tmp_path):
    _, before, after = states
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "statsbidrag.cli.main", "build", "--root"]
    # How long one build takes here, and when it starts its transaction (the stage appears):
    # the kills are spread from a little before that to the end. Before it the process only
    # starts and imports, and writes nothing a kill could leave half done.
    probe = fresh(states, tmp_path / "probe")
    start = time.monotonic()
    process = subprocess.Popen(command + [str(probe)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staged = None
    while process.poll() is None:
        if staged is None and (probe / atomic.STATE).exists():
            staged = time.monotonic() - start
        time.sleep(0.005)
    duration = time.monotonic() - start
    assert process.returncode == 0 and staged is not None, (process.returncode, staged)
    first = 0.8 * staged
    rng = random.Random(20261123)
    seen = []
    for trial in range(KILLS):
        root = fresh(states, tmp_path / f"kill-{trial}")
        # one random moment in each slice of [first, 1.1 * duration]
        moment = first + (1.1 * duration - first) * (trial + rng.random()) / KILLS
        process = subprocess.Popen(command + [str(root)], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        process.wait()
        atomic.recover(root)  # what the next run does first
        seen.append(assert_old_or_new(root, before, after, f"kill {trial} after {moment:.2f} s"))
        assert leftovers(root) == [], f"kill {trial}: stray files after recovery"
        if trial % 5 == 4:  # and the next build finishes the job (a few times: a build takes a while)
            assert main(["build", "--root", str(root)]) == 0
            assert published(root) == after
        shutil.rmtree(root)
    assert "old" in seen, seen  # the kills did land before the commit...


class Killed(BaseException):
    """Stands for SIGKILL inside the process: nothing after it runs, no cleanup."""


def _killed_at(n: int, counted, monkeypatch) -> None:
    """os.replace raises Killed at the n-th call (from 0) for which counted(src) holds."""
    real_replace, calls = os.replace, {"count": 0}

    def replace(src, dst, *args, **kwargs):
        if counted(src):
            if calls["count"] == n:
                raise Killed
            calls["count"] += 1
        return real_replace(src, dst, *args, **kwargs)
    monkeypatch.setattr(os, "replace", replace)


@pytest.fixture(scope="module")
def committed(states, tmp_path_factory) -> Path:
    """A build that died at the first rename of its swap: journal committed, nothing swapped.
    Dying at the n-th rename is this folder with the swap's first n renames done, so each
    attempt of the swap phase starts from a copy of it instead of building again."""
    root = fresh(states, tmp_path_factory.mktemp("committed") / "package")
    with pytest.MonkeyPatch.context() as monkeypatch:
        real_swap = atomic._swap

        def swap(*args, **kwargs):
            _killed_at(0, lambda src: True, monkeypatch)
            return real_swap(*args, **kwargs)
        monkeypatch.setattr(atomic, "_swap", swap)
        with pytest.raises(Killed):
            build(root, derived=True)
    assert (root / atomic.STATE / atomic.JOURNAL).is_file()
    return root


def test_a_kill_at_each_rename_of_the_swap_is_rolled_forward(states, committed, tmp_path, monkeypatch):
    """Every rename of the swap, in turn, is where the build dies: recovery finishes the swap."""
    _, before, after = states
    journal = json.loads((committed / atomic.STATE / atomic.JOURNAL).read_text(encoding="utf-8"))
    assert len(journal["put"]) > 1, journal
    n = 0
    while True:
        root = tmp_path / f"swap-{n}"
        shutil.copytree(committed, root)
        _killed_at(n, lambda src: True, monkeypatch)
        try:
            atomic._swap(root, journal)  # the build's swap, from its n-th rename on
            finished = True
        except Killed:
            finished = False
        monkeypatch.undo()
        if finished:
            assert n == len(journal["put"])  # one rename per staged file
            break
        atomic.recover(root)
        assert assert_old_or_new(root, before, after, f"swap rename {n}") == "new"
        assert leftovers(root) == []
        n += 1


def test_a_kill_at_the_rename_of_the_commit_is_rolled_back(states, tmp_path, monkeypatch):
    """The journal's own rename is the commit: a build that dies there has published nothing."""
    _, before, after = states
    root = fresh(states, tmp_path / "commit")
    _killed_at(0, lambda src: Path(src).name.startswith(f".{atomic.JOURNAL}."), monkeypatch)
    with pytest.raises(Killed):
        build(root, derived=True)
    monkeypatch.undo()
    assert assert_old_or_new(root, before, after, "commit rename") == "old"
    atomic.recover(root)
    assert assert_old_or_new(root, before, after, "commit rename") == "old"
    assert leftovers(root) == []


def test_a_late_failure_writes_nothing_and_names_the_toml_entry(states, tmp_path):
    root = fresh(states, tmp_path / "late")
    path = root / "metadata" / "grants.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("year = 2021", 'year = "2O21"', 1), encoding="utf-8")
    before = published(root)
    with pytest.raises(MetadataError, match="^SB201: ") as caught:
        build(root, derived=True)
    assert caught.value.problems[0].file == "metadata/grants.toml" and caught.value.problems[0].key == "year"
    assert "resources/" not in str(caught.value)
    assert published(root) == before and leftovers(root) == []


def test_a_failure_while_writing_the_derived_files_publishes_nothing(states, tmp_path):
    root = fresh(states, tmp_path / "views")
    view = sorted((root / "sql" / "views").glob("*.sql"))[-1]
    view.write_text("select from nowhere;\n", encoding="utf-8")
    before = published(root)
    assert main(["build", "--root", str(root)]) == 1
    assert published(root) == before and leftovers(root) == []


def test_stray_temporaries_and_an_uncommitted_stage_are_cleaned(states, tmp_path, capsys):
    root = fresh(states, tmp_path / "stray")
    (root / "resources" / ".grants.csv.tmp").write_bytes(b"half")
    (root / "dist" / "parquet" / ".parquet-abc").mkdir()
    (root / atomic.STATE / atomic.STAGE / "resources").mkdir(parents=True)
    (root / atomic.STATE / atomic.STAGE / "resources" / "grants.csv").write_bytes(b"never committed")
    before = published(root)
    main(["check", "--root", str(root)])  # any command finishes or undoes a killed build first
    assert "interrupted build" in capsys.readouterr().err
    assert not (root / atomic.STATE).exists()
    atomic.recover(root)
    assert published(root) == before and leftovers(root) == []


# --- add --write: the archived document and the metadata it appends, one transaction -------------

def inputs(root: Path) -> dict[str, bytes]:
    """What `add --write` may change: every file under sources/ and metadata/."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for folder in atomic.EXTRACTION_INPUTS
            for p in sorted((root / folder).rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def add_states(tmp_path_factory) -> tuple[Path, Path, dict[str, bytes], dict[str, bytes]]:
    """(a package copy, a document to add, the copy's inputs, the inputs after a whole add --write)."""
    from add_corpus import SHAPES, write_shape
    folder = tmp_path_factory.mktemp("add")
    document = write_shape(next(s for s in SHAPES if s.name == "txt-tusental-kronor"), folder)
    old = copy_package(folder / "old")
    new = copy_package(folder / "new")
    assert main(["add", str(document), "--write", "--root", str(new)]) == 0
    return old, document, inputs(old), inputs(new)


def test_a_kill_at_each_rename_of_an_add_leaves_the_old_or_the_new_files(add_states, tmp_path, monkeypatch):
    """add --write dies at the rename that commits its journal (nothing is published: the next
    command removes the stage), then at each rename of its swap (the next command rolls it
    forward): the files are the old ones or all the new ones, never a mix. (Before, add wrote
    the document and each metadata file in place, one after another, and undid them only in an
    exception handler, which a kill never runs.)"""
    old, document, before, after = add_states
    changed = sorted(rel for rel in after if before.get(rel) != after[rel])
    assert "sources/fordelning-tusental-2021.txt" in changed and "metadata/tables.toml" in changed, changed
    n = 0
    while True:
        root = tmp_path / f"kill-{n}"
        shutil.copytree(old, root)
        _killed_at(n, lambda src, root=root: Path(src).is_relative_to(root), monkeypatch)
        try:
            main(["add", str(document), "--write", "--root", str(root)])
            finished = True
        except Killed:
            finished = False
        monkeypatch.undo()
        atomic.recover(root)  # what the next command does first
        assert inputs(root) == (before if n == 0 else after), f"killed at rename {n}"
        assert leftovers(root) == [], f"killed at rename {n}"
        if finished:
            break
        n += 1
    assert n >= 1 + len(changed), (n, changed)  # the journal's rename, then one per file put in place
