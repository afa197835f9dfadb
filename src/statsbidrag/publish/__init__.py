"""Stage 2, publishing: the extracted rows as a data package and its derived files.

build (the build as a library), render (CSV and datapackage.json), atomic (the build as
one transaction), changelog, database (DuckDB views, .duckdb, Parquet), sqlite_export,
release (dist/: zip, wheel, SHA256SUMS).
"""
