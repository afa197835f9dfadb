"""Getting a package to verify: a zip file, a folder, or an http(s) address (of a zip, or of a
datapackage.json whose files sit beside it) is copied into an empty temporary folder
(`acquire`) under the size limits of zipsafety.Limits, refusing any path that would leave
the package, a redirect to another origin, and a download that outlasts its Deadline."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import IO

from statsbidrag.check.findings import Finding, difference
from statsbidrag.errors import DeadlineError, StatsbidragError, UnsafePackageError
from statsbidrag.paths import inside
from statsbidrag.release.integrity import (
    DESCRIPTOR,
    SUMS,
    check_resource_sizes,
    parse_sums,
    resource_files,
    sha256_file,
)
from statsbidrag.release.zipsafety import Limits, MiB, extract_zip
from statsbidrag.tableschema.safety import descriptor_paths, load_descriptor

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
TIMEOUT_SECONDS = 60


def _locate_root(folder: Path) -> Path:
    if (folder / DESCRIPTOR).is_file():
        return folder
    children = [p for p in folder.iterdir()]
    if len(children) == 1 and children[0].is_dir() and (children[0] / DESCRIPTOR).is_file():
        return children[0]
    raise UnsafePackageError(f"expected {DESCRIPTOR} at the top of the package or in its single top-level "
                             f"folder; found {sorted(p.name for p in children)[:10]}.", code="SB424")


class Deadline:
    """One deadline for a whole download (every request, redirect and read of it).

    urllib's `timeout` bounds each socket operation, not the whole; a server that
    answers one byte a minute would never time out. So every read is given only the
    time that is left, and the time is checked between reads.
    """

    def __init__(self, seconds: float = TIMEOUT_SECONDS):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self, url: str) -> float:
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise DeadlineError(self.message(url))
        return remaining

    def message(self, url: str) -> str:
        return (f"{url}: expected the whole download to finish within {self.seconds:g} s; found it "
                f"still running. Nothing was kept. Try again later, or allow more time with --timeout.")


def _is_timeout(error: BaseException) -> bool:
    reason = getattr(error, "reason", None)
    return isinstance(error, TimeoutError) or isinstance(reason, TimeoutError)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the same scheme, host and port: a package is served from
    one place, and a redirect elsewhere (another host, an internal address, http from
    https, a file: or ftp: address) is refused before it is followed."""

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                         headers: http.client.HTTPMessage, newurl: str) -> urllib.request.Request | None:
        newurl = urllib.parse.urljoin(req.full_url, newurl)
        if _origin(newurl) != _origin(req.full_url):
            raise UnsafePackageError(f"{req.full_url}: expected a redirect to the same scheme, host and port "
                                     f"({'://'.join(_origin(req.full_url)[:2])}); found a redirect to "
                                     f"{newurl!r}. Refused.", code="SB425")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_SameOriginRedirects())


def _read(response: http.client.HTTPResponse, deadline: Deadline, url: str) -> bytes:
    """The next bytes of `response`, waiting no longer than the deadline allows."""
    sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
    if sock is not None:
        sock.settimeout(deadline.left(url))
    try:
        return response.read1(MiB)
    except (TimeoutError, OSError) as error:
        if _is_timeout(error):
            raise DeadlineError(deadline.message(url)) from None
        raise StatsbidragError(f"{url}: expected the download to go on; found {error}.", code="SB426") from None


def _fetch(url: str, target: Path, limit: int, what: str, deadline: Deadline | None = None) -> int:
    """Stream `url` into `target` (which must not exist), at most `limit` bytes; -> bytes."""
    deadline = deadline or Deadline()
    try:
        response = _opener().open(urllib.request.Request(url, headers={"User-Agent": "statsbidrag-verify"}),
                                  timeout=deadline.left(url))
    except urllib.error.HTTPError as error:
        raise StatsbidragError(f"{url}: expected {what}; found HTTP {error.code} {error.reason}.",
                               code="SB426") from None
    except (urllib.error.URLError, OSError) as error:
        if _is_timeout(error):  # every socket wait is the time left, so a timeout is the deadline
            raise DeadlineError(deadline.message(url)) from None
        deadline.left(url)
        raise StatsbidragError(f"{url}: expected {what}; could not connect ({error}).", code="SB426") from None
    with response:
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > limit:
            raise UnsafePackageError(f"{url}: expected at most {limit:,} bytes for {what}; "
                                     f"found Content-Length {int(length):,}. Refused, nothing was kept.", code="SB422")
        size = 0
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as sink:
            while chunk := _read(response, deadline, url):
                size += len(chunk)
                if size > limit:
                    raise UnsafePackageError(f"{url}: expected at most {limit:,} bytes for {what}; "
                                             f"found more. Refused, nothing was kept.", code="SB422")
                sink.write(chunk)
    return size


class _Budget:
    """Counts what is copied or fetched against the total and per-file limits."""

    def __init__(self, limits: Limits):
        self.limits, self.total, self.files = limits, 0, 0

    def take(self, path: str, size: int, limit: int | None = None) -> None:
        limit = self.limits.max_file_bytes if limit is None else min(limit, self.limits.max_file_bytes)
        if size > limit:
            raise UnsafePackageError(f"{path}: expected at most {limit:,} bytes; found {size:,}. Refused.",
                                     code="SB422")
        self.total += size
        self.files += 1
        if self.total > self.limits.max_total_bytes:
            raise UnsafePackageError(f"expected at most {self.limits.max_total_bytes:,} bytes in all; "
                                     f"found more by {path}. Refused.", code="SB422")
        if self.files > self.limits.max_entries:
            raise UnsafePackageError(f"expected at most {self.limits.max_entries} files; found more. Refused.",
                                     code="SB422")


def _wanted(descriptor: dict, sums: dict[str, str]) -> list[str]:
    return sorted(set(sums) | set(descriptor_paths(descriptor)) | {SUMS, DESCRIPTOR})


def _copy_folder(source: Path, dest: Path, limits: Limits) -> tuple[Path, list[Finding]]:
    """Copy the files a package folder lists (SHA256SUMS, descriptor) into dest."""
    source = source.resolve()
    descriptor_file = inside(source, DESCRIPTOR)
    if not descriptor_file.is_file():
        raise StatsbidragError(f"{source}: expected a package folder holding {DESCRIPTOR}; found none.", code="SB424")
    budget = _Budget(limits)

    def read_small(rel: str) -> bytes | None:
        path = inside(source, rel)
        if not path.is_file():
            return None
        budget.take(rel, path.stat().st_size, limits.max_descriptor_bytes)
        return path.read_bytes()

    raw, descriptor = load_descriptor(read_small(DESCRIPTOR))
    sums_data = read_small(SUMS)
    sums = parse_sums(sums_data)[0] if sums_data is not None else {}
    check_resource_sizes(descriptor, lambda p: inside(source, p).stat().st_size
                          if inside(source, p).is_file() else None, limits)
    for rel in _wanted(raw, sums):
        src = inside(source, rel)
        if src.is_symlink() or not src.is_file():
            continue  # reported as missing by the integrity check
        if rel not in (DESCRIPTOR, SUMS):
            budget.take(rel, src.stat().st_size)
        target = dest.joinpath(*rel.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
    if not sums:  # not a release (a checkout?): the integrity check says so; listing extras is noise
        return dest, []
    return dest, _unlisted_notes(source, set(_wanted(raw, sums)))


def _unlisted_notes(source: Path, listed: set[str]) -> list[Finding]:
    """A note for each file of the folder that the package does not list (not copied), at most 50."""
    notes: list[Finding] = []
    for folder, dirs, names in os.walk(source):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(names):
            rel = (Path(folder) / name).relative_to(source).as_posix()
            if rel not in listed and not name.startswith("."):
                notes.append(difference("SB414", rel, f"a file listed in {SUMS}", "a file not in the package (ignored)",
                                        severity="note"))
    return notes[:50]


def _fetch_folder(url: str, descriptor_file: Path, dest: Path, limits: Limits, deadline: Deadline) -> Path:
    """Fetch a package served as files: the descriptor at `url`, everything else beside it."""
    base = url.rsplit("/", 1)[0] + "/"
    raw, descriptor = load_descriptor(descriptor_file.read_bytes())
    budget = _Budget(limits)
    budget.take(DESCRIPTOR, descriptor_file.stat().st_size, limits.max_descriptor_bytes)
    dest.mkdir(parents=True)
    shutil.copyfile(descriptor_file, dest / DESCRIPTOR)
    sums: dict[str, str] = {}
    try:
        size = _fetch(base + SUMS, dest / SUMS, limits.max_descriptor_bytes, SUMS, deadline)
        budget.take(SUMS, size)
        sums = parse_sums((dest / SUMS).read_bytes())[0]
    except (UnsafePackageError, DeadlineError):
        raise
    except StatsbidragError:
        pass  # reported as missing by the integrity check
    check_resource_sizes(descriptor, lambda p: None, limits)  # declared sizes, before any fetch
    resources = {p: r for p, r in resource_files(descriptor)}
    for rel in _wanted(raw, sums):
        if rel in (DESCRIPTOR, SUMS):
            continue
        file_url = urllib.parse.urljoin(base, urllib.parse.quote(rel))
        if not file_url.startswith(base):  # pragma: no cover - safe_relative_path already refused it
            raise UnsafePackageError(f"{rel}: expected an address under {base}; found {file_url}. Refused.",
                                     code="SB425")
        limit = limits.max_resource_bytes if rel in resources else limits.max_file_bytes
        try:
            size = _fetch(file_url, dest.joinpath(*rel.split("/")), limit, f"the file {rel}", deadline)
        except (UnsafePackageError, DeadlineError):
            raise
        except StatsbidragError:
            continue  # missing: reported by the integrity check
        budget.take(rel, size, limit)
    return dest


def acquire(target: str, work: Path, limits: Limits,
            deadline: Deadline | None = None) -> tuple[Path, list[Finding], str, bool]:
    """Copy the package at `target` into the empty folder `work`.

    -> (package root, notes, SHA-256 of the archive or "", whether every file must be listed).
    """
    if re.match(r"^https?://", target, re.IGNORECASE):
        download = work / "download"
        deadline = deadline or Deadline()
        _fetch(target, download, limits.max_download_bytes, "a package (zip or datapackage.json)", deadline)
        with open(download, "rb") as handle:
            head = handle.read(4)
        if head == b"PK\x03\x04":
            digest = sha256_file(download)
            extract_zip(download, work / "package", limits)
            return _locate_root(work / "package"), [], digest, True
        if download.stat().st_size <= limits.max_descriptor_bytes and head.lstrip()[:1] == b"{":
            return _fetch_folder(target, download, work / "package", limits, deadline), [], "", False
        raise UnsafePackageError(f"{target}: expected a zip file or a {DESCRIPTOR}; found neither "
                                 f"(first bytes {head!r}).", code="SB424")
    if _URL.match(target):
        raise UnsafePackageError(f"{target}: expected a zip file, a folder or an http(s) address; "
                                 f"found another kind of address. Refused.", code="SB424")
    path = Path(target)
    if path.is_dir():
        root, notes = _copy_folder(path, work / "package", limits)
        return root, notes, "", False
    if path.is_file() and path.name == DESCRIPTOR:
        root, notes = _copy_folder(path.parent, work / "package", limits)
        return root, notes, "", False
    if path.is_file():
        if path.stat().st_size > limits.max_download_bytes:
            raise UnsafePackageError(f"{path}: expected at most {limits.max_download_bytes:,} bytes; "
                                     f"found {path.stat().st_size:,}. Refused.", code="SB422")
        extract_zip(path, work / "package", limits)
        return _locate_root(work / "package"), [], sha256_file(path), True
    raise StatsbidragError(f"{target}: expected a zip file, a package folder or an http(s) address; "
                           f"found nothing there.", code="SB424")

