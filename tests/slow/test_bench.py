"""scripts/bench runs end to end on a small synthetic package (no time is asserted)."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT


def test_bench_prints_its_table_and_summary_line(tmp_path):
    out = tmp_path / "package"
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--rows", "400",
                             "--repeat", "1", "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"rows=\d+ check_cold_s=[\d.]+ check_warm_s=[\d.]+ frictionless_s=[\d.]+ "
                        r"floor_s=[\d.]+ peak_mib=\d+", last), last
    rows = int(re.search(r"rows=(\d+)", last).group(1))
    assert rows == sum(1 for _ in (out / "resources" / "allocations.csv").open(encoding="utf-8")) - 1
    assert rows > 126  # the real package's rows plus synthetic tables
    # The synthetic package is a valid one: every tool exits 0 on it.
    table = {line.split("|")[1].strip(): line.split("|")[4].strip()
             for line in result.stdout.splitlines() if line.startswith("| ") and not line.startswith("| tool")}
    assert table == {"check_cold": "0", "check_warm": "0", "frictionless": "0", "pandera": "0", "floor": "0"}
