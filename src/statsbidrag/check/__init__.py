"""Stage 3, checking: is a package valid, consistent and traceable to its sources?

runner (loads a package into DuckDB and runs every check of checks/*.sql), validator
(Frictionless's file, header and row rules at DuckDB speed), toolchecks (the tool's own
checks), cache (reuse a report for unchanged inputs), verify (a downloaded package),
safety (what a package may never do), reference (the 21 regions, independent of metadata).
"""
