"""`statsbidrag verify`: check a downloaded package before trusting it.

A package is accepted from a zip file, a folder, or an http(s) address (of a zip, or
of a datapackage.json whose files sit beside it). It is first copied into a
temporary folder under the size limits of `safety.Limits`, refusing any path that
would leave the package; nothing is written anywhere else, and the temporary folder
is removed afterwards. Then:

1. every file is compared with SHA256SUMS (and every file in a zip must be listed);
2. every resource is compared with the `bytes` and `hash` datapackage.json gives it;
3. the package's checks/ and schemas/ are compared, byte for byte, with the installed
   tool's (statsbidrag.toolchecks): a package of this tool's version carries exactly
   these, and a package of another version is refused with a message saying which;
4. the full checks suite of the *installed tool* (`statsbidrag.check.runner.run_suite`)
   runs on the copy, on a DuckDB connection without file or network access.

Nothing from the download is ever run: not its checks/ (SQL, macros), not its sql/
views, not a path outside it (every path read must resolve inside the unpacked
copy). Its own checks/ are only compared. When the published SHA-256 is given and
the archive does not match it, nothing more than the file comparison is done.

The result lists each difference as: file, what was expected, what was found.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from statsbidrag.check.findings import Finding, difference, from_result, report_json
from statsbidrag.errors import DeadlineError, StatsbidragError, UnsafePackageError, UsageError
from statsbidrag.paths import inside, safe_relative_path
from statsbidrag.release.zipsafety import Limits, MiB, extract_zip
from statsbidrag.tableschema.model import Descriptor, Resource
from statsbidrag.tableschema.safety import descriptor_paths, load_descriptor

SUMS = "SHA256SUMS"
DESCRIPTOR = "datapackage.json"
_SUM_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
TIMEOUT_SECONDS = 60


@dataclass
class VerifyReport:
    target: str
    name: str = ""
    version: str = ""
    files: int = 0
    archive_sha256: str = ""
    findings: list[Finding] = field(default_factory=list)
    suite: object | None = None          # statsbidrag.check.runner report, when it ran
    suite_error: str = ""

    @property
    def ok(self) -> bool:
        suite_ok = self.suite is not None and bool(getattr(self.suite, "ok", False))
        return suite_ok and not self.suite_error and not self.differences()

    def differences(self) -> list[Finding]:
        """The findings that reject the package (the others are notes)."""
        return [f for f in self.findings if f.severity == "error"]

    def to_dict(self) -> dict:
        suite = report_json(self.suite) if self.suite is not None else None
        return {"target": self.target, "ok": self.ok, "verdict": self.verdict(),
                "name": self.name, "version": self.version,
                "files": self.files, "archive_sha256": self.archive_sha256,
                "findings": [f.to_dict() for f in self.findings],
                "suite": suite, "suite_error": self.suite_error}

    def render(self) -> str:
        lines = [f"verify {self.target}"]
        if self.name:
            lines.append(f"  package {self.name} {self.version}: {self.files} files")
        if self.archive_sha256:
            lines.append(f"  archive SHA-256 {self.archive_sha256}")
        fatal = self.differences()
        notes = [f for f in self.findings if f.severity != "error"]
        lines.append(f"  files against {SUMS} and {DESCRIPTOR}: "
                     + ("all match" if not fatal else f"{len(fatal)} difference(s)"))
        lines += [f"  DIFFERS {f}" for f in fatal]
        lines += [f"  note    {f}" for f in notes]
        if self.suite_error:
            lines.append(f"  checks suite: NOT RUN: {self.suite_error}")
        elif self.suite is not None:
            results = list(getattr(self.suite, "results", []))
            counts = {s: sum(1 for r in results if r.status == s) for s in ("pass", "warning", "fail")}
            lines.append(f"  checks suite: {counts['pass']} pass, {counts['warning']} warning(s), "
                         f"{counts['fail']} fail")
            for finding in filter(None, map(from_result, results)):
                label = "FAIL" if finding.severity == "error" else "warn"
                lines.append(f"  {label:<7} {finding.code}: {finding.message}")
        lines.append("result: " + self.verdict())
        return "\n".join(lines)

    def verdict(self) -> str:
        if self.ok:
            return "VERIFIED: every file matches and no check fails (warnings, if any, are listed above)"
        if self.differences():
            return "REJECTED: the package differs from what it says it is (see above); do not use it"
        if self.suite_error:
            return "NOT VERIFIED: the files match, but the checks suite did not run"
        return "REJECTED: the files match their checksums, but the checks suite fails (see above)"


def check_sha256_argument(text: str) -> str:
    """A published SHA-256 as given on the command line -> 64 lower-case hex digits, or UsageError.

    A shortened hash ("3f2a...9c") is refused here: compared with the archive it would
    report a good release as forged.
    """
    value = text.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{64}", value):
        shown = text if len(text) <= 80 else text[:77] + "..."
        raise UsageError(f"--sha256: expected the full SHA-256 of the zip, 64 hexadecimal digits "
                         f"(as `statsbidrag dist` prints it); found {shown!r} ({len(text.strip())} characters).",
                         code="SB501")
    return value


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(MiB):
            digest.update(chunk)
    return digest.hexdigest()


# ----------------------------------------------------------------- reading SHA256SUMS

def parse_sums(data: bytes, name: str = SUMS) -> tuple[dict[str, str], list[Finding]]:
    """-> {path: sha256}, plus a finding per malformed line. Unsafe paths raise."""
    sums: dict[str, str] = {}
    findings = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return {}, [difference("SB411", name, "UTF-8 text",
                               f"undecodable bytes ({error.reason} at byte {error.start})")]
    for number, line in enumerate(text.split("\n"), start=1):
        if not line:
            continue
        match = _SUM_LINE.match(line)
        if not match:
            findings.append(difference("SB411", f"{name}:{number}", "'<64 lowercase hex digits>  <path>'", repr(line)))
            continue
        digest, path = match.groups()
        safe_relative_path(path, f"{name} line {number}")
        if path in sums:
            findings.append(difference("SB411", f"{name}:{number}", f"{path!r} listed once", "it listed again"))
        sums[path] = digest
    return sums, findings


def _resource_files(descriptor: Descriptor) -> list[tuple[str, Resource]]:
    return [(path, resource) for resource in descriptor.resources for path in resource.paths]


def _check_resource_sizes(descriptor: Descriptor, size_of, limits: Limits) -> None:
    """Refuse a resource whose declared or actual size is over the limit."""
    for path, resource in _resource_files(descriptor):
        declared = resource.declared_bytes
        actual = size_of(path)
        for what, size in (("declares", declared), ("is", actual)):
            if isinstance(size, int) and size > limits.max_resource_bytes:
                raise UnsafePackageError(
                    f"{path} (resource '{resource.name}'): expected at most "
                    f"{limits.max_resource_bytes:,} bytes for one resource; found that it {what} "
                    f"{size:,} bytes. Refused.", code="SB422")


# ----------------------------------------------------------------- getting the package

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

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        newurl = urllib.parse.urljoin(req.full_url, newurl)
        if _origin(newurl) != _origin(req.full_url):
            raise UnsafePackageError(f"{req.full_url}: expected a redirect to the same scheme, host and port "
                                     f"({'://'.join(_origin(req.full_url)[:2])}); found a redirect to "
                                     f"{newurl!r}. Refused.", code="SB425")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_SameOriginRedirects())


def _read(response, deadline: Deadline, url: str) -> bytes:
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
    notes: list[Finding] = []

    def read_small(rel: str) -> bytes | None:
        path = inside(source, rel)
        if not path.is_file():
            return None
        budget.take(rel, path.stat().st_size, limits.max_descriptor_bytes)
        return path.read_bytes()

    raw, descriptor = load_descriptor(read_small(DESCRIPTOR))
    sums_data = read_small(SUMS)
    sums = parse_sums(sums_data)[0] if sums_data is not None else {}
    _check_resource_sizes(descriptor, lambda p: inside(source, p).stat().st_size
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
        return dest, notes
    listed = set(_wanted(raw, sums))
    for folder, dirs, names in os.walk(source):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(names):
            rel = (Path(folder) / name).relative_to(source).as_posix()
            if rel not in listed and not name.startswith("."):
                notes.append(difference("SB414", rel, f"a file listed in {SUMS}", "a file not in the package (ignored)",
                                        severity="note"))
    return dest, notes[:50]


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
    _check_resource_sizes(descriptor, lambda p: None, limits)  # declared sizes, before any fetch
    resources = {p: r for p, r in _resource_files(descriptor)}
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


# ----------------------------------------------------------------- integrity

def check_integrity(root: Path, limits: Limits = Limits(), every_file_listed: bool = True) -> list[Finding]:
    """Compare every file with SHA256SUMS and every resource with the descriptor's bytes and hash."""
    raw, descriptor = load_descriptor(inside(root, DESCRIPTOR).read_bytes())
    _check_resource_sizes(descriptor, lambda p: inside(root, p).stat().st_size
                          if inside(root, p).is_file() else None, limits)
    sums, findings = _read_sums(root)
    digest = _Digests(root)
    findings += _sums_findings(sums, digest)
    findings += _resource_findings(root, descriptor, sums, digest)
    resource_paths = {rel for rel, _ in _resource_files(descriptor)}
    for rel, what in sorted(descriptor_paths(raw).items()):
        if digest(rel) is None and rel not in resource_paths:
            findings.append(difference("SB413", rel, f"a file ({what})", "no such file"))
    if every_file_listed and sums:
        findings += _unlisted_files(root, sums)
    return findings


class _Digests:
    """The SHA-256 of a file of the package, each file read once (None: no regular file)."""

    def __init__(self, root: Path):
        self.root = root
        self.known: dict[str, str | None] = {}

    def __call__(self, rel: str) -> str | None:
        if rel not in self.known:
            path = inside(self.root, rel)
            self.known[rel] = sha256_file(path) if path.is_file() and not path.is_symlink() else None
        return self.known[rel]


def _read_sums(root: Path) -> tuple[dict[str, str], list[Finding]]:
    """SHA256SUMS as {path: SHA-256}, and a finding for each line it cannot read (or for its absence)."""
    sums_file = inside(root, SUMS)
    if not sums_file.is_file():
        return {}, [difference("SB411", SUMS, "a checksum list of every file in the package",
                               "no such file (a release made by `statsbidrag dist` has one)")]
    return parse_sums(sums_file.read_bytes())


def _sums_findings(sums: dict[str, str], digest: _Digests) -> list[Finding]:
    """Each file SHA256SUMS lists is there with its SHA-256; the descriptor is listed."""
    findings = []
    for rel, expected in sorted(sums.items()):
        found = digest(rel)
        if found is None:
            findings.append(difference("SB413", rel, f"a file with SHA-256 {expected} (as {SUMS} says)",
                                       "no such file"))
        elif found != expected:
            findings.append(difference("SB412", rel, f"SHA-256 {expected} (as {SUMS} says)", f"SHA-256 {found}"))
    if sums and DESCRIPTOR not in sums:
        findings.append(difference("SB411", SUMS, f"a line for {DESCRIPTOR}", "none"))
    return findings


def _resource_findings(root: Path, descriptor, sums: dict[str, str], digest: _Digests) -> list[Finding]:
    """Each resource's file is there, with the hash and bytes the descriptor records, and listed."""
    findings = []
    for rel, resource in _resource_files(descriptor):
        label = f"resource '{resource.name}'"
        found = digest(rel)
        if found is None:
            findings.append(difference("SB413", rel, f"the file of {label} named in {DESCRIPTOR}", "no such file"))
            continue
        declared_hash = resource.declared_hash
        if not (isinstance(declared_hash, str) and declared_hash.startswith("sha256:")):
            findings.append(difference("SB412", rel, f"a 'sha256:...' hash for {label} in {DESCRIPTOR}",
                                       repr(declared_hash)))
        elif declared_hash != "sha256:" + found:
            findings.append(difference("SB412", rel, f"SHA-256 {declared_hash[7:]} (as {DESCRIPTOR} says for {label})",
                                       f"SHA-256 {found}"))
        size = inside(root, rel).stat().st_size
        if resource.declared_bytes != size:
            findings.append(difference("SB412", rel,
                                       f"{resource.declared_bytes} bytes (as {DESCRIPTOR} says for {label})",
                                       f"{size} bytes"))
        if sums and rel not in sums:
            findings.append(difference("SB411", SUMS, f"a line for {rel}", "none"))
    return findings


def _unlisted_files(root: Path, sums: dict[str, str]) -> list[Finding]:
    """Every file of the package is listed in SHA256SUMS, and none is a symbolic link."""
    findings = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            findings.append(difference("SB414", rel, "a regular file", "a symbolic link"))
        elif path.is_file() and rel != SUMS and rel not in sums:
            findings.append(difference("SB414", rel, f"only files listed in {SUMS}", "a file that is not listed"))
    return findings


def _run_suite(root: Path):
    from statsbidrag.check.runner import run_suite  # the installed tool's checks (imported only when verifying)
    return run_suite(root)


def _same_tool(root: Path, version: str) -> tuple[list[Finding], str]:
    """-> (findings, reason not to run the suite): the package must be this tool's version,
    and carry this tool's checks/ and schemas/, which are compared and never run."""
    from statsbidrag._version import __version__, install_hint
    from statsbidrag.toolchecks import differences
    if version != __version__:
        install = f"statsbidrag {version} ({install_hint(version=version)})" if version else \
            "statsbidrag of its version"
        return [], (f"the package was made by statsbidrag {version or '(no version)'}, and this is "
                    f"statsbidrag {__version__}, whose rules may not apply to it; verify it with {install}")
    return [difference("SB416", file, expected, found) for file, expected, found in differences(root)], ""


def verify(target: str, *, limits: Limits = Limits(), expect_sha256: str = "", run_checks: bool = True,
           workdir: Path | None = None, timeout: float = TIMEOUT_SECONDS) -> VerifyReport:
    """Copy, check and report on the package at `target` (zip, folder or http(s) address).

    Unsafe input raises UnsafePackageError before anything is written outside a
    temporary folder (created in `workdir`, default the system's), which is removed.
    A download over http(s) must finish within `timeout` seconds in all. A published
    SHA-256 that is not 64 hexadecimal digits is a UsageError.
    """
    expect_sha256 = check_sha256_argument(expect_sha256) if expect_sha256 else ""
    report = VerifyReport(target=str(target))
    with tempfile.TemporaryDirectory(prefix="statsbidrag-verify-", dir=workdir) as temp:
        root, notes, archive_sha256, every_file_listed = acquire(str(target), Path(temp), limits,
                                                                 Deadline(timeout))
        report.archive_sha256 = archive_sha256
        if expect_sha256:
            expected = expect_sha256
            if not archive_sha256:
                report.findings.append(difference("SB415", str(target), f"a zip with SHA-256 {expected}",
                                                  "a folder or descriptor (no archive to hash)"))
            elif archive_sha256 != expected:
                report.findings.append(difference("SB415", str(target), f"SHA-256 {expected} (as published)",
                                                  f"SHA-256 {archive_sha256}"))
        _, descriptor = load_descriptor(inside(root, DESCRIPTOR).read_bytes())
        report.name, report.version = descriptor.name, descriptor.version
        report.files = sum(1 for p in root.rglob("*") if p.is_file())
        report.findings += check_integrity(root, limits, every_file_listed)
        report.findings += notes
        tool_findings, refusal = _same_tool(root, report.version)
        report.findings += tool_findings
        if refusal:
            report.suite_error = refusal
        elif expect_sha256 and archive_sha256 != expect_sha256:
            report.suite_error = "not run: the archive is not the published one"
        elif run_checks:
            try:
                report.suite = _run_suite(root)
            except ImportError as error:
                report.suite_error = f"the checks suite is not installed ({error})"
            except StatsbidragError as error:
                report.suite_error = str(error)
        else:
            report.suite_error = "skipped (run_checks=False)"
    return report
