"""`statsbidrag diff OLD NEW`: what changed in the data between two editions of the package.

OLD and NEW are releases (a zip, an unzipped folder or an http(s) address), acquired as
`verify` acquires a download (release.download.acquire: under its limits, into a temporary
folder, the descriptor's paths refused when they leave the package). Nothing from them runs:
their CSVs are read as text with the csv module.

Per resource, rows are matched on the primary key of the edition's own Table Schema (all
columns when it has none): rows only NEW has are added, rows only OLD has are removed, rows
of both whose values differ are changed, with each changed field. Every changed amount
(a `*_sek` field) is given with where each edition says it is printed: the source file (the
row's `source_id`, or its table's) and the row's `source_line`, so that a reader can open
both lines. `--json` gives the same as an object; `statsbidrag dist --previous OLD` writes it
as Markdown into the version's section of CHANGELOG.md (with_changelog_section).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from statsbidrag.errors import StatsbidragError

AMOUNT_SUFFIX = "_sek"
LINE_FIELDS = ("source_line", "line")
BEGIN = "<!-- statsbidrag diff: written by `statsbidrag dist --previous`; edits here are replaced -->"
END = "<!-- end of statsbidrag diff -->"


@dataclass
class Table:
    key: list[str]
    fields: list[str]
    rows: dict[tuple, dict]


@dataclass
class Edition:
    label: str          # the target as given
    version: str
    created: str
    tables: dict[str, Table]

    def source_of(self, row: dict) -> str:
        """The archived file a row's line is in: its source's path (via its table when it has no source)."""
        source_id = row.get("source_id")
        if not source_id and row.get("table_id") and "tables" in self.tables:
            table = self.tables["tables"].rows.get((row["table_id"],))
            source_id = table.get("source_id") if table else None
        if source_id and "sources" in self.tables:
            source = self.tables["sources"].rows.get((source_id,))
            if source and source.get("path"):
                return source["path"]
        return source_id or ""

    def where(self, row: dict) -> str:
        line = next((row[f] for f in LINE_FIELDS if row.get(f)), "")
        path = self.source_of(row)
        return f"{path}:{line}" if path and line else path or ""


@dataclass
class ResourceDiff:
    name: str
    status: str                                          # added, removed, changed, same
    key: list[str] = field(default_factory=list)
    added: list[dict] = field(default_factory=list)      # the keys of the rows only NEW has
    removed: list[dict] = field(default_factory=list)    # the keys of the rows only OLD has
    changed: list[dict] = field(default_factory=list)    # {"key", "fields": {f: {old, new}}, "amounts": [...]}
    fields_added: list[str] = field(default_factory=list)
    fields_removed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return self.counts() if self.status == "changed" else self.status

    def counts(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.removed)} removed", f"{len(self.changed)} changed"]
        if self.fields_added or self.fields_removed:
            parts.append(f"columns +{self.fields_added} -{self.fields_removed}")
        return ", ".join(parts)


@dataclass
class Diff:
    old: Edition
    new: Edition
    resources: list[ResourceDiff]

    @property
    def same(self) -> bool:
        return all(r.status == "same" for r in self.resources)

    def to_dict(self) -> dict:
        def edition(e: Edition) -> dict:
            return {"target": e.label, "version": e.version, "created": e.created}
        return {"old": edition(self.old), "new": edition(self.new), "same": self.same,
                "resources": [vars(r) for r in self.resources]}

    def _listing(self, heading: Callable[[ResourceDiff], str], added: str, removed: str,
                 change: Callable[[dict[str, Any]], list[str]]) -> list[str]:
        """One heading per resource that differs, its rows added and removed, each change's lines."""
        lines = []
        for item in self.resources:
            if item.status == "same":
                continue
            lines.append(heading(item))
            lines += [added + _key_text(k) for k in item.added]
            lines += [removed + _key_text(k) for k in item.removed]
            for changed in item.changed:
                lines += change(changed)
        return lines

    def render(self) -> str:
        def change(c: dict) -> list[str]:
            fields = "; ".join(f"{f} {_value(v['old'])} -> {_value(v['new'])}" for f, v in c["fields"].items())
            return [f"  ~ {_key_text(c['key'])}: {fields}"] + [
                f"      {a['field']} {_kronor(a['old']['value'])} at {a['old']['at'] or '?'} -> "
                f"{_kronor(a['new']['value'])} at {a['new']['at'] or '?'}" for a in c["amounts"]]
        lines = [f"statsbidrag diff: {self.old.label} ({self.old.version}, {self.old.created[:10]}) -> "
                 f"{self.new.label} ({self.new.version}, {self.new.created[:10]})"]
        lines += self._listing(lambda item: f"{item.name}: {item.summary()}", "  + ", "  - ", change)
        same = [r.name for r in self.resources if r.status == "same"]
        lines.append("no data changed" if self.same else f"unchanged: {', '.join(same) or 'none'}")
        return "\n".join(lines)

    def markdown(self) -> str:
        """The section `dist --previous` writes into CHANGELOG.md."""
        def change(c: dict) -> list[str]:
            amounts = [f"{a['field']} {_kronor(a['old']['value'])} (`{a['old']['at']}`) → "
                       f"{_kronor(a['new']['value'])} (`{a['new']['at']}`)" for a in c["amounts"]]
            others = [f"{f} changed" for f in c["fields"] if not f.endswith(AMOUNT_SUFFIX)]
            return [f"  - {_key_text(c['key'])}: {'; '.join(amounts + others)}"]
        since = f"{self.old.version} ({self.old.created[:10]})"
        lines = [BEGIN, f"Data changes since {since}, from `statsbidrag diff`:", ""]
        lines += self._listing(lambda item: f"- `{item.name}`: {item.summary()}", "  - added ", "  - removed ", change)
        if self.same:
            lines.append("- no data changed")
        lines.append(END)
        return "\n".join(lines)


def _key_text(key: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in key.items())


def _value(value: str | None) -> str:
    return "(empty)" if value in (None, "") else repr(value) if len(str(value)) <= 80 else repr(str(value)[:77] + "...")


def _kronor(value: str | None) -> str:
    if value in (None, ""):
        return "(empty)"
    return f"{int(value):,}".replace(",", " ") if re.fullmatch(r"-?[0-9]+", str(value)) else str(value)


# --------------------------------------------------------------------- reading an edition

def _read_json(path: Path, what: str) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise StatsbidragError(f"{path}: expected {what} as JSON; found it unreadable ({error}).",
                               code="SB302") from None


def read_edition(root: Path, label: str) -> Edition:
    """Every resource of the package at `root` (already refused if its paths leave it)."""
    from statsbidrag.paths import inside
    descriptor = _read_json(root / "datapackage.json", "the package descriptor")
    tables = {}
    for resource in descriptor.get("resources", []):
        schema = resource.get("schema", {})
        if isinstance(schema, str):
            schema = _read_json(inside(root, schema), f"the Table Schema of '{resource['name']}'")
        fields = [f["name"] for f in schema.get("fields", [])]
        key = schema.get("primaryKey") or fields
        key = [key] if isinstance(key, str) else list(key)
        with inside(root, resource["path"]).open(encoding="utf-8", newline="") as handle:
            rows = {tuple(row.get(k, "") for k in key): row for row in csv.DictReader(handle)}
        tables[resource["name"]] = Table(key, fields, rows)
    return Edition(label, str(descriptor.get("version", "?")), str(descriptor.get("created", "?")), tables)


# --------------------------------------------------------------------- comparing

def _compare_table(name: str, old: Edition, new: Edition) -> ResourceDiff:
    before, after = old.tables[name], new.tables[name]
    key = after.key
    if before.key != after.key:  # another key: match the rows on the new one
        before = Table(key, before.fields, {tuple(r.get(k, "") for k in key): r for r in before.rows.values()})
    common = [f for f in after.fields if f in before.fields]
    result = ResourceDiff(name, "same", key, fields_added=[f for f in after.fields if f not in before.fields],
                          fields_removed=[f for f in before.fields if f not in after.fields])
    result.added = [dict(zip(key, k)) for k in after.rows if k not in before.rows]
    result.removed = [dict(zip(key, k)) for k in before.rows if k not in after.rows]
    for k, row in after.rows.items():
        previous = before.rows.get(k)
        if previous is None:
            continue
        fields = {f: {"old": previous.get(f), "new": row.get(f)} for f in common if previous.get(f) != row.get(f)}
        if fields:
            amounts = [{"field": f, "old": {"value": previous.get(f), "at": old.where(previous)},
                        "new": {"value": row.get(f), "at": new.where(row)}}
                       for f in fields if f.endswith(AMOUNT_SUFFIX)]
            result.changed.append({"key": dict(zip(key, k)), "fields": fields, "amounts": amounts})
    if result.added or result.removed or result.changed or result.fields_added or result.fields_removed:
        result.status = "changed"
    return result


def compare(old: Edition, new: Edition) -> Diff:
    names = list(new.tables) + [n for n in old.tables if n not in new.tables]
    resources = []
    for name in names:
        if name not in old.tables:
            resources.append(ResourceDiff(name, "added", new.tables[name].key))
        elif name not in new.tables:
            resources.append(ResourceDiff(name, "removed", old.tables[name].key))
        else:
            resources.append(_compare_table(name, old, new))
    return Diff(old, new, resources)


def diff(old_target: str, new_target: str) -> Diff:
    """Acquire both releases as `verify` does (limits, no path leaving the package) and compare them."""
    import tempfile

    from statsbidrag.release.download import acquire
    from statsbidrag.release.zipsafety import Limits
    from statsbidrag.tableschema.safety import refuse_unsafe_descriptor
    with tempfile.TemporaryDirectory(prefix="statsbidrag-diff-") as folder:
        editions = []
        for index, target in enumerate((old_target, new_target)):
            work = Path(folder) / str(index)
            work.mkdir()
            root = acquire(target, work, Limits())[0]
            refuse_unsafe_descriptor(root)
            editions.append(read_edition(root, target))
    return compare(*editions)


# --------------------------------------------------------------------- CHANGELOG.md

def with_changelog_section(changelog: str, version: str, result: Diff) -> str:
    """CHANGELOG.md with the diff written under the section of `version`, replacing a diff
    written there before (so `dist --previous` can run again)."""
    heading = re.search(rf"^## {re.escape(version)} \(\d{{4}}-\d{{2}}-\d{{2}}\)[ \t]*\n", changelog, re.MULTILINE)
    if heading is None:
        raise StatsbidragError(f"CHANGELOG.md: expected a section '## {version} (YYYY-MM-DD)' to write the data "
                               "changes into; found none. Add it first.", code="SB605")
    start = heading.end()
    following = re.search(r"^## ", changelog[start:], re.MULTILINE)
    end = start + following.start() if following else len(changelog)
    body = changelog[start:end]
    rest = re.sub(rf"{re.escape(BEGIN)}.*?{re.escape(END)}", "", body, flags=re.DOTALL).strip("\n")
    section = "\n" + result.markdown() + "\n" + ("\n" + rest + "\n" if rest else "") + ("\n" if following else "")
    return changelog[:start] + section + changelog[end:]
