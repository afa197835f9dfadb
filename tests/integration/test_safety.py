"""Refusals: formula-like text at build time; unsafe paths, zip entries and sizes on download."""

from __future__ import annotations

import csv
import json
import random
import stat
import zipfile
from pathlib import Path

import pytest
from conftest import snapshot

from statsbidrag.errors import MetadataError, UnsafePackageError, UnsafeTextError
from statsbidrag.paths import safe_relative_path
from statsbidrag.publish.build import build
from statsbidrag.publish.formulas import refuse_formula_text
from statsbidrag.release.zipsafety import Limits, check_zip, extract_zip

SCHEMA = {"fields": [{"name": "id", "type": "string"}, {"name": "label", "type": "string"},
                     {"name": "amount", "type": "integer"}], "primaryKey": ["id"]}


# --------------------------------------------------------------------- formula text

@pytest.mark.parametrize("value", ["=1+1", "+46 8 123", "-5 000", "@SUM(A1)", '=HYPERLINK("http://x","y")'])
def test_text_starting_like_a_formula_is_refused(value):
    records = [{"id": "a", "label": "fine", "amount": 1}, {"id": "b", "label": value, "amount": 2}]
    with pytest.raises(UnsafeTextError, match="^SB602: ") as caught:
        refuse_formula_text(SCHEMA, records, "things")
    message = str(caught.value)
    for fragment in ("resources/things.csv line 3", "row 2", "id 'b'", "column 'label'", repr(value),
                     "=, +, - or @", "formula"):
        assert fragment in message, message


@pytest.mark.parametrize("value", ["=1+1", "+46 8 123", "-5 000", "@SUM(A1)", '=HYPERLINK("http://x","y")',
                                   "=a,b", "=a\nb", '@"q"'])
@pytest.mark.parametrize("column", ["id", "label"])
def test_rendering_a_csv_refuses_formula_text_in_any_cell(value, column):
    """render_csv, which every build runs, refuses a cell starting like a formula in any text
    column, quoted in the CSV or not."""
    from statsbidrag.publish.render import render_csv
    records = [{"id": "a", "label": "fine,\nquoted", "amount": 1}, {"id": "b", "label": "ok", "amount": -2}]
    records[1][column] = value
    with pytest.raises(UnsafeTextError):
        render_csv(SCHEMA, records, "things")
    records[1][column] = "x" + value
    render_csv(SCHEMA, records, "things")  # a sign inside the text is no formula
    records[1][column] = "x\n" + value
    render_csv(SCHEMA, records, "things")  # nor one after a line break inside a cell


@pytest.mark.parametrize("value", ["=1+1", "+46 8 123", "-5 000", "@SUM(A1)", '=HYPERLINK("http://x","y")',
                                   "=a,b", "=a\nb", '@"q"'])
@pytest.mark.parametrize("column", [0, 1, 2])
def test_the_formula_scan_of_a_rendered_csv_suspects_every_formula_cell(value, column):
    """may_hold_formula_text, the fast scan of the CSV text that decides whether
    refuse_formula_text looks value by value, suspects a cell starting like a formula in
    any column, quoted or not, and clears a CSV with none (so it can fail both ways)."""
    import csv
    import io

    from statsbidrag.publish.formulas import may_hold_formula_text

    def rendered(cells: list[str]) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([["id", "label", "note"], ["a", "x, y", "1 - 2"], cells])
        return buffer.getvalue()
    cells = ["b", 'say "hi"', "line\nbreak"]
    assert not may_hold_formula_text(rendered(cells))
    cells[column] = value
    assert may_hold_formula_text(rendered(cells))


def test_numbers_and_inner_signs_are_not_formulas():
    records = [{"id": "a", "label": "Region Jönköpings län", "amount": -5},
               {"id": "b", "label": "1 000 - 2 000 = ?", "amount": 0},
               {"id": "c", "label": "", "amount": None}]
    refuse_formula_text(SCHEMA, records, "things")  # no error: integers are typed, not text


def test_every_published_text_value_passes(root):
    """Read the published CSVs independently: no text cell starts like a formula."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    checked = 0
    for resource in descriptor["resources"]:
        schema = json.loads((root / resource["schema"]).read_text(encoding="utf-8"))
        numeric = {f["name"] for f in schema["fields"] if f["type"] in ("integer", "number", "year")}
        with (root / resource["path"]).open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                for column, value in row.items():
                    if column not in numeric and value:
                        checked += 1
                        assert value[0] not in "=+-@", f"{resource['path']}:{line} {column}={value!r}"
    assert checked >= 126  # at least the allocations' text columns were read


@pytest.mark.parametrize("file, old, prefix", [
    ("grants.toml", 'title = "Accessibility 2021', '=HYPERLINK(\\"http://example.org\\")'),
    ("sources.toml", 'publisher = "Regeringen', "@SUM(A1)"),
    ("regions.toml", 'aliases = ["Jönköpings län"', "+cmd|' /C calc'!A0 "),
])
def test_build_refuses_a_formula_in_metadata_naming_the_toml_entry(package_copy, file, old, prefix):
    meta = package_copy / "metadata" / file
    text = meta.read_text(encoding="utf-8")
    assert old in text
    key, value = old.split(" = ")
    new = f'{key} = {value[0]}{prefix}{value[1:]}' if value[0] == '"' else f'{key} = ["{prefix}{value[2:]}'
    meta.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    before = snapshot(package_copy)
    with pytest.raises(MetadataError, match="^SB201: ") as caught:
        build(package_copy)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == (f"metadata/{file}", line)
    assert problem.key.startswith(key) and "formula" in problem.expected
    assert "resources/" not in str(caught.value)
    assert snapshot(package_copy) == before


# --------------------------------------------------------------------- paths

@pytest.mark.parametrize("path", ["../outside.csv", "resources/../../x.csv", "/etc/passwd", "\\\\server\\x",
                                  "C:/x.csv", "c:x.csv", "https://example.org/x.csv", "file:///etc/passwd",
                                  "//example.org/x", "resources\\x.csv", "a//b.csv", "./x.csv", "", "x\x00.csv",
                                  None, 3])
def test_unsafe_paths_are_refused(path):
    with pytest.raises(UnsafePackageError) as caught:
        safe_relative_path(path, "datapackage.json resource 'x' path")
    message = str(caught.value)
    assert caught.value.code == "SB421"
    assert message.startswith("SB421: datapackage.json resource 'x' path: expected a relative path inside the package")
    assert repr(path) in message and "Refused" in message


@pytest.mark.parametrize("path", ["datapackage.json", "resources/allocations.csv", "sql/views/10_x.sql",
                                  "sources/a..b.txt"])
def test_plain_relative_paths_pass(path):
    assert safe_relative_path(path, "x") == path


# --------------------------------------------------------------------- zip entries

def make_zip(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, data)
    return path


def symlink_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


@pytest.mark.parametrize("entry, fragment", [
    ("../evil.txt", "'..'"),
    ("pkg/../../../evil.txt", "'..'"),
    ("/tmp/evil.txt", "absolute path"),
    ("..\\..\\evil.txt", "backslash"),
    ("C:/evil.txt", "drive letter"),
])
def test_extract_refuses_entries_that_escape(tmp_path, entry, fragment):
    archive = make_zip(tmp_path / "evil.zip", [("pkg/datapackage.json", b"{}"), (entry, b"owned")])
    dest = tmp_path / "out" / "dest"
    dest.mkdir(parents=True)
    before = snapshot(tmp_path)
    with pytest.raises(UnsafePackageError, match="^SB421: ") as caught:
        extract_zip(archive, dest, Limits())
    message = str(caught.value)
    assert f"evil.zip entry {entry!r}" in message and fragment in message, message
    assert "nothing was unpacked" in message
    assert snapshot(tmp_path) == before
    assert list(dest.iterdir()) == []


def test_extract_refuses_a_symbolic_link(tmp_path):
    archive = make_zip(tmp_path / "link.zip", [("pkg/datapackage.json", b"{}"),
                                               (symlink_entry("pkg/resources"), b"/etc")])
    with pytest.raises(UnsafePackageError, match=r"^SB421: .*entry 'pkg/resources'.*found a symbolic link"):
        extract_zip(archive, tmp_path, Limits())
    assert not (tmp_path / "pkg").exists()


def test_extract_refuses_a_duplicate_name(tmp_path):
    archive = tmp_path / "dup.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("pkg/a.csv", b"1")
        with pytest.warns(UserWarning):
            z.writestr("pkg/a.csv", b"2")
    with pytest.raises(UnsafePackageError, match=r"^SB421: .*'pkg/a.csv': expected each name once; found it twice"):
        extract_zip(archive, tmp_path / "x", Limits())


def test_zip_bomb_of_200_mib_of_zeros_is_refused_by_its_ratio(tmp_path):
    """Written in 1 MiB chunks, so the test itself never holds 200 MiB; at zlib's fastest level
    (about 230:1 here, well over the limit of 100:1, at a third of the default level's time)."""
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("pkg/datapackage.json", b"{}")
        with z.open("pkg/resources/zeros.csv", "w") as entry:
            chunk = bytes(1024 * 1024)
            for _ in range(200):
                entry.write(chunk)
    assert archive.stat().st_size < 2 * 1024 * 1024
    dest = tmp_path / "dest"
    dest.mkdir()
    with pytest.raises(UnsafePackageError, match="^SB422: ") as caught:
        extract_zip(archive, dest, Limits())
    message = str(caught.value)
    assert "'pkg/resources/zeros.csv'" in message and "compression ratio of at most 100:1" in message
    assert "209,715,200" in message and "zip bomb" in message
    assert list(dest.iterdir()) == []


@pytest.mark.parametrize("size", [1024 * 1024, 1024 * 1024 - 1, 64 * 1024, 8 * 1024])
def test_every_entry_compressed_more_than_100_to_1_is_refused_whatever_its_size(tmp_path, size):
    """Exactly 1 MiB at about 1000:1 passed once: the ratio held only above 1 MiB."""
    archive = tmp_path / "small-bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("pkg/resources/zeros.csv", bytes(size))
    [info] = zipfile.ZipFile(archive).infolist()
    assert info.file_size > 100 * info.compress_size, "test setup: the entry must compress more than 100:1"
    dest = tmp_path / "dest"
    dest.mkdir()
    with pytest.raises(UnsafePackageError, match="^SB422: .*compression ratio of at most 100:1"):
        extract_zip(archive, dest, Limits())
    assert list(dest.iterdir()) == []


def test_an_entry_compressed_at_most_100_to_1_unpacks(tmp_path):
    archive = tmp_path / "text.zip"
    rng = random.Random(1)
    text = "".join(rng.choice("abcdefghij ,0123456789\n") for _ in range(200_000)).encode()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("pkg/resources/text.csv", text)
    [info] = zipfile.ZipFile(archive).infolist()
    assert info.file_size <= 100 * info.compress_size
    dest = tmp_path / "dest"
    dest.mkdir()
    assert extract_zip(archive, dest, Limits()) == ["pkg/resources/text.csv"]


def test_total_size_limit(tmp_path):
    # 102 400 bytes each, that do not compress (every entry's ratio is checked too)
    entries = [(f"pkg/{i}.bin", random.Random(i).randbytes(102_400)) for i in range(3)]
    archive = make_zip(tmp_path / "big.zip", entries)
    with pytest.raises(UnsafePackageError, match=r"^SB422: .*at most 250,000 bytes unpacked in all; found more "
                                                 r"\(307,200 by entry 'pkg/2.bin'\)"):
        extract_zip(archive, tmp_path / "dest", Limits(max_total_bytes=250_000))
    with pytest.raises(UnsafePackageError, match=r"^SB422: .*'pkg/0.bin': expected at most 100,000 bytes unpacked; "
                                                 r"found 102,400"):
        extract_zip(archive, tmp_path / "dest", Limits(max_file_bytes=100_000))
    with pytest.raises(UnsafePackageError, match=r"^SB422: .*expected at most 2 entries; found 3"):
        extract_zip(archive, tmp_path / "dest", Limits(max_entries=2))
    assert not (tmp_path / "dest").exists()


def test_an_entry_whose_header_understates_its_size_is_refused(tmp_path):
    """The header says 100 bytes; the data unpacks to 5 MiB."""
    archive = make_zip(tmp_path / "liar.zip", [("pkg/x.csv", b"a" * (5 * 1024 * 1024))])
    data = bytearray(archive.read_bytes())
    real = (5 * 1024 * 1024).to_bytes(4, "little")
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    assert data[local + 22:local + 26] == real and data[central + 24:central + 28] == real
    data[local + 22:local + 26] = data[central + 24:central + 28] = (100).to_bytes(4, "little")
    archive.write_bytes(bytes(data))
    dest = tmp_path / "dest"
    dest.mkdir()
    with pytest.raises(UnsafePackageError, match=r"^SB421: .*'pkg/x.csv': expected an intact entry; found .*CRC"):
        extract_zip(archive, dest, Limits())
    written = [p for p in dest.rglob("*") if p.is_file()]
    assert all(p.stat().st_size <= 100 for p in written)


def test_a_file_that_is_not_a_zip(tmp_path):
    path = tmp_path / "x.zip"
    path.write_bytes(b"not a zip")
    with pytest.raises(UnsafePackageError, match=r"^SB424: .*x.zip: expected a zip file"):
        extract_zip(path, tmp_path / "dest", Limits())


def test_a_safe_zip_unpacks(tmp_path):
    archive = make_zip(tmp_path / "ok.zip", [("pkg/", b""), ("pkg/datapackage.json", b"{}"),
                                             ("pkg/resources/a.csv", b"a\n1\n")])
    assert extract_zip(archive, tmp_path / "dest", Limits()) == ["pkg/datapackage.json", "pkg/resources/a.csv"]
    assert (tmp_path / "dest" / "pkg" / "resources" / "a.csv").read_bytes() == b"a\n1\n"
    with zipfile.ZipFile(archive) as z:
        assert len(check_zip(z, "ok.zip", Limits())) == 2


def test_limits_reject_nonsense():
    with pytest.raises(ValueError, match="max_total_bytes"):
        Limits(max_total_bytes=-1)


def test_extract_refuses_an_encrypted_entry(tmp_path):
    archive = make_zip(tmp_path / "locked.zip", [("pkg/secret.csv", b"x")])
    data = bytearray(archive.read_bytes())  # set the "encrypted" bit in both headers
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    data[local + 6] |= 0x1
    data[central + 8] |= 0x1
    archive.write_bytes(bytes(data))
    with zipfile.ZipFile(archive) as z:
        assert z.getinfo("pkg/secret.csv").flag_bits & 0x1, "test setup: the flag must survive writing"
    with pytest.raises(UnsafePackageError, match=r"^SB421: .*'pkg/secret.csv': expected an unencrypted entry"):
        extract_zip(archive, tmp_path / "dest", Limits())


def test_a_formula_in_a_later_chunk_is_refused_with_its_own_line(monkeypatch):
    """render_csv writes and scans CHUNK_ROWS rows at a time: the bytes do not depend on the
    chunk size, and a formula in a later chunk is named by its own CSV line and row."""
    from statsbidrag.publish import render
    records = [{"id": f"r{i}", "label": 'say "hi", then go' if i % 2 else "plain", "amount": -i} for i in range(7)]
    whole = render.render_csv(SCHEMA, [dict(r) for r in records], "things")
    monkeypatch.setattr(render, "CHUNK_ROWS", 2)
    assert render.render_csv(SCHEMA, [dict(r) for r in records], "things") == whole
    records[5]["label"] = "=1+1"
    with pytest.raises(UnsafeTextError, match=r"resources/things.csv line 7 \(row 6, id 'r5'\)"):
        render.render_csv(SCHEMA, records, "things")


def test_rendering_with_consume_lets_the_records_go():
    from statsbidrag.publish.render import render_csv
    records = [{"id": "a", "label": "x", "amount": 1}, {"id": "b", "label": "y", "amount": 2}]
    kept = render_csv(SCHEMA, list(records), "things")
    assert render_csv(SCHEMA, records, "things", consume=True) == kept
    assert records == []
