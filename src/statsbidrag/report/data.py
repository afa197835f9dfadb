"""The package's resources as pandas frames, typed from their Table Schemas.

Read from datapackage.json and the CSVs (not from any database file), so the report
sees exactly what a user downloads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from statsbidrag.errors import StatsbidragError

# Table Schema type -> pandas dtype. Dates stay text: the GX suite checks their format.
_DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "date": "string"}


@dataclass
class Resource:
    name: str
    descriptor: dict          # the resource's entry in datapackage.json
    schema: dict              # its Table Schema
    schema_path: str          # e.g. schemas/regions.json
    frame: Any                # pandas.DataFrame

    @property
    def title(self) -> str:
        return self.descriptor.get("title", self.name)

    def records(self) -> list[dict]:
        """Rows as plain Python values (None for missing, int for integers)."""
        frame = self.frame.astype(object).where(self.frame.notna(), None)
        return frame.to_dict(orient="records")


@dataclass
class Package:
    root: Path
    descriptor: dict
    resources: dict[str, Resource] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Resource:
        return self.resources[name]

    def __contains__(self, name: str) -> bool:
        return name in self.resources

    def records(self, name: str) -> list[dict]:
        return self.resources[name].records() if name in self.resources else []


def read_package(root: Path) -> Package:
    import pandas as pd

    descriptor_path = root / "datapackage.json"
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise StatsbidragError(f"{descriptor_path}: cannot read the package descriptor: {error}", code="SB302") from None
    package = Package(root=root, descriptor=descriptor)
    for entry in descriptor.get("resources", []):
        name = entry["name"]
        schema_ref = entry.get("schema")
        if isinstance(schema_ref, dict):
            schema, schema_path = schema_ref, "datapackage.json"
        else:
            schema_path = schema_ref
            try:
                schema = json.loads((root / schema_path).read_text(encoding="utf-8"))
            except (OSError, ValueError, TypeError) as error:
                raise StatsbidragError(f"resource '{name}': cannot read its schema {schema_path}: {error}", code="SB302") from None
        package.resources[name] = Resource(name, entry, schema, schema_path,
                                           _read_frame(pd, root / entry["path"], schema))
    return package


def _read_frame(pd, path: Path, schema: dict):
    """The CSV with each column in its schema type. A column whose values do not fit
    its type is kept as text, so the report still shows the package and the GX type
    expectation reports the column instead of the read failing."""
    missing = schema.get("missingValues", [""])
    try:
        frame = pd.read_csv(path, dtype="string", keep_default_na=False, na_values=missing, encoding="utf-8")
    except (OSError, ValueError) as error:
        raise StatsbidragError(f"{path}: cannot read it: {error}", code="SB703") from None
    for field_ in schema["fields"]:
        name, dtype = field_["name"], _DTYPES.get(field_.get("type", "string"), "string")
        if name in frame.columns and dtype != "string":
            try:
                frame[name] = pd.to_numeric(frame[name]).astype(dtype)
            except (ValueError, TypeError):
                pass
    return frame
