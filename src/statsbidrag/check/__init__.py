"""Stage 3, checking: is a package valid, consistent and traceable to its sources?

runner (loads a package into DuckDB and runs every check of checks/*.sql), validator
(Frictionless's file, header and row rules at DuckDB speed), cache (reuse a report for
unchanged inputs), findings (what a check reports), reference (the 21 regions, independent
of metadata). The checks the tool runs are listed in statsbidrag.toolchecks.
"""
