"""`statsbidrag serve`: Datasette over the published SQLite file (optional extra `serve`)."""
