"""One module per `statsbidrag` subcommand: add_arguments(parser) and run(args) -> int.

Keep imports at the top of these modules light; import heavy libraries inside run().
statsbidrag.cli.main replaces `args.root` by the package folder (statsbidrag.paths.find_root)
before run() is called, and says on standard error which folder that is.
"""

ROOT_HELP = ("package folder (default: STATSBIDRAG_ROOT, else the nearest folder holding datapackage.json "
             "from the current folder upward, else the copy the tool carries)")
# The version of the layout of every --json output; bump it when a key changes meaning or goes away.
# 2: check's and verify's findings share one shape (statsbidrag.check.findings.Finding).
JSON_SCHEMA_VERSION = 2

