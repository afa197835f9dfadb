"""The README's two commands are what CI and a new user run: keep them in step."""

from __future__ import annotations

import re

from conftest import ROOT


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Two commands\n\n```sh\n(.*?)```", readme, re.S).group(1)
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
    steps = [line.strip() for line in setup.splitlines() if line.strip() and not line.startswith(("#", "set ", "cd "))]
    assert steps == ["scripts/install", ".venv/bin/statsbidrag build", ".venv/bin/statsbidrag check"]
