"""A package's files against what it says of them: every file against SHA256SUMS (and, for a
zip, every file listed), every resource against the `bytes` and `hash` datapackage.json
records (`check_integrity`, used by `verify` and by `dist` on what it just wrote). Each
difference is a finding: file, what was expected, what was found."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from statsbidrag.check.findings import Finding, difference
from statsbidrag.errors import UnsafePackageError
from statsbidrag.paths import inside, safe_relative_path
from statsbidrag.release.zipsafety import Limits, MiB
from statsbidrag.tableschema.model import Descriptor, Resource
from statsbidrag.tableschema.safety import descriptor_paths, load_descriptor

SUMS = "SHA256SUMS"
DESCRIPTOR = "datapackage.json"
_SUM_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(MiB):
            digest.update(chunk)
    return digest.hexdigest()

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


def resource_files(descriptor: Descriptor) -> list[tuple[str, Resource]]:
    return [(path, resource) for resource in descriptor.resources for path in resource.paths]


def check_resource_sizes(descriptor: Descriptor, size_of: Callable[[str], int | None], limits: Limits) -> None:
    """Refuse a resource whose declared or actual size is over the limit."""
    for path, resource in resource_files(descriptor):
        declared = resource.declared_bytes
        actual = size_of(path)
        for what, size in (("declares", declared), ("is", actual)):
            if isinstance(size, int) and size > limits.max_resource_bytes:
                raise UnsafePackageError(
                    f"{path} (resource '{resource.name}'): expected at most "
                    f"{limits.max_resource_bytes:,} bytes for one resource; found that it {what} "
                    f"{size:,} bytes. Refused.", code="SB422")


def check_integrity(root: Path, limits: Limits = Limits(), every_file_listed: bool = True) -> list[Finding]:
    """Compare every file with SHA256SUMS and every resource with the descriptor's bytes and hash."""
    raw, descriptor = load_descriptor(inside(root, DESCRIPTOR).read_bytes())
    check_resource_sizes(descriptor, lambda p: inside(root, p).stat().st_size
                          if inside(root, p).is_file() else None, limits)
    sums, findings = _read_sums(root)
    digest = _Digests(root)
    findings += _sums_findings(sums, digest)
    findings += _resource_findings(root, descriptor, sums, digest)
    resource_paths = {rel for rel, _ in resource_files(descriptor)}
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


def _resource_findings(root: Path, descriptor: Descriptor, sums: dict[str, str], digest: _Digests) -> list[Finding]:
    """Each resource's file is there, with the hash and bytes the descriptor records, and listed."""
    findings = []
    for rel, resource in resource_files(descriptor):
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

