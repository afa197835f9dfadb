-- name: amounts_grouped_in_threes
-- description: every amount the package reads from a source (rows, items, stated totals, claims) is printed ungrouped or in groups of three ('42 045 981'), or an anomaly at its line documents the misgrouping ('42 045981')
-- severity: error
--
-- The build reads an amount as its digits however the spaces group them, so that a
-- misprint such as '544 99 160' is published as printed (amount_text) and as the
-- number its digits make (54 499 160). That reading is a judgement about the source:
-- it stands only where an anomaly at the same line quotes the misgrouped text and names
-- this check in `excuses` (documented_at in _macros.sql; the anomaly says why the digits are right, e.g. the
-- column then sums to its printed total). grouped_in_threes is in _macros.sql.
WITH printed_amounts AS (
    SELECT format('table {} region {}', a.table_id, a.region_code) AS row_key, t.source_id,
           a.source_line AS line, 'amount_text' AS field, a.amount_text AS text
    FROM allocations a JOIN tables t USING (table_id)
    UNION ALL
    SELECT format('table {} item {}', b.table_id, b.item_number), t.source_id, b.source_line,
           'amount_text', b.amount_text
    FROM breakdown_items b JOIN tables t USING (table_id)
    UNION ALL
    SELECT format('table {}', table_id), source_id, stated_total_line, 'stated_total_text',
           number_part(stated_total_text)
    FROM tables WHERE stated_total_text IS NOT NULL
    UNION ALL
    SELECT format('claim {}', claim_id), source_id, line, 'value_text', value_text FROM claims
)
SELECT format('{}:{}: {} {} "{}" is not grouped in threes, and no anomaly at that line in metadata/anomalies.toml documents it',
              coalesce(s.path, p.source_id), p.line, p.row_key, p.field, p.text) AS problem,
       p.row_key, p.field, p.text, p.source_id, s.path, p.line
FROM printed_amounts p
LEFT JOIN sources s ON s.source_id = p.source_id
WHERE NOT coalesce(grouped_in_threes(trim(p.text)), false)
  AND NOT coalesce(documented_at('amounts_grouped_in_threes', p.source_id, p.line, p.text), false)
ORDER BY s.path, p.line, p.row_key
