-- The DuckDB floor of `scripts/bench`: the package's data invariants written by hand in
-- plain SQL over the typed CSVs, with none of the tool's generality (no schema compiler,
-- no sources, no evidence sentences). Run from the package's root folder. Each SELECT
-- returns the number of offending rows: all zero on a valid package (scripts/bench's
-- runner exits 1 otherwise).
CREATE TABLE regions AS
SELECT * FROM read_csv('resources/regions.csv', header = true, auto_detect = false,
                       columns = {'region_code': 'VARCHAR', 'iso_code': 'VARCHAR', 'short_name': 'VARCHAR',
                                  'official_name': 'VARCHAR', 'county_name': 'VARCHAR'});
CREATE TABLE tables AS
SELECT * FROM read_csv('resources/tables.csv', header = true, auto_detect = true, all_varchar = true);
CREATE TABLE allocations AS
SELECT * FROM read_csv('resources/allocations.csv', header = true, auto_detect = false,
                       columns = {'table_id': 'VARCHAR', 'region_code': 'VARCHAR', 'row_number': 'BIGINT',
                                  'region_text': 'VARCHAR', 'region_line': 'BIGINT', 'amount_text': 'VARCHAR',
                                  'amount_sek': 'BIGINT', 'source_line': 'BIGINT'});

-- values: required, pattern, minimum
SELECT count(*) FROM allocations
WHERE table_id IS NULL OR NOT regexp_full_match(region_code, '[0-9]{2}') OR amount_sek < 0
   OR row_number NOT BETWEEN 1 AND 21 OR region_line < 1 OR source_line < 1;
-- primary key
SELECT count(*) FROM (SELECT table_id, region_code FROM allocations GROUP BY ALL HAVING count(*) > 1);
-- foreign keys
SELECT count(*) FROM allocations a ANTI JOIN regions r USING (region_code);
SELECT count(*) FROM allocations a ANTI JOIN tables t USING (table_id);
-- every region the table declares, once
SELECT count(*) FROM (
    SELECT t.table_id FROM tables t JOIN allocations a USING (table_id)
    GROUP BY t.table_id, t.regions_covered HAVING count(DISTINCT a.region_code) <> CAST(t.regions_covered AS INTEGER));
-- rows add up to the stated total (exact tables)
SELECT count(*) FROM (
    SELECT t.table_id FROM tables t JOIN allocations a USING (table_id)
    WHERE t.rounding_step_sek = '1' AND t.total_printed = 'true'
      -- a total the source itself contradicts, documented by an anomaly that excuses table_totals
      AND NOT EXISTS (SELECT 1 FROM read_csv('resources/anomalies.csv', header = true, all_varchar = true) an
                      WHERE an.source_id = t.source_id AND an.line = t.stated_total_line
                        AND contains(coalesce(an.excuses, ''), 'table_totals'))
    GROUP BY t.table_id, t.stated_total_sek HAVING sum(a.amount_sek) <> CAST(t.stated_total_sek AS BIGINT));
