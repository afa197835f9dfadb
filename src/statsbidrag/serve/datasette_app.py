"""`statsbidrag serve`: Datasette over statsbidrag.sqlite, with the package's metadata.

Datasette (an optional extra) gives filters, facets and CSV/JSON export with no code; this
module gives it what the package knows: the title, description and licence, each table's
title and description, each column's description (with its unit), and a plugin that links
every line number to the text printed on that line of its source (datasette_plugins/).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from statsbidrag.publish import database
from statsbidrag.publish.sqlite_export import LINES_TABLE, VIEWS_TABLE
from statsbidrag.tableschema.model import Licence, read_descriptor

DATABASE_NAME = "statsbidrag"
PLUGINS_DIR = Path(__file__).resolve().parent / "datasette_plugins"
PLUGIN = "statsbidrag-source-links"


def _unit(name: str) -> str:
    """The unit a column's name declares (amount_sek, share_percent ...), as a sentence."""
    if name.endswith("_sek"):
        return " Unit: kronor (SEK), whole kronor."
    if name.endswith("_percent"):
        return " Unit: percent."
    return ""


def _view_description(path: Path) -> str:
    """The leading comment of a view file, up to its first blank comment line."""
    lines: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        text = line[2:].strip()
        if not text and lines:
            break
        lines.append(text)
    return re.sub(r"^\w+:\s*", "", " ".join(lines)).strip()


def _table_sources(root: Path) -> dict[str, str]:
    con = database.connect(root)
    try:
        return dict(con.sql("select table_id, source_id from tables").fetchall())
    finally:
        con.close()


def metadata(root: Path) -> dict:
    """Datasette's metadata.json for the package at `root`."""
    package = read_descriptor(root)
    tables: dict[str, dict[str, Any]] = {}
    for resource in database.resources(root):
        columns = {f.name: (f.description + _unit(f.name)).strip() for f in resource.schema.fields}
        tables[resource.name] = {"title": resource.title, "description": resource.description, "columns": columns}
    for name, path in zip(database.view_names(root), database.view_files(root)):
        tables[name] = {"title": f"{name} (view)",
                        "description": f"{_view_description(path)} Computed by {path.relative_to(root).as_posix()}."}
    tables[LINES_TABLE] = {"title": "Source document lines",
                           "description": "Every line of every archived source document, as printed: the line "
                                          "numbers of the other tables point here."}
    tables[VIEWS_TABLE] = {"title": "Views", "description": "The file that defines each view stored here.",
                           "hidden": True}
    [licence, *_] = package.licenses or (Licence(),)
    meta = {
        "title": package.title or package.name,
        "description": f"{package.description} Version {package.version}.",
        "license": licence.name, "license_url": licence.path,
        "source": "archived source documents (table sources, source_lines)",
        "databases": {DATABASE_NAME: {"tables": tables}},
        "plugins": {PLUGIN: {"table_sources": _table_sources(root)}},
    }
    if package.homepage:
        meta["source_url"] = package.homepage
    return meta


def command(sqlite_file: Path, metadata_file: Path, host: str, port: int) -> list[str]:
    """The datasette command line: immutable database, our metadata and plugin, local address."""
    import sys
    return [sys.executable, "-m", "datasette", "serve", "--immutable", str(sqlite_file),
            "--metadata", str(metadata_file), "--plugins-dir", str(PLUGINS_DIR),
            "--host", host, "--port", str(port), "--setting", "default_page_size", "50"]
