"""Refusing what would be unsafe.

Two sides:

* what we publish: a text value that a spreadsheet would run as a formula (it starts
  with =, +, - or @) is refused at build time (`refuse_formula_text`);
* what we download: paths in a descriptor or a checksum list that leave the package
  (`..`, absolute paths, drive letters, URLs), zip entries that would be written
  outside the folder they are unpacked into, symbolic links, zip bombs and files over
  a size limit are refused before anything is written (`safe_relative_path`,
  `extract_zip`, `Limits`).

Every refusal raises an error whose message names the file or entry, what was
expected and what was found.
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from statsbidrag.errors import UnsafePackageError, UnsafeTextError

if TYPE_CHECKING:
    from statsbidrag.tableschema.model import TableSchema

MiB = 1024 * 1024

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@")
# Typed columns: their values are numbers in the CSV, never text a user typed, and a
# negative number legitimately starts with "-". Every other column is text to a spreadsheet.
NUMERIC_TYPES = frozenset({"integer", "number", "year"})


# --------------------------------------------------------------------- publishing side

def may_hold_formula_text(csv_text: str) -> bool:
    """False when no cell of a rendered CSV starts like a formula, found at C speed: a cell
    starts after a comma or a line break, or after the quote that opens a quoted cell, so a
    formula prefix can only follow one of those three. True is only a suspicion (a negative
    number, a line break inside a quoted cell): refuse_formula_text then looks closely."""
    if csv_text.startswith(FORMULA_PREFIXES):
        return True
    # a prefix found nowhere (one character: the fastest search) is found after nothing
    return any(before + prefix in csv_text for prefix in FORMULA_PREFIXES if prefix in csv_text
               for before in (",", "\n", '"'))


def refuse_formula_text(schema: TableSchema | dict, records: list, name: str, first: int = 0) -> None:
    """Raise UnsafeTextError for the first text value that starts like a formula.

    `records` are rows of resource `name` in CSV order, from its row `first` + 1 on; the
    CSV line of row i is i + 2 (line 1 is the header).
    """
    from statsbidrag.tableschema.model import as_schema
    schema = as_schema(schema, f"the schema of resources/{name}.csv")
    types = {field.name: field.type for field in schema.fields}
    key = schema.primary_key
    for index, record in enumerate(records, start=first):
        if not isinstance(record, dict):  # a NamedTuple (extract.tables.Allocation)
            record = record._asdict()
        for column, value in record.items():
            if not isinstance(value, str) or not value.startswith(FORMULA_PREFIXES):
                continue  # the common case first: most values are not text starting like a formula
            if types.get(column, "string") in NUMERIC_TYPES:
                continue
            identity = ", ".join(f"{k} {record.get(k)!r}" for k in key if k in record)
            raise UnsafeTextError(
                f"resources/{name}.csv line {index + 2} (row {index + 1}"
                + (f", {identity}" if identity else "") + f"), column '{column}': "
                f"expected text that does not start with =, +, - or @ (a spreadsheet would run it "
                f"as a formula); found {value!r}. Correct the value where it comes from "
                f"(metadata/*.toml or the extraction of the source document).")


# --------------------------------------------------------------------- downloading side

@dataclass(frozen=True)
class Limits:
    """Size limits for a downloaded package. The published package is well under 10 MiB."""
    max_download_bytes: int = 256 * MiB     # a zip or any single file fetched over http(s)
    max_total_bytes: int = 512 * MiB        # everything unpacked or fetched, together
    max_file_bytes: int = 256 * MiB         # any one file
    max_resource_bytes: int = 128 * MiB     # any one resource named in datapackage.json
    max_descriptor_bytes: int = 8 * MiB     # datapackage.json, SHA256SUMS
    max_entries: int = 10_000               # zip entries, files listed
    max_ratio: int = 100                    # uncompressed / compressed size of any zip entry

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if not isinstance(value, int) or value < 0:
                raise ValueError(f"Limits.{name} must be a non-negative integer, not {value!r}")


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


def _entry_kind(info: zipfile.ZipInfo) -> str:
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # no type bits: a file
        return "a special file (device, pipe or socket)"
    return ""


def check_zip(archive: zipfile.ZipFile, name: str, limits: Limits) -> list[zipfile.ZipInfo]:
    """Check every entry of `archive` before anything is written; -> the file entries."""
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise UnsafePackageError(f"{name}: expected at most {limits.max_entries} entries; "
                                 f"found {len(infos)}. Refused, nothing was unpacked.", code="SB422")
    seen: set[str] = set()
    files, total = [], 0
    for info in infos:
        entry = info.filename
        where = f"{name} entry {entry!r}"
        kind = _entry_kind(info)
        if kind:
            raise UnsafePackageError(f"{where}: expected a regular file or folder; found {kind}. "
                                     f"Refused, nothing was unpacked.", code="SB421")
        if info.flag_bits & 0x1:
            raise UnsafePackageError(f"{where}: expected an unencrypted entry; found an encrypted one. "
                                     f"Refused, nothing was unpacked.", code="SB421")
        is_dir = entry.endswith("/")
        safe_relative_path(entry[:-1] if is_dir else entry, f"{where} (it would be unpacked outside "
                           f"the target folder)", "Refused, nothing was unpacked.")
        if entry in seen:
            raise UnsafePackageError(f"{where}: expected each name once; found it twice. "
                                     f"Refused, nothing was unpacked.", code="SB421")
        seen.add(entry)
        if is_dir:
            continue
        if info.file_size > limits.max_file_bytes:
            raise UnsafePackageError(f"{where}: expected at most {limits.max_file_bytes:,} bytes unpacked; "
                                     f"found {info.file_size:,}. Refused, nothing was unpacked.", code="SB422")
        total += info.file_size
        if total > limits.max_total_bytes:
            raise UnsafePackageError(f"{name}: expected at most {limits.max_total_bytes:,} bytes unpacked "
                                     f"in all; found more ({total:,} by entry {entry!r}). "
                                     f"Refused, nothing was unpacked (a zip bomb?).", code="SB422")
        if info.file_size > limits.max_ratio * max(info.compress_size, 1):  # every entry, however small
            ratio = info.file_size / max(info.compress_size, 1)
            raise UnsafePackageError(f"{where}: expected a compression ratio of at most {limits.max_ratio}:1; "
                                     f"found {ratio:,.0f}:1 ({info.compress_size:,} bytes unpacking to "
                                     f"{info.file_size:,}). Refused as a zip bomb, nothing was unpacked.", code="SB422")
        files.append(info)
    return files


def extract_zip(zip_path: Path, dest: Path, limits: Limits) -> list[str]:
    """Unpack `zip_path` into the empty folder `dest` after checking every entry.

    Nothing is written unless every entry passes `check_zip`; while unpacking, the
    bytes actually written are counted again (a header can lie about sizes).
    -> the relative paths written.
    """
    name = zip_path.name
    try:
        archive = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as error:
        raise UnsafePackageError(f"{name}: expected a zip file; found {error}.", code="SB424") from None
    with archive:
        files = check_zip(archive, name, limits)
        written, total = [], 0
        root = dest.resolve()
        for info in files:
            target = inside(dest, info.filename)
            if not target.parent.resolve().is_relative_to(root):  # pragma: no cover - belt and braces
                raise UnsafePackageError(f"{name} entry {info.filename!r}: resolves outside {dest}. Refused.",
                                         code="SB421")
            target.parent.mkdir(parents=True, exist_ok=True)
            size = 0
            try:
                with archive.open(info) as source, open(target, "xb") as sink:
                    while chunk := source.read(MiB):
                        size += len(chunk)
                        total += len(chunk)
                        if size > min(info.file_size, limits.max_file_bytes) or total > limits.max_total_bytes:
                            raise UnsafePackageError(
                                f"{name} entry {info.filename!r}: expected {info.file_size:,} bytes as its "
                                f"header says; found more while unpacking. Refused (a zip bomb?).", code="SB422")
                        sink.write(chunk)
            except (zipfile.BadZipFile, zlib.error, EOFError) as error:
                raise UnsafePackageError(f"{name} entry {info.filename!r}: expected an intact entry; "
                                         f"found {error}. Refused.", code="SB421") from None
            written.append(info.filename)
    return written


# --------------------------------------------------------------------- DuckDB

def harden(con, writable: Path | None = None) -> None:
    """Forbid a DuckDB connection every file, network and extension access, for good.

    Called on every connection that reads package data, after the tool's own code has
    loaded what it needs from files and before any text from the package (a view, a
    macro, SQL generated from a schema, a query) runs: from then on no statement can
    read or write a file, fetch a URL, attach a database or load an extension, and
    `lock_configuration` stops a statement from switching that back on.

    `writable`: the one folder (a fresh private temporary folder) a connection that must
    write files, the Parquet export, may still write in; nothing else is reachable.
    """
    if writable is not None:
        con.execute("SET allowed_directories = [?]", [str(Path(writable).resolve()) + "/"])
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
