-- name: source_files_intact
-- description: every archived source file exists and matches the SHA-256 and size the sources resource records
-- severity: error
--
-- source_files is computed by the runner from the files under sources/ (sha256 of the
-- bytes on disk). Sources are never edited: a new version of a document is a new source.
SELECT format('{}: {}', coalesce(s.path, s.source_id),
              CASE WHEN f.present IS NOT TRUE THEN 'the archived file is missing'
                   WHEN f.sha256 IS DISTINCT FROM s.sha256
                       THEN format('its SHA-256 is {}, but the sources resource records {}: the file has changed since it was archived', f.sha256, s.sha256)
                   ELSE format('it has {} bytes, but the sources resource records {}', f.bytes, s.bytes) END) AS problem,
       s.source_id, s.path, s.sha256 AS recorded_sha256, f.sha256 AS file_sha256,
       s.bytes AS recorded_bytes, f.bytes AS file_bytes
FROM sources s
LEFT JOIN source_files f USING (source_id)
WHERE f.present IS NOT TRUE OR f.sha256 IS DISTINCT FROM s.sha256 OR f.bytes IS DISTINCT FROM s.bytes
ORDER BY s.source_id
