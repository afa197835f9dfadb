"""Unpacking a downloaded zip safely: size limits, and every entry checked before anything is written.

Entries that would be written outside the folder they are unpacked into, symbolic links,
special files, encrypted entries, zip bombs and files over a size limit are refused
(`check_zip`, `extract_zip`, `Limits`), with a message naming the zip and the entry.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from statsbidrag.errors import UnsafePackageError
from statsbidrag.paths import inside, safe_relative_path

MiB = 1024 * 1024


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


def _entry_kind(info: zipfile.ZipInfo) -> str:
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # no type bits: a file
        return "a special file (device, pipe or socket)"
    return ""


def _check_entry(info: zipfile.ZipInfo, where: str, seen: set[str]) -> None:
    """A regular file or folder, unencrypted, at a safe path, named once (added to `seen`)."""
    entry = info.filename
    kind = _entry_kind(info)
    if kind:
        raise UnsafePackageError(f"{where}: expected a regular file or folder; found {kind}. "
                                 f"Refused, nothing was unpacked.", code="SB421")
    if info.flag_bits & 0x1:
        raise UnsafePackageError(f"{where}: expected an unencrypted entry; found an encrypted one. "
                                 f"Refused, nothing was unpacked.", code="SB421")
    safe_relative_path(entry[:-1] if entry.endswith("/") else entry, f"{where} (it would be unpacked outside "
                       f"the target folder)", "Refused, nothing was unpacked.")
    if entry in seen:
        raise UnsafePackageError(f"{where}: expected each name once; found it twice. "
                                 f"Refused, nothing was unpacked.", code="SB421")
    seen.add(entry)


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
        _check_entry(info, where, seen)
        if entry.endswith("/"):
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
