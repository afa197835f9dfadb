"""`statsbidrag verify`: a downloaded package is checked file by file, then by the checks suite.

Packages are served from a local HTTP server bound to 127.0.0.1 only, and verified
through its address; tampered and unsafe copies must be rejected or refused, and
nothing may be written outside the temporary folder verify works in.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from statsbidrag.cli.main import main
from statsbidrag.errors import DeadlineError, StatsbidragError, UnsafePackageError
from statsbidrag.release.verify import verify
from statsbidrag.release.zipsafety import Limits

PROXY_VARIABLES = ["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]


# --------------------------------------------------------------------- fixtures



def unzip(archive: Path, dest: Path) -> Path:
    """Unpack our own (trusted) release into dest/<zip name>/ (its files are at the zip's root)."""
    folder = dest / archive.stem
    with zipfile.ZipFile(archive) as z:
        z.extractall(folder)
    return folder


def rezip(folder: Path, target: Path) -> Path:
    """Zip `folder` as the release does (one top-level folder)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                z.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return target


def listing(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


class Server:
    """A static file server on 127.0.0.1 (a free port), recording the paths requested."""

    def __init__(self, directory: Path):
        self.requests: list[str] = []
        requests = self.requests

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                requests.append(self.path)
                if self.path.startswith("/redirect-to/"):  # /redirect-to/<address>: a 302 to it
                    self.send_response(302)
                    self.send_header("Location", self.path[len("/redirect-to/"):])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                super().do_GET()

        handler = functools.partial(Handler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        host, port = self.httpd.server_address[:2]
        assert host == "127.0.0.1"
        self.base = f"http://127.0.0.1:{port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def serve(tmp_path, monkeypatch):
    """serve(folder) -> a Server for it; every server is shut down after the test."""
    for name in PROXY_VARIABLES:  # 127.0.0.1 must be reached directly
        monkeypatch.delenv(name, raising=False)
    servers = []

    def start(directory: Path) -> Server:
        servers.append(Server(directory))
        return servers[-1]
    yield start
    for server in servers:
        server.close()


@pytest.fixture
def work(tmp_path) -> Path:
    """The folder verify makes its temporary folder in; must be empty again afterwards."""
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def fatal(report) -> list[str]:
    return [str(f) for f in report.findings if f.severity == "error"]


def refused(target, tmp_path: Path, work: Path, code: str, *fragments: str, limits: Limits = Limits()) -> str:
    """verify refuses `target` as a problem of kind `code` (statsbidrag.errors.CODES) with a
    message holding every fragment, and writes nothing outside."""
    before = listing(tmp_path)
    with pytest.raises(UnsafePackageError, match=f"^{code}: ") as caught:
        verify(str(target), limits=limits, workdir=work)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    assert listing(tmp_path) == before, "nothing may be written outside verify's temporary folder"
    assert list(work.iterdir()) == [], "verify's temporary folder must be removed"
    return message


# --------------------------------------------------------------------- a good package

def test_a_good_release_served_over_http_verifies(release, serve, tmp_path, work, capsys):
    server = serve(release.parent)
    url = server.base + release.name
    report = verify(url, workdir=work)
    assert fatal(report) == []
    assert report.archive_sha256 == hashlib.sha256(release.read_bytes()).hexdigest()
    assert report.suite is not None and report.suite_error == "", report.suite_error
    assert report.suite.ok, report.render()
    assert report.ok
    assert list(work.iterdir()) == []
    assert main(["verify", url]) == 0
    out = capsys.readouterr().out
    assert "result: VERIFIED" in out and "all match" in out
    assert server.requests == [f"/{release.name}", f"/{release.name}"]


def test_the_cli_reports_json(release, capsys):
    assert main(["verify", str(release), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["findings"] == []
    assert report["version"] == json.loads((ROOT / "datapackage.json").read_text())["version"]


def test_an_unzipped_folder_and_a_served_folder_verify(release, serve, tmp_path, work):
    folder = unzip(release, tmp_path / "unzipped")
    (folder / "my-notes.txt").write_text("a user's own file\n")
    report = verify(str(folder), workdir=work)
    assert report.ok, report.render()
    assert [(f.code, f.file, f.severity) for f in report.findings] == [("SB414", "my-notes.txt", "note")]
    assert not (folder / "statsbidrag.duckdb").exists(), "verify must not write into the folder it checks"
    served = verify(serve(folder.parent).base + f"{folder.name}/datapackage.json", workdir=work)
    assert served.ok, served.render()


def test_a_published_sha256_is_compared(release):
    wrong = "0" * 64
    report = verify(str(release), expect_sha256=wrong, run_checks=False)
    assert [f"{release}: expected SHA-256 {wrong} (as published); found SHA-256 {report.archive_sha256}"] \
        == fatal(report)
    assert [f.code for f in report.findings] == ["SB415"]


# --------------------------------------------------------------------- tampered packages

def test_a_tampered_release_served_over_http_is_rejected(release, serve, tmp_path, work, capsys):
    folder = unzip(release, tmp_path / "unzipped")
    path = folder / "resources" / "allocations.csv"
    original = path.read_bytes()
    assert b",215942447," in original  # Stockholm, maternity care 2021, as printed by SKR
    path.write_bytes(original.replace(b",215942447,", b",215942448,", 1))
    bad = rezip(folder, tmp_path / "served" / release.name)
    url = serve(bad.parent).base + bad.name
    report = verify(url, workdir=work)
    assert not report.ok
    old, new = hashlib.sha256(original).hexdigest(), hashlib.sha256(path.read_bytes()).hexdigest()
    assert f"resources/allocations.csv: expected SHA-256 {old} (as SHA256SUMS says); found SHA-256 {new}" \
        in fatal(report)
    assert any(f.startswith(f"resources/allocations.csv: expected SHA-256 {old} (as datapackage.json says")
               for f in fatal(report))
    assert main(["verify", url]) == 1
    out = capsys.readouterr().out
    assert "DIFFERS resources/allocations.csv" in out and "result: REJECTED" in out
    assert main(["verify", url, "--json"]) == 1
    as_json = json.loads(capsys.readouterr().out)
    assert as_json["schema_version"] == 2 and as_json["ok"] is False
    differs = [f for f in as_json["findings"] if f["file"] == "resources/allocations.csv"]
    assert len(differs) == 2 and {(f["code"], f["severity"]) for f in differs} == {("SB412", "error")}
    assert f"resources/allocations.csv: expected SHA-256 {old} (as SHA256SUMS says); found SHA-256 {new}" \
        in [f["message"] for f in differs]
    # the checks suite ran on the copy: its findings have the same shape, with the check's evidence
    failing = {f["code"]: f for f in as_json["suite"]["findings"] if f["severity"] == "error"}
    assert "resources_match_build" in failing and failing["resources_match_build"]["evidence"]


def test_a_consistently_forged_release_is_rejected_by_the_checks(release, tmp_path, work):
    """Figure, descriptor and SHA256SUMS all changed together: only re-reading the sources catches it."""
    folder = unzip(release, tmp_path / "unzipped")
    path = folder / "resources" / "allocations.csv"
    path.write_bytes(path.read_bytes().replace(b",215942447,", b",215942448,", 1))
    data = path.read_bytes()
    descriptor_path = folder / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["path"] == "resources/allocations.csv":
            resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
            resource["bytes"] = len(data)
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    sums = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(folder).as_posix()}"
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "SHA256SUMS"]
    (folder / "SHA256SUMS").write_text("\n".join(sums) + "\n")
    report = verify(str(rezip(folder, tmp_path / "forged.zip")), workdir=work)
    assert fatal(report) == [], "the forgery is consistent: every checksum matches"
    assert report.suite is not None and not report.suite.ok
    assert not report.ok
    assert "REJECTED" in report.render()


def test_a_file_missing_from_the_list_or_the_zip(release, tmp_path, work):
    folder = unzip(release, tmp_path / "unzipped")
    (folder / "sources" / "extra.txt").write_text("slipped in\n")
    (folder / "schemas" / "grants.json").unlink()
    report = verify(str(rezip(folder, tmp_path / "odd.zip")), workdir=work, run_checks=False)
    assert "sources/extra.txt: expected only files listed in SHA256SUMS; found a file that is not listed" \
        in fatal(report)
    assert any(f.startswith("schemas/grants.json: expected a file with SHA-256 ") and f.endswith("no such file")
               for f in fatal(report))


def test_a_package_without_sha256sums(release, tmp_path, work):
    folder = unzip(release, tmp_path / "unzipped")
    (folder / "SHA256SUMS").unlink()
    report = verify(str(folder), workdir=work, run_checks=False)
    assert fatal(report)[0] == ("SHA256SUMS: expected a checksum list of every file in the package; "
                                "found no such file (a release made by `statsbidrag dist` has one)")
    # without the list only the files datapackage.json names are copied, so the copy has
    # no checks/ to compare with the tool's: each is reported, none is needed to check
    assert {f.split(":")[0].split("/")[0] for f in fatal(report)[1:]} == {"checks"}


# --------------------------------------------------------------------- refused before reading

@pytest.mark.parametrize("path", ["../outside.csv", "/etc/passwd", "https://example.org/allocations.csv"])
def test_a_descriptor_path_leaving_the_package_is_refused(release, tmp_path, work, path):
    folder = unzip(release, tmp_path / "unzipped")
    (tmp_path / "outside.csv").write_text("region_code\n01\n")
    descriptor_path = folder / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = path
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    name = descriptor["resources"][0]["name"]
    refused(folder, tmp_path, work, "SB421", f"datapackage.json resource '{name}' path", repr(path), "Refused")
    refused(rezip(folder, tmp_path / "escape.zip"), tmp_path, work, "SB421", repr(path), "Refused")


def test_a_served_descriptor_pointing_outside_is_refused_before_any_fetch(release, serve, tmp_path, work):
    site = tmp_path / "site"
    folder = unzip(release, site / "pkg")
    (site / "pkg" / "outside.csv").write_text("secret\n")
    descriptor_path = folder / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["resources"][1]["path"] = "../outside.csv"
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    server = serve(site)
    refused(server.base + f"pkg/{folder.name}/datapackage.json", tmp_path, work, "SB421", "'../outside.csv'", "'..'")
    assert server.requests == [f"/pkg/{folder.name}/datapackage.json"]


@pytest.mark.parametrize("entry", ["../evil.txt", "../../../evil.txt", "statsbidrag/../../../../evil.txt"])
def test_a_zip_entry_escaping_the_folder_is_refused(release, serve, tmp_path, work, entry):
    bad = tmp_path / "served" / "evil.zip"
    bad.parent.mkdir()
    shutil.copy2(release, bad)
    with zipfile.ZipFile(bad, "a") as z:
        z.writestr(entry, b"owned\n")
    refused(bad, tmp_path, work, "SB421", f"entry {entry!r}", "'..'", "nothing was unpacked")
    refused(serve(bad.parent).base + "evil.zip", tmp_path, work, "SB421", f"entry {entry!r}", "nothing was unpacked")
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path.parent / "evil.txt").exists()


def test_a_zip_entry_with_an_absolute_path_is_refused(release, tmp_path, work):
    target = tmp_path / "absolute-evil.txt"
    bad = tmp_path / "abs.zip"
    shutil.copy2(release, bad)
    with zipfile.ZipFile(bad, "a") as z:
        z.writestr(zipfile.ZipInfo(str(target)), b"owned\n")
    refused(bad, tmp_path, work, "SB421", f"entry '{target}'", "an absolute path")
    assert not target.exists()


def test_a_zip_bomb_is_refused(serve, tmp_path, work):
    bomb = tmp_path / "served" / "bomb.zip"
    bomb.parent.mkdir()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("statsbidrag/datapackage.json", b"{}")
        with z.open("statsbidrag/resources/allocations.csv", "w") as entry:
            for _ in range(200):
                entry.write(bytes(1024 * 1024))
    refused(serve(bomb.parent).base + "bomb.zip", tmp_path, work, "SB422", "compression ratio", "zip bomb")
    refused(bomb, tmp_path, work, "SB422", "at most 1,000,000 bytes unpacked in all", "zip bomb",
            limits=Limits(max_total_bytes=1_000_000))


def test_a_resource_over_the_size_limit_is_refused(release, serve, tmp_path, work):
    folder = unzip(release, tmp_path / "site" / "unzipped")
    largest = max((folder / "resources").iterdir(), key=lambda p: p.stat().st_size)  # the only one over
    size, name = largest.stat().st_size, largest.stem
    small = Limits(max_resource_bytes=size - 1)
    expected = [f"resources/{name}.csv (resource '{name}'): expected at most {size - 1:,} bytes",
                f"{size:,} bytes. Refused."]
    refused(release, tmp_path, work, "SB422", *expected, limits=small)
    refused(folder, tmp_path, work, "SB422", *expected, limits=small)
    server = serve(folder.parent)
    refused(server.base + f"{folder.name}/datapackage.json", tmp_path, work, "SB422", *expected, limits=small)
    assert f"/{folder.name}/resources/{name}.csv" not in server.requests, "refused from its declared size"


def test_a_download_over_the_limit_is_refused(release, serve, tmp_path, work):
    url = serve(release.parent).base + release.name
    refused(url, tmp_path, work, "SB422", "expected at most 1,000 bytes", "Content-Length", limits=Limits(max_download_bytes=1000))


@pytest.mark.parametrize("location", ["ftp://127.0.0.1/x.zip", "file:///etc/passwd"])
def test_a_redirect_away_from_http_is_refused(serve, tmp_path, work, location):
    (tmp_path / "empty").mkdir()
    server = serve(tmp_path / "empty")
    before = listing(tmp_path)
    with pytest.raises(StatsbidragError, match="^SB42[56]: ") as caught:  # urllib itself refuses a redirect to file:
        verify(server.base + "redirect-to/" + location, workdir=work)
    assert location in str(caught.value)
    assert listing(tmp_path) == before and list(work.iterdir()) == []


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/x.zip"])
def test_other_kinds_of_address_are_refused(tmp_path, work, target):
    refused(target, tmp_path, work, "SB424", "expected a zip file, a folder or an http(s) address")


def test_nothing_there(tmp_path, work):
    with pytest.raises(StatsbidragError, match="^SB424: .*found nothing there"):
        verify(str(tmp_path / "missing.zip"), workdir=work)


# --------------------------------------------------------------------- http: redirects and one deadline

@pytest.mark.parametrize("location", ["http://10.255.255.1/statsbidrag.zip",  # non-routable: would hang
                                      "http://127.0.0.2:{port}/x.zip", "http://localhost:1/x.zip",
                                      "https://127.0.0.1:{port}/x.zip", "//example.org/x.zip"])
def test_a_redirect_to_another_host_port_or_scheme_is_refused(serve, tmp_path, work, location):
    (tmp_path / "empty").mkdir()
    server = serve(tmp_path / "empty")
    location = location.format(port=server.base.rsplit(":", 1)[1].strip("/"))
    before = listing(tmp_path)
    with pytest.raises(UnsafePackageError, match="^SB425: ") as caught:
        verify(server.base + "redirect-to/" + location, workdir=work)
    assert "same scheme, host and port" in str(caught.value) and "Refused" in str(caught.value)
    assert listing(tmp_path) == before and list(work.iterdir()) == []
    assert len(server.requests) == 1


def test_a_redirect_on_the_same_server_is_followed(release, serve, work):
    server = serve(release.parent)
    report = verify(server.base + "redirect-to/" + "/" + release.name, workdir=work)
    assert report.ok, report.render()
    assert server.requests == ["/redirect-to//" + release.name, "/" + release.name]


class SlowServer:
    """Answers every request with a Content-Length of 1 MiB, then one byte every 0.2 s
    (or, with `silent`, accepts the connection and never answers)."""

    def __init__(self, silent: bool = False):
        import socket
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}/"
        self.silent, self.stop = silent, threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        import time
        conns = []
        self.sock.settimeout(0.1)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
                conns.append(conn)
                if not self.silent:
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\n\r\n")
            except OSError:
                pass
            for conn in conns if not self.silent else []:
                try:
                    conn.sendall(b"P")
                except OSError:
                    pass
            time.sleep(0.1)
        for conn in conns:
            conn.close()
        self.sock.close()

    def close(self):
        self.stop.set()
        self.thread.join(timeout=10)


@pytest.mark.parametrize("silent", [False, True], ids=["one-byte-at-a-time", "never-answers"])
def test_the_whole_download_has_one_deadline(tmp_path, work, monkeypatch, capsys, silent):
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    server = SlowServer(silent)
    try:
        before = listing(tmp_path)
        with pytest.raises(DeadlineError, match="^SB427: ") as caught:
            verify(server.base + "statsbidrag.zip", workdir=work, timeout=1)
        assert "within 1 s" in str(caught.value) and "--timeout" in str(caught.value)
        assert listing(tmp_path) == before and list(work.iterdir()) == []
        assert main(["verify", server.base + "statsbidrag.zip", "--timeout", "0.5"]) == 1
        err = capsys.readouterr().err
        assert "error SB427: " in err and "within 0.5 s" in err
    finally:
        server.close()


@pytest.mark.parametrize("value", ["0", "-3", "soon", "nan"])
def test_a_timeout_that_is_not_a_positive_number_is_a_usage_error(release, capsys, value):
    with pytest.raises(SystemExit) as caught:
        main(["verify", str(release), "--timeout", value])
    assert caught.value.code == 2 and "seconds above 0" in capsys.readouterr().err


# --------------------------------------------------------------------- --sha256 must be a whole SHA-256

@pytest.mark.parametrize("shortened", ["{h8}...{t8}", "{h8}…{t8}", "{short}", "{full}0", "g{rest}", "",
                                       "sha256:{full}"])
def test_a_shortened_or_malformed_sha256_is_a_usage_error(release, serve, capsys, shortened):
    full = hashlib.sha256(release.read_bytes()).hexdigest()
    value = shortened.format(h8=full[:8], t8=full[-8:], full=full, rest=full[1:], short=full[:-1])
    if not value:
        value = " "
    server = serve(release.parent)
    assert main(["verify", server.base + release.name, "--sha256", value]) == 2
    err = capsys.readouterr().err
    assert "error SB501: --sha256: " in err and "64 hexadecimal digits" in err and "REJECTED" not in err
    assert server.requests == [], "nothing is downloaded for a malformed argument"


def test_the_full_sha256_in_capitals_verifies(release, capsys):
    full = hashlib.sha256(release.read_bytes()).hexdigest().upper()
    assert main(["verify", str(release), "--sha256", full]) == 0
    assert "VERIFIED" in capsys.readouterr().out


# --------------------------------------------------------------------- metadata patterns (issue 23)

# Python's re backtracks without end on this claim pattern over the claim's line (a run of words
# that the nested repetition can split in exponentially many ways, then no match): the fresh
# extraction that checks the package used to run until its 10-minute deadline.
BACKTRACKING = r"(?P<amount>(?:\w+\s?)+)(?P<unit>miljoner kronor)!"
CLAIM_REGEX = r"regex = 'fördelas (?P<amount>\d[\d \u00a0]*) (?P<unit>miljoner kronor) till regionerna'"


def _with_claim_regex(release: Path, tmp_path: Path, regex: str) -> Path:
    from helpers import reseal
    folder = unzip(release, tmp_path / "unzipped")
    path = folder / "metadata" / "claims.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(CLAIM_REGEX) == 1, "test setup: the claim's regex is not in metadata/claims.toml"
    path.write_text(text.replace(CLAIM_REGEX, f"regex = '{regex}'"), encoding="utf-8")
    return reseal(folder, tmp_path / "crafted.zip")


def test_a_zip_whose_metadata_pattern_backtracks_is_rejected_without_waiting(release, tmp_path):
    """Run as a user would, in its own process; the timeout only guards the test run (the old
    code ran for the extraction's 10-minute deadline): the result is a rejection naming the line."""
    import subprocess
    import sys
    crafted = _with_claim_regex(release, tmp_path, BACKTRACKING)
    result = subprocess.run([Path(sys.executable).with_name("statsbidrag"), "verify", "--quiet", str(crafted)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "SB428" not in result.stdout + result.stderr  # not the deadline: the pattern ran to its end
    assert "FAIL    resources_match_build" in result.stdout and "sources/skr-2021-fordelning-av-medel.txt:5" \
        in result.stdout and "claim 'skr-2021-fordelas-till-regionerna'" in result.stdout, result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("result: REJECTED")


@pytest.mark.parametrize("regex", [r"(?=fördelas)fördelas (?P<amount>\d+) (?P<unit>miljoner kronor)",
                                   r"(f)ördelas \1 (?P<amount>\d+) (?P<unit>miljoner kronor)"])
def test_a_zip_whose_metadata_pattern_needs_backtracking_is_refused_at_its_line(release, tmp_path, work, regex):
    report = verify(str(_with_claim_regex(release, tmp_path, regex)), workdir=work)
    assert not report.ok and fatal(report) == []
    failing = {r.name: r for r in report.suite.results if r.status == "fail"}
    assert list(failing) == ["resources_match_build"], list(failing)
    message = str(failing["resources_match_build"].rows)
    assert "SB201" in message and "metadata/claims.toml:39" in message and "runs in linear time" in message, message


def test_quiet_prints_only_the_result_of_a_good_package_and_the_failures_of_a_bad_one(release, tmp_path, capsys):
    assert main(["verify", str(release)]) == 0
    loud = capsys.readouterr().out
    assert "warn" in loud and "checks suite:" in loud  # the warnings --quiet leaves out
    assert main(["verify", "--quiet", str(release)]) == 0
    assert capsys.readouterr().out.strip().splitlines() == [line for line in loud.strip().splitlines()
                                                             if line.startswith("result: VERIFIED")]
    crafted = _with_claim_regex(release, tmp_path, BACKTRACKING)
    assert main(["verify", "-q", str(crafted)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.strip().split(":")[0] for line in lines] == ["FAIL    resources_match_build", "result"], lines
