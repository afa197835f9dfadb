-- name: parts_sum_to_whole
-- description: where a source states a whole made of several tables (1 382 miljoner = 937 000 000 + 445 000 004), the tables' stated totals add up to it
-- severity: error
--
-- A claim that names more than one table (claims.table_ids) states their whole; the
-- sum of the parts' stated totals must agree with it as claim_agrees (_macros.sql)
-- reads its qualifier: with none, within half the value of its last printed digit
-- (|1 382 000 004 - 1 382 000 000| <= 500 000). Claims about a single table are
-- checked by claims_hold.
WITH wholes AS (
    SELECT * FROM claims WHERE contains(table_ids, ' ')
), parts AS (
    SELECT claim_id, unnest(string_split(table_ids, ' ')) AS table_id FROM wholes
), summed AS (
    SELECT p.claim_id, count(*) AS n_parts, count(t.table_id) AS n_found,
           sum(t.stated_total_sek) AS parts_sek,
           string_agg(format('{} ({} kronor)', p.table_id, coalesce(kr(t.stated_total_sek), 'no such table')), ' + '
                      ORDER BY p.table_id) AS parts_text
    FROM parts p LEFT JOIN tables t USING (table_id)
    GROUP BY p.claim_id
)
SELECT format('{}:{}: claim {} "{}" = {} kronor, but its parts {} come to {} kronor ({})',
              s.path, w.line, w.claim_id, w.quote, kr(w.value_sek), parts_text, kr(parts_sek),
              q.meaning) AS problem,
       w.claim_id, s.path, w.line, w.quote, w.qualifier, w.value_sek, w.rounding_step_sek,
       parts_text, parts_sek, parts_sek - w.value_sek AS difference_sek
FROM wholes w
JOIN summed x USING (claim_id)
LEFT JOIN sources s ON s.source_id = w.source_id
LEFT JOIN qualifiers q ON q.qualifier = coalesce(w.qualifier, '')
WHERE n_found < n_parts
   OR claim_agrees(w.qualifier, w.value_sek, w.rounding_step_sek, parts_sek) IS NOT TRUE
ORDER BY w.claim_id
