"""The Python API: load a resource as a typed, validated pandas DataFrame.

    import statsbidrag
    allocations = statsbidrag.load("allocations")      # validated DataFrame
    schema = statsbidrag.schema("allocations")         # pandera DataFrameSchema
    statsbidrag.validate(my_frame, "allocations")      # readable ValidationError

Resources are whatever datapackage.json lists with a Table Schema; nothing here
names one. The package is found by statsbidrag.paths.project_root(): the checkout,
or the copy shipped inside the wheel. pandas and pandera are imported only when a
function needs them, so importing this module is cheap.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING

from statsbidrag.errors import StatsbidragError, UnknownResourceError, ValidationError
from statsbidrag.paths import project_root

if TYPE_CHECKING:
    import pandas as pd
    import pandera.pandas as pa

    from statsbidrag.tableschema.model import Resource, TableSchema

_SHOW_ROWS = 10  # rows listed per problem before "... and N more"


# --- the package descriptor -------------------------------------------------

def _root(root: str | Path | None) -> Path:
    return Path(root).resolve() if root is not None else project_root()


def _tabular(root: Path) -> dict[str, Resource]:
    from statsbidrag.tableschema.model import read_descriptor  # `import statsbidrag` stays cheap
    return {r.name: r for r in read_descriptor(root).tabular()}


def resource_names(*, root: str | Path | None = None) -> list[str]:
    """The names of the package's tabular resources, in datapackage.json order."""
    return list(_tabular(_root(root)))


def _resource(name: str, root: Path) -> Resource:
    resources = _tabular(root)
    if name not in resources:
        close = difflib.get_close_matches(str(name), list(resources), n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise UnknownResourceError(f"unknown resource '{name}'.{hint} The package's resources are: "
                                   f"{', '.join(resources)} (see {root / 'datapackage.json'}).")
    return resources[name]


def table_schema(name: str, *, root: str | Path | None = None) -> TableSchema:
    """The resource's Table Schema (inline, or read from its schema file)."""
    return _resource(name, _root(root)).schema


# --- public API -------------------------------------------------------------

def schema(name: str, *, root: str | Path | None = None) -> pa.DataFrameSchema:
    """The pandera DataFrameSchema of a resource, derived from its Table Schema.

    Use it on your own derived frames: `statsbidrag.schema("allocations").validate(df, lazy=True)`,
    or statsbidrag.validate(df, "allocations") for a message grouped by column and rule.
    """
    from statsbidrag.tableschema.to_pandera import to_pandera
    return to_pandera(name, table_schema(name, root=root))


def validate(frame: pd.DataFrame, name: str, *, root: str | Path | None = None) -> pd.DataFrame:
    """Validate a frame against a resource's schema, reporting every failure at once.

    Returns the same frame object, unchanged; raises ValidationError naming the resource, and for
    each problem the column, the rule, the rows (index labels) and how to fix it.
    """
    resource = _resource(name, _root(root))
    from statsbidrag.tableschema.to_pandera import to_pandera
    return _validate(frame, name, to_pandera(name, resource.schema), resource.schema_label, [], None)


def load(name: str, *, root: str | Path | None = None) -> pd.DataFrame:
    """A resource as a pandas DataFrame with proper dtypes, validated by its schema.

    Text stays text (region codes keep their leading zero), integers are int64 (Int64
    when the column may be empty), dates are datetime64. Every failure is reported
    at once in a ValidationError: resource, column, CSV rows, rule and the fix.
    """
    import pandas as pd

    from statsbidrag.tableschema.to_pandera import to_pandera, typed_frame

    base = _root(root)
    resource = _resource(name, base)
    ts = resource.schema
    csv_path = base / str(resource.path)
    if resource.dialect or resource.encoding.lower() not in ("utf-8", "utf8"):
        raise StatsbidragError(f"resource '{name}': only UTF-8 CSV with the default dialect is supported",
                               code="SB703")
    try:
        # Every cell as text (so "01" stays "01"); only the schema's missingValues are
        # missing; a blank line is a row (of missing values), as frictionless reads it.
        text = pd.read_csv(csv_path, dtype=str, keep_default_na=False, na_values=list(ts.missing_values),
                           skip_blank_lines=False, encoding="utf-8")
    except FileNotFoundError:
        raise StatsbidragError(f"resource '{name}': {csv_path} not found. Rebuild the package with "
                               "`statsbidrag build`.", code="SB703") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise StatsbidragError(f"resource '{name}': {resource.path} is not a readable UTF-8 CSV file: "
                               f"{error}", code="SB703") from None
    typed, conversion = typed_frame(text, name, ts)
    return _validate(typed, name, to_pandera(name, ts), resource.schema_label, conversion, str(resource.path))


# --- reporting --------------------------------------------------------------

_BUILTIN_RULES = {
    "not_nullable": ("required", "fill in a value"),
    "field_uniqueness": ("unique", "each value may appear once: correct or remove the duplicate rows"),
    "column_in_dataframe": ("column missing", "add the column"),
    "column_in_schema": ("extra column", "drop the column, or declare it in the schema"),
    "column_ordered": ("column order", "put the columns in the schema's order"),
}


def _rule_and_fix(check: str, column: str, name: str, schema_: pa.DataFrameSchema, label: str) -> tuple[str, str]:
    if check in _BUILTIN_RULES:
        rule, fix = _BUILTIN_RULES[check]
        if check == "column_in_schema":
            fix = f"drop the column, or declare it in {label}"
        if check == "column_ordered":
            fix = f"order the columns as {label} lists them: {', '.join(schema_.columns)}"
        return rule, fix
    if check == "multiple_fields_uniqueness":
        key = ", ".join(schema_.unique or [])
        return f"primary key ({key}) unique", "each key may appear once: correct or remove the duplicate rows"
    if check.startswith("dtype("):
        column_schema = schema_.columns.get(column)
        kind = (column_schema.metadata or {}).get("tableschema", {}).get("type") if column_schema else None
        dtype = str(column_schema.dtype) if column_schema else check[7:-2]
        if kind == "string":
            return ("type string (pandas dtype str)",
                    f"keep the column as text: read CSV files with dtype=str (numbers lose leading zeros), "
                    f"or start from statsbidrag.load({name!r})")
        if kind == "date":
            return (f"type date (pandas dtype {dtype})",
                    f"convert the column, e.g. df[{column!r}] = pd.to_datetime(df[{column!r}], format='%Y-%m-%d')")
        return (f"type {kind} (pandas dtype {dtype})",
                f"convert the column, e.g. df[{column!r}] = df[{column!r}].astype({dtype!r})")
    if check.startswith("pattern "):
        return check, "write the value so that the whole of it matches the pattern"
    if check.startswith("enum "):
        return check, "use one of the listed values"
    if check.startswith(("minimum ", "maximum ", "exclusiveMinimum ", "exclusiveMaximum ", "length ")):
        return check, "correct the value so it is within the bound"
    if check.startswith("required"):
        return check, "fill in a value"
    if check.startswith("type date"):
        return check, "keep only the date (df[col].dt.normalize())"
    return check, "correct the value"


def _failure_table(errors: pa.errors.SchemaErrors | None, frame: pd.DataFrame, name: str,
                   schema_: pa.DataFrameSchema, label: str, conversion: list[dict]) -> pd.DataFrame:
    import pandas as pd

    rows = list(conversion)
    if errors is not None:
        cases = errors.failure_cases
        dtype_failed = set(cases.loc[cases["check"].astype(str).str.startswith("dtype("), "column"])
        for case in cases.to_dict("records"):
            column, check, index = case["column"], str(case["check"]), case["index"]
            missing_index = index is None or (not isinstance(index, str) and pd.isna(index))
            if column in dtype_failed and not check.startswith("dtype(") and missing_index:
                continue  # a check that could not run on the wrong dtype: the dtype failure says it
            if check in ("column_in_dataframe", "column_in_schema"):
                column = case["failure_case"]
            if check == "column_ordered":
                column = None  # about the frame, not one column
            rule, fix = _rule_and_fix(check, column, name, schema_, label)
            value = None if check in ("column_in_dataframe", "column_in_schema", "column_ordered") \
                else case["failure_case"]
            if check == "multiple_fields_uniqueness":
                column = None  # one failure per row (its key), not one per key column
                key = frame.loc[[index], list(schema_.unique)] if index in frame.index else None
                value = None if key is None else tuple(key.iloc[0])
            rows.append({"column": column, "rule": rule, "value": value,
                         "index": None if missing_index else index, "fix": fix})
    table = pd.DataFrame({key: pd.Series([r[key] for r in rows], dtype=object)
                          for key in ["column", "rule", "value", "index", "fix"]})
    # A cell that failed its type is already reported; its resulting gap is not news.
    converted = {(r["column"], r["index"]) for r in conversion}
    keep = [not (rule == "required" and (col, idx) in converted)
            for col, rule, idx in zip(table["column"], table["rule"], table["index"])]
    return table[keep].drop_duplicates(subset=["column", "rule", "index"]).reset_index(drop=True)


def _message(name: str, label: str, table: pd.DataFrame, csv_path: str | None,
             frame: pd.DataFrame, schema_: pa.DataFrameSchema) -> str:
    where = f"{csv_path} " if csv_path else "the frame "
    groups = list(table.groupby(["column", "rule"], sort=False, dropna=False))
    lines = [f"resource '{name}': {where}does not satisfy {label} ({len(groups)} problem(s)):"]
    for (column, rule), group in groups:
        indexes = [i for i in group["index"] if i is not None and not (isinstance(i, float) and i != i)]
        fix = group["fix"].iloc[0]
        if rule.startswith("primary key"):
            target = rule
        elif column is None or (isinstance(column, float) and column != column):
            target = f"rule {rule}"
        else:
            target = f"column '{column}', rule {rule}"
        if not indexes:
            value = group["value"].iloc[0]
            found = f" (found {value})" if value is not None and rule.startswith("type") else ""
            lines.append(f"  - {target}{found}: {fix}.")
            continue
        unique_indexes = list(dict.fromkeys(indexes))
        shown = unique_indexes[:_SHOW_ROWS]
        plural = len(unique_indexes) > 1
        if csv_path:
            refs = ("rows " if plural else "row ") + ", ".join(str(int(i) + 2) for i in shown)
        else:
            refs = "index " + ", ".join(map(str, shown))
        more = f" and {len(unique_indexes) - len(shown)} more" if len(unique_indexes) > len(shown) else ""
        values = [group.loc[group["index"] == i, "value"].iloc[0] for i in shown]
        if rule.startswith("primary key"):
            keys = list(dict.fromkeys(values))
            detail = f" ({'keys' if len(keys) > 1 else 'key'} {', '.join(map(repr, keys))})"
        elif rule.startswith("required"):
            detail = ""
        else:
            detail = f" ({'values' if plural else 'value'} {', '.join(map(repr, values))})"
        lines.append(f"  - {target}: {refs}{more}{detail}: {fix}.")
    if csv_path:
        lines.append(f"Row numbers count the header as row 1. Correct {csv_path} (or rebuild it with "
                     "`statsbidrag build`), or the schema if the rule is wrong.")
    return "\n".join(lines)


def _validate(frame: pd.DataFrame, name: str, schema_: pa.DataFrameSchema, label: str,
              conversion: list[dict], csv_path: str | None) -> pd.DataFrame:
    import pandera.pandas as pa

    errors = None
    try:
        schema_.validate(frame, lazy=True)  # no coercion: the frame is checked, not changed
    except pa.errors.SchemaErrors as error:
        errors = error
    if errors is None and not conversion:
        return frame
    table = _failure_table(errors, frame, name, schema_, label, conversion)
    if csv_path:
        table.insert(4, "row", [None if i is None else int(i) + 2 for i in table["index"]])
    raise ValidationError(_message(name, label, table, csv_path, frame, schema_), name, table) from errors
