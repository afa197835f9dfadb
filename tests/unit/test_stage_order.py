"""The code's stages, bottom to top, and no import that runs back up or round in a loop.

Every module under src/statsbidrag is parsed (ast, so imports inside functions and under
`if TYPE_CHECKING:` count too). A module may import modules of its own stage or a lower one,
never a higher one, and the modules' import graph has no cycle. docs/ARCHITECTURE.md lists
the same stages (test_architecture_lists_these_stages).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT
from helpers import syntax_nodes

SRC = ROOT / "src"

# Bottom to top. A module belongs to the first entry whose name is the module or a package
# holding it. Modules of one stage may import each other (but not in a loop).
STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("errors", ("statsbidrag.errors", "statsbidrag._version", "statsbidrag.jsonable")),
    ("paths", ("statsbidrag.paths", "statsbidrag.toolchecks")),
    ("sql", ("statsbidrag.sql",)),
    ("tableschema", ("statsbidrag.tableschema",)),
    ("metadata", ("statsbidrag.metadata",)),
    ("extract", ("statsbidrag.extract",)),
    ("intake", ("statsbidrag.intake",)),
    ("publish", ("statsbidrag.publish",)),
    ("check", ("statsbidrag.check",)),
    ("release", ("statsbidrag.release",)),
    ("report and serve", ("statsbidrag.report", "statsbidrag.serve")),
    ("cli", ("statsbidrag.cli", "statsbidrag.api", "statsbidrag")),
]


def module_name(path: Path, src: Path = SRC) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def stage_of(module: str) -> int:
    for rank, (_, prefixes) in enumerate(STAGES):
        if any(module == p or module.startswith(p + ".") for p in prefixes if p != "statsbidrag"):
            return rank
    if module == "statsbidrag":
        return len(STAGES) - 1
    raise AssertionError(f"{module}: expected it in one of the stages of STAGES; found it in none. "
                         f"Add it to the stage it belongs to (tests/unit/test_stage_order.py and "
                         f"docs/ARCHITECTURE.md).")


def modules(src: Path = SRC) -> dict[str, Path]:
    return {module_name(p, src): p for p in sorted((src / "statsbidrag").rglob("*.py"))}


def imports(path: Path, name: str, known: set[str]) -> list[tuple[str, int]]:
    """(imported statsbidrag module, line) for every import in the file, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in syntax_nodes(path):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # `from a.b import c`: the module a.b.c if there is one, else a.b itself
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            if target.split(".")[0] != "statsbidrag":
                continue
            while target not in known and "." in target:  # `import a.b.c` of a name inside a.b
                target = target.rpartition(".")[0]
            if target != name and (target, node.lineno) not in found:
                found.append((target, node.lineno))
    return found


def graph(src: Path = SRC) -> dict[str, list[tuple[str, int]]]:
    mods = modules(src)
    known = set(mods)
    return {name: imports(path, name, known) for name, path in mods.items()}


def upward_imports(edges: dict[str, list[tuple[str, int]]], src: Path = SRC) -> list[str]:
    found = []
    for name, targets in edges.items():
        for target, line in targets:
            if stage_of(target) > stage_of(name):
                where = modules(src)[name].relative_to(src.parent)
                found.append(f"{where}:{line}: {name} (stage {STAGES[stage_of(name)][0]}) imports "
                             f"{target} (stage {STAGES[stage_of(target)][0]}, higher)")
    return found


def cycles(edges: dict[str, list[tuple[str, int]]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan)."""
    graph_ = {name: sorted({t for t, _ in targets}) for name, targets in edges.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph_.get(node, []):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in sorted(graph_):
        if node not in index:
            visit(node)
    return [one_cycle(sorted(c), graph_) for c in components]


def one_cycle(component: list[str], graph_: dict[str, list[str]]) -> list[str]:
    """A path start -> ... -> start inside the component (breadth first, so a short one)."""
    members = set(component)
    start = component[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in graph_[node]:
            if nxt == start:
                return paths[node] + [start]
            if nxt in members and nxt not in paths:
                paths[nxt] = paths[node] + [nxt]
                queue.append(nxt)
    raise AssertionError("a strongly connected component without a cycle")  # pragma: no cover


def test_every_module_is_in_a_stage():
    for name in modules():
        stage_of(name)


def test_no_import_runs_up_the_stages():
    found = upward_imports(graph())
    assert not found, ("expected every import to name a module of its own stage or a lower one (see STAGES); "
                       "found:\n" + "\n".join(found) + "\nMove the shared code down to the lower stage.")


def test_no_import_loops():
    found = cycles(graph())
    assert not found, ("expected no import loop between modules; found:\n"
                       + "\n".join(" -> ".join(c) for c in found)
                       + "\nMove what both need into a module of its own.")


def test_the_test_sees_an_upward_import_a_function_level_import_and_a_loop(tmp_path):
    """The checks above can fail: on a small tree with one of each offence."""
    pkg = tmp_path / "statsbidrag"
    for folder in ("metadata", "extract"):
        (pkg / folder).mkdir(parents=True)
        (pkg / folder / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "metadata" / "models.py").write_text("def f():\n    from statsbidrag.extract import layouts\n")
    (pkg / "extract" / "layouts.py").write_text("from statsbidrag.extract.documents import open_document\n")
    (pkg / "extract" / "documents.py").write_text("from ..metadata.models import f\n")
    edges = graph(tmp_path)
    upward = upward_imports(edges, tmp_path)
    assert len(upward) == 1 and "statsbidrag/metadata/models.py:2" in upward[0], upward
    assert cycles(edges) == [["statsbidrag.extract.documents", "statsbidrag.metadata.models",
                              "statsbidrag.extract.layouts", "statsbidrag.extract.documents"]]


def test_architecture_lists_these_stages():
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    match = re.search(r"Stage order, bottom to top[^:]*:\s*\n\n((?:\d+\. .*\n)+)", text)
    assert match, "expected docs/ARCHITECTURE.md to hold a numbered list after 'Stage order, bottom to top ...:'"
    listed = [re.sub(r"^\d+\. \*\*(.*?)\*\*.*$", r"\1", line) for line in match.group(1).splitlines()]
    assert listed == [name for name, _ in STAGES], (
        f"expected docs/ARCHITECTURE.md's stage list to equal the test's {[n for n, _ in STAGES]}; found {listed}")
