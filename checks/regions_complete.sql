-- name: regions_complete
-- description: every region-level table has each of the 21 regions exactly once, and no other region code
-- severity: error
--
-- Evidence: one row per table and region that is missing or repeated, per region code
-- that is not one of the regions, per allocation row in a table that is not a
-- region-level table, and one row if the regions resource does not hold 21 regions.
WITH region_tables AS (
    SELECT table_id FROM tables WHERE kind = 'regions'
), found AS (
    SELECT t.table_id, r.region_code, r.short_name, count(a.region_code) AS times
    FROM region_tables t
    CROSS JOIN regions r
    LEFT JOIN allocations a ON a.table_id = t.table_id AND a.region_code = r.region_code
    GROUP BY ALL
)
SELECT format('table {}: region {} ({}) {}', table_id, region_code, short_name,
              CASE WHEN times = 0 THEN 'is missing' ELSE format('appears {} times', times) END) AS problem,
       table_id, region_code, times
FROM found
WHERE times <> 1

UNION ALL
SELECT format('table {}: region code {} is not one of the regions ({} row(s))',
              a.table_id, coalesce(a.region_code, '(empty)'), count(*)),
       a.table_id, a.region_code, count(*)
FROM allocations a
WHERE a.region_code IS NULL
   OR a.region_code NOT IN (SELECT region_code FROM regions WHERE region_code IS NOT NULL)
GROUP BY a.table_id, a.region_code

UNION ALL
SELECT format('table {}: has {} allocation row(s) but is a {} table, not a region-level one',
              a.table_id, count(*), t.kind),
       a.table_id, NULL, count(*)
FROM allocations a JOIN tables t USING (table_id)
WHERE t.kind <> 'regions'
GROUP BY a.table_id, t.kind

UNION ALL
SELECT format('the regions resource holds {} distinct region codes in {} rows, not 21', n, n_rows),
       NULL, NULL, n
FROM (SELECT count(DISTINCT region_code) AS n, count(*) AS n_rows FROM regions)
WHERE n <> 21 OR n_rows <> 21

ORDER BY table_id, region_code
