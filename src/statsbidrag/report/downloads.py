"""The downloads page's files: copied into the site (so its links work from the
folder, offline), each listed with its size and SHA-256.

What `statsbidrag build` and `statsbidrag dist` have not written yet is listed as
missing with the command that writes it, never as a dead link.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import TypedDict

from statsbidrag._version import __version__
from statsbidrag.report.data import Package

DIST = "dist"


class DownloadFile(TypedDict):
    """One file on the downloads page: its link, size and SHA-256."""
    name: str
    href: str
    bytes: int
    sha256: str
    about: str
    anchor: str


class DownloadGroup(TypedDict):
    """A group of files on the downloads page; `missing`: the command that writes what is missing."""
    id: str
    title: str
    files: list[DownloadFile]
    missing: str | None


def download_file(name: str, href: str, data: bytes, about: str) -> DownloadFile:
    return DownloadFile(name=name, href=href, bytes=len(data), sha256=hashlib.sha256(data).hexdigest(),
                        about=about, anchor=name)


def _entry(root: Path, relative: str, target_dir: Path, about: str = "") -> DownloadFile | None:
    source = root / relative
    if not source.is_file():
        return None
    target = target_dir / relative.removeprefix(f"{DIST}/")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    href = f"{target_dir.name}/{target.relative_to(target_dir).as_posix()}"
    return download_file(Path(relative).name, href, source.read_bytes(), about)


def _resource_paths(package: Package) -> list[tuple[str, str]]:
    return [(r.name, r.path) for r in package.descriptor.resources if r.path is not None]


def copy_downloads(package: Package, target_dir: Path) -> list[DownloadGroup]:
    """Copy the package's files into target_dir; -> the download page's groups."""
    root = package.root
    whole = [f"{DIST}/statsbidrag-{__version__}.zip"]
    whole += sorted(p.relative_to(root).as_posix() for p in (root / DIST).glob(f"statsbidrag-{__version__}-*.whl"))
    whole += [f"{DIST}/SHA256SUMS", f"{DIST}/statsbidrag.sqlite", f"{DIST}/statsbidrag.duckdb", "datapackage.json"]
    whole_files = [e for e in (_entry(root, p, target_dir) for p in whole) if e]
    # datapackage.json names its schemas: copy them too, so the copy validates as it is
    for schema in sorted({r.schema_path for r in package.descriptor.resources if r.schema_path is not None}):
        _entry(root, schema, target_dir)
    csv = [e for e in (_entry(root, path, target_dir) for _, path in _resource_paths(package)) if e]
    parquet = [e for e in (_entry(root, f"{DIST}/parquet/{name}.parquet", target_dir)
                           for name, _ in _resource_paths(package)) if e]
    names = {e["name"] for e in whole_files}
    missing_dist = [n for n in (f"statsbidrag-{__version__}.zip", "SHA256SUMS") if n not in names]
    return [
        DownloadGroup(id="package", title="The whole package", files=whole_files,
                      missing="statsbidrag dist" if missing_dist else None),
        DownloadGroup(id="csv", title="The resources as CSV", files=csv, missing=None),
        DownloadGroup(id="parquet", title="The resources as Parquet", files=parquet,
                      missing="statsbidrag build" if len(parquet) < len(_resource_paths(package)) else None),
    ]
