-- name: allocation_key_reproduces
-- description: every table keyed on population at a known date is reproduced by its key: each printed amount within 1 krona (half the rounding step for a rounded table) of total x population / the population of the same set of regions
-- severity: error
--
-- The rule and the total it divides are in checks/_allocation_key_fits.sql (key_fits):
-- for a key of kind population_at_date (or fixed_plus_population with a known date),
-- each printed amount must equal the fixed part plus the rest of the total times the
-- region's population over the population of the regions the key divides among. A row
-- whose region has no population at the key's date fails too, and a row off its key
-- passes only where an anomaly at its line quotes the amount and names this check in
-- `excuses` (documented_at, _macros.sql; the anomaly is then reported as a warning). When a table fails, the
-- evidence also lists the amount the key implies for each region the table does not
-- print (also_allotted), marked as implied: it is never published as printed.
WITH declared AS (
    SELECT f.*, s.path,
           printed AND (population IS NULL OR abs(difference_sek) > tolerance_sek)
           AND NOT documented_at('allocation_key_reproduces', f.source_id, f.source_line, f.amount_text)
               AS offending
    FROM key_fits f
    LEFT JOIN sources s ON s.source_id = f.source_id
    WHERE f.declared
), failing_tables AS (
    SELECT DISTINCT table_id FROM declared WHERE offending
), keyed_without_rows AS (
    SELECT k.table_id, k.population_source_id, k.population_date
    FROM allocation_keys k
    WHERE k.population_date IS NOT NULL
      AND k.table_id NOT IN (SELECT table_id FROM declared)
)
SELECT CASE WHEN NOT d.printed THEN
                format('table {}, region {} ({}): not printed; the key implies {} kronor (evidence only, never published)',
                       d.table_id, d.region_code, r.short_name, round(d.expected_sek, 1))
            WHEN d.population IS NULL THEN
                format('table {}, region {} ({}) at {}:{}: the key uses population on {} ({}), which has no figure for this region',
                       d.table_id, d.region_code, r.short_name, d.path, d.source_line, d.basis_date, d.basis_source_id)
            ELSE format('table {}, region {} ({}) at {}:{}: printed {} kronor, the key (population on {} of {}: {} of {}, {}) gives {}; difference {} kronor, more than {}',
                        d.table_id, d.region_code, r.short_name, d.path, d.source_line, kr(d.amount_sek),
                        d.basis_date, d.basis_source_id, kr(d.population), kr(d.key_population), d.total_basis,
                        round(d.expected_sek, 1), round(d.difference_sek, 1), d.tolerance_sek) END AS problem,
       d.table_id, d.region_code,
       CASE WHEN d.printed THEN 'printed' ELSE 'implied by the key, not printed' END AS row_status,
       d.amount_sek AS printed_sek, d.source_line, round(d.expected_sek, 2) AS expected_sek,
       round(d.difference_sek, 2) AS difference_sek, d.tolerance_sek,
       d.basis_source_id AS population_source_id, d.basis_date AS population_date,
       d.population, d.population_line, d.key_population, round(d.total_sek, 2) AS total_sek, d.total_basis
FROM declared d
LEFT JOIN regions r ON r.region_code = d.region_code
WHERE d.offending OR (NOT d.printed AND d.table_id IN (SELECT table_id FROM failing_tables))
UNION ALL
SELECT format('table {}: its key names population on {} of {}, and the package has no such figures for its regions',
              table_id, population_date, population_source_id),
       table_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, population_source_id, population_date,
       NULL, NULL, NULL, NULL, NULL
FROM keyed_without_rows
ORDER BY table_id, region_code
