"""The Table Schemas (schemas/*.json, as published in datapackage.json) and their translators.

model reads datapackage.json and the schemas (the one reader); engine_types says what each
Table Schema type is in DuckDB, SQLite, pandas and Great Expectations. A column's type and
constraints are written once, in the schema; to_sql (DuckDB SQL for `check`), to_pandera
(pandera, for `statsbidrag.load`) and to_great_expectations (the report's suites) derive
from it, each translating every rule it meets or refusing it (tests/unit/test_translators.py).
"""
