-- name: allocation_key_unexplained
-- description: lists what is not yet explained: each table keyed on population at an unknown date, with the population date in the package that comes closest and its largest error per row, and each region-level table with no key declared
-- severity: warning
--
-- A report, never a failure. For a key whose date is unknown (population_unknown_date,
-- or fixed_plus_population with date_basis unknown), every population basis in the
-- package that has a figure for each of the table's regions is tried with the rule of
-- checks/_allocation_key_fits.sql; the best fit is the one whose largest difference
-- from a printed amount is smallest. When it is within the tolerance, the key can be
-- declared population_at_date with date_basis inferred; otherwise the date is still
-- unknown. The 2021 women's health tables are the case in point.
WITH tried AS (
    SELECT table_id, key_kind, basis_source_id, basis_date,
           max(abs(difference_sek)) FILTER (WHERE printed) AS largest_error_sek,
           any_value(tolerance_sek) AS tolerance_sek,
           bool_and(population IS NOT NULL) AS has_every_region
    FROM key_fits
    WHERE NOT declared
    GROUP BY table_id, key_kind, basis_source_id, basis_date
), ranked AS (
    SELECT *, row_number() OVER (PARTITION BY table_id ORDER BY largest_error_sek, basis_date) AS fit_rank,
           count(*) OVER (PARTITION BY table_id) AS n_tried
    FROM tried
    WHERE has_every_region
), unknown_keys AS (
    SELECT k.table_id, k.key_kind
    FROM allocation_keys k
    WHERE k.key_kind = 'population_unknown_date'
       OR (k.key_kind = 'fixed_plus_population' AND k.date_basis = 'unknown')
)
SELECT CASE WHEN b.table_id IS NULL THEN
                format('table {} ({}): no population in the package has a figure for each of its regions; its key date is unknown',
                       u.table_id, u.key_kind)
            WHEN b.largest_error_sek <= b.tolerance_sek THEN
                format('table {} ({}): population on {} ({}) reproduces it, largest error {} kronor: declare it population_at_date with date_basis inferred',
                       u.table_id, u.key_kind, b.basis_date, b.basis_source_id, round(b.largest_error_sek, 1))
            ELSE format('table {} ({}): none of the {} population dates in the package reproduces it; closest {} ({}), largest error {} kronor per row',
                        u.table_id, u.key_kind, b.n_tried, b.basis_date, b.basis_source_id,
                        kr(round(b.largest_error_sek))) END AS problem,
       u.table_id, u.key_kind, b.n_tried AS dates_tried, b.basis_source_id AS closest_source_id,
       b.basis_date AS closest_date, round(b.largest_error_sek, 2) AS largest_error_sek, b.tolerance_sek
FROM unknown_keys u
LEFT JOIN ranked b ON b.table_id = u.table_id AND b.fit_rank = 1
UNION ALL
SELECT format('table {}: no allocation key is declared in metadata/allocation_keys.toml', t.table_id),
       t.table_id, NULL, NULL, NULL, NULL, NULL, NULL
FROM tables t
WHERE t.kind = 'regions' AND t.table_id NOT IN (SELECT table_id FROM allocation_keys)
ORDER BY table_id
