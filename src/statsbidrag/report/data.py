"""The package's resources as pandas frames, typed from their Table Schemas.

Read from datapackage.json and the CSVs (not from any database file), so the report
sees exactly what a user downloads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from statsbidrag.errors import StatsbidragError
from statsbidrag.tableschema.engine_types import ENGINE_TYPES
from statsbidrag.tableschema.model import Descriptor, TableSchema, read_descriptor
from statsbidrag.tableschema.model import Resource as ResourceEntry


@dataclass
class Resource:
    name: str
    entry: ResourceEntry      # the resource's entry in datapackage.json
    schema: TableSchema       # its Table Schema
    frame: Any                # pandas.DataFrame

    @property
    def title(self) -> str:
        return self.entry.title

    @property
    def schema_path(self) -> str:   # e.g. schemas/regions.json
        return self.entry.schema_path or "datapackage.json"

    def records(self) -> list[dict]:
        """Rows as plain Python values (None for missing, int for integers): a fresh list of
        fresh dicts on each call, converted from the frame once (the pages ask hundreds of times)."""
        return [dict(row) for row in self._records]

    @cached_property
    def _records(self) -> list[dict]:
        frame = self.frame.astype(object).where(self.frame.notna(), None)
        return frame.to_dict(orient="records")


@dataclass
class Package:
    root: Path
    descriptor: Descriptor
    resources: dict[str, Resource] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Resource:
        return self.resources[name]

    def __contains__(self, name: str) -> bool:
        return name in self.resources

    def records(self, name: str) -> list[dict]:
        return self.resources[name].records() if name in self.resources else []


def read_package(root: Path) -> Package:
    import pandas as pd

    descriptor = read_descriptor(root)
    package = Package(root=root, descriptor=descriptor)
    for entry in descriptor.resources:
        package.resources[entry.name] = Resource(entry.name, entry, entry.schema,
                                                 _read_frame(pd, root / str(entry.path), entry.schema))
    return package


def _read_frame(pd: Any, path: Path, schema: TableSchema) -> Any:
    """The CSV with each column in its schema type. A column whose values do not fit
    its type is kept as text, so the report still shows the package and the GX type
    expectation reports the column instead of the read failing."""
    try:
        frame = pd.read_csv(path, dtype="string", keep_default_na=False, na_values=list(schema.missing_values),
                            encoding="utf-8")
    except (OSError, ValueError) as error:
        raise StatsbidragError(f"{path}: cannot read it: {error}", code="SB703") from None
    for field_ in schema.fields:
        engines = ENGINE_TYPES.get(field_.type)
        dtype = engines.pandas if engines else "string"
        if field_.name in frame.columns and dtype != "string":
            if field_.type in ("integer", "year") and not frame[field_.name].dropna().str.fullmatch(r"[+-]?[0-9]+").all():
                continue  # to_numeric would read 1.5 or 1e3, and Int64 would keep 1 of 1.5
            try:
                frame[field_.name] = pd.to_numeric(frame[field_.name]).astype(dtype)
            except (ValueError, TypeError):
                pass
    return frame
