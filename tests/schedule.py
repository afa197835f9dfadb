"""The order test files are handed to the xdist workers: costliest first.

scripts/test runs the tests with `--dist loadfile`: each worker gets whole files, one after
another, in the order they were collected (with `--no-loadscope-reorder`; xdist's own order
is by number of tests, which put the long files with few tests last, so that one worker was
still running them while the other had nothing left to do). Handing out the costliest files
first (longest processing time first) lets the short ones fill the gaps at the end.

A file's cost is the seconds its tests took (setup, call and teardown) in the last run of this
checkout that ran the whole file, kept in pytest's cache folder (.pytest_cache, never part of
the project), else the figure in tests/file_seconds.json (committed, for a clean clone), else 0.
Only the order depends on it: which tests run, and their outcome, do not.
Refresh the committed figures after a whole run: .venv/bin/python tests/schedule.py

A few files share one worker (SAME_WORKER): the only files of the fast tier that import pandas,
pyarrow and pandera (about a CPU-second in each process that does) run one after another in one
worker, so the other worker never imports them; and the static tests, which parse the same
Python files, run in one worker, which parses each file once.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import pytest

COMMITTED = Path(__file__).resolve().parent / "file_seconds.json"
CACHE_KEY = "statsbidrag/file_seconds"


def _file(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


# file -> a name for the files that run one after another in the same worker. Measured
# (2026-12-07, each fast-tier file run alone): these three are the only ones of the fast tier
# after which pandas, pyarrow or pandera is in sys.modules.
SAME_WORKER = {
    "tests/integration/test_column_types.py": "pandas",
    "tests/unit/test_translators.py": "pandas",
    "tests/integration/test_api.py": "pandas",
    # the static tests read every syntax tree of src/ or tests/ (helpers.syntax_nodes parses
    # each file once per process): in one worker each file is parsed once a run, not twice
    "tests/unit/test_errors.py": "syntax trees",
    "tests/unit/test_sizes.py": "syntax trees",
    "tests/unit/test_stage_order.py": "syntax trees",
    "tests/unit/test_tiers.py": "syntax trees",
}


def scope_of(nodeid: str) -> str:
    """What a worker is handed at once: the test's file, or the name its SAME_WORKER files share."""
    file = _file(nodeid)
    return SAME_WORKER.get(file, file)


def make_scheduler(config: pytest.Config, log: object) -> object:
    """xdist's scheduler by file (`--dist loadfile`), with the files of SAME_WORKER handed out together."""
    from xdist.scheduler import LoadFileScheduling

    class FilesTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return scope_of(nodeid)
    return FilesTogether(config, log)  # type: ignore[arg-type]


def costs(config: pytest.Config, committed: Path = COMMITTED) -> dict[str, float]:
    """file -> seconds: the last whole run's (pytest's cache) over the committed figures. A
    figure that is not a number is ignored: the order is a hint, never a reason to stop."""
    found = _seconds(json.loads(committed.read_text(encoding="utf-8")) if committed.is_file() else {})
    cache = getattr(config, "cache", None)
    if cache is not None:
        found.update(_seconds(cache.get(CACHE_KEY, {})))
    return found


def _seconds(value: object) -> dict[str, float]:
    if not isinstance(value, dict):
        return {}
    return {k: float(v) for k, v in value.items() if isinstance(k, str) and isinstance(v, int | float)}


def costliest_first(config: pytest.Config, items: list, committed: Path = COMMITTED) -> None:
    """Sort `items` (pytest items: what is read is their nodeid) by their file's cost, costliest
    first (a stable sort: the tests of a file, and files of equal cost, keep their collected order)."""
    seconds = costs(config, committed)
    items.sort(key=lambda item: -seconds.get(_file(item.nodeid), 0.0))


class Recorder:
    """Sums each file's seconds from the test reports (under xdist the controller gets them all)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.seconds[_file(report.nodeid)] += report.duration

    @pytest.hookimpl
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        cache = getattr(session.config, "cache", None)
        if cache is None or hasattr(session.config, "workerinput") or not _whole_files(session.config):
            return
        stored = dict(cache.get(CACHE_KEY, {}))
        stored.update({name: round(value, 2) for name, value in self.seconds.items()})
        cache.set(CACHE_KEY, stored)


def _whole_files(config: pytest.Config) -> bool:
    """Whether every file the run started ran whole: no -k, no test ids, no --lf/--deselect."""
    option = config.option
    return not (option.keyword or getattr(option, "lf", False) or getattr(option, "deselect", None)
                or any("::" in arg for arg in config.args))


def main() -> None:
    """Write the cache's figures (files over a second) to tests/file_seconds.json."""
    cache_file = Path(__file__).resolve().parent.parent / ".pytest_cache" / "v" / CACHE_KEY
    seconds = json.loads(cache_file.read_text(encoding="utf-8"))
    kept = {name: round(value) for name, value in sorted(seconds.items()) if value >= 1}
    COMMITTED.write_text(json.dumps(kept, indent=1) + "\n", encoding="utf-8")
    print(f"{COMMITTED}: {len(kept)} files", file=sys.stderr)


if __name__ == "__main__":
    main()
