-- name: unit_labels_agree
-- description: every unit label printed with a table (its unit line, the label after its stated total) means the unit the table is read in, or a documented anomaly stands at that line
-- severity: error
--
-- A table is read in one unit (tables.unit, declared in metadata/tables.toml). A label
-- that says otherwise (SKR's column headed 'MKR' holding kronor) is an oddity of the
-- source: it must be documented in metadata/anomalies.toml at the same line with a
-- quote containing the label, and `statsbidrag check` then reports it as a warning.
-- An undocumented contradiction, or a label that is no known unit, fails.
WITH labels AS (
    SELECT table_id, source_id, unit, 'its unit' AS what, unit_printed AS label, unit_line AS line
    FROM tables
    UNION ALL
    SELECT table_id, source_id, unit, 'the unit after its stated total',
           regexp_extract(stated_total_text, '[ \x{00A0}]([A-Za-zåäöÅÄÖ]+)$', 1), stated_total_line
    FROM tables
)
SELECT format('{}:{}: table {} is read in {}, but {} is printed "{}" ({}), and no anomaly at that line in metadata/anomalies.toml documents it',
              s.path, l.line, l.table_id, l.unit, l.what, l.label,
              CASE WHEN ul.scale_sek IS NULL THEN 'not a known unit label'
                   ELSE format('{} kronor per printed unit', kr(ul.scale_sek)) END) AS problem,
       l.table_id, s.path, l.line, l.what, l.label, l.unit
FROM labels l
LEFT JOIN units u ON u.unit = l.unit
LEFT JOIN unit_labels ul ON ul.label = l.label
LEFT JOIN sources s ON s.source_id = l.source_id
WHERE l.label IS NOT NULL AND l.label <> ''
  AND ul.scale_sek IS DISTINCT FROM u.scale_sek
  AND NOT EXISTS (SELECT 1 FROM anomalies a
                  WHERE a.source_id = l.source_id AND a.line = l.line AND contains(a.quote, l.label))
ORDER BY l.table_id, l.line
