"""The README and docs/*.md as a user copies them: the README's two commands are what CI runs,
and every command block runs as written.

Convention for the code blocks of README.md and docs/*.md (the info string after the opening fence):
- `sh`, `python`: commands. Each is run as written, in README order and then each docs file's
  (sorted by name), in one copy of the checkout after the set-up command (`scripts/setup`),
  from its root, with the bare PATH a user has after it (no activated .venv): `sh` blocks with
  bash -e, `python` blocks with .venv/bin/python.
- `text`: output, diagrams, anything that is not a command: never run.
- `sh no-test` / `python no-test`: a command that cannot run here (the set-up and test
  commands themselves, a server that runs until Ctrl-C, an install into another environment,
  a public URL); the text around it says which test covers it instead.
A failing block is reported with its file and line, the block and its output.

docs/ARCHITECTURE.md is not read here yet: its `sh` blocks are `scripts/test` and `scripts/lint`
themselves (this test would run the suite inside the suite) and are not yet marked `no-test`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Two commands\n\n```sh[^\n]*\n(.*?)```", readme, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]


def test_the_readme_gives_two_commands():
    assert len(readme_commands()) == 2


def test_ci_runs_exactly_the_readme_test_command():
    test_command = readme_commands()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in ci.splitlines()
                if line.strip() and not line.lstrip().startswith(("#", "set ", "cd ", "if ", "fi", "{", "||"))]
    assert commands[-1] == test_command, f".ci/run ends with {commands[-1]!r}, the README says {test_command!r}"


def test_the_setup_command_installs_builds_and_checks():
    setup = (ROOT / readme_commands()[0]).read_text(encoding="utf-8")
    steps = ["scripts/install", ".venv/bin/statsbidrag build", ".venv/bin/statsbidrag check"]
    plain = [line.strip() for line in setup.splitlines() if line.strip() in steps]
    quiet = [line.strip().removeprefix("step ") for line in setup.splitlines() if line.strip().startswith("step ")]
    assert plain == steps and quiet == steps  # the same three steps, with and without --quiet


# --------------------------------------------------------------------- every block runs

RUN = {"sh", "python"}
NEVER_RUN = {"text"}
FENCE = re.compile(r"^```(.*)$")


@dataclass
class Block:
    file: str          # README.md or docs/NAME.md
    line: int          # of the opening fence in that file
    language: str
    options: list[str]
    body: str

    @property
    def runs(self) -> bool:
        return self.language in RUN and "no-test" not in self.options

    def __str__(self) -> str:
        return f"{self.file}:{self.line} (```{' '.join([self.language, *self.options])})"


def readme_blocks(text: str, file: str = "README.md") -> list[Block]:
    blocks, current, lines = [], None, []
    for number, line in enumerate(text.splitlines(), start=1):
        fence = FENCE.match(line)
        if fence and current is None:
            language, *options = fence.group(1).split() or [""]
            current, lines = Block(file, number, language, options, ""), []
        elif fence:
            current.body = "\n".join(lines) + "\n"
            blocks.append(current)
            current = None
        elif current is not None:
            lines.append(line)
    assert current is None, f"{file}:{current.line}: a code block is never closed"
    return blocks


NOT_YET_READ = {"ARCHITECTURE.md"}  # see the module docstring
DOCUMENTS = ["README.md", *(f"docs/{p.name}" for p in sorted((ROOT / "docs").glob("*.md")) if p.name not in NOT_YET_READ)]
BLOCKS = [block for name in DOCUMENTS for block in readme_blocks((ROOT / name).read_text(encoding="utf-8"), name)]


def test_the_docs_files_hold_command_blocks():
    """The blocks moved to docs/ (checks, Python) are still run: a glob that finds nothing fails."""
    assert {b.file for b in BLOCKS if b.runs} >= {"README.md", "docs/checks.md", "docs/reference.md"}


def test_every_block_says_whether_it_is_a_command_or_output():
    wrong = [f"{b}: expected ```sh or ```python (a command, run by this test), ```text (output: never run) "
             "or ```sh no-test (a command that cannot run here)" for b in BLOCKS
             if b.language not in RUN | NEVER_RUN or set(b.options) - {"no-test"}]
    assert not wrong, "\n".join(wrong)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A copy of the checkout after `scripts/setup` (its .venv is this one's, linked)."""
    copy = tmp_path_factory.mktemp("readme") / "statsbidrag"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", ".venv", "dist", "__pycache__",
                                                               ".pytest_cache", "*.pyc", "node_modules",
                                                               ".mypy_cache", ".ruff_cache"))  # 43 MB of mypy's
    (copy / ".venv").symlink_to(ROOT / ".venv")
    result = subprocess.run(["scripts/setup"], cwd=copy, env=user_env(), capture_output=True, text=True)
    assert result.returncode == 0, f"scripts/setup failed in the copy:\n{result.stdout}{result.stderr}"
    return copy


def test_setup_quiet_prints_one_summary_line(checkout):
    result = subprocess.run(["scripts/setup", "--quiet"], cwd=checkout, env=user_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == "" and len(result.stdout.splitlines()) == 1, result.stdout
    assert result.stdout.startswith("scripts/setup: .venv ready; built ") and "check OK: " in result.stdout


def test_setup_quiet_shows_the_failing_step(checkout, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(checkout, broken, symlinks=True)
    (broken / "metadata" / "package.toml").write_text("name = [", encoding="utf-8")
    result = subprocess.run(["scripts/setup", "--quiet"], cwd=broken, env=user_env(), capture_output=True, text=True)
    assert result.returncode == 1 and "'.venv/bin/statsbidrag build' failed" in result.stderr, result.stderr
    assert "metadata/package.toml" in result.stderr and result.stdout == ""


def user_env() -> dict:
    """The environment of a user after scripts/setup: nothing activated, no package override."""
    hidden = {str(Path(sys.executable).parent), str(ROOT / ".venv" / "bin")}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STATSBIDRAG", "VIRTUAL_ENV", "PYTHON"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p not in hidden)
    return env


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.runs], ids=str)
def test_the_readme_block_runs_as_written(block, checkout):
    command = (["bash", "-e", "-o", "pipefail", "-c", block.body] if block.language == "sh"
               else [str(checkout / ".venv" / "bin" / "python"), "-c", block.body])
    result = subprocess.run(command, cwd=checkout, env=user_env(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, (
        f"{block} failed (exit {result.returncode}) when run as written in a copy of the checkout after "
        f"scripts/setup:\n{block.body}--- stdout ---\n{result.stdout[-3000:]}\n--- stderr ---\n"
        f"{result.stderr[-3000:]}\nFix the block; mark output ```text and a command that cannot run here "
        "```sh no-test (see tests/slow/test_readme_commands.py).")
