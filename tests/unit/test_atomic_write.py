"""paths.replacing / write_atomic: a file is written whole or not at all, and two writers of
the same target at once (two `check`s storing the same cache entry) never share a temporary file."""

from __future__ import annotations

import threading

import pytest

from statsbidrag.paths import replacing, write_atomic


def test_two_interleaved_writers_each_publish_a_whole_file(tmp_path):
    """A starts, B starts, B finishes, A finishes: both renames succeed, the target is A's whole
    file (the last rename wins), and no temporary file is left."""
    target = tmp_path / "check-key.json"
    first = replacing(target)
    temp_a = first.__enter__()
    temp_a.write_bytes(b"A" * 1000)
    with replacing(target) as temp_b:
        assert temp_b != temp_a and temp_a.read_bytes() == b"A" * 1000
        temp_b.write_bytes(b"B" * 10)
    assert target.read_bytes() == b"B" * 10
    first.__exit__(None, None, None)
    assert target.read_bytes() == b"A" * 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["check-key.json"]


def test_the_temporary_file_is_hidden_beside_the_target_and_matches_gitignore(tmp_path):
    target = tmp_path / "sub" / "grants.csv"
    with replacing(target) as temp:
        assert temp.parent == target.parent
        assert temp.name.startswith(".grants.csv.") and temp.name.endswith(".tmp")  # .gitignore: .*.tmp
        temp.write_bytes(b"x")
    assert target.read_bytes() == b"x"


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "grants.csv"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), replacing(target, leftovers=(".wal",)) as temp:
        temp.write_bytes(b"half")
        temp.with_name(temp.name + ".wal").write_bytes(b"log")
        raise RuntimeError("the writer failed")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grants.csv"]


def test_concurrent_write_atomic_calls_all_succeed_with_a_whole_file(tmp_path):
    """Eight threads write the same target at once: none fails, and what is left is one of
    their files, whole."""
    target = tmp_path / "check-key.json"
    payloads = [bytes([65 + n]) * 200_000 for n in range(8)]
    errors: list[BaseException] = []
    start = threading.Barrier(len(payloads))

    def write(data: bytes) -> None:
        start.wait()
        try:
            write_atomic(target, data)
        except BaseException as error:
            errors.append(error)
    threads = [threading.Thread(target=write, args=(data,)) for data in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert target.read_bytes() in payloads
    assert sorted(p.name for p in tmp_path.iterdir()) == ["check-key.json"]


def test_a_published_file_gets_the_mode_of_any_new_file(tmp_path):
    """Not mkstemp's private 0600: the file is as readable as one written by open()."""
    write_atomic(tmp_path / "a.csv", b"x")
    (tmp_path / "b.csv").write_bytes(b"x")
    assert (tmp_path / "a.csv").stat().st_mode == (tmp_path / "b.csv").stat().st_mode


def test_a_writer_that_makes_its_own_file_gets_a_free_unique_name(tmp_path):
    """DuckDB refuses to attach an empty file: empty_file=False yields a name with no file."""
    target = tmp_path / "statsbidrag.duckdb"
    with replacing(target, empty_file=False) as first, replacing(target, empty_file=False) as second:
        assert first != second and not first.exists() and not second.exists()
        first.write_bytes(b"1")
        second.write_bytes(b"2")
    assert target.read_bytes() == b"1"
