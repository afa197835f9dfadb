"""Turning what is wrong with a metadata file into messages for people.

Each problem names the file, the entry (`[[table]] 'skr-2021-kvinnors-halsa'`), the
key, the line of that key in the file, what was expected and what was found. All
problems of all files are collected and raised together as one MetadataError.
"""

from __future__ import annotations

import difflib
import json
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from statsbidrag.errors import MetadataError, Problem
from statsbidrag.metadata.locate import KeyLines
from statsbidrag.metadata.values import PATTERNS


def show(value: object) -> str:
    """A value as it would be written in TOML, shortened."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (str, int, float, list)):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, dict):
        text = "a table {" + ", ".join(value) + "}"
    else:
        text = repr(value)
    return text if len(text) <= 100 else text[:97] + "..."


_TYPES = {"int": "an integer (a number without quotes)", "str": "a string in quotes",
          "bool": "true or false", "list": "an array [...]", "dict": "a table",
          "float": "a number", "model": "a table"}
_TOML_TYPE = {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
              list: "an array", dict: "a table"}


def _tagged(annotation: Any) -> tuple[str, dict[str, type[BaseModel]]] | None:
    """(key, tag -> model) for a discriminated union of models, `Annotated[A | B,
    Field(discriminator=key)]` (a [[table]] of each `kind`); None for anything else."""
    if typing.get_origin(annotation) is not typing.Annotated:
        return None
    union, *extras = typing.get_args(annotation)
    key = next((x.discriminator for x in extras if isinstance(getattr(x, "discriminator", None), str)), None)
    if key is None:
        return None
    return key, {tag: member for member in typing.get_args(union)
                 for tag in typing.get_args(member.model_fields[key].annotation)}


def _unwrap(annotation: Any) -> Any:
    """The model or plain type a field holds, through Annotated, Optional, list and dict
    (a discriminated union is returned as it is: the location says which member)."""
    while True:
        if _tagged(annotation) is not None:
            return annotation
        origin = typing.get_origin(annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (list, dict) or (origin is not None and len(args) == 1):
            annotation = args[-1]
        else:
            return annotation


def _walk(model: type[BaseModel], loc: tuple) -> tuple[tuple, type[BaseModel] | None]:
    """A pydantic location without the tags pydantic puts in it for a discriminated union
    (("table", 0, "regions", "rows") -> ("table", 0, "rows")), and the model class that holds
    its last key (None when a key on the way is not a field)."""
    current: object = model
    path: list = []
    for n, part in enumerate(loc):
        tagged = _tagged(current)
        if tagged is not None and isinstance(part, str) and part in tagged[1]:
            current = tagged[1][part]  # the member this entry's tag chose: not a key in the file
            continue
        path.append(part)
        if n == len(loc) - 1 or isinstance(part, int):
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            if part not in current.model_fields:
                return (*path, *loc[n + 1:]), None
            current = _unwrap(current.model_fields[part].annotation)
        # else a dict's key (package.toml [resources.<name>]): the same model holds the next
    holder = current if isinstance(current, type) and issubclass(current, BaseModel) else None
    return tuple(path), holder


def location(error: Mapping[str, typing.Any], model: type[BaseModel]) -> tuple:
    """Where an error is, as keys in the file: a discriminated union's tag is dropped, and
    an error about the tag itself (a missing or unknown `kind`) is at the tag's key."""
    path, _ = _walk(model, tuple(error["loc"]))
    if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
        path = (*path, str(error.get("ctx", {}).get("discriminator", "")).strip("'"))
    return path


def model_at(model: type[BaseModel], path: tuple) -> type[BaseModel] | None:
    """The model class that holds the last key of `path` (a pydantic location)."""
    return _walk(model, path)[1]


def expected_found(error: Mapping[str, typing.Any], model: type[BaseModel], path: tuple) -> tuple[str, str]:
    """(expected, found) for one pydantic error."""
    kind, ctx, value = error["type"], error.get("ctx", {}), error.get("input")
    key = path[-1] if path else ""
    if kind == "missing":
        return f"the key `{key}` to be set", "it missing"
    if kind == "union_tag_not_found":
        return f"the key `{str(ctx.get('discriminator', '')).strip(chr(39))}` to be set", "it missing"
    if kind == "union_tag_invalid":
        return f"one of {ctx.get('expected_tags', '')}", show(ctx.get("tag"))
    if kind == "extra_forbidden":
        holder = model_at(model, path)
        allowed = sorted(holder.model_fields) if holder else []
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        return (f"only the keys {', '.join(allowed)}" if allowed else "no such key",
                f"the unknown key `{key}`{hint}")
    found = show(value) + (f" ({_TOML_TYPE[type(value)]})" if type(value) in _TOML_TYPE else "")
    if kind == "literal_error":
        return f"one of {ctx.get('expected', '')}", show(value)
    if kind == "string_pattern_mismatch":
        return PATTERNS.get(ctx.get("pattern"), f"text matching /{ctx.get('pattern')}/"), show(value)
    if kind.endswith("_type") and kind[:-5] in _TYPES:
        return _TYPES[kind[:-5]], found
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        sign = {"greater_than_equal": ">=", "less_than_equal": "<=", "greater_than": ">", "less_than": "<"}[kind]
        bound = next(iter(ctx.values()), "")
        return f"a number {sign} {bound}", show(value)
    if kind == "string_too_short":
        return "text that is not empty", show(value)
    if kind in ("too_short", "too_long"):
        return re.sub(r"^\w+ should have ", "", error["msg"]).split(" after")[0], show(value)
    if kind == "value_error":
        return error["msg"].removeprefix("Value error, "), show(value)
    return error["msg"], show(value)


@dataclass
class FileText:
    """One metadata file as read: its parsed data and where each key is written."""
    name: str                # "tables.toml"
    entries_key: str | None  # "table"; None for package.toml
    data: dict
    lines: KeyLines

    def entry_name(self, path: tuple) -> str:
        if self.entries_key and len(path) >= 2 and path[0] == self.entries_key and isinstance(path[1], int):
            raw = self.data.get(self.entries_key, [])
            entry = raw[path[1]] if path[1] < len(raw) else {}
            name = (entry.get("id") or entry.get("code") or entry.get("table") or entry.get("source")
                    if isinstance(entry, dict) else None)
            label = f"'{name}'" if isinstance(name, str) else f"number {path[1] + 1}"
            return f"[[{self.entries_key}]] {label}"
        if len(path) >= 2 and isinstance(path[0], str) and not isinstance(path[1], int) and \
                isinstance(self.data.get(path[0]), dict):
            return f"[{path[0]}.{path[1]}]"
        return "the top level"

    def key_name(self, path: tuple) -> str:
        rest = list(path)
        if self.entries_key and len(rest) >= 2 and rest[0] == self.entries_key and isinstance(rest[1], int):
            rest = rest[2:]
        elif len(rest) >= 2 and isinstance(self.data.get(rest[0]), dict) and not isinstance(rest[1], int):
            rest = rest[2:]
        text = ""
        for part in rest:
            text += f"[{part + 1}]" if isinstance(part, int) else (("." if text else "") + str(part))
        return text or (str(path[-1]) if path else "")


class Collector:
    """All problems found in metadata/, raised together at the end."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: FileText, path: tuple, expected: str, found: str) -> None:
        self.problems.append(Problem(f"metadata/{file.name}", file.lines.line(path), file.entry_name(path),
                                     file.key_name(path), expected, found))

    def add_file(self, name: str, line: int | None, expected: str, found: str) -> None:
        self.problems.append(Problem(f"metadata/{name}", line, "the file", "", expected, found))

    def raise_if_any(self) -> None:
        if self.problems:
            raise MetadataError(sorted(self.problems, key=lambda p: (p.file, p.line or 0)))
