"""Measure the core install of the wheel and, with --write, state it in docs/releasing.md.

    scripts/measure-install [--write]

Builds the wheel from this checkout (as `statsbidrag dist` does), installs it beside
"duckdb<2" with `uv pip install` into a fresh virtual environment made without pip (as
tests/slow/test_wheel.py does), and prints the packages installed and the megabytes of
site-packages (byte code not counted). With --write, the sentence
"Measured on DATE (...): the core install is N packages, about M MB" in docs/releasing.md
is rewritten with what was measured, so the figure a reader sees is measured, not typed;
the test fails when a later install differs from it (packages exactly, size within 5 %).
"""

from __future__ import annotations

import datetime
import json
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "releasing.md"
SENTENCE = re.compile(r"Measured on \d{4}-\d{2}-\d{2} \(([^)]*)\): the core install is \d+ packages, about \d+ MB")


def measure(work: Path) -> tuple[int, float]:
    from statsbidrag.release.dist import build_wheel, uv_binary
    (work / "dist").mkdir()
    wheel = build_wheel(ROOT, work / "dist")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(work / "venv")], check=True)
    python = work / "venv" / "bin" / "python"
    subprocess.run([uv_binary(), "pip", "install", "--quiet", "--no-config", "--python", python, str(wheel),
                    "duckdb<2"], check=True)
    listed = subprocess.run([uv_binary(), "pip", "list", "--no-config", "--format", "json", "--python", python],
                            capture_output=True, text=True, check=True)
    packages = {p["name"].lower() for p in json.loads(listed.stdout)} - {"pip", "setuptools"}
    site = next((work / "venv" / "lib").glob("python3*/site-packages"))
    return len(packages), source_megabytes(site)


def source_megabytes(site: Path) -> float:
    """MB of site-packages without byte code: whether .pyc files are written depends on the
    installer and the environment (PYTHONDONTWRITEBYTECODE), which moved the total by about 90 MB."""
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file() and p.suffix != ".pyc") / 1e6


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="statsbidrag-install-") as folder:
        packages, megabytes = measure(Path(folder))
    print(f"core install beside duckdb<2: {packages} packages, {megabytes:.0f} MB")
    if "--write" in argv:
        text = DOC.read_text(encoding="utf-8")
        where = f"Python {platform.python_version_tuple()[0]}.{platform.python_version_tuple()[1]}, " \
                f"{platform.system()} {platform.machine()}, `uv pip install <wheel> \"duckdb<2\"` in a fresh virtual environment without pip"
        new = (f"Measured on {datetime.date.today().isoformat()} ({where}): the core install is {packages} "
               f"packages, about {megabytes:.0f} MB")
        if not SENTENCE.search(text):
            print(f"{DOC}: expected the sentence 'Measured on DATE (...): the core install is N packages, "
                  "about M MB'; found none", file=sys.stderr)
            return 1
        DOC.write_text(SENTENCE.sub(new, text, count=1), encoding="utf-8")
        print(f"wrote it into {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
