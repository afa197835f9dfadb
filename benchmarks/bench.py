"""`scripts/bench --rows N [--out DIR] [--repeat K]`: time `statsbidrag check` against
Frictionless, pandera and a hand-written DuckDB floor on a synthetic package of about N
allocation rows (benchmarks/synthetic.py, made through `statsbidrag build`).

Every tool runs as its own process, K times (median wall seconds; peak resident memory
of the process and its children, sampled from /proc):

  check_cold    statsbidrag check --root DIR --no-cache       (everything it checks)
  check_warm    statsbidrag check --root DIR                  (after one run filled the cache)
  frictionless  frictionless validate --type package DIR/datapackage.json
  pandera       statsbidrag.load() of every resource (pandera validation)
  floor         benchmarks/floor.sql in DuckDB (the data invariants, by hand)

A benchmark, not a test: nothing here asserts a time. The last line is
`rows=N check_cold_s=.. check_warm_s=.. frictionless_s=.. floor_s=.. peak_mib=..`
(peak_mib: the cold check's peak memory).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402

BIN = Path(sys.executable).parent
FLOOR = Path(__file__).resolve().parent / "floor.sql"
PANDERA = ("import statsbidrag\n"  # the package folder is STATSBIDRAG_ROOT
           "for name in statsbidrag.resource_names():\n"
           "    statsbidrag.load(name)\n")
DUCKDB = ("import sys, duckdb\n"
          "con = duckdb.connect()\n"
          "text = '\\n'.join(l for l in open(sys.argv[1], encoding='utf-8').read().splitlines()\n"
          "                 if not l.lstrip().startswith('--'))\n"
          "found = [(s.strip(), con.sql(s).fetchall()) for s in filter(str.strip, text.split(';'))]\n"
          "sys.exit(any(rows[0][0] for s, rows in found if s.upper().startswith('SELECT')))\n")


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants (KiB), from /proc."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(row.split()[1] for row in status.splitlines() if row.startswith("VmRSS:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run(command: list[str], cwd: Path, env: dict) -> tuple[float, float, int]:
    """-> (wall seconds, peak resident MiB, exit status) of one process. The peak is the
    largest sum over the process and its children (check extracts in a second process),
    sampled every 20 ms, and at least the process's own peak (wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kib(process.pid))
            done.wait(0.02)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, max(peak[0], usage.ru_maxrss) / 1024, process.returncode


def measure(name: str, command: list[str], cwd: Path, env: dict, repeat: int) -> dict:
    times, peaks, statuses = [], [], set()
    for _ in range(repeat):
        seconds, peak, status = run(command, cwd, env)
        times.append(seconds)
        peaks.append(peak)
        statuses.add(status)
    return {"tool": name, "seconds": statistics.median(times), "peak_mib": max(peaks), "exit": sorted(statuses)}


def machine() -> str:
    cpu = ""
    if Path("/proc/cpuinfo").is_file():
        names = [row.split(":", 1)[1].strip() for row in Path("/proc/cpuinfo").read_text().splitlines()
                 if row.startswith("model name")]
        cpu = f"{names[0]}, " if names else ""
    return f"{cpu}{os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, required=True, help="about this many allocation rows")
    parser.add_argument("--out", help="keep the synthetic package in this (empty or new) folder")
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool (the median is shown)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="statsbidrag-bench-") as scratch:
        package = Path(args.out).resolve() if args.out else Path(scratch) / "package"
        if package.exists() and any(package.iterdir()):
            parser.error(f"{package} is not empty")
        package.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        synthetic.generate(package, args.rows)
        synthetic.build(package)
        rows = sum(1 for _ in (package / "resources" / "allocations.csv").open(encoding="utf-8")) - 1
        print(f"package: {package} ({rows} allocation rows, made in {time.perf_counter() - start:.1f} s)")
        env = dict(os.environ, STATSBIDRAG_CACHE_DIR=str(Path(scratch) / "cache"), STATSBIDRAG_ROOT=str(package))
        check = [str(BIN / "statsbidrag"), "check", "--root", str(package)]
        cold = measure("check_cold", check + ["--no-cache"], package, env, args.repeat)
        run(check, package, env)  # fills the cache
        results = [
            cold,
            measure("check_warm", check, package, env, args.repeat),
            measure("frictionless", [str(BIN / "frictionless"), "validate", "--type", "package",
                                     "datapackage.json"], package, env, args.repeat),
            measure("pandera", [sys.executable, "-c", PANDERA, str(package)], package, env, args.repeat),
            measure("floor", [sys.executable, "-c", DUCKDB, str(FLOOR)], package, env, args.repeat),
        ]
    print(f"machine: {machine()}; median of {args.repeat} run(s) each\n")
    print("| tool | seconds | peak MiB | exit |\n|---|---|---|---|")
    for r in results:
        print(f"| {r['tool']} | {r['seconds']:.2f} | {r['peak_mib']:.0f} | {','.join(map(str, r['exit']))} |")
    by = {r["tool"]: r for r in results}
    cold, warm, fl, floor = (by[k]["seconds"] for k in ("check_cold", "check_warm", "frictionless", "floor"))
    print(f"\nfrictionless / check_cold = {fl / cold:.1f}x; frictionless / check_warm = {fl / warm:.1f}x; "
          f"check_cold / floor = {cold / floor:.1f}x")
    print(f"rows={rows} check_cold_s={cold:.2f} check_warm_s={warm:.2f} frictionless_s={fl:.2f} "
          f"floor_s={floor:.2f} peak_mib={by['check_cold']['peak_mib']:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
