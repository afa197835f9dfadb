-- name: meaning_matches_wording
-- description: no word near a table contradicts what its metadata says it means: no 'max', 'högst' or 'upp till' near a table of payments, no 'preliminär' near a final one, no 'kommunerna' near one for the regions; a documented anomaly at that line can excuse the word
-- severity: error
--
-- Near: the table's own lines (heading, unit line, rows, stated total) and 2 lines either
-- side. The words are meaning_cues.refuted_near (_macros.sql). An anomaly in
-- metadata/anomalies.toml at the line, quoting the word and excusing meaning_matches_wording,
-- lets it pass (as a warning: the anomaly is reported).
WITH spans AS (
    SELECT t.table_id, t.grant_id, t.source_id,
           least(t.first_line, coalesce(t.header_line, t.first_line), coalesce(t.unit_line, t.first_line),
                 coalesce(t.stated_total_line, t.first_line)) - 2 AS first_near,
           greatest(t.last_line, coalesce(t.header_line, t.last_line), coalesce(t.unit_line, t.last_line),
                    coalesce(t.stated_total_line, t.last_line)) + 2 AS last_near
    FROM tables t
), meanings AS (
    SELECT s.*, x.field, x.value
    FROM spans s
    JOIN tables t USING (table_id)
    JOIN grants g ON g.grant_id = t.grant_id
    CROSS JOIN LATERAL (VALUES ('amount_kind', t.amount_kind), ('status', t.status),
                               ('recipients', g.recipients)) AS x(field, value)
), found AS (
    SELECT m.table_id, m.source_id, m.field, m.value, l.line_number AS line, l.text,
           regexp_extract(l.text, c.refuted_near) AS word
    FROM meanings m
    JOIN meaning_cues c ON c.field = m.field AND c.value = m.value AND c.refuted_near IS NOT NULL
    JOIN source_lines l ON l.source_id = m.source_id AND l.line_number BETWEEN m.first_near AND m.last_near
    WHERE regexp_matches(l.text, c.refuted_near)
)
SELECT format('{}:{}: table {} is declared {} = "{}", but the source prints "{}" near it: "{}"',
              s.path, f.line, f.table_id, f.field, f.value, f.word, left(f.text, 120)) AS problem,
       f.table_id, f.field, f.value, f.word, s.path, f.line, f.text
FROM found f
LEFT JOIN sources s ON s.source_id = f.source_id
WHERE NOT documented_at('meaning_matches_wording', f.source_id, f.line, f.word)
ORDER BY f.table_id, f.line
