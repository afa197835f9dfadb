"""Small rooms: no module in src/ over 400 lines, no function over 40, no class over 250.

A function's or class's size is its lines from the `def`/`class` line (decorators not
counted) to its last line, docstring and comments included: what a reader has to hold.
Every offender is named with file:line and its size, so the message is the to-do list.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import syntax_nodes

SRC = ROOT / "src"
MAX_MODULE, MAX_FUNCTION, MAX_CLASS = 400, 40, 250

def offenders(path: Path, rel: str) -> list[str]:
    """'file:line: what (N lines, at most M)' for each part of the file over its limit."""
    text = path.read_text(encoding="utf-8")
    found: list[tuple[int, str]] = []
    lines = len(text.splitlines())
    if lines > MAX_MODULE:
        found.append((1, f"{rel}:1: module ({lines} lines, at most {MAX_MODULE})"))
    for node in syntax_nodes(path):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            size = (node.end_lineno or node.lineno) - node.lineno + 1
            kind, limit = (("class", MAX_CLASS) if isinstance(node, ast.ClassDef)
                           else ("function", MAX_FUNCTION))
            if size > limit:
                found.append((node.lineno, f"{rel}:{node.lineno}: {kind} {node.name} ({size} lines, at most {limit})"))
    return [message for _, message in sorted(found)]


def all_offenders(src: Path = SRC) -> list[str]:
    found = []
    for path in sorted(src.rglob("*.py")):
        found += offenders(path, path.relative_to(src.parent).as_posix())
    return found


def test_no_module_function_or_class_is_over_its_size():
    found = all_offenders()
    assert not found, ("expected no module over 400 lines, function over 40, class over 250; found "
                       f"{len(found)}. Split each by meaning (one job per module):\n" + "\n".join(found))


@pytest.mark.parametrize(("body", "expected"), [
    ("def f():\n" + "    x = 1\n" * 40, ["src/m.py:1: function f (41 lines, at most 40)"]),
    ("def f():\n" + "    x = 1\n" * 39, []),
    ("class C:\n" + "    x = 1\n" * 250, ["src/m.py:1: class C (251 lines, at most 250)"]),
    ("\n\nclass C:\n    def g(self):\n" + "        x = 1\n" * 40,
     ["src/m.py:4: function g (41 lines, at most 40)"]),
    ("x = 1\n" * 401, ["src/m.py:1: module (401 lines, at most 400)"]),
])
def test_each_kind_of_offender_is_named_with_file_line_and_size(tmp_path, body, expected):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "m.py").write_text(body, encoding="utf-8")
    assert all_offenders(tmp_path / "src") == expected
