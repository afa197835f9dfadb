-- name: drafts_await_review
-- description: lists the metadata `statsbidrag add` drafted that no one has reviewed yet (a source marked draft = true, and what was drafted with it)
-- severity: warning
--
-- A report, never a failure: a drafted document is built and checked like any other, and
-- this says that a person has still to read the draft against the document (the tables,
-- their columns, unit, amount kind and status) and then remove the `draft = true` line.
-- metadata_drafts (file, line, source_id) is read by the runner from metadata/sources.toml.
SELECT format('{}:{}: source {} ({}) was drafted by statsbidrag add and awaits review: read its tables and grants against the document, then remove the line "draft = true"',
              d.file, d.line, d.source_id, coalesce(s.path, 'not built')) AS problem,
       d.file, d.line, d.source_id, s.path
FROM metadata_drafts d
LEFT JOIN sources s USING (source_id)
ORDER BY d.file, d.line
