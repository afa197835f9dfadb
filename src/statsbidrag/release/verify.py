"""`statsbidrag verify`: check a downloaded package before trusting it.

A package is accepted from a zip file, a folder, or an http(s) address (of a zip, or
of a datapackage.json whose files sit beside it). It is first copied into a
temporary folder under the size limits of `zipsafety.Limits`, refusing any path that
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
Getting the package is statsbidrag.release.download; comparing its files,
statsbidrag.release.integrity.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from statsbidrag.check.findings import Finding, difference, from_result, report_json
from statsbidrag.check.results import Report
from statsbidrag.errors import StatsbidragError, UsageError
from statsbidrag.paths import inside
from statsbidrag.release.download import TIMEOUT_SECONDS, Deadline, acquire
from statsbidrag.release.integrity import DESCRIPTOR, SUMS, check_integrity
from statsbidrag.release.zipsafety import Limits
from statsbidrag.tableschema.safety import load_descriptor


@dataclass
class VerifyReport:
    target: str
    name: str = ""
    version: str = ""
    files: int = 0
    archive_sha256: str = ""
    findings: list[Finding] = field(default_factory=list)
    suite: Report | None = None          # the checks suite's report, when it ran
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

    def render(self, quiet: bool = False) -> str:
        """The report for people; `quiet`: only what rejects the package (differences, failing
        checks, a suite that did not run) and the verdict, no notes or warnings."""
        fatal = self.differences()
        notes = [f for f in self.findings if f.severity != "error"]
        results = list(getattr(self.suite, "results", [])) if self.suite is not None else []
        failures = [f for f in map(from_result, results) if f is not None and (f.severity == "error" or not quiet)]
        lines = [] if quiet else [f"verify {self.target}"]
        if self.name and not quiet:
            lines.append(f"  package {self.name} {self.version}: {self.files} files")
        if self.archive_sha256 and not quiet:
            lines.append(f"  archive SHA-256 {self.archive_sha256}")
        if not quiet:
            lines.append(f"  files against {SUMS} and {DESCRIPTOR}: "
                         + ("all match" if not fatal else f"{len(fatal)} difference(s)"))
        lines += [f"  DIFFERS {f}" for f in fatal]
        lines += [] if quiet else [f"  note    {f}" for f in notes]
        if self.suite_error:
            lines.append(f"  checks suite: NOT RUN: {self.suite_error}")
        elif self.suite is not None:
            counts = {s: sum(1 for r in results if r.status == s) for s in ("pass", "warning", "fail")}
            if not quiet:
                lines.append(f"  checks suite: {counts['pass']} pass, {counts['warning']} warning(s), "
                             f"{counts['fail']} fail")
            for finding in failures:
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


def _run_suite(root: Path) -> tuple[Report | None, str]:
    """-> (the installed tool's checks suite's report, or None; why it did not run, or "")."""
    try:
        from statsbidrag.check.runner import run_suite  # the installed tool's checks (imported only when verifying)
        return run_suite(root), ""
    except ImportError as error:
        return None, f"the checks suite is not installed ({error})"
    except StatsbidragError as error:
        return None, str(error)


def _published_sha256(target: str, expected: str, archive_sha256: str) -> list[Finding]:
    """The archive against the SHA-256 its publisher gave (none when none was given)."""
    if not expected:
        return []
    if not archive_sha256:
        return [difference("SB415", target, f"a zip with SHA-256 {expected}",
                           "a folder or descriptor (no archive to hash)")]
    if archive_sha256 != expected:
        return [difference("SB415", target, f"SHA-256 {expected} (as published)", f"SHA-256 {archive_sha256}")]
    return []


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
        report.findings += _published_sha256(str(target), expect_sha256, archive_sha256)
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
            report.suite, report.suite_error = _run_suite(root)
        else:
            report.suite_error = "skipped (run_checks=False)"
    return report
