-- name: claims_hold
-- description: every amount a source states in its prose about one table (or one region of it) agrees with the sum of that table's rows, as its qualifier reads
-- severity: error
--
-- The claim's value and the value of its last printed digit come from the printed
-- text; what agreement means for each qualifier (none, cirka, drygt, nära) is written
-- in _macros.sql (qualifiers, claim_agrees). A claim with a region is checked against
-- that region's row. Claims naming several tables: parts_sum_to_whole; claims no table
-- can verify: claims_unverified (a claim must name tables or say why none can).
-- A source that contradicts itself (its prose says 1 357 000 000 where its table sums
-- to 1 367 000 000) is recorded, not resolved: an anomaly at the claim's line whose
-- quote contains the claim's number and whose `excuses` name this check (documented_at,
-- _macros.sql) lets the claim stand
-- against the table, and `statsbidrag check` reports the anomaly as a warning.
WITH single AS (
    SELECT * FROM claims WHERE table_ids IS NOT NULL AND NOT contains(table_ids, ' ')
), table_rows AS (
    SELECT table_id, region_code, amount_sek FROM allocations
    UNION ALL
    SELECT table_id, region_code, amount_sek FROM breakdown_items
), actual AS (
    SELECT c.claim_id, count(x.amount_sek) AS n_rows, sum(x.amount_sek) AS actual_sek
    FROM single c
    LEFT JOIN table_rows x
           ON x.table_id = c.table_ids AND (c.region_code IS NULL OR x.region_code = c.region_code)
    GROUP BY c.claim_id
)
SELECT format('{}:{}: claim {} "{}" = {} kronor, but table {}{} {} ({})',
              s.path, c.line, c.claim_id, c.quote, kr(c.value_sek), c.table_ids,
              CASE WHEN c.region_code IS NULL THEN '' ELSE format(', region {} ({}),', c.region_code, r.short_name) END,
              CASE WHEN n_rows = 0 THEN 'has no such rows' ELSE format('sums to {} kronor', kr(actual_sek)) END,
              q.meaning) AS problem,
       c.claim_id, s.path, c.line, c.quote, c.qualifier, c.value_sek, c.rounding_step_sek,
       c.table_ids AS table_id, c.region_code, actual_sek, actual_sek - c.value_sek AS difference_sek
FROM single c
JOIN actual USING (claim_id)
LEFT JOIN sources s ON s.source_id = c.source_id
LEFT JOIN regions r ON r.region_code = c.region_code
LEFT JOIN qualifiers q ON q.qualifier = coalesce(c.qualifier, '')
WHERE n_rows = 0
   OR (claim_agrees(c.qualifier, c.value_sek, c.rounding_step_sek, actual_sek) IS NOT TRUE
       AND NOT coalesce(documented_at('claims_hold', c.source_id, c.line, c.value_text), false))

UNION ALL
SELECT format('{}:{}: claim {} "{}" {}', s.path, c.line, c.claim_id, c.quote,
              CASE WHEN c.table_ids IS NULL THEN 'names no table to check it against and no reason why none can'
                   ELSE 'names tables to check it against and also a reason why none can' END),
       c.claim_id, s.path, c.line, c.quote, c.qualifier, c.value_sek, c.rounding_step_sek,
       c.table_ids, c.region_code, NULL, NULL
FROM claims c LEFT JOIN sources s ON s.source_id = c.source_id
WHERE (c.table_ids IS NULL) = (c.unverifiable_because IS NULL)

ORDER BY claim_id
