"""Stage 1, extraction: from an archived source document to rows, each with the line it came from.

documents (open an archived source and refuse any other bytes), provenance (an excerpt's
header), text (names and amounts as printed), regions (spellings -> codes), layouts (one
reader per printed layout), tables (a declared table -> rows), claims (prose figures and
anomalies), population and allocation_keys.
"""
