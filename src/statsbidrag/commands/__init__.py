"""One module per `statsbidrag` subcommand: add_arguments(parser) and run(args) -> int.

Keep imports at the top of these modules light; import heavy libraries inside run().
"""
