-- Shared by the allocation-key checks (allocation_key_reproduces, allocation_key_unexplained):
-- what a table's amounts would be under a population key. Not a check: statsbidrag.check.runner
-- runs the files whose name starts with "_" first, in name order.
--
-- key_fits has one row per keyed table, population basis tried and region the key divides
-- the money among. A basis is one set of population figures: one source, one reference
-- date (rows of `population`). A key with a known date is tried with its own basis only;
-- a key whose date is unknown with every basis in the package.
--
-- The rule, for a table whose key divides a total T among the set R of regions (the rows
-- it prints, plus the regions its key declares also_allotted, e.g. a row cut off), each
-- getting a fixed part f (0 unless the key is fixed_plus_population):
--     expected(r) = f + (T - f x |R|) x population(r) / sum of population over R
-- T is the total the table states; without one, the sum of its rows; and when rows are
-- missing (also_allotted) and no total is stated, the printed rows scaled up to R by
-- population (total_basis says which). A printed amount agrees when it is within
-- tolerance_sek of expected: 1 krona for a table in whole kronor, half the rounding step
-- for a rounded table. Rows not printed (printed = false) carry the amount the key
-- implies, for evidence only.
CREATE VIEW key_fits AS
WITH keyed AS (
    SELECT k.table_id, k.key_kind, k.date_basis, k.population_source_id, k.population_date,
           coalesce(k.fixed_part_sek, 0) AS fixed_sek, coalesce(k.also_allotted, '') AS also_allotted,
           t.stated_total_sek, t.rounding_step_sek, t.source_id
    FROM allocation_keys k
    JOIN tables t USING (table_id)
    WHERE k.key_kind IN ('population_at_date', 'population_unknown_date', 'fixed_plus_population')
), shares AS (
    SELECT k.table_id, a.region_code, a.amount_sek, a.amount_text, a.source_line, true AS printed
    FROM keyed k
    JOIN allocations a USING (table_id)
    UNION ALL
    SELECT k.table_id, c.code, NULL, NULL, NULL, false
    FROM keyed k
    CROSS JOIN unnest(string_split(k.also_allotted, ' ')) AS c(code)
    WHERE k.also_allotted <> ''
), candidates AS (
    SELECT k.*, k.population_source_id AS basis_source_id, k.population_date AS basis_date, true AS declared
    FROM keyed k
    WHERE k.population_date IS NOT NULL
    UNION ALL
    SELECT k.*, b.source_id, b.reference_date, false
    FROM keyed k
    CROSS JOIN (SELECT DISTINCT source_id, reference_date FROM population) AS b
    WHERE k.population_date IS NULL
), fitted AS (
    SELECT c.table_id, c.key_kind, c.date_basis, c.basis_source_id, c.basis_date, c.declared, c.source_id,
           c.fixed_sek, c.stated_total_sek, c.rounding_step_sek,
           x.region_code, x.amount_sek, x.amount_text, x.source_line, x.printed,
           p.population, p.population_text, p.source_line AS population_line,
           count(*) OVER w AS n_key_regions,
           count(*) FILTER (WHERE NOT x.printed) OVER w AS n_implied,
           count(p.population) OVER w AS n_with_population,
           sum(p.population) OVER w AS key_population,
           sum(p.population) FILTER (WHERE x.printed) OVER w AS printed_population,
           sum(x.amount_sek) OVER w AS printed_sum_sek
    FROM candidates c
    JOIN shares x USING (table_id)
    LEFT JOIN population p
        ON p.source_id = c.basis_source_id AND p.reference_date = c.basis_date AND p.region_code = x.region_code
    WINDOW w AS (PARTITION BY c.table_id, c.basis_source_id, c.basis_date)
), totals AS (
    SELECT *,
           CASE WHEN stated_total_sek IS NOT NULL THEN 'the total the table states'
                WHEN n_implied = 0 THEN 'the sum of the printed rows (no total is stated)'
                ELSE format('fitted: the {} printed rows scaled up by population to the {} regions of the key',
                            n_key_regions - n_implied, n_key_regions) END AS total_basis,
           CASE WHEN stated_total_sek IS NOT NULL THEN CAST(stated_total_sek AS DOUBLE)
                WHEN n_implied = 0 THEN CAST(printed_sum_sek AS DOUBLE)
                ELSE (printed_sum_sek - fixed_sek * (n_key_regions - n_implied))
                     * CAST(key_population AS DOUBLE) / printed_population + fixed_sek * n_key_regions
           END AS total_sek
    FROM fitted
)
SELECT table_id, key_kind, date_basis, basis_source_id, basis_date, declared, source_id,
       region_code, printed, amount_sek, amount_text, source_line,
       population, population_text, population_line, key_population, n_key_regions, n_with_population,
       fixed_sek, total_sek, total_basis,
       fixed_sek + (total_sek - fixed_sek * n_key_regions) * population / CAST(key_population AS DOUBLE)
           AS expected_sek,
       amount_sek - (fixed_sek + (total_sek - fixed_sek * n_key_regions) * population
                     / CAST(key_population AS DOUBLE)) AS difference_sek,
       CASE WHEN rounding_step_sek > 1 THEN rounding_step_sek / 2 ELSE 1 END AS tolerance_sek
FROM totals;
