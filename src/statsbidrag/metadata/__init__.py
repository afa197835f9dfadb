"""The declared metadata in metadata/*.toml: regions, sources, grants, tables,
claims, anomalies and the package's own description.

Nothing in these files is an amount; they say what a document is and where its
tables sit. `load(root)` reads every file, validates all of it against the typed
models (models.py: the one place the metadata is described) and the rules between
entries and files (rules.py), and either returns a `Metadata` of model objects or
raises one MetadataError listing every problem, each with its file, entry, key and
line. It runs before anything is extracted or written.

To add a field to a file, see the docstring of models.py.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import toml_rs
import tomli
from pydantic import TypeAdapter, ValidationError

from statsbidrag.errors import SourceError
from statsbidrag.metadata.locate import KeyLines
from statsbidrag.metadata.models import (
    FILES,
    Absence,
    AddressAt,
    AllocationKey,
    Anomaly,
    BreakdownTable,
    Claim,
    Entry,
    Family,
    Grant,
    Item,
    PackageFile,
    PopulationColumn,
    Region,
    RegionSpelling,
    RegionTable,
    Source,
    Table,
)
from statsbidrag.metadata.problems import Collector, FileText, expected_found, location
from statsbidrag.metadata.rules import (
    check_allocation_keys,
    check_claims,
    check_families,
    check_grant_quotes,
    check_key_quotes,
    check_keys_match_basis,
    check_package,
    check_population,
    check_references,
    check_region_names,
    check_schema_enums,
    check_tables,
    check_unique,
)

__all__ = ["Metadata", "load", "read_toml", "Absence", "AddressAt", "AllocationKey", "Anomaly", "Claim", "Family",
           "Grant", "Item", "PackageFile", "PopulationColumn", "Region", "RegionSpelling", "RegionTable",
           "BreakdownTable", "Source", "Table"]


@dataclass(frozen=True)
class Metadata:
    package: PackageFile
    regions: list[Region]
    sources: list[Source]
    grants: list[Grant]
    tables: list[Table]
    claims: list[Claim]
    anomalies: list[Anomaly]
    population: list[PopulationColumn]
    allocation_keys: list[AllocationKey]
    # where each entry is written, for errors found after validation (e.g. a key naming a
    # population date no source prints): file name -> its key lines
    lines: dict[str, KeyLines]
    # the [[family]] entries of grants.toml
    families: list[Family]
    # metadata/region_spellings.toml: other spellings of the regions, with their era
    spellings: list[RegionSpelling]


# TOML is read as Python's tomllib reads it (TOML 1.0), by two parsers:
# - toml_rs in its TOML 1.0 mode (compiled Rust): three times faster than tomli on the
#   tables.toml of a large package, read in pieces of PIECE_HEADERS entries (half the
#   memory of one piece, and faster: 0.2 s and 110 MiB against tomli's 1.45 s at 10^6 rows);
# - tomli, the parser tomllib was taken from, for every text toml_rs refuses (and one
#   with a byte-order mark, which toml_rs skips and TOML does not allow): the error a
#   maintainer sees is tomllib's, "(at line N, column M)".
# tests/integration/test_metadata.py holds both to tomllib: the same values for every
# metadata file, for pieces cut anywhere, and TOML 1.1 syntax refused. tomli 2.4 and later
# read TOML 1.1, hence the bound in pyproject.toml.
PIECE_HEADERS = 2000
_ARRAY_HEADER = re.compile(r"^\[\[[A-Za-z0-9_-]+\]\][ \t]*$", re.MULTILINE)


class _Unsplittable(Exception):
    """The pieces of a text do not simply add up (a table defined in two of them)."""


def parse_toml(text: str, piece_headers: int = PIECE_HEADERS) -> dict:
    """TOML 1.0 text -> plain data, as tomllib reads it; raises tomli.TOMLDecodeError."""
    if not text.startswith("\ufeff"):
        try:
            return _parse_in_pieces(text, piece_headers)
        except (toml_rs.TOMLDecodeError, _Unsplittable):
            pass  # tomli says what is wrong, in tomllib's words
    return tomli.loads(text)


def _parse_in_pieces(text: str, piece_headers: int) -> dict:
    """The text cut before its first top-level `[[name]]` line and before every
    piece_headers-th one after it, each piece parsed on its own and the arrays of tables
    joined. After the first cut every piece starts with a table header, so its top-level
    lists are arrays of tables, which the next piece may go on with; any other key met twice
    (a table in two pieces, a key of the text before the first header) is _Unsplittable. A
    cut inside a multi-line string leaves that piece's string open, which toml_rs refuses;
    either way the caller reads the text whole."""
    headers = [m.start() for m in _ARRAY_HEADER.finditer(text)]
    if not headers:
        return toml_rs.loads(text, toml_version="1.0.0")
    cuts = headers[:1] + headers[piece_headers::piece_headers]
    data = toml_rs.loads(text[:cuts[0]], toml_version="1.0.0")
    before_headers = set(data)
    for start, end in zip(cuts, [*cuts[1:], len(text)]):
        for key, value in toml_rs.loads(text[start:end], toml_version="1.0.0").items():
            if key not in data:
                data[key] = value
            elif key not in before_headers and isinstance(value, list) and isinstance(data[key], list):
                data[key].extend(value)
            else:
                raise _Unsplittable(key)
    return data


def read_toml(path: Path) -> dict:
    """A TOML file as plain data (for files that are not metadata, e.g. in tests)."""
    try:
        return parse_toml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceError(str(path), None, "a metadata file", "no such file", code="SB202") from None
    except tomli.TOMLDecodeError as error:
        raise SourceError(str(path), None, "valid TOML", str(error), code="SB202") from None


def _read(folder: Path, name: str, entries_key: str | None, problems: Collector) -> FileText | None:
    path = folder / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add_file(name, None, "the file (see the other files in metadata/)", "no such file")
        return None
    except UnicodeDecodeError as error:
        problems.add_file(name, text_line(path.read_bytes(), error.start), "UTF-8 text",
                          f"byte 0x{path.read_bytes()[error.start]:02x}")
        return None
    try:
        data = parse_toml(text)
    except tomli.TOMLDecodeError as error:
        at = re.search(r"\(at line (\d+)", str(error))
        problems.add_file(name, int(at.group(1)) if at else None, "valid TOML", str(error))
        return None
    return FileText(name, entries_key, data, KeyLines(text))


def text_line(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def _validate(file: FileText, model: type[Entry], problems: Collector) -> tuple[set[int] | None, Entry | None]:
    """Validate the whole file; -> (indexes of its entries that have a problem (None: all
    of it), the file's model when it has none)."""
    try:
        return set(), model.model_validate(file.data, strict=True)
    except ValidationError as errors:
        bad: set[int] = set()
        for error in errors.errors():
            expected, found = expected_found(error, model, tuple(error["loc"]))
            path = location(error, model)
            problems.add(file, path, expected, found)
            if len(path) >= 2 and path[0] == file.entries_key and isinstance(path[1], int):
                bad.add(path[1])
            else:
                return None, None
        return bad, None


def _valid_entries(file: FileText, model: type[Entry], bad: set[int], whole: Entry | None) -> dict[int, Any]:
    """The valid entries of the file, each an instance of its own model (Region, Table ...):
    those of the validated file when it has no problem, else each valid entry on its own."""
    assert file.entries_key is not None  # a file of [[entries]]
    if whole is not None:
        return dict(enumerate(getattr(whole, file.entries_key)))
    entry = TypeAdapter(typing.get_args(model.model_fields[file.entries_key].annotation)[0])
    return {i: entry.validate_python(raw, strict=True)
            for i, raw in enumerate(file.data.get(file.entries_key, [])) if i not in bad}


def load(root: Path) -> Metadata:
    """Every metadata file, validated in full; raises MetadataError listing every problem."""
    problems = Collector()
    files: dict[str, FileText] = {}
    # Each file's entries are of its own model; the fields of Metadata say which.
    valid: dict[str, dict[int, Any]] = {}
    package: Any = None
    grants: Any = None  # the validated grants.toml, for its [[family]] entries
    for name, (model, key) in FILES.items():
        file = _read(root / "metadata", name, key, problems)
        if file is None:
            continue
        files[name] = file
        bad, whole = _validate(file, model, problems)
        grants = whole if name == "grants.toml" else grants
        if key is None:
            package = whole
        elif bad is not None:
            valid[name] = _valid_entries(file, model, bad, whole)
    _check_across_entries(files, valid, package, problems, root)
    problems.raise_if_any()
    entries = {name: list(valid[name].values()) for name in valid}
    families = list(grants.family)  # grants.toml had no problem (else raise_if_any raised)
    return Metadata(package, entries["regions.toml"], entries["sources.toml"], entries["grants.toml"],
                    entries["tables.toml"], entries["claims.toml"], entries["anomalies.toml"],
                    entries["population.toml"], entries["allocation_keys.toml"],
                    {name: file.lines for name, file in files.items()}, families,
                    entries["region_spellings.toml"])


def _check_across_entries(files: dict[str, FileText], valid: dict[str, dict[int, Any]], package: Any,
                          problems: Collector, root: Path) -> None:
    """The rules that read more than one entry or file (unique ids, references, tables ...),
    each run on the valid entries of the files it reads."""
    from statsbidrag.tableschema.resources import RESOURCE_ORDER
    check_unique(files, problems)
    check_references(files, problems)
    check_schema_enums(files, root, problems)
    if "regions.toml" in valid:
        check_region_names(files["regions.toml"], valid["regions.toml"], problems)
    if "grants.toml" in files:
        check_families(files["grants.toml"], problems)
    if "grants.toml" in valid:
        check_grant_quotes(files["grants.toml"], valid["grants.toml"], problems)
    if "tables.toml" in valid:
        check_tables(files["tables.toml"], valid["tables.toml"], problems)
    if "claims.toml" in valid:
        check_claims(files["claims.toml"], valid["claims.toml"], problems)
    if "population.toml" in valid:
        check_population(files["population.toml"], valid["population.toml"], problems)
    if "allocation_keys.toml" in valid:
        check_allocation_keys(files["allocation_keys.toml"], valid["allocation_keys.toml"], problems)
        check_key_quotes(files["allocation_keys.toml"], valid["allocation_keys.toml"], problems)
        if "tables.toml" in valid and "grants.toml" in valid:
            check_keys_match_basis(files["allocation_keys.toml"], valid["allocation_keys.toml"],
                                   valid["tables.toml"], valid["grants.toml"], problems)
    if package is not None:
        check_package(files["package.toml"], package, RESOURCE_ORDER, problems)
