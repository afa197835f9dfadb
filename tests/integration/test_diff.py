"""`statsbidrag diff OLD NEW` on two editions that differ by one source edit: Uppsala's 2024
amount printed 371 (million kronor) in the old edition and 391 in the new, on line 27 of the
press release (its SHA-256 re-pinned in metadata/sources.toml, the package rebuilt)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import copy_package, replace_line, rewrite_source

from statsbidrag.cli.main import main
from statsbidrag.publish.build import build
from statsbidrag.release.diff import BEGIN, END, diff, with_changelog_section

PRESS = "regeringen-2024-pressmeddelande"
PRESS_FILE = "sources/regeringen-2024-pressmeddelande-tidiga-besked.txt"
KEY = {"table_id": "regeringen-2024-sammanlagda-medel", "region_code": "03"}


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("editions")
    old = copy_package(folder / "old")
    new = copy_package(folder / "new")
    rewrite_source(new, PRESS, replace_line(27, "Uppsala 371", "Uppsala 391"))
    build(new)
    return old, new


def zipped(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return target


def test_the_one_edit_is_the_one_change_with_its_source_line_in_each_edition(editions):
    old, new = editions
    result = diff(str(old), str(new))
    changed = {r.name: r for r in result.resources if r.status != "same"}
    assert set(changed) == {"allocations", "sources"}  # the row, and the source's new SHA-256
    allocations = changed["allocations"]
    assert (allocations.added, allocations.removed) == ([], [])
    [row] = allocations.changed
    assert row["key"] == KEY
    assert row["fields"] == {"amount_text": {"old": "371", "new": "391"},
                             "amount_sek": {"old": "371000000", "new": "391000000"}}
    assert row["amounts"] == [{"field": "amount_sek", "old": {"value": "371000000", "at": f"{PRESS_FILE}:27"},
                               "new": {"value": "391000000", "at": f"{PRESS_FILE}:27"}}]
    [source] = changed["sources"].changed
    assert source["key"] == {"source_id": PRESS} and set(source["fields"]) == {"sha256"}


def test_the_command_prints_the_change_and_json_gives_the_same(editions, capsys):
    old, new = editions
    assert main(["diff", str(old), str(new)]) == 0
    text = capsys.readouterr().out
    assert "allocations: 0 added, 0 removed, 1 changed" in text
    assert "~ table_id=regeringen-2024-sammanlagda-medel, region_code=03" in text
    assert f"amount_sek 371 000 000 at {PRESS_FILE}:27 -> 391 000 000 at {PRESS_FILE}:27" in text
    assert main(["diff", str(old), str(new), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema_version"] == 2 and data["same"] is False
    [allocations] = [r for r in data["resources"] if r["name"] == "allocations"]
    assert allocations["changed"][0]["key"] == KEY


def test_a_zip_and_its_folder_are_the_same_edition(editions, tmp_path):
    old, new = editions
    result = diff(str(zipped(new, tmp_path / "new.zip")), str(new))
    assert result.same and "no data changed" in result.render()
    assert not diff(str(zipped(old, tmp_path / "old.zip")), str(new)).same


def test_rows_added_and_removed_are_listed_by_their_keys(editions, tmp_path):
    old, _ = editions
    edited = copy_package(tmp_path / "edited")
    path = edited / "resources" / "regions.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    dropped = lines.pop(1)  # Stockholm, 01
    path.write_text("\n".join(lines), encoding="utf-8")
    [regions] = [r for r in diff(str(old), str(edited)).resources if r.name == "regions"]
    assert dropped.startswith("01,") and regions.removed == [{"region_code": "01"}] and regions.added == []
    [back] = [r for r in diff(str(edited), str(old)).resources if r.name == "regions"]
    assert back.added == [{"region_code": "01"}]


def test_a_path_leaving_the_package_is_refused(editions, tmp_path, capsys):
    old, _ = editions
    evil = copy_package(tmp_path / "evil")
    descriptor = json.loads((evil / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = "../../etc/passwd"
    (evil / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert main(["diff", str(old), str(evil)]) == 1
    assert "SB421" in capsys.readouterr().err


def test_the_changelog_section_is_written_under_the_version_and_replaced_on_a_second_run(editions):
    old, new = editions
    result = diff(str(old), str(new))
    changelog = "# Changelog\n\n## 0.2.0 (2027-01-01)\n\nCorrected Uppsala.\n\n## 0.1.0 (2026-11-23)\n\nFirst.\n"
    once = with_changelog_section(changelog, "0.2.0", result)
    assert with_changelog_section(once, "0.2.0", result) == once
    section = once.split("## 0.2.0 (2027-01-01)\n")[1].split("## 0.1.0")[0]
    assert section.startswith("\n" + BEGIN) and END in section and "Corrected Uppsala." in section
    assert f"371 000 000 (`{PRESS_FILE}:27`) → 391 000 000 (`{PRESS_FILE}:27`)" in section
    assert once.endswith("## 0.1.0 (2026-11-23)\n\nFirst.\n")
