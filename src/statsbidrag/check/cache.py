"""A cache of `statsbidrag check` reports on this machine, so a re-check of an unchanged
package is instant.

A report is reused only when the SHA-256 of every input the checks read (datapackage.json
and every file under resources/, schemas/, sources/, metadata/ and checks/) and the
tool (its version, the SHA-256 of its own code, DuckDB's version) are what they were
when the report was written: the cache key is one SHA-256 over all of them. The checks
run are the tool's own (statsbidrag.toolchecks), so their files are hashed too. The cache
lives in the user's cache directory ($STATSBIDRAG_CACHE_DIR, else
$XDG_CACHE_HOME/statsbidrag, else ~/.cache/statsbidrag), never inside the package, so it
is never shipped; an entry is used only if it names its own key. `statsbidrag check
--no-cache` neither reads nor writes it.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from statsbidrag.paths import write_atomic

INPUT_FOLDERS = ("resources", "schemas", "sources", "metadata", "checks")
INPUT_FILES = ("datapackage.json",)
FORMAT = "2"  # bump when the stored report changes shape (2: notes are findings)
_CODE = Path(__file__).resolve().parents[1]  # the statsbidrag package, every stage


def cache_dir() -> Path:
    if os.environ.get("STATSBIDRAG_CACHE_DIR"):
        return Path(os.environ["STATSBIDRAG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "statsbidrag"


def _inputs(root: Path) -> list[Path]:
    files = [root / name for name in INPUT_FILES]
    for folder in INPUT_FOLDERS:
        files += sorted(p for p in (root / folder).rglob("*") if p.is_file()) if (root / folder).is_dir() else []
    return files


def _tool() -> bytes:
    from statsbidrag._version import __version__
    try:
        duckdb_version = version("duckdb")
    except PackageNotFoundError:
        duckdb_version = "none"
    digest = hashlib.sha256()
    # its code and the references it ships (statsbidrag/check/reference/: what regions are)
    for path in sorted([*_CODE.rglob("*.py"), *(_CODE / "check" / "reference").glob("*.json")]):
        digest.update(path.relative_to(_CODE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return f"statsbidrag {__version__}\0duckdb {duckdb_version}\0code {digest.hexdigest()}\0format {FORMAT}".encode()


def key(root: Path, checks: Path | None = None) -> str:
    """One SHA-256 over the tool, the checks it runs (`checks`, the tool's checks/ folder)
    and every input file of the package (path, size and bytes)."""
    root = Path(root).resolve()
    digest = hashlib.sha256(_tool())
    files = [(f"package/{p.relative_to(root).as_posix()}", p) for p in _inputs(root)]
    if checks is not None and Path(checks).is_dir():
        files += [(f"tool/{p.relative_to(checks).as_posix()}", p) for p in sorted(Path(checks).rglob("*"))
                  if p.is_file()]
    for rel, path in files:
        data = path.read_bytes() if path.is_file() else None
        header = f"\0{rel}\0{'missing' if data is None else len(data)}\0"
        digest.update(header.encode())
        if data is not None:
            digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def _usable(root: Path) -> Path | None:
    """The cache folder, unless it lies inside the package (it must never be shipped)."""
    folder = cache_dir().resolve()
    return None if folder.is_relative_to(Path(root).resolve()) else folder


def load(root: Path, cache_key: str) -> dict | None:
    folder = _usable(root)
    path = folder / f"check-{cache_key}.json" if folder else None
    if path is None or not path.is_file():
        return None
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stored.get("report") if isinstance(stored, dict) and stored.get("key") == cache_key else None


def store(root: Path, cache_key: str, report: dict) -> None:
    folder = _usable(root)
    if folder is None:
        return
    try:
        write_atomic(folder / f"check-{cache_key}.json",
                     json.dumps({"key": cache_key, "report": report}, ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass  # a cache that cannot be written only costs time
