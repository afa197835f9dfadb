-- name: grant_sources_agree
-- description: a grant published by two or more tables (the same table printed twice, as in the 2024 press release and its stored copy) gets the same amount for each region from every table, to the krona, and the tables cover the same regions
-- severity: error
--
-- Tables publish the same grant when tables.grant_id is the same (the 937 000 000 kronor
-- for women's health 2021 are printed by SKR and by the government's decision). Amounts
-- in whole kronor must be equal; a table rounded to a step s may differ by s/2 from one
-- rounded otherwise, and two tables rounded to the same step (the same table printed
-- twice) must print the same figure. A region one table prints and another table of
-- the grant declares absent is a disagreement too.
WITH shared AS (
    -- only a grant published by two or more tables can disagree with itself (most grants
    -- have one table: their rows are never paired)
    SELECT grant_id FROM tables GROUP BY grant_id HAVING count(*) > 1
), rows_ AS (
    SELECT t.grant_id, a.table_id, a.region_code, a.amount_sek, a.amount_text, a.source_line, s.path,
           t.rounding_step_sek AS step,
           CASE WHEN t.rounding_step_sek > 1 THEN t.rounding_step_sek // 2 ELSE 0 END AS slack
    FROM allocations a
    JOIN tables t USING (table_id)
    JOIN shared USING (grant_id)
    LEFT JOIN sources s ON s.source_id = t.source_id
)
SELECT format('grant {}, region {} ({}): table {} says {} kronor ({}:{}), table {} says {} kronor ({}:{})',
              x.grant_id, x.region_code, r.short_name,
              x.table_id, kr(x.amount_sek), x.path, x.source_line,
              y.table_id, kr(y.amount_sek), y.path, y.source_line) AS problem,
       x.grant_id, x.region_code,
       x.table_id AS table_a, x.amount_sek AS amount_a, x.source_line AS line_a,
       y.table_id AS table_b, y.amount_sek AS amount_b, y.source_line AS line_b,
       y.amount_sek - x.amount_sek AS difference_sek
FROM rows_ x
JOIN rows_ y ON y.grant_id = x.grant_id AND y.region_code = x.region_code AND y.table_id > x.table_id
LEFT JOIN regions r ON r.region_code = x.region_code
WHERE abs(x.amount_sek - y.amount_sek) > CASE WHEN x.step = y.step THEN 0 ELSE x.slack + y.slack END

UNION ALL
SELECT format('grant {}, region {} ({}): table {} prints it ({}:{}), but table {} declares it absent ("{}")',
              t.grant_id, a.region_code, r.short_name, a.table_id, s.path, a.source_line, o.table_id, x.reason),
       t.grant_id, a.region_code, a.table_id, a.amount_sek, a.source_line, o.table_id, NULL, NULL, NULL
FROM allocations a
JOIN tables t USING (table_id)
JOIN tables o ON o.grant_id = t.grant_id AND o.table_id <> t.table_id
JOIN absences x ON x.table_id = o.table_id AND x.region_code = a.region_code
LEFT JOIN sources s ON s.source_id = t.source_id
LEFT JOIN regions r ON r.region_code = a.region_code

ORDER BY grant_id, region_code, table_a, table_b
