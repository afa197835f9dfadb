"""statsbidrag.check.warm_child: code run as `python -c` runs it, in a fork of a server that has
imported the modules already (the fresh build's second process, statsbidrag.check.fresh_build):
its output and exit status come back whole, a job past its deadline is killed, and the next
job still runs."""

from __future__ import annotations

import pytest

from statsbidrag.check import warm_child

PRELOAD = ("json",)  # cheap to import: what is tested is the server, not the extraction
ECHO = "import sys\nsys.stdout.buffer.write(sys.argv[1].encode() * int(sys.argv[2]))\n"


def run(code: str, *args: str, timeout: float = 60.0) -> tuple[int, bytes]:
    return warm_child.start(code, list(args), PRELOAD).wait(timeout)


def test_a_job_returns_its_output_and_the_server_serves_the_next_one():
    job = warm_child.start(ECHO, ["ab", "3"], PRELOAD)
    assert isinstance(job, warm_child.Job), "expected a fork of the server where os.fork exists"
    assert job.wait(60) == (0, b"ababab") and job.ended() and job.returncode == 0
    server = warm_child._SERVERS[PRELOAD].process.pid
    assert run(ECHO, "é", "2") == (0, "éé".encode())
    assert warm_child._SERVERS[PRELOAD].process.pid == server, "expected the same server for the next job"


def test_an_output_of_several_chunks_arrives_whole():
    size = 3 * warm_child._CHUNK + 7
    status, out = run(ECHO, "x", str(size))
    assert status == 0 and out == b"x" * size


@pytest.mark.parametrize("code", ["raise SystemExit(3)", "raise ValueError('no')", "import os\nos._exit(5)"])
def test_a_failing_job_reports_a_failure_and_the_next_job_runs(code):
    status, _ = run(code)
    assert status != 0
    assert run(ECHO, "ok", "1") == (0, b"ok")


def test_a_job_past_its_deadline_is_killed_and_the_next_job_runs():
    job = warm_child.start("import time\ntime.sleep(60)\n", [], PRELOAD)
    with pytest.raises(TimeoutError):
        job.wait(0.5)
    job.kill()
    assert job.ended()
    assert run(ECHO, "ok", "1") == (0, b"ok")


def test_a_job_started_while_the_server_is_busy_runs_as_a_plain_process():
    first = warm_child.start("import sys, time\ntime.sleep(1)\nsys.stdout.write('first')\n", [], PRELOAD)
    second = warm_child.start(ECHO, ["second", "1"], PRELOAD)
    assert isinstance(second, warm_child._PlainJob)
    assert second.wait(60) == (0, b"second") and first.wait(60) == (0, b"first")
