"""The data package: extraction from the sources, determinism, and Frictionless validity."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, snapshot
from helpers import read_csv

from statsbidrag.publish.build import build

REGION_TABLES = 14  # at least: the seeds' 6 and the 8 of excerpts 01-07


def test_each_region_table_holds_every_region_it_does_not_declare_absent(root):
    rows = read_csv(root / "resources" / "allocations.csv")
    regions = {r["region_code"] for r in read_csv(root / "resources" / "regions.csv")}
    tables = [t for t in read_csv(root / "resources" / "tables.csv") if t["kind"] == "regions"]
    absent: dict[str, set[str]] = {}
    for row in read_csv(root / "resources" / "absences.csv"):
        absent.setdefault(row["table_id"], set()).add(row["region_code"])
    assert len(regions) == 21
    by_table: dict[str, list[str]] = {}
    for row in rows:
        by_table.setdefault(row["table_id"], []).append(row["region_code"])
    assert len(tables) >= REGION_TABLES and set(by_table) == {t["table_id"] for t in tables}
    for table in tables:
        codes = by_table[table["table_id"]]
        assert sorted(codes) == sorted(regions - absent.get(table["table_id"], set())), table["table_id"]
        assert int(table["regions_covered"]) == len(codes)
    # the cut-off 2021 cancer table: Gotland absent, with the reason, never an invented amount
    assert absent["cision-2021-cancer-svf"] == {"09"}


def test_amounts_equal_the_printed_text_at_the_recorded_line(root):
    """Re-read every amount from its source line independently of the extractor."""
    sources = {s["source_id"]: s for s in read_csv(root / "resources" / "sources.csv")}
    tables = {t["table_id"]: t for t in read_csv(root / "resources" / "tables.csv")}
    lines = {sid: (root / s["path"]).read_text(encoding="utf-8").split("\n") for sid, s in sources.items()}
    for row in read_csv(root / "resources" / "allocations.csv"):
        table = tables[row["table_id"]]
        line = re.sub(r"<[^>]+>", "", lines[table["source_id"]][int(row["source_line"]) - 1])
        assert row["amount_text"] in line, row
        scale = {"SEK": 1, "MSEK": 1_000_000}[table["unit"]]
        assert int(re.sub(r"\D", "", row["amount_text"])) * scale == int(row["amount_sek"]), row


def test_known_figures_as_a_reader_sees_them_in_the_sources(root):
    """Figures read by eye from the source documents, one per layout."""
    rows = {(r["table_id"], r["region_code"]): int(r["amount_sek"])
            for r in read_csv(root / "resources" / "allocations.csv")}
    assert rows[("skr-2021-kvinnors-halsa", "08")] == 22_212_584            # Kalmar, one value per line
    assert rows[("skr-2021-kvinnors-halsa-tillagg", "25")] == 10_704_243    # Norrbotten, 2nd column
    assert rows[("regeringen-2021-kvinnors-halsa", "09")] == 5_421_491      # Region Gotland, tab separated
    assert rows[("nyhet-2021-tillganglighet-prestation", "14")] == 0        # Västra Götalandsregionen
    assert rows[("regeringen-2024-sammanlagda-medel", "01")] == 2_111_000_000  # "Stockholm 2 111" MSEK
    assert rows[("regeringen-2024-god-och-nara-vard-kommuner", "12")] == 129_000_000  # "\xa0Skåne\xa0 129\xa0"


def test_stated_totals_and_the_prose_breakdown(root):
    tables = {t["table_id"]: t for t in read_csv(root / "resources" / "tables.csv")}
    assert tables["skr-2021-kvinnors-halsa-tillagg"]["stated_total_sek"] == "445000004"
    assert tables["nyhet-2021-tillganglighet-prestation"]["stated_total_text"] == "739\u00a0250 000"
    assert tables["regeringen-2024-god-och-nara-vard-kommuner"]["stated_total_sek"] == "750000000"
    stockholm = tables["vardgivarguiden-2023-stockholm-fordelning"]
    assert (stockholm["stated_total_qualifier"], stockholm["stated_total_sek"]) == ("drygt", "336000000")
    items = read_csv(root / "resources" / "breakdown_items.csv")
    assert [i["amount_sek"] for i in items] == ["242000000", "60000000", "7400000", "27000000"]
    assert items[2]["rounding_step_sek"] == "100000"  # "7,4 miljoner kronor"


def test_sources_are_the_shared_documents_byte_for_byte(root):
    shared = ROOT.parent / "shared"
    archived = read_csv(root / "resources" / "sources.csv")
    assert sorted(s["path"] for s in archived) == sorted(f"sources/{p.name}" for p in (root / "sources").iterdir())
    for source in archived:
        data = (root / source["path"]).read_bytes()
        if shared.is_dir():  # the shared folder is not part of a clean clone
            original, = [folder / source["original_file_name"] for folder in (shared / "seeds", shared / "sources-extra")
                         if (folder / source["original_file_name"]).is_file()]
            assert data == original.read_bytes()
        assert int(source["bytes"]) == len(data)
        assert source["sha256"] == hashlib.sha256(data).hexdigest()


def test_a_rebuild_changes_no_byte(package_copy):
    before = snapshot(package_copy)
    assert build(package_copy) == []
    assert build(package_copy) == []
    assert snapshot(package_copy) == before


def test_a_build_from_scratch_reproduces_the_committed_resources(package_copy):
    committed = snapshot(package_copy / "resources")
    for path in (package_copy / "resources").iterdir():
        path.unlink()
    (package_copy / "datapackage.json").unlink()
    build(package_copy)
    assert snapshot(package_copy / "resources") == committed
    assert (package_copy / "datapackage.json").read_bytes() == (ROOT / "datapackage.json").read_bytes()


def _hold_build_lock(folder: Path) -> subprocess.Popen:
    """Another process holding the folder's build lock, as a running build does."""
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time\n"
        f"fd = os.open({str(folder)!r}, os.O_RDONLY)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "print('locked', flush=True)\n"
        "time.sleep(60)\n")], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def test_a_second_build_in_the_same_folder_is_refused_and_writes_nothing(package_copy):
    from statsbidrag.errors import StatsbidragError
    (package_copy / "resources" / "regions.csv").write_text("changed\n", encoding="utf-8")  # a build would redo it
    before = snapshot(package_copy)
    holder = _hold_build_lock(package_copy)
    try:
        try:
            build(package_copy)
        except StatsbidragError as error:
            assert error.code == "SB609" and str(error).startswith(f"SB609: {package_copy}: ")
            assert "expected no other build or `add --write` running" in str(error)
        else:
            raise AssertionError("a build ran while another held the folder's build lock")
    finally:
        holder.kill()
        holder.wait()
    assert snapshot(package_copy) == before
    build(package_copy)  # the lock went with the process
    assert (package_copy / "resources" / "regions.csv").read_text(encoding="utf-8") != "changed\n"


def test_a_command_does_not_clear_the_stage_of_a_running_build(package_copy, capsys):
    from statsbidrag.cli.main import main
    from statsbidrag.publish.atomic import STAGE, STATE
    staged = package_copy / STATE / STAGE / "resources" / "regions.csv"
    staged.parent.mkdir(parents=True)
    staged.write_text("being written\n", encoding="utf-8")
    holder = _hold_build_lock(package_copy)
    try:
        main(["query", "--root", str(package_copy), "select 1 as one", "--csv"])
    finally:
        holder.kill()
        holder.wait()
    assert staged.read_text(encoding="utf-8") == "being written\n", "check/query deleted a live build's stage"
    assert "a build is running in this folder" in capsys.readouterr().err
