"""Stage 3, checking: is a package valid, consistent and traceable to its sources?

definitions (the checks/*.sql files), database (loads a package into DuckDB), fresh_build
(what a build would write now, in a second process that warm_child forks from a warm server),
runner (runs every check), results (what they found), validator (Frictionless's file, header
and row rules at DuckDB speed), cache (reuse a report for unchanged inputs), findings (what a
check reports), reference (the 21 regions, independent of metadata). The checks the tool runs
are listed in statsbidrag.toolchecks.
"""
