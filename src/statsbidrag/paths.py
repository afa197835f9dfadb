"""Where the package's files are (a checkout's root, an unzipped release, or the copy inside a
wheel), and the guards on a path a package names: it stays inside the package
(`safe_relative_path`, `inside`)."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from statsbidrag.errors import UnsafePackageError, UsageError

_HERE = Path(__file__).resolve().parent
DESCRIPTOR = "datapackage.json"
INSTALLED_DATA = _HERE / "_data"


def tool_root() -> Path:
    """The installed tool's own package folder, whatever STATSBIDRAG_ROOT says.

    Its checks/ (and schemas/) are the rules `check` and `verify` trust: the checkout's
    in an editable install, the copy shipped inside the wheel otherwise. A package
    being checked is data; its own checks/ are compared with these, never run.
    """
    checkout = _HERE.parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "metadata").is_dir():
        return checkout
    return INSTALLED_DATA


def project_root() -> Path:
    """The package the installed tool carries: datapackage.json, resources/, schemas/ ...

    STATSBIDRAG_ROOT overrides (tests build corrupted copies elsewhere). In a
    checkout (editable install) it is the repository root; in an installed wheel it
    is the data folder shipped inside the package. The Python API (`load`, `connect`)
    reads this one; the command line looks in the current folder first (`find_root`).
    """
    env = os.environ.get("STATSBIDRAG_ROOT")
    if env:
        return Path(env).resolve()
    return tool_root()


def _existing(folder: str, given_by: str) -> Path:
    path = Path(folder).resolve()
    if not path.is_dir():
        raise UsageError(f"{given_by}: expected the folder of a package; found no folder {path}. Give an "
                         "existing folder (a checkout or an unzipped release).", code="SB504")
    return path


def find_root(explicit: str | None = None, cwd: Path | None = None) -> tuple[Path, str]:
    """The package folder a command works on, and why that one: -> (root, reason).

    In order: --root; STATSBIDRAG_ROOT; the nearest folder holding datapackage.json
    from the current folder upward (so `statsbidrag check` inside an unzipped release
    checks that release, not some other copy); else the copy the tool carries.
    """
    if explicit:
        return _existing(explicit, "--root"), "--root"
    env = os.environ.get("STATSBIDRAG_ROOT")
    if env:
        return _existing(env, "STATSBIDRAG_ROOT"), "STATSBIDRAG_ROOT"
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / DESCRIPTOR).is_file():
            return folder, f"nearest folder holding {DESCRIPTOR}"
    root = project_root()
    return root, ("the copy inside the installed package" if is_installed_copy(root)
                  else "the checkout the tool is installed from")


def is_installed_copy(path: Path) -> bool:
    """True for anything inside the installed package (site-packages/statsbidrag/...).

    An editable install's code lives in a checkout, which is a package folder like any other.
    """
    editable = (_HERE.parent.parent / "pyproject.toml").is_file()
    folder = INSTALLED_DATA if editable else _HERE
    return Path(path).resolve().is_relative_to(folder)


def is_downloaded_release(path: Path) -> bool:
    """True for an unzipped release: it lists its files in SHA256SUMS and is no checkout (no
    pyproject.toml). Nothing should be written into it (a build would change what the sums list)."""
    return (Path(path) / "SHA256SUMS").is_file() and not (Path(path) / "pyproject.toml").is_file()


def writable(path: Path, command: str, what: str, out_option: bool = True) -> Path:
    """`path` when `command` may write there; a usage error for the installed package."""
    if is_installed_copy(path):
        elsewhere = "pass --root FOLDER or --out FOLDER" if out_option else "pass --root FOLDER"
        raise UsageError(f"statsbidrag {command}: expected a package folder to write {what} in; found only "
                         f"the copy inside the installed package ({path}), which is never written to. "
                         f"Run it inside a checkout or an unzipped release (a folder holding "
                         f"datapackage.json), or {elsewhere}.", code="SB503")
    return path


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def safe_relative_path(path: object, what: str, refused: str = "Refused.") -> str:
    """Return `path` if it is a plain relative path inside the package, else raise.

    Refused: non-strings, empty paths, URLs (remote resources are not fetched),
    absolute paths, drive letters, backslashes, NUL, and any `..` component.
    `what` says where the path comes from, e.g. "datapackage.json resource 'grants' path".
    """
    def refuse(found: str) -> UnsafePackageError:
        return UnsafePackageError(f"{what}: expected a relative path inside the package "
                                  f"(like 'resources/x.csv'); found {path!r}, {found}. {refused}", code="SB421")
    if not isinstance(path, str) or not path:
        raise refuse("which is not a non-empty string")
    if "\x00" in path:
        raise refuse("which contains a NUL character")
    if "://" in path or path.startswith("//"):
        raise refuse("a remote address (only files inside the package are read)")
    if path.startswith(("/", "\\")):
        raise refuse("an absolute path")
    if _SCHEME.match(path):
        raise refuse("a drive letter or URL scheme")
    if "\\" in path:
        raise refuse("which contains a backslash")
    parts = path.split("/")
    if ".." in parts:
        raise refuse("which climbs out of the package with '..'")
    if any(part in ("", ".") for part in parts):
        raise refuse("which has an empty or '.' component")
    return path


def inside(root: Path, relative: str) -> Path:
    """root / relative, after checking that it resolves (symbolic links followed) inside root."""
    target = root.joinpath(*relative.split("/"))
    if not target.resolve().is_relative_to(root.resolve()):
        raise UnsafePackageError(f"{relative}: expected a file inside the package; found that it "
                                 f"resolves to {target.resolve()}, outside {root}. Refused.", code="SB421")
    return target


# --------------------------------------------------------------------- writing a file whole

def _new_temporary(target: Path) -> Path:
    """A new empty file `.<name>.<random>.tmp` beside `target`, made by this call only
    (O_EXCL). Not tempfile.mkstemp: its files are private (0600), and the rename would
    publish them so; this one gets the mode any new file gets (0666 less the umask)."""
    while True:
        temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return temp


@contextmanager
def replacing(target: Path, leftovers: tuple[str, ...] = (), empty_file: bool = True) -> Iterator[Path]:
    """Write `target` whole or not at all: the body writes the yielded temporary path
    (`.<name>.<random>.tmp` beside `target`, a name no other writer has), which is renamed
    over `target` when the body ends without an error and removed when it fails, so a
    reader never sees half a file and a failure leaves the old one. Two writers of the same
    target at once each write their own temporary file; the last rename wins, and each is a
    whole file. The temporary file exists (empty) when the body starts; with empty_file=False
    it does not (DuckDB refuses to attach an empty file), its random name still no other
    writer's. `leftovers`: suffixes of files a writer makes beside its file (DuckDB's
    ".wal"), removed with it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = _new_temporary(target)
    if not empty_file:
        temp.unlink()

    def remove() -> None:
        for path in (temp, *(temp.with_name(temp.name + suffix) for suffix in leftovers)):
            path.unlink(missing_ok=True)
    try:
        yield temp
    except BaseException:
        remove()
        raise
    try:
        os.replace(temp, target)
    except BaseException:
        remove()
        raise


def write_atomic(target: Path, data: bytes, fsync: bool = False) -> None:
    """Write `data` to `target` whole or not at all (see `replacing`); `fsync`: on disk before the rename."""
    with replacing(target) as temp, open(temp, "wb") as handle:
        handle.write(data)
        if fsync:
            handle.flush()
            os.fsync(handle.fileno())
