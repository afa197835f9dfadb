-- name: regions_complete
-- description: every region-level table has exactly the regions it declares, each once: each of the 21 regions is either printed once or declared absent with a reason, never both, and no other region code appears
-- severity: error
--
-- A table declares which regions it covers: every region it does not declare absent
-- (the absences resource, `absent` in metadata/tables.toml, each with a reason), and
-- tables.regions_covered says how many. Evidence: one row per table and region that is
-- missing without a declared absence, repeated, or both printed and declared absent;
-- per absence without a reason or on a table that is not region-level; per table whose
-- regions_covered disagrees with its absences; per region code that is not one of the
-- regions; per allocation row in a table that is not region-level; and one row if the
-- regions resource does not hold 21 regions.
WITH region_tables AS (
    SELECT table_id, regions_covered FROM tables WHERE kind = 'regions'
), found AS (
    SELECT t.table_id, r.region_code, r.short_name, count(a.region_code) AS times,
           max(x.reason) AS absent_because, count(x.region_code) > 0 AS declared_absent
    FROM region_tables t
    CROSS JOIN regions r
    LEFT JOIN allocations a ON a.table_id = t.table_id AND a.region_code = r.region_code
    LEFT JOIN absences x ON x.table_id = t.table_id AND x.region_code = r.region_code
    GROUP BY ALL
)
SELECT format('table {}: region {} ({}) {}', table_id, region_code, short_name,
              CASE WHEN times = 0 THEN 'is missing, and no absence is declared for it'
                   WHEN declared_absent THEN format('is printed but declared absent ("{}")', absent_because)
                   ELSE format('appears {} times', times) END) AS problem,
       table_id, region_code, times
FROM found
WHERE (times = 0 AND NOT declared_absent) OR times > 1 OR (times > 0 AND declared_absent)

UNION ALL
SELECT format('table {}: region {} is declared absent {}', x.table_id, x.region_code,
              CASE WHEN t.table_id IS NULL THEN 'in a table that is not a region-level table'
                   ELSE 'with no reason' END),
       x.table_id, x.region_code, NULL
FROM absences x LEFT JOIN region_tables t USING (table_id)
WHERE t.table_id IS NULL OR coalesce(trim(x.reason), '') = ''

UNION ALL
SELECT format('table {}: regions_covered is {}, but {} of the {} regions are declared absent',
              t.table_id, coalesce(CAST(t.regions_covered AS VARCHAR), '(empty)'), n_absent,
              (SELECT count(*) FROM regions)),
       t.table_id, NULL, t.regions_covered
FROM region_tables t
JOIN (SELECT table_id, count(x.region_code) AS n_absent
      FROM region_tables LEFT JOIN absences x USING (table_id) GROUP BY table_id) USING (table_id)
WHERE t.regions_covered IS DISTINCT FROM (SELECT count(*) FROM regions) - n_absent

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
