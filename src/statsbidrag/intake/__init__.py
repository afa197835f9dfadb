"""A new document -> a draft of its metadata (`statsbidrag add`).

The stage between extract (which reads a document as metadata declares it) and publish:
`detect` finds the per-region tables of a document nobody has described yet, with what it
based each fact on (the line and the text of the heading, the unit, the amount kind, the
status); `draft` writes that as metadata, proves the draft with the extraction itself
(statsbidrag.extract.tables.extract_table reads every drafted table before it is shown or
written), and archives the document. It may import extract and metadata, never publish,
check or report: the command (cli/add.py) passes the build's extraction in to prove a
written draft.
"""
