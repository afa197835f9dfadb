"""The error catalogue (statsbidrag.errors): every code unique and documented, every class
with a code, every raise in src/ naming a code of the catalogue raised as its class."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest
from helpers import syntax_nodes

from statsbidrag import errors
from statsbidrag.check.findings import Finding, difference
from statsbidrag.errors import CATALOGUE, CODES, SourceError, StatsbidragError

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "statsbidrag"
ROW = re.compile(r"^\| (SB\d{3}) \| `(\w+)` \| (.*) \| (.*) \|$")
CLASSES = {name: cls for name, cls in vars(errors).items()
           if inspect.isclass(cls) and issubclass(cls, StatsbidragError)}


def test_every_code_is_unique_and_in_its_block():
    codes = [c.code for c in CATALOGUE]
    assert len(codes) == len(set(codes)), [c for c in codes if codes.count(c) > 1]
    assert all(re.fullmatch(r"SB[1-7]\d\d", c) for c in codes), codes
    assert codes == sorted(codes)
    assert all(c.meaning and c.fix for c in CATALOGUE)


def test_every_code_is_documented_in_the_architecture_table():
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    rows = [ROW.match(line).groups() for line in text.splitlines() if ROW.match(line)]
    assert rows == [tuple(c) for c in CATALOGUE], "docs/ARCHITECTURE.md 'Error codes' differs from errors.CATALOGUE"


def test_every_class_has_a_code_and_every_code_a_class():
    owners = {c.raised_as for c in CATALOGUE}
    assert owners <= set(CLASSES) | {"Finding"}, owners - set(CLASSES)
    for name, cls in CLASSES.items():
        own = [c.code for c in CATALOGUE if c.raised_as == name]
        assert own or cls.code, f"{name} carries no code"
        assert not cls.code or CODES[cls.code].raised_as in {k.__name__ for k in cls.__mro__}, name


def _constructions():
    """(file:line, class name, code literal or None) of every error class called in src/."""
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "errors.py":
            continue
        for node in syntax_nodes(path):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in CLASSES:
                code = next((k.value for k in node.keywords if k.arg == "code"), None)
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                yield where, node.func.id, code.value if isinstance(code, ast.Constant) else code


def test_every_raise_names_a_catalogued_code_of_its_class():
    seen = set()
    for where, name, code in _constructions():
        code = code or CLASSES[name].code
        assert code, f"{where}: {name}(...) without code= (the class has several kinds of problem)"
        assert code in CODES, f"{where}: {code} is not in errors.CATALOGUE"
        assert CODES[code].raised_as in {k.__name__ for k in CLASSES[name].__mro__}, \
            f"{where}: {code} is catalogued as raised by {CODES[code].raised_as}, not {name}"
        seen.add(code)
    findings = {m for path in SRC.rglob("*.py") for m in re.findall(r'difference\("(SB\d{3})"', path.read_text())}
    unused = set(CODES) - seen - findings
    assert not unused, f"codes in the catalogue that nothing raises or finds: {sorted(unused)}"


def test_the_message_starts_with_the_code():
    error = SourceError("sources/x.txt", 12, "a bullet", "'x'", "Fix it.", code="SB104")
    assert str(error) == "SB104: sources/x.txt:12: expected a bullet; found 'x'. Fix it."
    assert (error.code, error.detail) == ("SB104", "sources/x.txt:12: expected a bullet; found 'x'. Fix it.")
    assert str(errors.UsageError("bad")) == "SB501: bad"


@pytest.mark.parametrize("cls, code", [(SourceError, None), (SourceError, "SB999"), (SourceError, "SB701"),
                                       (errors.UsageError, "SB104")])
def test_a_code_not_catalogued_for_the_class_is_refused(cls, code):
    args = ("f", 1, "x", "y") if cls is SourceError else ("message",)
    with pytest.raises(TypeError, match="expected a code of errors.CODES"):
        cls(*args, code=code)


def test_a_difference_is_a_finding_with_a_finding_code():
    found = difference("SB412", "resources/x.csv", "SHA-256 a", "SHA-256 b")
    assert found == Finding("SB412", "error", "resources/x.csv: expected SHA-256 a; found SHA-256 b",
                            file="resources/x.csv")
    assert Finding.from_dict(found.to_dict()) == found
    with pytest.raises(AssertionError):
        difference("SB104", "x", "a", "b")  # an error code, not a finding's
