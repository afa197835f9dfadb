-- name: allocation_keys_agree
-- description: tables declared to share one key (allocation_keys.key_group) are proportional to each other within 1 krona per row (plus half the rounding step of a rounded table)
-- severity: error
--
-- For two tables A and B of a group, with S the sum of a table's rows, B's amount for a
-- region must be A's amount x S(B) / S(A). A is the table with the larger sum, so that
-- its rounding (half a krona per row) shrinks rather than grows when it is scaled. This
-- holds whatever the key's date is: it is how the 2021 main table and its supplement are
-- known to share one population basis although the date is not known.
WITH grouped AS (
    SELECT k.key_group, a.table_id, a.region_code, a.amount_sek, a.source_line, s.path,
           sum(a.amount_sek) OVER (PARTITION BY a.table_id) AS table_sum_sek,
           CASE WHEN t.rounding_step_sek > 1 THEN t.rounding_step_sek / 2 ELSE 0 END AS slack
    FROM allocation_keys k
    JOIN allocations a USING (table_id)
    JOIN tables t USING (table_id)
    LEFT JOIN sources s ON s.source_id = t.source_id
    WHERE coalesce(k.key_group, '') <> ''
), pairs AS (
    SELECT x.key_group, x.region_code, x.table_id AS table_a, x.amount_sek AS amount_a, x.path AS path_a,
           x.source_line AS line_a, y.table_id AS table_b, y.amount_sek AS amount_b, y.path AS path_b,
           y.source_line AS line_b,
           x.amount_sek * CAST(y.table_sum_sek AS DOUBLE) / x.table_sum_sek AS expected_b,
           1 + x.slack + y.slack AS tolerance_sek
    FROM grouped x
    JOIN grouped y
        ON y.key_group = x.key_group AND y.region_code = x.region_code AND y.table_id <> x.table_id
       AND (x.table_sum_sek > y.table_sum_sek OR (x.table_sum_sek = y.table_sum_sek AND x.table_id < y.table_id))
)
SELECT format('key group {}, region {} ({}): table {} prints {} kronor ({}:{}), but table {} ({}:{}) scaled to its total gives {}; difference {} kronor, more than {}',
              p.key_group, p.region_code, r.short_name, p.table_b, kr(p.amount_b), p.path_b, p.line_b,
              p.table_a, p.path_a, p.line_a, round(p.expected_b, 1), round(p.amount_b - p.expected_b, 1),
              p.tolerance_sek) AS problem,
       p.key_group, p.region_code, p.table_a, p.amount_a, p.line_a, p.table_b, p.amount_b, p.line_b,
       round(p.expected_b, 2) AS expected_b, round(p.amount_b - p.expected_b, 2) AS difference_sek, p.tolerance_sek
FROM pairs p
LEFT JOIN regions r ON r.region_code = p.region_code
WHERE abs(p.amount_b - p.expected_b) > p.tolerance_sek
ORDER BY p.key_group, p.region_code, p.table_a, p.table_b
