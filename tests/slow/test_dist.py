"""`statsbidrag dist`: the release zip, its reproducibility, and that it stands on its own."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from conftest import PACKAGE_PARTS, ROOT, copy_package, regions_money_by_year, replace_line, rewrite_source

import statsbidrag
from statsbidrag._version import install_hint
from statsbidrag.cli.main import main
from statsbidrag.errors import StatsbidragError
from statsbidrag.publish.sqlite_export import SQLITE_FILE
from statsbidrag.release.dist import TOP_FILES, make_release

BIN = Path(sys.executable).parent
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$")


PROJECT_FILES = ["CHANGELOG.md", "pyproject.toml", "README.md", "hatch_build.py", *TOP_FILES]


def tree(target: Path) -> Path:
    """A copy of the checkout (package, CHANGELOG, licences, the code the wheel is built from),
    not built here: the tests build it (from_scratch, or after changing a source)."""
    copy_package(target)
    for name in PROJECT_FILES:
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, target / name)
    shutil.copytree(ROOT / "src", target / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def from_scratch(target: Path) -> Path:
    """A copy of the checkout's sources built from scratch: no CSV and no descriptor before the build."""
    package = tree(target)
    for path in (package / "resources").iterdir():
        path.unlink()
    (package / "datapackage.json").unlink()
    return package


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    """The tree a maintainer releases, built from scratch once for the module: the tests read it,
    or change a copy of it (copy_of)."""
    package = from_scratch(tmp_path_factory.mktemp("tree") / "package")
    assert main(["build", "--root", str(package)]) == 0
    return package


def copy_of(package: Path, target: Path) -> Path:
    """A copy of the built tree: the same bytes as copying the checkout and building it again."""
    shutil.copytree(package, target)
    return target


@pytest.fixture(scope="module")
def released(package, tmp_path_factory):
    return make_release(package, tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def release(released) -> Path:
    return released.path


@pytest.fixture(scope="module")
def unzipped(release, tmp_path_factory) -> Path:
    """The release unpacked far from any checkout: the folder a downloader works in."""
    dest = tmp_path_factory.mktemp("download") / f"statsbidrag-{version()}"
    with zipfile.ZipFile(release) as z:
        z.extractall(dest)
    return dest


def version() -> str:
    return json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["version"]


def clean_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STATSBIDRAG")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


# --------------------------------------------------------------------- contents

def test_the_zip_holds_the_package_at_its_root(package, release):
    assert release.name == f"statsbidrag-{version()}.zip"
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    expected = {"datapackage.json", "README.md", "CHANGELOG.md", "SHA256SUMS", *TOP_FILES}
    for part in PACKAGE_PARTS:  # resources, schemas, sources, metadata, sql, checks
        if (package / part).is_dir():
            expected |= {p.relative_to(package).as_posix() for p in (package / part).rglob("*")
                         if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")}
    views = [re.sub(r"^\d+_", "", p.stem) for p in (package / "sql" / "views").glob("*.sql")]
    expected |= {f"parquet/{name}.parquet" for name in [r["name"] for r in descriptor["resources"]] + views}
    with zipfile.ZipFile(release) as z:
        names = z.namelist()
    assert names == sorted(names)
    assert set(names) == expected
    assert not any(n.endswith(".duckdb") for n in names)


def test_entries_have_fixed_timestamps_modes_and_no_compression(release):
    with zipfile.ZipFile(release) as z:
        for info in z.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0), info.filename
            assert info.external_attr >> 16 == 0o100644, info.filename
            assert info.compress_type == zipfile.ZIP_STORED, info.filename
            assert info.create_system == 3, info.filename


def test_sha256sums_lists_every_other_file_with_its_hash(release):
    with zipfile.ZipFile(release) as z:
        files = {n: z.read(n) for n in z.namelist()}
    listed = {}
    for line in files.pop("SHA256SUMS").decode().splitlines():
        digest, path = line.split("  ", 1)
        listed[path] = digest
    assert listed == {path: hashlib.sha256(data).hexdigest() for path, data in files.items()}


def test_the_parquet_files_hold_the_csv_rows(unzipped):
    import duckdb
    con = duckdb.connect()
    descriptor = json.loads((unzipped / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        with (unzipped / resource["path"]).open(encoding="utf-8", newline="") as handle:
            csv_rows = sum(1 for _ in csv.reader(handle)) - 1
        parquet = unzipped / "parquet" / f"{resource['name']}.parquet"
        assert con.sql(f"select count(*) from '{parquet}'").fetchall()[0][0] == csv_rows, resource["name"]


def test_the_readme_says_what_is_inside_and_how_to_cite(unzipped):
    readme = (unzipped / "README.md").read_text(encoding="utf-8")
    descriptor = json.loads((unzipped / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert f"| `{resource['name']}` |" in readme
    with (ROOT / "resources" / "allocations.csv").open(encoding="utf-8", newline="") as handle:
        allocations = sum(1 for _ in csv.reader(handle)) - 1
    assert allocations > 126                         # more than the 6 tables of the seeds
    assert f"| `allocations` | {allocations} |" in readme
    assert "| `regions` | 21 |" in readme
    for fragment in ("sha256sum -c SHA256SUMS", "frictionless validate --type package datapackage.json",
                     f'pip install "statsbidrag-{version()}-py3-none-any.whl"',  # the file dist writes
                     f'pip install "statsbidrag-{version()}-py3-none-any.whl[serve]"',
                     "## Licence", "CC0", "## How to cite", f"version {version()}", "CHANGELOG.md",
                     "No DuckDB database file is shipped"):
        assert fragment in readme, fragment
    assert "{{" not in readme


# --------------------------------------------------------------------- reproducible

def scramble_file_metadata(folder: Path) -> None:
    """What differs on another machine: modification times, permissions, creation order."""
    for i, path in enumerate(sorted(folder.rglob("*"), reverse=True)):
        if path.is_file():
            path.chmod(0o600 if i % 2 else 0o664)
            os.utime(path, (1_000_000_000 + i * 7919, 1_000_000_000 + i * 7919))


def test_the_release_is_byte_for_byte_reproducible(released, tmp_path, capsys):
    """Two trees, each built from sources/ from scratch (CSVs, descriptor, Parquet), then released:
    the module's (by make_release, into a folder outside it) and here another copy of the sources
    with the file metadata another machine gives it, by the command line (into its dist/), twice:
    the zip, the wheel, the SQLite file and the catalogue have the same bytes every time."""
    package = from_scratch(tmp_path / "package")
    scramble_file_metadata(package)
    assert main(["build", "--root", str(package)]) == 0
    for _ in range(2):  # dist again, unchanged tree: same bytes
        assert main(["dist", "--root", str(package)]) == 0
        out = capsys.readouterr().out
        zips = list((package / "dist").glob("statsbidrag-*.zip"))
        assert [z.name for z in zips] == [f"statsbidrag-{version()}.zip"]
        digest = hashlib.sha256(zips[0].read_bytes()).hexdigest()
        assert f"SHA-256 {digest}" in out and f"--sha256 {digest}`" in out  # in full, never shortened
        sums = (package / "dist" / "SHA256SUMS").read_text()
        assert len(sums.splitlines()) == 5  # zip, wheel, SQLite, catalog.ttl, catalog.rdf
        assert sums == "".join(f"{sha}  {name}\n" for name, sha in sorted(released.outputs.items()))
        assert sums == (released.folder / "SHA256SUMS").read_text()


def test_the_release_folder_holds_zip_wheel_sqlite_catalogue_and_their_sums(released):
    folder = released.folder
    names = {f"statsbidrag-{version()}.zip", f"statsbidrag-{version()}-py3-none-any.whl", SQLITE_FILE,
             "catalog.ttl", "catalog.rdf"}
    assert {p.name for p in folder.iterdir()} == names | {"SHA256SUMS"}
    # the install hints (serve, report, verify of another version) name the wheel dist wrote
    assert re.search(r'pip install "([^"\[]+)\[serve\]"', install_hint("serve"))[1] in names
    result = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(result.stdout.splitlines()) == sorted(f"{n}: OK" for n in names)


def test_frictionless_validates_every_resource_of_the_zip_itself(released):
    result = subprocess.run([BIN / "frictionless", "validate", "--type", "package", "--json", released.path.name],
                            cwd=released.folder, env=clean_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    descriptor = json.loads(released.files["datapackage.json"])
    assert report["valid"] is True
    assert sorted(task["name"] for task in report["tasks"]) == sorted(r["name"] for r in descriptor["resources"])
    assert all(task["valid"] for task in report["tasks"])


def test_the_release_catalogue_lists_every_download_with_its_size_and_conforms(released):
    """The catalogue beside the zip (the one to register with dataportal.se) lists the zip, the
    SQLite file and the Parquet files besides the CSVs, each with its true size, and passes
    the DCAT-AP 3.0.0 shapes; the zip holds the package's own catalogue from the build."""
    rdflib = pytest.importorskip("rdflib")
    pyshacl = pytest.importorskip("pyshacl", reason="pyshacl validates the catalogue (the test extra)")
    shapes = ROOT / "tests" / "data" / "dcat-ap" / "dcat-ap-3.0.0-SHACL.ttl"
    graph = rdflib.Graph().parse(released.folder / "catalog.ttl", format="turtle")
    conforms, _, text = pyshacl.validate(graph, shacl_graph=rdflib.Graph().parse(shapes), inference="rdfs")
    assert conforms, text
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    base = "https://example.org/statsbidrag/"
    sizes = {str(graph.value(d, dcat.downloadURL)).removeprefix(base): int(graph.value(d, dcat.byteSize))
             for d in graph.subjects(rdflib.RDF.type, dcat.Distribution)}
    zip_name = released.path.name
    assert sizes[zip_name] == released.path.stat().st_size
    assert sizes[SQLITE_FILE] == (released.folder / SQLITE_FILE).stat().st_size
    parquet = {rel: data for rel, data in released.files.items() if rel.endswith(".parquet")}
    assert parquet and all(sizes[rel] == len(data) for rel, data in parquet.items())
    assert all(sizes[rel] == len(released.files[rel]) for rel in sizes if rel.startswith("resources/"))
    assert not [rel for rel in sizes if rel.endswith(".xlsx")] or any(p.suffix == ".xlsx"
                                                                       for p in released.folder.iterdir())
    with zipfile.ZipFile(released.path) as archive:
        assert archive.read("catalog.ttl") == (ROOT / "catalog.ttl").read_bytes()


def test_dist_previous_writes_the_data_changes_into_the_changelog(package, tmp_path, capsys):
    """The previous edition printed Uppsala's 2024 amount as 391 (million); this one prints 371."""
    previous = tree(tmp_path / "previous")
    rewrite_source(previous, "regeringen-2024-pressmeddelande", replace_line(27, "Uppsala 371", "Uppsala 391"))
    assert main(["build", "--root", str(previous)]) == 0
    package = copy_of(package, tmp_path / "package")
    released = make_release(package, tmp_path / "dist", wheel=False, previous=str(previous))
    changelog = (package / "CHANGELOG.md").read_text(encoding="utf-8")
    line = ("table_id=regeringen-2024-sammanlagda-medel, region_code=03: amount_sek 391 000 000 "
            "(`sources/regeringen-2024-pressmeddelande-tidiga-besked.txt:27`) → 371 000 000 "
            "(`sources/regeringen-2024-pressmeddelande-tidiga-besked.txt:27`)")
    assert line in changelog
    assert released.files["CHANGELOG.md"].decode("utf-8") == changelog  # the zip carries it


def test_dist_refuses_a_package_whose_checks_fail(tmp_path, capsys):
    """A consistent build of a changed source: every file is what build makes, but a total is off."""
    package = tree(tmp_path / "package")
    rewrite_source(package, "nyhet-739-miljoner", replace_line(107, "250 000", "250 001"))
    assert main(["build", "--root", str(package)]) == 0
    capsys.readouterr()
    assert main(["dist", "--root", str(package)]) == 1
    err = capsys.readouterr().err
    assert "error SB603: " in err and "expected every check to pass before a release is made" in err
    assert "table_totals" in err
    assert not (package / "dist" / "SHA256SUMS").exists()
    assert not list((package / "dist").glob("*.zip"))


# --------------------------------------------------------------------- stands on its own

def test_check_inside_the_unzipped_release_checks_that_folder(unzipped, tmp_path):
    """Issue 15: `statsbidrag check` in an unzipped release whose amount was changed fails."""
    folder = tmp_path / unzipped.name
    shutil.copytree(unzipped, folder)
    cli = [str(BIN / "statsbidrag"), "check"]
    assert subprocess.run(cli, cwd=folder, env=clean_env(), capture_output=True).returncode == 0
    path = folder / "resources" / "allocations.csv"
    path.write_bytes(path.read_bytes().replace(b",215942447,", b",-5,", 1))
    result = subprocess.run(cli, cwd=folder / "resources", env=clean_env(), capture_output=True, text=True)
    assert result.returncode == 1, result.stdout
    assert f"package {folder} (nearest folder holding datapackage.json)" in result.stderr


def test_query_in_the_unzipped_release_says_it_is_read_only_and_points_to_verify(unzipped, tmp_path):
    folder = tmp_path / unzipped.name
    shutil.copytree(unzipped, folder)
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    result = subprocess.run([str(BIN / "statsbidrag"), "query", "select count(*) from regions"], cwd=folder,
                            env=clean_env(), capture_output=True, text=True)
    assert result.returncode == 0 and "21" in result.stdout, result.stdout + result.stderr
    assert "downloaded release, read only here" in result.stderr and "statsbidrag verify ." in result.stderr
    assert "statsbidrag build" not in result.stderr
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before


def test_frictionless_validates_the_unzipped_package(unzipped):
    result = subprocess.run([BIN / "frictionless", "validate", "--type", "package", "datapackage.json"],
                            cwd=unzipped, env=clean_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def code_blocks(readme: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", readme, flags=re.DOTALL)


def test_the_readme_duckdb_commands_run_in_the_unzipped_folder(unzipped, tmp_path):
    """Every `duckdb` line of the README, with the DuckDB command line (1.5.x from PyPI)."""
    cli = shutil.which("duckdb", path=str(BIN))
    if cli is None:
        pytest.skip("the duckdb command line (duckdb-cli, a test dependency) is not installed")
    folder = tmp_path / "copy"
    shutil.copytree(unzipped, folder)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    commands = [line.split("  #")[0] for block in code_blocks(readme, "sh") for line in block.splitlines()
                if line.startswith("duckdb ")]
    assert len(commands) == 4, commands
    outputs = []
    for command in commands:
        result = subprocess.run([cli, *shlex.split(command)[1:]], cwd=folder, env=clean_env(),
                                capture_output=True, text=True)
        assert result.returncode == 0 and not result.stderr, f"{command}\n{result.stdout}{result.stderr}"
        outputs.append(result.stdout)
    assert (folder / "statsbidrag.duckdb").is_file()
    # Stockholm's share of maternity care 2021, as printed in the SKR source (line 25)
    assert "215942447" in outputs[1] and "Stockholm" in outputs[1]
    # The allocation table totals as printed: 937 000 000 kr for maternity care 2021
    assert "937000000" in outputs[2]
    # The regions' money per year (issue 15), each grant once: not what a sum over
    # allocations.parquet gives (3 058 250 004 for 2021 before the cancer table was added).
    money = regions_money_by_year()
    assert str(money[2021]) in outputs[3] and str(money[2024]) in outputs[3]


def test_the_readme_parquet_recipe_with_pandas_counts_each_grant_once(unzipped):
    pytest.importorskip("pyarrow", reason="pandas reads Parquet with pyarrow (a test dependency)")
    readme = (unzipped / "README.md").read_text(encoding="utf-8")
    [recipe] = [block for block in code_blocks(readme, "python") if "read_parquet" in block]
    result = subprocess.run([sys.executable, "-c", recipe], cwd=unzipped, env=clean_env(),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    money = regions_money_by_year()
    assert re.search(rf"2021\s+{money[2021]}", result.stdout) and re.search(rf"2024\s+{money[2024]}", result.stdout), \
        result.stdout


def test_the_readme_python_example_runs_in_the_unzipped_folder(unzipped):
    readme = (unzipped / "README.md").read_text(encoding="utf-8")
    [example] = [block for block in code_blocks(readme, "python") if "load_csv.sql" in block]
    result = subprocess.run([sys.executable, "-c", example], cwd=unzipped, env=clean_env(),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Stockholm" in result.stdout and "2021" in result.stdout and "2024" in result.stdout
    assert not (unzipped / "statsbidrag.duckdb").exists()


def fenced_blocks(readme: str) -> list[tuple[int, str, str]]:
    """(line, info string, body) of every fenced code block."""
    return [(readme[:m.start()].count("\n") + 1, m.group(1).strip(), m.group(2))
            for m in re.finditer(r"^```([^\n]*)\n(.*?)^```", readme, flags=re.DOTALL | re.MULTILINE)]


def test_every_block_of_the_release_readme_runs_as_written(unzipped, tmp_path):
    """The zip's README, as the main README's test reads it: `sh` blocks run with bash -e and
    `python` blocks with Python, in order, in a copy of the unzipped folder, with the tool,
    DuckDB's command line and frictionless on the PATH; `sh no-test` (installing the wheel
    into another environment: tests/slow/test_wheel.py) and `text` never run."""
    if shutil.which("duckdb", path=str(BIN)) is None:
        pytest.skip("the duckdb command line (duckdb-cli, a test dependency) is not installed")
    folder = tmp_path / unzipped.name
    shutil.copytree(unzipped, folder)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    blocks = fenced_blocks(readme)
    assert {info for _, info, _ in blocks} <= {"sh", "python", "sh no-test", "text"}, blocks
    ran = 0
    for line, info, body in blocks:
        if info not in ("sh", "python"):
            continue
        command = ["bash", "-e", "-c", body] if info == "sh" else [sys.executable, "-c", body]
        result = subprocess.run(command, cwd=folder, env=clean_env(), capture_output=True, text=True)
        assert result.returncode == 0, f"README.md:{line} ({info}):\n{body}\n{result.stdout}{result.stderr}"
        ran += 1
        if "region_year_totals" in body and "sum(" in body:  # the regions' money per year, each krona once
            money = regions_money_by_year()
            assert str(money[2024]) in result.stdout.replace(" ", ""), result.stdout
            assert "2026" not in result.stdout.split("2025")[-1]  # 2026 is ceilings only: no total
    assert ran >= 6


def test_the_release_readme_adds_up_only_what_may_be_added_up(unzipped):
    """A sum per year of grant_allocations (or allocations) adds ceilings, frames, money to the
    municipalities and preliminary totals holding other grants: the README never does it."""
    readme = (unzipped / "README.md").read_text(encoding="utf-8")
    for _, _info, body in fenced_blocks(readme):
        for statement in re.split(r"[\n;]", body):
            if re.search(r"sum\(", statement, re.IGNORECASE) and re.search(r"group by year", statement, re.I):
                assert "region_year_totals" in statement, statement


# --------------------------------------------------------------------- refusals

def test_dist_refuses_a_tree_that_is_not_what_build_makes(package, tmp_path):
    package = copy_of(package, tmp_path / "package")
    path = package / "resources" / "allocations.csv"
    path.write_bytes(path.read_bytes().replace(b"215942447", b"215942448"))
    with pytest.raises(StatsbidragError, match="^SB604: ") as caught:
        make_release(package)
    message = str(caught.value)
    assert "resources/allocations.csv" in message and "Run `statsbidrag build`" in message
    assert not (package / "dist").exists() or not list((package / "dist").glob("*.zip"))


def test_a_dist_that_fails_leaves_the_release_folder_as_it_was(package, released, tmp_path, monkeypatch):
    """Every output is made in a staging folder and moved in only when all are made: a dist
    that fails at a later output (here statsbidrag.sqlite, on a full disk) changes no file of
    dist/, so SHA256SUMS still lists the files beside it, and leaves no staging folder."""
    from statsbidrag.publish import sqlite_export
    package = copy_of(package, tmp_path / "package")
    out = tmp_path / "dist"
    shutil.copytree(released.folder, out)  # a release folder as dist left it
    (out / released.path.name).write_bytes(b"the previous release's zip")
    (out / "SHA256SUMS").write_bytes(b"the previous release's sums")

    def contents() -> dict[str, bytes | None]:
        return {p.name: p.read_bytes() if p.is_file() else None for p in out.iterdir()}
    before = contents()

    def full_disk(root, target):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(sqlite_export, "write_sqlite", full_disk)
    with pytest.raises(OSError, match="No space left"):
        make_release(package, out, wheel=False)
    assert contents() == before


def test_dist_needs_a_changelog_entry_for_the_version(package, tmp_path, capsys):
    package = copy_of(package, tmp_path / "package")
    changelog = package / "CHANGELOG.md"
    changelog.write_text(re.sub(r"^## \S+ \(", "## 0.0.1 (", changelog.read_text(encoding="utf-8"),
                                flags=re.MULTILINE), encoding="utf-8")
    assert main(["dist", "--root", str(package)]) == 1
    err = capsys.readouterr().err
    assert f"error SB605: CHANGELOG.md: expected a section '## {version()} (YYYY-MM-DD)'" in err


# --------------------------------------------------------------------- version

def test_the_version_is_semantic_and_written_once():
    assert SEMVER.match(statsbidrag.__version__), statsbidrag.__version__
    assert version() == statsbidrag.__version__
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["hatch"]["version"]["path"] == "src/statsbidrag/_version.py"
    assert "version" not in tomllib.loads((ROOT / "metadata" / "package.toml").read_text(encoding="utf-8"))
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(version())} \(\d{{4}}-\d{{2}}-\d{{2}}\)$", changelog, re.MULTILINE)


def test_the_changelog_counts_match_the_published_tables():
    """'`allocations` (126' in the current version's section must be the CSV's row count."""
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    section = changelog.split(f"## {version()} (", 1)[1].split("\n## ", 1)[0]
    stated = dict(re.findall(r"`(\w+)` \((\d+)", section))
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["name"] for r in descriptor["resources"]} <= set(stated), "every table is named with its rows"
    for resource in descriptor["resources"]:
        with (ROOT / resource["path"]).open(encoding="utf-8", newline="") as handle:
            rows = sum(1 for _ in csv.reader(handle)) - 1
        assert int(stated[resource["name"]]) == rows, f"CHANGELOG.md says `{resource['name']}` ({stated[resource['name']]})"
