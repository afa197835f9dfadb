-- name: population_adds_up
-- description: every population column adds up to the total it prints (the Riket row, code 00), and a total of all counties has each of the 21 counties
-- severity: error
--
-- A set of figures is one source and one reference date. Where it prints a total row
-- (region_code 00, printed "Riket"), the region rows must add up to it exactly: SCB's
-- 21 counties to the national population (file 24), the 18 regions of a table to the
-- total it prints under them. A set that says it covers all counties must list each of
-- the 21 regions of the `regions` resource.
WITH sets AS (
    SELECT p.source_id, p.reference_date, any_value(p.covers) AS covers,
           count(*) FILTER (WHERE p.region_code <> '00') AS n_regions,
           count(DISTINCT p.region_code) FILTER (WHERE p.region_code IN (SELECT region_code FROM regions)) AS n_known,
           sum(p.population) FILTER (WHERE p.region_code <> '00') AS sum_regions,
           any_value(p.population) FILTER (WHERE p.region_code = '00') AS total,
           any_value(p.population_text) FILTER (WHERE p.region_code = '00') AS total_text,
           any_value(p.source_line) FILTER (WHERE p.region_code = '00') AS total_line,
           any_value(p.reference_date_text) AS date_text
    FROM population p
    GROUP BY p.source_id, p.reference_date
)
SELECT format('{}:{}: population on {} ("{}"): {}',
              coalesce(s.path, x.source_id), coalesce(x.total_line, 0), x.reference_date, x.date_text,
              CASE WHEN x.total IS NOT NULL AND x.sum_regions IS DISTINCT FROM x.total
                   THEN format('its {} region rows add up to {}, but the total printed as "{}" is {} (difference {})',
                               x.n_regions, kr(x.sum_regions), x.total_text, kr(x.total),
                               kr(x.sum_regions - x.total))
                   ELSE format('it covers all counties, but lists {} of the {} regions', x.n_known,
                               (SELECT count(DISTINCT region_code) FROM regions)) END) AS problem,
       x.source_id, s.path, x.reference_date, x.covers, x.n_regions, x.sum_regions, x.total_text,
       x.total, x.total_line, x.sum_regions - x.total AS difference
FROM sets x
LEFT JOIN sources s ON s.source_id = x.source_id
WHERE (x.total IS NOT NULL AND x.sum_regions IS DISTINCT FROM x.total)
   OR (x.covers = 'all counties' AND (x.n_known <> (SELECT count(DISTINCT region_code) FROM regions) OR x.n_regions <> x.n_known))
ORDER BY x.source_id, x.reference_date
