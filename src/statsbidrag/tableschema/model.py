"""The one reader of datapackage.json and schemas/*.json, as small typed objects.

    package = read_descriptor(root)           # Descriptor: name, version, resources ...
    for resource in package.tabular():        # Resource: path, bytes, hash, schema
        schema = resource.schema              # TableSchema: fields, primary_key, foreign_keys ...

Everything that reads the descriptor or a schema goes through here, so a primary key is
normalised to a tuple once, `missingValues` defaults to [""] once, a foreign key's
`reference.resource` defaults to the resource itself once, and a missing or unreadable
file gives one message. Field types and constraints are kept as written (in the
schema's order): each translator (to_sql, to_pandera, to_great_expectations) handles
every one it meets or refuses it, and the vocabulary it checks against is here
(TYPES, CONSTRAINTS, DOC_PROPERTIES).

The reader checks the shape it needs (an object with a list of named fields, keys of
text ...) and refuses anything else (SB302; a missing datapackage.json is SB601); it does not judge a package
(`statsbidrag check` does) and does not fetch anything. A downloaded package is
refused by statsbidrag.release.verify before its descriptor is parsed here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from statsbidrag.errors import SchemaMappingError, StatsbidragError

DESCRIPTOR = "datapackage.json"
# Table Schema v2: every field type, and every constraint a field may state.
TYPES = ("string", "number", "integer", "boolean", "object", "array", "list", "date", "time", "datetime",
         "year", "yearmonth", "duration", "geopoint", "geojson", "any")
CONSTRAINTS = ("required", "unique", "pattern", "enum", "minimum", "maximum", "exclusiveMinimum",
               "exclusiveMaximum", "minLength", "maxLength", "jsonSchema")
# Field properties that describe a column without changing which values are valid.
DOC_PROPERTIES = frozenset({"name", "title", "description", "example", "rdfType", "categories",
                            "categoriesOrdered"})
# Schema properties: any other (uniqueKeys, ...) is refused by the translators.
SCHEMA_PROPERTIES = frozenset({"$schema", "name", "title", "description", "fields", "primaryKey", "foreignKeys",
                               "missingValues", "fieldsMatch"})
TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")


def refusal_message(where: str, found: str, translator: str, handled: object) -> str:
    """What every translator says when it refuses: where, what it translates, what it found, how to fix."""
    return (f"{where}: expected what statsbidrag/tableschema/{translator}.py translates ({handled}); "
            f"found {found}. Translate it there, or remove it from the schema.")


def refuse(where: str, found: str, translator: str, handled: object) -> SchemaMappingError:
    """The refusal (SB301) of a type, constraint or property a translator has no translation for."""
    return SchemaMappingError(refusal_message(where, found, translator, handled))


def _fail(where: str, expected: str, found: object, fix: str = "") -> StatsbidragError:
    """A descriptor or Table Schema the reader cannot read: not JSON, or not of the shape it needs."""
    shown = found if isinstance(found, str) else repr(found)
    return StatsbidragError(f"{where}: expected {expected}; found {shown}." + (f" {fix}" if fix else ""),
                            code="SB302")


def _names(value: object, where: str) -> tuple[str, ...]:
    """A field name or a list of them (Table Schema allows both) -> a tuple."""
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise _fail(where, "a field name or a list of field names", value)
    return tuple(names)


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "any"                       # Table Schema v2's default when none is written
    format: str = "default"
    description: str = ""
    constraints: Mapping[str, Any] = field(default_factory=dict)   # as written, in order
    true_values: tuple[str, ...] = TRUE_VALUES
    false_values: tuple[str, ...] = FALSE_VALUES
    properties: Mapping[str, Any] = field(default_factory=dict)    # every property as written

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))

    @property
    def unique(self) -> bool:
        return bool(self.constraints.get("unique"))

    def value_properties(self) -> list[str]:
        """The properties that change which values are valid, other than type and constraints
        (format only when it is not the default): a translator reads each or refuses it."""
        return [p for p in self.properties if p not in DOC_PROPERTIES | {"type", "constraints"}
                and not (p == "format" and self.format == "default")]


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str                           # "" : the resource itself
    reference_fields: tuple[str, ...]

    def target(self, own: str) -> str:
        return self.resource or own


@dataclass(frozen=True)
class TableSchema:
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    missing_values: tuple[str, ...] = ("",)
    fields_match: str = "exact"
    title: str | None = None
    description: str | None = None
    where: str = "the Table Schema"         # for messages: schemas/<name>.json, or the inline schema
    properties: Mapping[str, Any] = field(default_factory=dict)    # every property as written

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def is_required(self, fld: Field) -> bool:
        """Table Schema: `required`, and every primary-key field, may not be missing."""
        return fld.required or fld.name in self.primary_key


def parse_field(data: object, where: str) -> Field:
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        raise _fail(where, "a field: an object with a text 'name'", data)
    here = f"{where} field '{data['name']}'"
    constraints = data.get("constraints", {})
    if not isinstance(constraints, dict):
        raise _fail(f"{here} constraints", "an object", constraints)
    kind, fmt = data.get("type", "any"), data.get("format", "default")
    if not isinstance(kind, str) or not isinstance(fmt, str):
        raise _fail(f"{here} type and format", "text", [kind, fmt])
    return Field(data["name"], kind, fmt, str(data.get("description", "")), dict(constraints),
                 tuple(data.get("trueValues", TRUE_VALUES)), tuple(data.get("falseValues", FALSE_VALUES)),
                 dict(data))


def _parse_foreign_key(data: object, where: str) -> ForeignKey:
    reference = data.get("reference") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(reference, dict):
        raise _fail(f"{where} foreignKeys", "objects with 'fields' and a 'reference' object", data)
    resource = reference.get("resource") or ""
    if not isinstance(resource, str):
        raise _fail(f"{where} foreignKeys reference resource", "a resource name", resource)
    return ForeignKey(_names(data.get("fields"), f"{where} foreignKeys fields"), resource,
                      _names(reference.get("fields"), f"{where} foreignKeys reference fields"))


def parse_schema(data: object, where: str) -> TableSchema:
    """A Table Schema (parsed JSON) -> TableSchema; `where` names it in messages."""
    if not isinstance(data, dict) or not isinstance(data.get("fields"), list):
        raise _fail(where, "a Table Schema: a JSON object with a list of 'fields'", type(data).__name__
                    if not isinstance(data, dict) else f"an object with keys {sorted(data)}")
    foreign = data.get("foreignKeys", [])
    missing = data.get("missingValues", [""])
    if not isinstance(foreign, list):
        raise _fail(f"{where} foreignKeys", "a list", foreign)
    if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
        raise _fail(f"{where} missingValues", "a list of texts", missing)
    return TableSchema(
        fields=tuple(parse_field(f, where) for f in data["fields"]),
        primary_key=_names(data.get("primaryKey") or [], f"{where} primaryKey"),
        foreign_keys=tuple(_parse_foreign_key(fk, where) for fk in foreign),
        missing_values=tuple(missing), fields_match=str(data.get("fieldsMatch", "exact")),
        title=data.get("title"), description=data.get("description"), where=where, properties=dict(data))


def as_schema(schema: TableSchema | Mapping[str, Any], where: str) -> TableSchema:
    """A TableSchema as it is, or a schema still in its JSON form parsed."""
    return schema if isinstance(schema, TableSchema) else parse_schema(schema, where)


def _read_json(path: Path, rel: str, what: str, fix: str) -> object:
    if not path.is_file():
        raise _fail(rel, what, "no such file", fix)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _fail(rel, f"{what} (JSON in UTF-8)", f"{type(error).__name__}: {error}", fix) from None


def read_schema_json(root: Path, rel: str) -> object:
    """schemas/<name>.json (any path inside the package `root`) as JSON, not yet parsed: the
    checks of a package's shape (statsbidrag.check.validator) look at it before anything
    trusts it; read_schema parses it."""
    from statsbidrag.paths import inside  # a schema path never leaves the package
    return _read_json(inside(root, rel), rel, "a Table Schema",
                      "Restore it (git checkout), or correct the resource's schema in datapackage.json.")


def read_schema(root: Path, rel: str) -> TableSchema:
    """schemas/<name>.json (any path inside the package `root`) -> TableSchema."""
    return parse_schema(read_schema_json(root, rel), rel)


def read_descriptor_json(root: Path) -> object:
    """datapackage.json as JSON, not yet parsed (see read_schema_json)."""
    return _read_json(root / DESCRIPTOR, DESCRIPTOR, "the package descriptor",
                      "In a checkout run `statsbidrag build`; or restore datapackage.json.")


def key_names(schema: object) -> tuple[str, ...]:
    """A schema's primaryKey (a name or a list of names in Table Schema) as a tuple; () when
    it has none, or one of a shape the compiled rules refuse anyway (check.validator)."""
    key = schema.get("primaryKey", []) if isinstance(schema, Mapping) else []
    try:
        return _names(key, "primaryKey")
    except StatsbidragError:
        return ()


@dataclass(frozen=True)
class Resource:
    name: str
    paths: tuple[str, ...]                  # Data Package allows one path or several
    schema_path: str | None                 # None when the schema is inline or absent
    title: str
    description: str
    declared_bytes: Any = None              # `bytes` and `hash` as written: verify compares them
    declared_hash: Any = None
    encoding: str = "utf-8"
    dialect: Any = None                     # as written (None: the CSV defaults)
    properties: Mapping[str, Any] = field(default_factory=dict)    # the entry as written
    root: Path | None = None

    @property
    def path(self) -> str | None:
        return self.paths[0] if len(self.paths) == 1 else None

    @property
    def tabular(self) -> bool:
        return bool(self.properties.get("schema"))

    @property
    def schema_label(self) -> str:
        return self.schema_path or f"the inline schema of '{self.name}' in {DESCRIPTOR}"

    @cached_property
    def schema(self) -> TableSchema:
        """Its Table Schema (read on first use: listing resources reads no schema)."""
        inline = self.properties.get("schema")
        if isinstance(inline, dict):
            return parse_schema(inline, self.schema_label)
        if self.schema_path is None or self.root is None:
            raise _fail(f"{DESCRIPTOR} resource '{self.name}'", "a Table Schema (schema)", repr(inline))
        return read_schema(self.root, self.schema_path)


@dataclass(frozen=True)
class Licence:
    name: str = ""
    title: str = ""
    path: str = ""


@dataclass(frozen=True)
class Descriptor:
    name: str
    title: str
    description: str
    version: str
    resources: tuple[Resource, ...]
    homepage: str = ""
    licenses: tuple[Licence, ...] = ()
    contributors: tuple[str, ...] = ()     # their titles
    properties: Mapping[str, Any] = field(default_factory=dict)    # the descriptor as written
    root: Path | None = None

    def tabular(self) -> list[Resource]:
        """The resources with a Table Schema, in datapackage.json order."""
        return [r for r in self.resources if r.tabular]

    def resource(self, name: str) -> Resource | None:
        return next((r for r in self.resources if r.name == name), None)


def _parse_resource(data: object, index: int, root: Path | None) -> Resource:
    if not isinstance(data, dict):
        raise _fail(f"{DESCRIPTOR} resource {index + 1}", "an object", data)
    name = str(data.get("name", index + 1))
    value = data.get("path")
    paths = value if isinstance(value, list) else [value] if value is not None else []
    if not all(isinstance(p, str) for p in paths):
        raise _fail(f"{DESCRIPTOR} resource '{name}' path", "a path or a list of paths", value)
    schema = data.get("schema")
    return Resource(name, tuple(paths), schema if isinstance(schema, str) else None,
                    str(data.get("title", name)), str(data.get("description", "")),
                    data.get("bytes"), data.get("hash"), str(data.get("encoding", "utf-8")), data.get("dialect"),
                    dict(data), root)


def parse_descriptor(data: object, root: Path | None = None) -> Descriptor:
    """datapackage.json (parsed JSON) -> Descriptor; its schemas are read from `root` when used."""
    if not isinstance(data, dict):
        raise _fail(DESCRIPTOR, "a JSON object", type(data).__name__)
    resources = data.get("resources", [])
    if not isinstance(resources, list):
        raise _fail(f"{DESCRIPTOR} resources", "a list", resources)
    # Licences and contributors only describe the package: one of another shape is left out
    # here (`statsbidrag check` reports it), so that reading a package never stops on them.
    licences, contributors = ([x for x in data.get(k) or [] if isinstance(x, dict)]
                              if isinstance(data.get(k), list) else [] for k in ("licenses", "contributors"))
    return Descriptor(str(data.get("name", "")), str(data.get("title", "")), str(data.get("description", "")),
                      str(data.get("version", "")),
                      tuple(_parse_resource(r, i, root) for i, r in enumerate(resources)),
                      str(data.get("homepage", "")),
                      tuple(Licence(str(x.get("name", "")), str(x.get("title", "")), str(x.get("path", "")))
                            for x in licences),
                      tuple(str(c.get("title", "")) for c in contributors), dict(data), root)


def read_descriptor(root: Path) -> Descriptor:
    """The package's datapackage.json, at `root`."""
    path, fix = root / DESCRIPTOR, ("In a checkout run `statsbidrag build`; or set STATSBIDRAG_ROOT to the "
                                    "folder holding datapackage.json.")
    if not path.is_file():
        raise StatsbidragError(f"{path}: expected the package descriptor; found no such file. {fix}", code="SB601")
    data = _read_json(path, str(path), "the package descriptor", fix)
    return parse_descriptor(data, root)
