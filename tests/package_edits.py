"""Ways to corrupt a copy of the package, for the mutation tests and the attacks on the
region reference: each function returns `apply(package)`, which edits the copy in place
(a resource, a source line, a metadata entry), as someone tampering with it would."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from pathlib import Path

from conftest import rewrite_source

from statsbidrag.publish.build import build


def rehash(package: Path, resource: str) -> None:
    """Record a hand-edited resource's bytes and hash in datapackage.json, as a careful
    hand editor would."""
    descriptor_path = package / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    data = (package / "resources" / f"{resource}.csv").read_bytes()
    for entry in descriptor["resources"]:
        if entry["name"] == resource:
            entry["bytes"] = len(data)
            entry["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def edit_csv(resource: str, change: Callable[[list[dict]], list[dict] | None], keep_hash: bool = True):
    def apply(package: Path) -> None:
        path = package / "resources" / f"{resource}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header, rows = reader.fieldnames, list(reader)
        changed = change(rows)
        rows = rows if changed is None else changed
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_bytes(buffer.getvalue().encode("utf-8"))
        if keep_hash:
            rehash(package, resource)
    return apply


def row(rows: list[dict], **match) -> dict:
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, f"test setup: {match} matches {len(found)} rows"
    return found[0]


def in_source(source_id: str, *changes):
    """Change an archived source (re-pinning its SHA-256), then rebuild the package."""
    def apply(package: Path) -> None:
        for change in changes:
            rewrite_source(package, source_id, change)
        build(package)
    return apply


def in_metadata(file: str, old: str, new: str):
    def apply(package: Path) -> None:
        path = package / "metadata" / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"test setup: {old!r} not once in {file}"
        path.write_text(text.replace(old, new), encoding="utf-8")
        build(package)
    return apply


def in_entry(file: str, header: str, entry_id: str, old: str, new: str, rebuild: bool = True):
    """Replace `old` by `new` inside one [[header]] block of metadata/<file>, the one whose first
    line is its id (`id = "..."`, or `table = "..."` for a key), then rebuild."""
    def apply(package: Path) -> None:
        path = package / "metadata" / file
        blocks = path.read_text(encoding="utf-8").split(f"[[{header}]]\n")
        found = [i for i, b in enumerate(blocks) if b.split("\n", 1)[0].endswith(f'= "{entry_id}"')]
        assert len(found) == 1, f"test setup: [[{header}]] {entry_id!r} not once in {file}"
        block = blocks[found[0]]
        assert block.count(old) == 1, f"test setup: {old!r} not once in [[{header}]] {entry_id!r}"
        blocks[found[0]] = block.replace(old, new)
        path.write_text(f"[[{header}]]\n".join(blocks), encoding="utf-8")
        if rebuild:
            build(package)
    return apply


def remove_anomaly(anomaly_id: str):
    """Delete an anomaly's [[anomaly]] block from metadata/anomalies.toml, then rebuild."""
    def apply(package: Path) -> None:
        path = package / "metadata" / "anomalies.toml"
        blocks = path.read_text(encoding="utf-8").split("[[anomaly]]\n")
        kept = [b for b in blocks if not b.startswith(f'id = "{anomaly_id}"\n')]
        assert len(kept) == len(blocks) - 1, f"test setup: no anomaly {anomaly_id}"
        path.write_text("[[anomaly]]\n".join(kept), encoding="utf-8")
        build(package)
    return apply


def swap_lines(first: int, second: int):
    def change(data: bytes) -> bytes:
        lines = data.decode("utf-8").split("\n")
        lines[first - 1], lines[second - 1] = lines[second - 1], lines[first - 1]
        return "\n".join(lines).encode("utf-8")
    return change


def flip_byte_on_line(rel: str, line: int):
    def apply(package: Path) -> None:
        path = package / rel
        data = bytearray(path.read_bytes())
        offset = sum(len(x) + 1 for x in data.split(b"\n")[: line - 1]) + 2
        data[offset] ^= 0x01
        path.write_bytes(bytes(data))
    return apply


def set_field(resource: str, field: str, value: str, **match):
    def change(rows):
        row(rows, **match)[field] = value
    return edit_csv(resource, change)


def swap_fields(resource: str, fields: list[str], first: dict, second: dict):
    def change(rows):
        a, b = row(rows, **first), row(rows, **second)
        for f in fields:
            a[f], b[f] = b[f], a[f]
    return edit_csv(resource, change)


def drop_row(resource: str, **match):
    return edit_csv(resource, lambda rows: [r for r in rows if r is not row(rows, **match)])


def duplicate_row(resource: str, **match):
    def change(rows):
        target = row(rows, **match)
        index = rows.index(target)
        return rows[: index + 1] + [dict(target)] + rows[index + 1:]
    return edit_csv(resource, change)


def relabel_regions(first: str, second: str):
    """The relabelling attack, done by hand in the resources: the two regions swap names,
    every spelling and every row follows its name, so each printed name is still a
    spelling of the code it is under, and Uppsala's amounts are published under 04."""
    def swap_code(rows):
        for r in rows:
            r["region_code"] = {first: second, second: first}.get(r["region_code"], r["region_code"])
        return sorted(rows, key=lambda r: [r[k] for k in list(r)[:2]]) if rows and "table_id" in rows[0] else rows

    def apply(package: Path) -> None:
        swap_fields("regions", ["short_name", "official_name", "county_name"],
                    {"region_code": first}, {"region_code": second})(package)
        for resource in ("region_aliases", "allocations", "population"):
            edit_csv(resource, swap_code)(package)
    return apply
