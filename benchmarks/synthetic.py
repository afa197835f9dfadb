"""A synthetic package of about N allocation rows, made through the project's own build.

    python benchmarks/synthetic.py --rows 100000 --out /tmp/pkg

Copies the real package's inputs (sources, metadata, schemas, checks, sql) to the
folder, adds synthetic source documents, each printing TABLES_PER_SOURCE tables of
the 21 regions in three of the seven printed layouts (tab separated, one value per line,
"Name 2 111" on one line) with a stated total that the rows add up to, declares them
in metadata/ like a maintainer would (sources.toml with the SHA-256, grants.toml,
tables.toml), and runs the project's build (statsbidrag.publish.build.build). The result passes every check:
it is a bigger package of the same kind, not a broken one.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ["sources", "metadata", "schemas", "checks", "sql", "CHANGELOG.md"]
TABLES_PER_SOURCE = 50
REAL_ROWS = 126  # the allocation rows of the real package (6 tables of 21 regions)
LAYOUTS = ["tab_separated", "one_value_per_line", "name_value_line"]


def _kronor(n: int) -> str:
    """215942447 -> '215 942 447', as the sources print amounts."""
    return f"{n:,}".replace(",", " ")


def _region_names(root: Path) -> list[list[str]]:
    regions = tomllib.loads((root / "metadata" / "regions.toml").read_text(encoding="utf-8"))["region"]
    return [list(dict.fromkeys([r["short_name"], r["official_name"], *r["aliases"]])) for r in regions]


def _table_lines(layout: str, spellings: list[str], amounts: list[int], start: int) -> tuple[list[str], dict]:
    """The printed lines of one table starting at line `start`, and its tables.toml entry."""
    header = "Region\tBelopp i kronor" if layout == "tab_separated" else "Belopp i kronor"
    lines = ["", f"Tabell {start}: fördelning per region", header]
    header_line = unit_line = start + 2
    lines.append("")
    first = start + len(lines)
    for name, amount in zip(spellings, amounts):
        if layout == "tab_separated":
            lines.append(f"{name}\t{_kronor(amount)}")
        elif layout == "name_value_line":
            lines.append(f"{name} {_kronor(amount)}")
        else:
            lines += [name, "", _kronor(amount), ""]
    last = start + len(lines) - 1
    total = _kronor(sum(amounts))
    if layout == "tab_separated":
        lines.append(f"Summa\t{total}")
    elif layout == "name_value_line":
        lines.append(f"Summa {total}")
    else:
        lines += ["Summa", "", f"{total} kr"]
    entry = {"layout": layout, "rows": [first, last], "header_line": header_line, "unit_line": unit_line,
             "total_line": start + len(lines) - 1, "caption_line": start + 1}
    return lines, entry


def _toml_value(value) -> str:
    if isinstance(value, dict):  # an inline table: a quote { line, text }
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(map(_toml_value, value)) + "]"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toml(kind: str, entries: list[dict]) -> str:
    return "".join(f"\n[[{kind}]]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in e.items()) for e in entries)


def generate(out: Path, rows: int, seed: int = 1) -> int:
    """Write the synthetic package's inputs to `out`; -> the number of synthetic tables."""
    rng = random.Random(seed)
    for part in PARTS:
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, out / part)
        else:
            shutil.copy2(ROOT / part, out / part)
    names = _region_names(out)
    n_tables = max(0, round((rows - REAL_ROWS) / len(names)))
    sources, grants, tables = [], [], []
    for s in range(0, n_tables, TABLES_PER_SOURCE):
        source_id = f"syntet-{s // TABLES_PER_SOURCE:05d}"
        text = [f"Syntetisk fördelning {source_id}", "Publicerad 1 januari 2030"]
        for t in range(s, min(s + TABLES_PER_SOURCE, n_tables)):
            layout = LAYOUTS[t % len(LAYOUTS)]
            spellings = [spelling[t % len(spelling)] for spelling in names]
            amounts = [rng.randrange(1_000_000, 300_000_000) for _ in names]
            lines, entry = _table_lines(layout, spellings, amounts, len(text) + 1)
            text += lines
            grant_id = f"syntet-bidrag-{t:06d}"
            # what each number means, quoted as for a real table (extract.meaning)
            caption = {"line": entry["caption_line"], "text": "fördelning per region"}
            grants.append({"id": grant_id, "year": 2030 + t % 20, "title": f"Synthetic grant {t}",
                           "title_sv": f"Syntetiskt bidrag {t}",
                           "agreement": "Syntetisk överenskommelse", "recipients": "regions", "basis": "",
                           "family": "kvinnors-halsa", "recipients_quote": {"source": source_id, **caption}})
            tables.append({"id": f"syntet-{t:06d}", "source": source_id, "grant": grant_id, "kind": "regions",
                           "status": "final", "amount_kind": "payment", "layout": layout, "rows": entry["rows"], "columns": 1, "column": 1,
                           "header_line": entry["header_line"], "unit": "SEK", "unit_line": entry["unit_line"],
                           "total_line": entry["total_line"], "amount_kind_quote": caption,
                           "status_quote": {"line": 2, "text": "Publicerad 1 januari 2030"},
                           "unit_quote": {"line": entry["header_line"], "text": "kronor"}})
        data = ("\n".join(text) + "\n").encode("utf-8")
        path = f"sources/{source_id}.txt"
        (out / path).write_bytes(data)
        sources.append({"id": source_id, "path": path, "sha256": hashlib.sha256(data).hexdigest(),
                        "title": f"Synthetic document {source_id}", "publisher": "Benchmark",
                        "document_type": "web page", "date_published": "2030-01-01", "language": "sv",
                        "original_file_name": f"{source_id}.txt"})
    for file, kind, entries in (("sources.toml", "source", sources), ("grants.toml", "grant", grants),
                                ("tables.toml", "table", tables)):
        with (out / "metadata" / file).open("a", encoding="utf-8") as handle:
            handle.write(_toml(kind, entries))
    return n_tables


def build(out: Path) -> None:
    """The project's build of the data package (resources/ and datapackage.json), in its
    own process. The derived outputs of `statsbidrag build` (the .duckdb file, Parquet)
    are left out: the allocations_wide view pivots one column per grant, and DuckDB
    refuses a row of tens of thousands of columns; `check` reads none of them."""
    code = "import sys; from pathlib import Path; from statsbidrag.publish.build import build; build(Path(sys.argv[1]))"
    subprocess.run([sys.executable, "-c", code, str(out)], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--out", required=True, help="an empty or missing folder")
    args = parser.parse_args()
    out = Path(args.out)
    if out.exists() and any(out.iterdir()):
        parser.error(f"{out} is not empty")
    out.mkdir(parents=True, exist_ok=True)
    generate(out, args.rows)
    build(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
