"""Datasette plugin (loaded by `statsbidrag serve` with --plugins-dir): every line number links
to the text printed on that line of its archived source.

A cell of a column named `line`, `source_line` or `*_line` becomes a link to the row
(source_id, line_number) of the `source_lines` table. The source is the row's `source_id`
(or `chosen_source_id`), else the source of the row's `table_id`, from the plugin
configuration `statsbidrag serve` writes into the metadata.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from datasette import hookimpl
from datasette.utils import tilde_encode
from markupsafe import Markup, escape

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.utils import CustomRow

PLUGIN = "statsbidrag-source-links"
LINES_TABLE = "source_lines"


def _is_line_column(column: str) -> bool:
    return column == "line" or column.endswith("_line")


def _plain(value: object) -> object:
    """A foreign key cell arrives expanded as {"value": ..., "label": ...}."""
    return value.get("value") if isinstance(value, dict) else value


def _source_of(row: CustomRow, table_sources: dict[str, str]) -> str | None:
    keys = row.keys()
    for key in ("source_id", "chosen_source_id"):
        source = _plain(row[key]) if key in keys else None
        if isinstance(source, str) and source:
            return source
    if "table_id" in keys:
        return table_sources.get(str(_plain(row["table_id"])))
    return None


@hookimpl
def render_cell(row: CustomRow, value: object, column: str, table: str | None, database: str,
                datasette: Datasette) -> Markup | None:
    if table == LINES_TABLE or not _is_line_column(column) or not isinstance(value, int):
        return None
    config = datasette.plugin_config(PLUGIN) or {}
    source_id = _source_of(row, config.get("table_sources", {}))
    if not source_id:
        return None
    href = datasette.urls.row(database, LINES_TABLE, f"{tilde_encode(source_id)},{value}")
    title = f"line {value} of {source_id} as printed"
    return Markup(f'<a href="{escape(href)}" title="{escape(title)}">{value}</a>')
