"""Stage 2, publishing: the extracted rows as a data package and its derived files.

build (the build as a library), render (CSV and datapackage.json), formulas (text a
spreadsheet would run, refused), atomic (the build as one transaction), changelog, database
(DuckDB views, .duckdb, Parquet), sqlite_export. The release (dist/) is statsbidrag.release.
"""
