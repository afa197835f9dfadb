"""`statsbidrag dist`: the downloadable release, dist/statsbidrag-<version>.zip.

The zip holds one folder, statsbidrag-<version>/, with everything a user needs and
nothing from the repository around it: datapackage.json, resources/, schemas/, sql/,
sources/, metadata/ and checks/ (the checks suite re-reads every figure from the
sources), parquet/, a README for downloaders, CHANGELOG.md and SHA256SUMS.

The zip is reproducible: its bytes depend only on the files' contents. Entries are
sorted, every timestamp is 1980-01-01 00:00, every mode is 0644, and entries are
stored (not deflated: compressed bytes depend on the zlib build, e.g. zlib-ng, so a
deflated zip could differ between machines). DuckDB database files are not
reproducible (a random identifier and unused buffer bytes in every file), so no
.duckdb file is shipped: sql/load_csv.sql builds the same database from the CSVs.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import StatsbidragError

DIST_DIR = "dist"
# Folders of the source tree copied into the package as they are.
FOLDERS = ["resources", "schemas", "sql", "sources", "metadata", "checks"]
PARQUET_DIR = "parquet"
CHANGELOG = "CHANGELOG.md"
SUMS = "SHA256SUMS"
README_TEMPLATE = Path(__file__).resolve().parent / "templates" / "README-download.md"
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644
_CHANGELOG_HEADING = re.compile(r"^## (\S+) \((\d{4}-\d{2}-\d{2})\)\s*$", re.MULTILINE)


@dataclass
class Release:
    path: Path
    version: str
    files: dict[str, bytes]      # path inside the package -> bytes
    sha256: str
    bytes: int


def _skip(rel: str) -> bool:
    """Editor and build leftovers never go into the package."""
    return any(part.startswith(".") or part == "__pycache__" for part in rel.split("/"))


def _folder_files(root: Path, folder: str) -> dict[str, bytes]:
    files = {}
    base = root / folder
    if not base.is_dir():
        return files
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if _skip(rel):
            continue
        if path.is_symlink():
            raise StatsbidragError(f"{rel}: expected a regular file in the package; found a symbolic link. "
                                   "Replace it with the file itself.")
        if path.is_file():
            files[rel] = path.read_bytes()
    return files


def release_date(changelog: str, version: str) -> str:
    """The date CHANGELOG.md gives `version` ('## 0.1.0 (2026-11-23)'), or a clear error."""
    for heading_version, date in _CHANGELOG_HEADING.findall(changelog):
        if heading_version == version:
            return date
    found = [v for v, _ in _CHANGELOG_HEADING.findall(changelog)]
    raise StatsbidragError(f"{CHANGELOG}: expected a section '## {version} (YYYY-MM-DD)' saying what version "
                           f"{version} adds or corrects; found sections for {found or 'no version'}. "
                           "Add one before building the release.")


def _row_count(data: bytes) -> int:
    return max(sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8")))) - 1, 0)


def _md(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def render_readme(descriptor: dict, files: dict[str, bytes], date: str) -> bytes:
    """The README for downloaders, from the template and the descriptor."""
    import duckdb
    rows = []
    for resource in descriptor["resources"]:
        count = _row_count(files[resource["path"]]) if resource["path"] in files else ""
        rows.append(f"| `{resource['name']}` | {count} | {_md(resource.get('description', ''))} |")
    licences = descriptor.get("licenses", [])
    licence = "\n".join(f"- **{lic.get('name', '')}**: {lic.get('title', '')} ({lic.get('path', '')})"
                        for lic in licences) or "No licence is stated in datapackage.json."
    authors = ", ".join(c.get("title", "") for c in descriptor.get("contributors", [])) or descriptor["name"]
    citation = (f"{authors} ({date[:4]}). *{descriptor['title']}*. Data package `{descriptor['name']}`, "
                f"version {descriptor['version']} ({date}).")
    homepage = descriptor.get("homepage", "")
    has_checks = any(p.startswith("checks/") for p in files)
    values = {
        "title": descriptor["title"], "name": descriptor["name"], "version": descriptor["version"],
        "date": date, "description": " ".join(descriptor.get("description", "").split()),
        "resource_rows": "\n".join(rows), "licence": licence, "citation": citation,
        "homepage": f"Home page: {homepage}" if homepage else "",
        "duckdb_version": duckdb.__version__,
        "checks_row": "| `checks/` | the declared checks the checks suite runs |\n" if has_checks else "",
    }
    text = README_TEMPLATE.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    leftover = re.findall(r"\{\{\w+\}\}", text)
    if leftover:  # pragma: no cover - a template edit without the code
        raise StatsbidragError(f"{README_TEMPLATE}: placeholders {leftover} have no value in release.py.")
    return (text.rstrip("\n") + "\n").encode("utf-8")


def render_sums(files: dict[str, bytes]) -> bytes:
    """SHA256SUMS in the format `sha256sum -c` reads: '<hex>  <path>', sorted by path."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {rel}" for rel, data in sorted(files.items())]
    return ("\n".join(lines) + "\n").encode("utf-8")


def zip_bytes(folder: str, files: dict[str, bytes]) -> bytes:
    """A zip of `files` under `folder`/ whose bytes depend only on names and contents."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for rel in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{rel}", date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3            # unix, so the mode below is read
            info.external_attr = FILE_MODE << 16
            archive.writestr(info, files[rel])
    return buffer.getvalue()


def _check_up_to_date(root: Path) -> None:
    """Refuse to package a tree whose committed outputs are not what a build makes."""
    from . import database
    from .build import extract, render
    expected = render(root, extract(root))
    expected[database.LOAD_SQL] = database.load_sql(root).encode("utf-8")
    stale = [rel for rel, data in sorted(expected.items())
             if not (root / rel).is_file() or (root / rel).read_bytes() != data]
    if stale:
        raise StatsbidragError(f"expected {', '.join(stale)} to be what `statsbidrag build` makes from sources/ "
                               "and metadata/; found them missing or different. Run `statsbidrag build` "
                               "first (and commit the result).")


def package_files(root: Path) -> tuple[str, dict[str, bytes]]:
    """-> (version, every file of the package by path inside it, SHA256SUMS included)."""
    from . import __version__, database
    descriptor_file = root / "datapackage.json"
    if not descriptor_file.is_file():
        raise StatsbidragError(f"{descriptor_file}: not found; run `statsbidrag build` first.")
    descriptor = json.loads(descriptor_file.read_text(encoding="utf-8"))
    version = descriptor.get("version", "")
    if version != __version__:
        raise StatsbidragError(f"datapackage.json: expected version {__version__} (src/statsbidrag/__init__.py); "
                               f"found {version!r}. Run `statsbidrag build`.")
    _check_up_to_date(root)
    files = {"datapackage.json": descriptor_file.read_bytes()}
    for folder in FOLDERS:
        files.update(_folder_files(root, folder))
    for resource in descriptor["resources"]:
        for key in ("path", "schema"):
            rel = resource.get(key)
            if isinstance(rel, str) and rel not in files:
                raise StatsbidragError(f"datapackage.json resource '{resource['name']}' {key}: expected {rel} "
                                       f"in the package; found no such file under {root}.")
    database.write_parquet(root)  # only rewrites files whose bytes change
    for resource in database.resources(root):
        parquet = root / database.PARQUET_DIR / f"{resource['name']}.parquet"
        files[f"{PARQUET_DIR}/{parquet.name}"] = parquet.read_bytes()
    changelog_file = root / CHANGELOG
    if not changelog_file.is_file():
        raise StatsbidragError(f"{changelog_file}: not found; it says what each version adds or corrects.")
    changelog = changelog_file.read_text(encoding="utf-8")
    files[CHANGELOG] = changelog.encode("utf-8")
    files["README.md"] = render_readme(descriptor, files, release_date(changelog, version))
    files[SUMS] = render_sums(files)
    return version, files


def make_release(root: Path, out_dir: Path | None = None) -> Release:
    """Write dist/statsbidrag-<version>.zip (temp file + rename) and check it reads back."""
    from .verify import check_integrity
    version, files = package_files(root)
    name = f"statsbidrag-{version}"
    data = zip_bytes(name, files)
    out_dir = out_dir or root / DIST_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{name}.zip"
    temp = target.with_name(f".{target.name}.tmp")
    temp.write_bytes(data)
    os.replace(temp, target)
    # Read the zip back as a downloader would: every file against SHA256SUMS and the descriptor.
    import tempfile
    from .safety import Limits, extract_zip
    with tempfile.TemporaryDirectory(prefix="statsbidrag-dist-") as folder:
        extract_zip(target, Path(folder), Limits())
        findings = [f for f in check_integrity(Path(folder) / name) if f.fatal]
    if findings:  # pragma: no cover - would be a bug in this module
        raise StatsbidragError(f"{target}: the zip just written does not read back intact: "
                               + "; ".join(map(str, findings)))
    return Release(target, version, files, hashlib.sha256(data).hexdigest(), len(data))
