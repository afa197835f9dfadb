"""tests/schedule.py: the costliest test files are handed to the xdist workers first, by the
seconds of the last whole run (pytest's cache) over the committed figures."""

from __future__ import annotations

import json
from types import SimpleNamespace

from conftest import ROOT
from schedule import CACHE_KEY, SAME_WORKER, Recorder, costliest_first, scope_of


class Cache:
    def __init__(self, stored=None):
        self.stored = {} if stored is None else {CACHE_KEY: stored}

    def get(self, key, default):
        return self.stored.get(key, default)

    def set(self, key, value):
        self.stored[key] = value


def config(cache, keyword="", args=("tests",)):
    return SimpleNamespace(cache=cache, option=SimpleNamespace(keyword=keyword, lf=False, deselect=None),
                           args=list(args))


def items(*nodeids):
    return [SimpleNamespace(nodeid=n) for n in nodeids]


def test_files_go_costliest_first_and_a_files_tests_keep_their_order(tmp_path):
    committed = tmp_path / "file_seconds.json"
    committed.write_text(json.dumps({"t/a.py": 1, "t/b.py": 50, "t/c.py": 9}), encoding="utf-8")
    found = items("t/a.py::x", "t/a.py::y", "t/b.py::z", "t/c.py::w", "t/d.py::v", "t/b.py::u")
    costliest_first(config(Cache({"t/c.py": 90.0, "t/a.py": "not a number"})), found, committed)
    assert [i.nodeid for i in found] == ["t/c.py::w", "t/b.py::z", "t/b.py::u", "t/a.py::x", "t/a.py::y", "t/d.py::v"]


def test_a_malformed_cache_or_no_figures_leave_the_collected_order(tmp_path):
    found = items("t/a.py::x", "t/b.py::y")
    costliest_first(config(Cache(["not", "a", "dict"])), found, tmp_path / "missing.json")
    assert [i.nodeid for i in found] == ["t/a.py::x", "t/b.py::y"]


def report(nodeid, seconds):
    return SimpleNamespace(nodeid=nodeid, duration=seconds)


def test_a_whole_run_stores_each_files_seconds_and_keeps_the_others():
    cache = Cache({"t/old.py": 3.0, "t/a.py": 99.0})
    recorder = Recorder()
    for nodeid, seconds in (("t/a.py::x", 1.0), ("t/a.py::x", 0.5), ("t/b.py::y", 2.0)):
        recorder.pytest_runtest_logreport(report(nodeid, seconds))
    recorder.pytest_sessionfinish(SimpleNamespace(config=config(cache)))
    assert cache.stored[CACHE_KEY] == {"t/old.py": 3.0, "t/a.py": 1.5, "t/b.py": 2.0}


def test_a_run_of_some_tests_of_a_file_stores_nothing():
    for partial in (config(Cache(), keyword="x"), config(Cache(), args=("t/a.py::x",))):
        recorder = Recorder()
        recorder.pytest_runtest_logreport(report("t/a.py::x", 1.0))
        recorder.pytest_sessionfinish(SimpleNamespace(config=partial))
        assert partial.cache.stored == {}


def test_the_files_named_together_go_to_one_worker_and_every_other_file_alone():
    together = {scope_of(f"{file}::test_x") for file in SAME_WORKER}
    assert together == {"pandas", "syntax trees"}
    assert scope_of("tests/unit/test_api.py::test_x[1]") == "tests/unit/test_api.py"
    assert scope_of("tests/unit/test_layouts.py::Class::test_y") == "tests/unit/test_layouts.py"
    # a file renamed or removed would silently leave the group
    assert [file for file in SAME_WORKER if not (ROOT / file).is_file()] == []
