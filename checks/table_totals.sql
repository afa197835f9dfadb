-- name: table_totals
-- description: the rows of each table that prints a total add up to it: to the krona for exact tables, within half a rounding step per rounded figure for rounded ones, and as its qualifier says for a total printed "drygt ..."; a difference is accepted only where an anomaly at the total's line documents it
-- severity: error
--
-- A table that prints no total (tables.total_printed = false) has its stated_total_*
-- empty and nothing to add up to: a figure in the prose is a claim (claims_hold). A
-- total_printed that disagrees with its stated_total_* fails.
-- A source whose rows do not add up to its own printed total (20: 250 010 000 against
-- 250 000 000) is an oddity of the source, not of the package: an anomaly at the
-- total's line whose quote contains the total's number and that names this check in
-- `excuses` (documented_at, _macros.sql) lets this check pass, and `statsbidrag check` reports the anomaly as a warning, as
-- unit_labels_agree does. The rows and the total are published as printed.
--
-- The rule, for a table of n rows whose total is printed at stated_total_line:
--   * amounts in whole kronor (rounding_step_sek = 1) are exact:
--         sum(rows) = stated total, to the krona;
--   * amounts rounded to a step s (1 000 000 for a table in miljoner kronor): each
--     printed row is within s/2 of its true value, and so is a rounded total, so
--         |sum(rows) - stated total| <= s/2 per rounded row + s/2 if the total is rounded
--     ((21 + 1) x 500 000 = 11 000 000 kronor for a table of 21 rows in miljoner;
--     a step above 1 krona is a power of ten, so s/2 is a whole number of kronor);
--   * a total printed with a qualifier ('drygt 336 miljoner kronor') must hold for the
--     sum of the rows as printed, as claim_agrees in _macros.sql defines the qualifier.
-- A table with no rows fails.
WITH table_rows AS (
    SELECT a.table_id, a.amount_sek, t.rounding_step_sek AS step
    FROM allocations a JOIN tables t USING (table_id)
    UNION ALL
    SELECT table_id, amount_sek, rounding_step_sek FROM breakdown_items
), sums AS (
    SELECT table_id, count(*) AS n_rows, sum(amount_sek) AS sum_sek,
           sum(CASE WHEN step > 1 THEN step // 2 ELSE 0 END) AS rows_slack
    FROM table_rows GROUP BY table_id
), totals AS (
    SELECT t.table_id, t.source_id, s.path, t.stated_total_line AS line, t.stated_total_text,
           coalesce(t.stated_total_qualifier, '') AS qualifier, t.stated_total_sek,
           printed_step(number_part(t.stated_total_text), u.scale_sek) AS total_step,
           coalesce(x.n_rows, 0) AS n_rows, coalesce(x.sum_sek, 0) AS sum_sek,
           coalesce(x.rows_slack, 0) AS rows_slack
    FROM tables t
    LEFT JOIN sums x USING (table_id)
    LEFT JOIN units u ON u.unit = t.unit
    LEFT JOIN sources s ON s.source_id = t.source_id
    WHERE t.total_printed IS NOT false
), judged AS (
    SELECT *,
           CASE WHEN qualifier <> '' THEN NULL
                ELSE rows_slack + CASE WHEN total_step > 1 THEN total_step // 2 ELSE 0 END
           END AS tolerance_sek,
           CASE WHEN qualifier <> '' THEN claim_agrees(qualifier, stated_total_sek, total_step, sum_sek)
                ELSE abs(sum_sek - stated_total_sek)
                     <= rows_slack + CASE WHEN total_step > 1 THEN total_step // 2 ELSE 0 END
           END AS agrees
    FROM totals
)
SELECT format('table {}: its {} rows sum to {} kronor, but the total stated at {}:{} is "{}{}" = {} kronor ({})',
              j.table_id, n_rows, kr(sum_sek), path, line,
              CASE WHEN j.qualifier <> '' THEN j.qualifier || ' ' ELSE '' END, stated_total_text,
              kr(stated_total_sek),
              CASE WHEN j.qualifier <> '' THEN q.meaning
                   WHEN tolerance_sek = 0 THEN 'exact: must agree to the krona'
                   ELSE format('rounded: must agree within {} kronor', kr(tolerance_sek)) END) AS problem,
       j.table_id, path, line, stated_total_text, j.qualifier, stated_total_sek, n_rows, sum_sek,
       sum_sek - stated_total_sek AS difference_sek, tolerance_sek
FROM judged j LEFT JOIN qualifiers q ON q.qualifier = j.qualifier
WHERE n_rows = 0
   OR (agrees IS NOT TRUE
       AND NOT coalesce(documented_at('table_totals', j.source_id, line, number_part(stated_total_text)), false))

UNION ALL
SELECT format('table {}: total_printed is {}, but its stated total is {}', t.table_id,
              coalesce(CAST(t.total_printed AS VARCHAR), '(empty)'),
              CASE WHEN t.stated_total_text IS NULL THEN 'empty' ELSE format('"{}" at line {}', t.stated_total_text,
                   coalesce(CAST(t.stated_total_line AS VARCHAR), '(empty)')) END),
       t.table_id, s.path, t.stated_total_line, t.stated_total_text, t.stated_total_qualifier, t.stated_total_sek,
       NULL, NULL, NULL, NULL
FROM tables t LEFT JOIN sources s ON s.source_id = t.source_id
WHERE t.total_printed IS NULL
   OR (t.total_printed AND (t.stated_total_text IS NULL OR t.stated_total_sek IS NULL OR t.stated_total_line IS NULL))
   OR (NOT t.total_printed AND (t.stated_total_text IS NOT NULL OR t.stated_total_sek IS NOT NULL
                                OR t.stated_total_line IS NOT NULL))

ORDER BY table_id
