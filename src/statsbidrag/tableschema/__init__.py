"""The Table Schemas (schemas/*.json, as published in datapackage.json) and their translators.

A column's type and constraints are written once, in the schema; to_sql (DuckDB SQL for
`check`), to_pandera (pandera, for `statsbidrag.load`) and the Great Expectations suites
of the report derive from it.
"""
