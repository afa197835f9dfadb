"""A user's own script may call the checks without an `if __name__ == "__main__":` guard: the
fresh build's second process (statsbidrag.check.warm_child) never runs the caller's main
script again, as multiprocessing's spawn and forkserver children do."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_an_unguarded_script_calling_the_checks_runs_once(tmp_path):
    runs = tmp_path / "runs.txt"
    script = tmp_path / "my_check.py"
    script.write_text(
        "from pathlib import Path\n"
        "from statsbidrag.check.runner import run_suite\n"
        f"with open({str(runs)!r}, 'a') as log:\n"
        "    log.write('ran\\n')\n"
        f"for _ in range(2):\n"
        f"    report = run_suite(Path({str(ROOT)!r}))\n"
        "print('ok' if report.ok else 'failed')\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok", result.stdout + result.stderr
    assert "bootstrapping phase" not in result.stderr
    assert runs.read_text(encoding="utf-8") == "ran\n", "expected the script to run once, not again per check"
