"""`statsbidrag dist`: the release, written into dist/:

    statsbidrag-<version>.zip                 the data package, zipped (see below)
    statsbidrag-<version>-py3-none-any.whl    the tool (the same data ships inside it)
    statsbidrag.sqlite                        every table and view, for Datasette / SQLite
    SHA256SUMS                                the SHA-256 of the three, for `sha256sum -c`

The zip is a zipped Frictionless data package: datapackage.json at the zip's root (so
`frictionless validate --type package statsbidrag-<version>.zip` validates every
resource), resources/, schemas/, sql/, sources/, metadata/ and checks/, parquet/ (every
resource and every view), a README for downloaders, CHANGELOG.md, the licences, CITATION.cff
and its own SHA256SUMS.

Every file is reproducible: its bytes depend only on the package. Zip entries are sorted,
every timestamp is 1980-01-01 00:00, every mode is 0644, and entries are stored (not
deflated: compressed bytes depend on the zlib build, e.g. zlib-ng, so a deflated zip could
differ between machines). The wheel is built by hatchling, reproducible by default. DuckDB
database files are not reproducible (a random identifier and unused buffer bytes in every
file), so no .duckdb file is shipped: sql/load_csv.sql builds the same database from the CSVs.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from statsbidrag._version import wheel_name
from statsbidrag.errors import StatsbidragError
from statsbidrag.paths import write_atomic
from statsbidrag.publish.changelog import CHANGELOG, release_date
from statsbidrag.tableschema.model import DESCRIPTOR, Descriptor, read_descriptor

DIST_DIR = "dist"
# Folders of the source tree copied into the package as they are.
FOLDERS = ["resources", "schemas", "sql", "sources", "metadata", "checks"]
# Top-level files of the source tree shipped as they are (when present).
TOP_FILES = ["LICENSE", "LICENSE-DATA.md", "CITATION.cff", "catalog.ttl", "catalog.rdf"]
PARQUET_DIR = "parquet"
SUMS = "SHA256SUMS"
README_TEMPLATE = Path(__file__).resolve().parent / "templates" / "README-download.md"
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644


@dataclass
class Release:
    path: Path                   # the zip
    version: str
    files: dict[str, bytes]      # path inside the zip -> bytes
    sha256: str                  # of the zip
    bytes: int                   # of the zip
    outputs: dict[str, str] | None = None  # every file written to the release folder -> its SHA-256

    @property
    def folder(self) -> Path:
        return self.path.parent


def _skip(rel: str) -> bool:
    """Editor and build leftovers never go into the package."""
    return any(part.startswith(".") or part == "__pycache__" for part in rel.split("/"))


def _folder_files(root: Path, folder: str) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    base = root / folder
    if not base.is_dir():
        return files
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if _skip(rel):
            continue
        if path.is_symlink():
            raise StatsbidragError(f"{rel}: expected a regular file in the package; found a symbolic link. "
                                   "Replace it with the file itself.", code="SB606")
        if path.is_file():
            files[rel] = path.read_bytes()
    return files


def _row_count(data: bytes) -> int:
    return max(sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8")))) - 1, 0)


def _md(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def render_readme(descriptor: Descriptor, files: dict[str, bytes], date: str,
                  views: list[str] | tuple[()] = ()) -> bytes:
    """The README for downloaders, from the template and the descriptor."""
    import duckdb
    rows = []
    for resource in descriptor.resources:
        path = str(resource.path)
        count = _row_count(files[path]) if path in files else ""
        rows.append(f"| `{resource.name}` | {count} | {_md(resource.description)} |")
    licence = "\n".join(f"- **{lic.name}**: {lic.title} ({lic.path})"
                        for lic in descriptor.licenses) or "No licence is stated in datapackage.json."
    authors = ", ".join(descriptor.contributors) or descriptor.name
    citation = (f"{authors} ({date[:4]}). *{descriptor.title}*. Data package `{descriptor.name}`, "
                f"version {descriptor.version} ({date}).")
    homepage = descriptor.homepage
    has_checks = any(p.startswith("checks/") for p in files)
    values = {
        "title": descriptor.title, "name": descriptor.name, "version": descriptor.version,
        "date": date, "description": " ".join(descriptor.description.split()),
        "resource_rows": "\n".join(rows), "licence": licence, "citation": citation,
        "homepage": f"Home page: {homepage}" if homepage else "",
        "duckdb_version": duckdb.__version__,
        "wheel": wheel_name(descriptor.version),
        "views": ", ".join(f"`{name}`" for name in views) or "none",
        "checks_row": "| `checks/` | the declared checks the checks suite runs |\n" if has_checks else "",
    }
    text = README_TEMPLATE.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    leftover = re.findall(r"\{\{\w+\}\}", text)
    if leftover:  # pragma: no cover - a template edit without the code
        raise StatsbidragError(f"{README_TEMPLATE}: placeholders {leftover} have no value in release.py.", code="SB605")
    return (text.rstrip("\n") + "\n").encode("utf-8")


def render_sums(files: dict[str, bytes]) -> bytes:
    """SHA256SUMS in the format `sha256sum -c` reads: '<hex>  <path>', sorted by path."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {rel}" for rel, data in sorted(files.items())]
    return ("\n".join(lines) + "\n").encode("utf-8")


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip of `files` (datapackage.json at its root) whose bytes depend only on names and contents."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for rel in sorted(files):
            info = zipfile.ZipInfo(rel, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3            # unix, so the mode below is read
            info.external_attr = FILE_MODE << 16
            archive.writestr(info, files[rel])
    return buffer.getvalue()


def _check_up_to_date(root: Path) -> None:
    """Refuse to package a tree whose committed outputs are not what a build makes."""
    from statsbidrag.publish import database
    from statsbidrag.publish.build import extract, render_with_catalog
    expected = render_with_catalog(root, extract(root))
    expected[database.LOAD_SQL] = database.load_sql(root).encode("utf-8")
    stale = [rel for rel, data in sorted(expected.items())
             if not (root / rel).is_file() or (root / rel).read_bytes() != data]
    if stale:
        raise StatsbidragError(f"expected {', '.join(stale)} to be what `statsbidrag build` makes from sources/ "
                               "and metadata/; found them missing or different. Run `statsbidrag build` "
                               "first (and commit the result).", code="SB604")


def _parquet_files(root: Path) -> dict[str, bytes]:
    """parquet/<name>.parquet for every resource and every view, written in a temporary folder."""
    import tempfile

    from statsbidrag.publish import database
    with tempfile.TemporaryDirectory(prefix="statsbidrag-parquet-") as folder:
        database.write_parquet(root, Path(folder))
        return {f"{PARQUET_DIR}/{p.name}": p.read_bytes() for p in sorted(Path(folder).glob("*.parquet"))}


def package_files(root: Path) -> tuple[str, dict[str, bytes]]:
    """-> (version, every file of the zip by its path inside it, SHA256SUMS included)."""
    from statsbidrag._version import __version__
    from statsbidrag.publish import database
    descriptor = read_descriptor(root)
    version = descriptor.version
    if version != __version__:
        raise StatsbidragError(f"datapackage.json: expected version {__version__} (src/statsbidrag/_version.py); "
                               f"found {version!r}. Run `statsbidrag build`.", code="SB604")
    _check_up_to_date(root)
    files = {DESCRIPTOR: (root / DESCRIPTOR).read_bytes()}
    for folder in FOLDERS:
        files.update(_folder_files(root, folder))
    for name in TOP_FILES:
        if (root / name).is_file():
            files[name] = (root / name).read_bytes()
    for resource in descriptor.resources:
        for key, rel in (("path", resource.path), ("schema", resource.schema_path)):
            if rel is not None and rel not in files:
                raise StatsbidragError(f"datapackage.json resource '{resource.name}' {key}: expected {rel} "
                                       f"in the package; found no such file under {root}.", code="SB601")
    files.update(_parquet_files(root))
    changelog_file = root / CHANGELOG
    if not changelog_file.is_file():
        raise StatsbidragError(f"{changelog_file}: not found; it says what each version adds or corrects.",
                               code="SB601")
    changelog = changelog_file.read_text(encoding="utf-8")
    files[CHANGELOG] = changelog.encode("utf-8")
    files["README.md"] = render_readme(descriptor, files, release_date(changelog, version),
                                       database.view_names(root))
    files[SUMS] = render_sums(files)
    return version, files


def _refuse_failing_checks(root: Path) -> None:
    """A release is only made of a package whose checks pass."""
    from statsbidrag.check.runner import run_suite
    report = run_suite(root)
    if not report.ok:
        failed = [r.name for r in report.results if r.status == "fail"]
        raise StatsbidragError(f"{root}: expected every check to pass before a release is made; found "
                               f"{len(failed)} failing: {', '.join(failed)}. Run `statsbidrag check` to see "
                               "the evidence, fix the package, and run `statsbidrag dist` again.", code="SB603")


def build_wheel(root: Path, out_dir: Path) -> Path:
    """The tool's wheel, built by hatchling (the version pyproject.toml's build-system pins) in an
    isolated build environment, by uv from the checkout at `root`.

    uv (`uv build --wheel`, pinned in requirements.lock) makes the same bytes as `pip wheel` and
    keeps the build environment in its cache: about 0.8 CPU-seconds a wheel instead of 3.
    """
    import subprocess
    import sys
    import tempfile
    if not (root / "pyproject.toml").is_file():
        raise StatsbidragError(f"{root}: expected the project checkout (pyproject.toml, src/) to build the "
                               "wheel; found a package folder without it. Run `statsbidrag dist` in a "
                               "checkout of the statsbidrag repository.", code="SB604")
    with tempfile.TemporaryDirectory(prefix="statsbidrag-wheel-") as folder:
        command = [uv_binary(), "build", "--wheel", "--no-config", "--python", sys.executable,
                   "--out-dir", folder, str(root)]
        result = subprocess.run(command, capture_output=True, text=True)
        wheels = sorted(Path(folder).glob("statsbidrag-*.whl"))
        if result.returncode != 0 or len(wheels) != 1:
            raise StatsbidragError(f"{root}: expected `uv build --wheel` to build one wheel; it failed (exit "
                                   f"{result.returncode}):\n{result.stdout}{result.stderr}", code="SB606")
        target = out_dir / wheels[0].name
        _write(target, wheels[0].read_bytes())
    return target


def uv_binary() -> str:
    """The uv executable of the Python package `uv` (requirements.lock), which builds the wheel."""
    try:
        from uv import find_uv_bin
    except ImportError:
        raise StatsbidragError("expected the Python package uv (it builds the wheel); found it not installed. "
                               "Run scripts/install (requirements.lock pins it), or `pip install uv`.",
                               code="SB606") from None
    return str(find_uv_bin())


def _write(target: Path, data: bytes) -> None:
    write_atomic(target, data)


def _read_back(target: Path) -> None:
    """Read the zip back as a downloader would: every file against SHA256SUMS and the descriptor."""
    import tempfile

    from statsbidrag.release.integrity import check_integrity
    from statsbidrag.release.zipsafety import Limits, extract_zip
    with tempfile.TemporaryDirectory(prefix="statsbidrag-dist-") as folder:
        extract_zip(target, Path(folder), Limits())
        findings = [f for f in check_integrity(Path(folder)) if f.severity == "error"]
    if findings:  # pragma: no cover - would be a bug in this module
        raise StatsbidragError(f"{target}: the zip just written does not read back intact: "
                               + "; ".join(map(str, findings)), code="SB606")


def _write_catalog(root: Path, stage: Path, files: dict[str, bytes]) -> list[Path]:
    """catalog.ttl and catalog.rdf of the release, beside the zip: the package's catalogue plus
    the zip, statsbidrag.sqlite, the Parquet files and an .xlsx where the release has one
    (statsbidrag.publish.catalog). These are the files to register with dataportal.se."""
    from statsbidrag import metadata
    from statsbidrag.publish.catalog import catalog_files, release_downloads
    made = {p.name: p.stat().st_size for p in stage.iterdir() if p.is_file() and not p.name.startswith(".")}
    downloads = release_downloads(made, files)
    written = []
    for name, data in catalog_files(root, metadata.load(root).package.catalog, files, downloads).items():
        _write(stage / name, data)
        written.append(stage / name)
    return written


def write_data_changes(root: Path, previous: str) -> None:
    """Write what changed in the data since the `previous` release into this version's
    section of CHANGELOG.md (statsbidrag.release.diff), replacing a diff written there before."""
    from statsbidrag._version import __version__
    from statsbidrag.release.diff import diff, with_changelog_section
    path = root / CHANGELOG
    text = path.read_text(encoding="utf-8")
    updated = with_changelog_section(text, __version__, diff(previous, str(root)))
    if updated != text:
        _write(path, updated.encode("utf-8"))


def make_release(root: Path, out_dir: Path | None = None, wheel: bool = True, previous: str | None = None) -> Release:
    """Write the zip, the wheel, statsbidrag.sqlite and SHA256SUMS into `out_dir` (default dist/).

    Refuses a package whose checks fail. Every file is made in a staging folder inside
    `out_dir` first and moved in only when all of them are made, SHA256SUMS last: a dist
    that fails (the wheel does not build, the disk is full) leaves `out_dir` as it was, and
    SHA256SUMS never lists files older or newer than itself. With `previous` (a release), the
    data changes since it are first written into CHANGELOG.md (write_data_changes).
    """
    import tempfile

    if previous:
        write_data_changes(root, previous)
    from statsbidrag.publish.sqlite_export import SQLITE_FILE, write_sqlite
    version, files = package_files(root)
    _refuse_failing_checks(root)
    data = zip_bytes(files)
    out_dir = out_dir or root / DIST_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".statsbidrag-dist-", dir=out_dir) as staging:
        stage = Path(staging)
        zipped = stage / f"statsbidrag-{version}.zip"
        _write(zipped, data)
        _read_back(zipped)
        made = [zipped, write_sqlite(root, stage / SQLITE_FILE)]
        if wheel:
            made.append(build_wheel(root, stage))
        made += _write_catalog(root, stage, files)
        outputs = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in made}
        _write(stage / SUMS, "".join(f"{digest}  {name}\n" for name, digest in sorted(outputs.items())).encode())
        for path in [*made, stage / SUMS]:  # the same file system: each move is atomic
            os.replace(path, out_dir / path.name)
    return Release(out_dir / zipped.name, version, files, outputs[zipped.name], len(data), outputs)
