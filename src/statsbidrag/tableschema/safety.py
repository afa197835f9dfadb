"""Refusing a datapackage.json that would make a reader fetch or read something outside the package.

Every path it names (resources, schemas, dialects, sources) must be a plain relative path
inside the package (`statsbidrag.paths.safe_relative_path`), and every `profile` or
`$schema` one Frictionless knows without fetching anything. `check` runs these refusals
before it hands a package to Frictionless, and `verify` before it reads a download.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from statsbidrag.errors import UnsafePackageError
from statsbidrag.paths import DESCRIPTOR, inside, safe_relative_path
from statsbidrag.tableschema.model import Descriptor, parse_descriptor

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


# Profiles Frictionless knows without fetching anything; any other value of `profile` or
# `$schema` would make it download (or read) a JSON Schema named by the package.
KNOWN_PROFILES = frozenset({
    "data-package", "tabular-data-package", "data-resource", "tabular-data-resource",
    "https://datapackage.org/profiles/2.0/datapackage.json",
    "https://datapackage.org/profiles/2.0/dataresource.json",
    "https://datapackage.org/profiles/2.0/tableschema.json",
    "https://datapackage.org/profiles/1.0/datapackage.json",
    "https://datapackage.org/profiles/1.0/dataresource.json",
})


def refuse_profiles(item: dict, label: str) -> None:
    for key in ("profile", "$schema"):
        value = item.get(key)
        if value is not None and value not in KNOWN_PROFILES:
            raise UnsafePackageError(f"{label} {key}: expected a standard Data Package profile "
                                     f"({', '.join(sorted(KNOWN_PROFILES)[:3])}, ...); found {value!r}, which "
                                     "a validator would fetch or read. Refused.", code="SB423")


def refuse_unsafe_descriptor(root: Path) -> None:
    """Refuse a datapackage.json in `root` that names a remote or outside path or profile."""
    descriptor, _ = load_descriptor(inside(root, DESCRIPTOR).read_bytes())
    for rel, label in descriptor_paths(descriptor).items():
        path = inside(root, rel)
        if label.endswith(" schema") and path.is_file():
            try:
                schema = json.loads(path.read_text(encoding="utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                continue  # not a schema: the validator reports it
            if isinstance(schema, dict):
                refuse_profiles(schema, rel)


def descriptor_paths(descriptor: object) -> dict[str, str]:
    """Every local path datapackage.json names -> what names it. Unsafe or remote paths raise."""
    if not isinstance(descriptor, dict):
        raise UnsafePackageError(f"{DESCRIPTOR}: expected a JSON object; found {type(descriptor).__name__}.",
                                 code="SB423")
    refuse_profiles(descriptor, DESCRIPTOR)
    paths: dict[str, str] = {}
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        raise UnsafePackageError(f"{DESCRIPTOR}: expected a non-empty list of resources; found {resources!r}.",
                                 code="SB423")
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict):
            raise UnsafePackageError(f"{DESCRIPTOR} resource {index + 1}: expected an object; found {resource!r}.",
                                     code="SB423")
        label = f"{DESCRIPTOR} resource '{resource.get('name', index + 1)}'"
        refuse_profiles(resource, label)
        if isinstance(resource.get("schema"), dict):
            refuse_profiles(resource["schema"], f"{label} schema")
        if "data" in resource and "path" not in resource:
            continue  # inline data: nothing to read
        value = resource.get("path")
        for path in (value if isinstance(value, list) else [value]):
            paths[safe_relative_path(path, f"{label} path")] = f"{label} path"
        for key in ("schema", "dialect"):
            if isinstance(resource.get(key), str):
                paths[safe_relative_path(resource[key], f"{label} {key}")] = f"{label} {key}"
    for index, source in enumerate(descriptor.get("sources") or []):
        if isinstance(source, dict) and isinstance(source.get("path"), str) and not _URL.match(source["path"]):
            paths[safe_relative_path(source["path"], f"{DESCRIPTOR} sources[{index}] path")] = \
                f"{DESCRIPTOR} sources[{index}] path"
    return paths


def load_descriptor(data: bytes | None) -> tuple[dict, Descriptor]:
    """-> (the descriptor as written, read by the one reader). Every refusal of
    descriptor_paths runs on what is written, before the reader reads it."""
    assert data is not None  # read after checking that the file exists
    try:
        descriptor = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnsafePackageError(f"{DESCRIPTOR}: expected JSON in UTF-8; found {error}.", code="SB423") from None
    descriptor_paths(descriptor)
    return descriptor, parse_descriptor(descriptor)
