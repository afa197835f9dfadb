"""A corpus of broken packages, for the differential test of `statsbidrag check` against
Frictionless (tests/slow/test_differential.py).

Each case is a change to a copy of the real package: one kind of breakage Frictionless
reports (a wrong type, each constraint, primary and foreign keys, a missing or extra
header, a row with too many or too few cells, a blank row, a wrong encoding, a BOM,
wrong bytes or hash in the descriptor, a wrong dialect ...). Most edit a resource by
bytes and then record the new bytes and hash in datapackage.json (`rehash`), as a careful
hand editor would, so the breakage itself is what is reported; some leave the descriptor
stale on purpose. `compiled` says whether check's own validator handles the case (True)
or must hand the package to Frictionless because its descriptor is not of the shape
`statsbidrag build` writes (False). `refused`: a descriptor Frictionless would follow
out of the package (an unknown profile is fetched as a file or URL), which check refuses
to hand to it (statsbidrag.tableschema.safety.refuse_unsafe_descriptor): check fails it, with its
own reason instead of Frictionless's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Case:
    id: str
    apply: Callable[[Path], None]
    compiled: bool = True
    refused: bool = False


def _descriptor(package: Path) -> dict:
    return json.loads((package / "datapackage.json").read_text(encoding="utf-8"))


def _write_descriptor(package: Path, descriptor: dict) -> None:
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    (package / "datapackage.json").write_text(text, encoding="utf-8")


def rehash(package: Path, resource: str) -> None:
    descriptor = _descriptor(package)
    data = (package / "resources" / f"{resource}.csv").read_bytes()
    for entry in descriptor["resources"]:
        if entry["name"] == resource:
            entry["bytes"] = len(data)
            entry["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    _write_descriptor(package, descriptor)


def in_bytes(resource: str, change: Callable[[bytes], bytes], keep_hash: bool = True):
    """Change a resource's bytes; record its new bytes and hash unless keep_hash is False."""
    def apply(package: Path) -> None:
        path = package / "resources" / f"{resource}.csv"
        path.write_bytes(change(path.read_bytes()))
        if keep_hash:
            rehash(package, resource)
    return apply


def on_line(number: int, change: Callable[[str], str]):
    """A bytes change applying change(line) to line `number` (1 = the header)."""
    def bytes_change(data: bytes) -> bytes:
        lines = data.decode("utf-8").split("\n")
        lines[number - 1] = change(lines[number - 1])
        return "\n".join(lines).encode("utf-8")
    return bytes_change


def set_cell(row: int, column: int, value: str):
    """Replace the cell of a simple (unquoted) CSV line."""
    def change(line: str) -> str:
        cells = line.split(",")
        cells[column] = value
        return ",".join(cells)
    return on_line(row, change)


def cell(resource: str, row: int, column: int, value: str, keep_hash: bool = True):
    return in_bytes(resource, set_cell(row, column, value), keep_hash)


def lines_change(change: Callable[[list[str]], list[str]]):
    def bytes_change(data: bytes) -> bytes:
        return "\n".join(change(data.decode("utf-8").split("\n"))).encode("utf-8")
    return bytes_change


def drop_column(index: int):
    return lines_change(lambda lines: [",".join(c for i, c in enumerate(line.split(",")) if i != index)
                                       if line else line for line in lines])


def add_column(label: str, value: str):
    return lines_change(lambda lines: [line + "," + (label if n == 0 else value) if line else line
                                       for n, line in enumerate(lines)])


def insert_line(position: int, text: str):
    def change(lines: list[str]) -> list[str]:
        return lines[:position - 1] + [text] + lines[position - 1:]
    return lines_change(change)


def descriptor_change(change: Callable[[dict], None]):
    def apply(package: Path) -> None:
        descriptor = _descriptor(package)
        change(descriptor)
        _write_descriptor(package, descriptor)
    return apply


def resource_entry(name: str, **values):
    def change(descriptor: dict) -> None:
        for entry in descriptor["resources"]:
            if entry["name"] == name:
                entry.update(values)
    return descriptor_change(change)


def schema_change(resource: str, change: Callable[[dict], None]):
    def apply(package: Path) -> None:
        path = package / "schemas" / f"{resource}.json"
        schema = json.loads(path.read_text(encoding="utf-8"))
        change(schema)
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return apply


def field_constraint(resource: str, field: str, **constraints):
    def change(schema: dict) -> None:
        for entry in schema["fields"]:
            if entry["name"] == field:
                entry.setdefault("constraints", {}).update(constraints)
    return schema_change(resource, change)


def both(*applies):
    def apply(package: Path) -> None:
        for one in applies:
            one(package)
    return apply


# allocations: table_id,region_code,row_number,region_text,region_line,amount_text,amount_sek,source_line
# regions: region_code,iso_code,short_name,official_name,county_name
# sources: source_id,path,sha256,bytes,...,date_published (7)
CASES = [
    # types
    Case("integer-with-letters", cell("allocations", 5, 6, "12a")),
    Case("integer-decimal", cell("allocations", 6, 2, "1.5")),
    Case("integer-with-plus", cell("allocations", 7, 4, "+23")),
    Case("integer-leading-zeros", cell("allocations", 8, 7, "0042")),
    Case("integer-with-space", cell("allocations", 9, 6, " 35036644")),
    Case("integer-too-big", cell("allocations", 10, 6, "99999999999999999999999")),
    Case("integer-exponent", cell("allocations", 11, 6, "1e6")),
    Case("boolean-in-swedish", cell("grants", 2, 7, "ja")),
    Case("boolean-yes", cell("grants", 4, 7, "yes")),
    Case("date-impossible", cell("grants", 2, 1, "20x1")),
    Case("date-wrong-format", in_bytes("sources", lambda d: d.replace(b",2021-03-11,", b",11/03/2021,", 1))),
    Case("date-impossible-day", in_bytes("sources", lambda d: d.replace(b",2021-03-11,", b",2021-02-30,", 1))),
    Case("integer-bytes-text", in_bytes("sources", lambda d: d.replace(b",2169,", b",many,", 1))),
    # constraints
    Case("required-empty", cell("allocations", 3, 0, "")),
    Case("required-empty-integer", cell("allocations", 4, 6, "")),
    Case("pattern-short-code", cell("allocations", 12, 1, "4")),
    Case("pattern-trailing-space", cell("regions", 3, 0, "03 ")),
    Case("pattern-iso", cell("regions", 4, 1, "SE-d")),
    Case("enum-value", in_bytes("grants", lambda d: d.replace(b",population\n", b",befolkning\n", 1))),
    Case("minimum", cell("allocations", 13, 6, "-1")),
    Case("maximum", cell("allocations", 14, 2, "22")),
    Case("minimum-on-line", cell("allocations", 15, 7, "0")),
    Case("unique", cell("regions", 5, 2, "Stockholm")),
    Case("schema-max-length", field_constraint("regions", "short_name", maxLength=5)),
    Case("schema-min-length", field_constraint("regions", "county_name", minLength=15)),
    Case("schema-enum-added", field_constraint("regions", "iso_code", enum=["SE-AB", "SE-C"])),
    Case("schema-maximum-added", field_constraint("allocations", "amount_sek", maximum=100000000)),
    # keys
    Case("primary-key-duplicate-row", in_bytes("allocations", lines_change(lambda ls: ls[:5] + [ls[4]] + ls[5:]))),
    Case("primary-key-changed", cell("allocations", 3, 1, "01")),
    Case("primary-key-single", cell("grants", 3, 0, "kvinnors-halsa-2021")),
    Case("foreign-key-region", cell("allocations", 16, 1, "99")),
    Case("foreign-key-table", cell("allocations", 17, 0, "no-such-table")),
    Case("foreign-key-source", in_bytes("anomalies", on_line(2, lambda s: s.replace(",", ",unknown-", 1)))),
    Case("foreign-key-alias", in_bytes("region_aliases", on_line(4, lambda s: s.rsplit(",", 1)[0] + ",77"))),
    # header
    Case("header-renamed", cell("allocations", 1, 3, "region_name")),
    Case("header-swapped", in_bytes("regions", on_line(1, lambda s: ",".join([s.split(",")[1], s.split(",")[0],
                                                                              *s.split(",")[2:]])))),
    Case("header-missing-column", in_bytes("regions", drop_column(4))),
    Case("header-missing-middle-column", in_bytes("allocations", drop_column(3))),
    Case("header-extra-column", in_bytes("regions", add_column("population", "1"))),
    Case("header-duplicate-label", cell("regions", 1, 3, "short_name")),
    Case("header-blank-label", cell("regions", 1, 4, "")),
    # rows
    Case("row-too-many-cells", in_bytes("regions", on_line(6, lambda s: s + ",extra"))),
    Case("row-too-few-cells", in_bytes("regions", on_line(7, lambda s: s.rsplit(",", 1)[0]))),
    Case("row-one-cell", in_bytes("allocations", on_line(20, lambda s: s.split(",")[0]))),
    Case("blank-row", in_bytes("regions", insert_line(5, ""))),
    Case("blank-row-of-commas", in_bytes("regions", insert_line(8, ",,,,"))),
    Case("blank-rows-at-end", in_bytes("grants", lambda d: d + b"\n\n")),
    Case("quoted-newline-then-error", in_bytes("grants", lambda d: d.replace(
        b"Maternity care and women's health 2021: allocation to the regions",
        b"\"Maternity care\nand women's health 2021: allocation to the regions\"", 1).replace(b",2024,", b",20x4,", 1))),
    Case("unterminated-quote", in_bytes("regions", on_line(9, lambda s: s.replace(",", ',"', 1)))),
    # encoding
    Case("latin-1-bytes", in_bytes("regions", lambda d: d.replace("Sörmland".encode(), "Sörmland".encode("latin-1"), 1))),
    Case("byte-order-mark", in_bytes("regions", lambda d: b"\xef\xbb\xbf" + d)),
    Case("crlf-line-endings", in_bytes("grants", lambda d: d.replace(b"\n", b"\r\n"))),
    Case("missing-file", lambda package: (package / "resources" / "regions.csv").unlink()),
    Case("empty-file", in_bytes("breakdown_items", lambda d: b"")),
    # descriptor
    Case("stale-bytes-and-hash", cell("allocations", 18, 5, "1", keep_hash=False)),
    Case("wrong-bytes", resource_entry("regions", bytes=12)),
    Case("wrong-hash", resource_entry("grants", hash="sha256:" + "0" * 64)),
    Case("wrong-dialect", resource_entry("regions", dialect={"delimiter": ";"}), compiled=False),
    Case("wrong-encoding-declared", resource_entry("claims", encoding="utf-16"), compiled=False),
    Case("missing-resource-file", both(resource_entry("anomalies", path="resources/nowhere.csv")), compiled=False),
    Case("created-not-a-datetime", descriptor_change(lambda d: d.update(created="2026-13-01T00:00:00Z")),
         compiled=False),
    Case("unknown-profile", descriptor_change(lambda d: d.update(profile="data-package-x")), compiled=False,
         refused=True),
    Case("resource-profile", resource_entry("grants", profile="data-resource"), compiled=False),
    Case("licenses-not-a-list", descriptor_change(lambda d: d.update(licenses="CC0-1.0")), compiled=False),
    Case("schema-type-changed", schema_change("grants", lambda s: s["fields"][1].update(type="date"))),
]
