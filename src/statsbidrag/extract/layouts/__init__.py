"""Reading the region rows of a table in each printed layout: one module per layout.

Each module of this package defines one layout class and registers it with
`@register` (base.py); importing the package imports every module, so the registry
holds every layout there is. Turning names into region codes and texts into kronor
happens in extract.tables. Adding a layout: see docs/ARCHITECTURE.md ("A layout").
"""

from __future__ import annotations

import importlib
import pkgutil

from statsbidrag.extract.layouts.base import REGISTRY, Layout, RawRow, markdown_cell, pipe_cells, register

__all__ = ["REGISTRY", "Layout", "RawRow", "layout", "markdown_cell", "pipe_cells", "register"]

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")


def layout(name: str) -> type[Layout]:
    """The registered layout `name` (metadata.models.Layout names only registered ones)."""
    return REGISTRY[name]
