"""The browsable report: a static site in dist/site/ with the package's status,
one page per allocation table (bar chart, rows, provenance), claims, anomalies,
and Great Expectations suites generated from the Table Schemas with their Data Docs.

Nothing here imports Great Expectations at module level: only
statsbidrag.report.gx_suites.run_suites does, when the report command runs it.
"""
