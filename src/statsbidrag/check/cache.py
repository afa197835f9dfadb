"""A cache of `statsbidrag check` reports on this machine, so a re-check of an unchanged
package is instant.

A report is reused only when the SHA-256 of every input the checks read (datapackage.json
and every file under resources/, schemas/, sources/, metadata/ and checks/) and the
tool (its version, the SHA-256 of its own code, DuckDB's version) are what they were
when the report was written: the cache key is one SHA-256 over all of them. The checks
run are the tool's own (statsbidrag.toolchecks), so their files are hashed too. The cache
lives in the user's cache directory ($STATSBIDRAG_CACHE_DIR, else
$XDG_CACHE_HOME/statsbidrag, else ~/.cache/statsbidrag), never inside the package, so it
is never shipped. `statsbidrag check --no-cache` neither reads nor writes it.

Trust model. The cache folder is NOT trusted: it may be shared, synced or written by
someone else, and anyone can work out the cache key of a forged package (it is a hash of
public bytes). So every entry carries an HMAC-SHA256, under a secret key of this user, of
its cache key and its report; an entry is used only when that HMAC is right. The secret is
32 random bytes in $XDG_CONFIG_HOME/statsbidrag/check-cache.key (else
~/.config/statsbidrag/check-cache.key), apart from the cache, created on first use with
permissions 0600 in a folder of 0700. A planted entry, an entry copied from another
package (its key and report are another package's, and its HMAC covers both) or from
another user (another secret), a tampered entry, and every entry after the secret is
removed or replaced, are not used: the checks run and a new entry is written. A secret
file that is not a regular file of this user readable by it alone is not used either (the
cache is then off: every check runs). What is trusted is this user's configuration folder,
as for any program the user runs.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import secrets
import stat
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from statsbidrag.paths import write_atomic

INPUT_FOLDERS = ("resources", "schemas", "sources", "metadata", "checks")
INPUT_FILES = ("datapackage.json",)
FORMAT = "3"  # bump when the stored report changes shape (2: notes are findings; 3: each entry has an HMAC)
SECRET_BYTES = 32
_CODE = Path(__file__).resolve().parents[1]  # the statsbidrag package, every stage


def cache_dir() -> Path:
    if os.environ.get("STATSBIDRAG_CACHE_DIR"):
        return Path(os.environ["STATSBIDRAG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "statsbidrag"


def secret_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "statsbidrag" / "check-cache.key"


def _read_secret(path: Path) -> bytes | None:
    """The secret, if `path` is a regular file of this user that no one else may read or write."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077 or \
                (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            return None
        data = handle.read(SECRET_BYTES + 1)
    return data if len(data) == SECRET_BYTES else None


def secret(create: bool = False) -> bytes | None:
    """This user's secret for the cache's HMACs; made (0600) when missing and `create`."""
    path = secret_path()
    found = _read_secret(path)
    if found is not None or not create or path.exists() or path.is_symlink():
        return found
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:  # another check made it meanwhile
        return _read_secret(path)
    except OSError:
        return None
    with os.fdopen(fd, "wb") as handle:
        handle.write(secrets.token_bytes(SECRET_BYTES))
    return _read_secret(path)


def _mac(secret_key: bytes, cache_key: str, report: dict) -> str:
    body = json.dumps({"key": cache_key, "report": report}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    return hmac.new(secret_key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def _inputs(root: Path) -> list[Path]:
    files = [root / name for name in INPUT_FILES]
    for folder in INPUT_FOLDERS:
        files += sorted(p for p in (root / folder).rglob("*") if p.is_file()) if (root / folder).is_dir() else []
    return files


@functools.cache
def _tool() -> bytes:
    """The tool's part of every cache key, hashed once per process: the code that runs is the
    code this process imported, which a later edit of the files does not change (hashing the
    ~150 files took ~15 ms a key)."""
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
    """The stored report for `cache_key`, only if its HMAC under this user's secret is right."""
    folder = _usable(root)
    path = folder / f"check-{cache_key}.json" if folder else None
    if path is None or not path.is_file():
        return None
    secret_key = secret()
    if secret_key is None:
        return None
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != cache_key or not isinstance(stored.get("report"), dict) \
            or not isinstance(stored.get("mac"), str):
        return None
    if not hmac.compare_digest(stored["mac"], _mac(secret_key, cache_key, stored["report"])):
        return None
    return stored["report"]


def store(root: Path, cache_key: str, report: dict) -> None:
    folder = _usable(root)
    secret_key = secret(create=True) if folder is not None else None
    if folder is None or secret_key is None:
        return
    report = json.loads(json.dumps(report, ensure_ascii=False))  # as load() will read it back, for the HMAC
    try:
        write_atomic(folder / f"check-{cache_key}.json",
                     json.dumps({"key": cache_key, "report": report, "mac": _mac(secret_key, cache_key, report)},
                                ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass  # a cache that cannot be written only costs time
