-- name: regions_match_reference
-- description: each region's code, ISO 3166-2 code, county name and names agree with the tool's own reference of the 21 regions (SCB county codes, ISO 3166-2:SE), and every printed region name belongs to the region it is published under
-- severity: error
--
-- The reference (reference_regions: region_code, iso_code, county_name, region_name) is
-- shipped inside the tool (src/statsbidrag/check/reference/regions.json, citing SCB and ISO),
-- never taken from the package, so swapping two regions' names in metadata/regions.toml
-- cannot move one region's amounts under another's code.
--
-- Evidence: one row per field of a region that contradicts the reference (naming the
-- field), per code missing from either side, and per printed name (an alias, a region
-- row of a table, a population row) whose words are not among its region's names.
WITH reference_words AS (
    SELECT region_code, list_distinct(flatten([name_words(county_name), name_words(region_name)])) AS words
    FROM reference_regions
), fields AS (
    SELECT r.region_code, f.field, f.found, f.expected
    FROM regions r
    JOIN reference_regions ref USING (region_code)
    CROSS JOIN LATERAL (VALUES ('iso_code', r.iso_code, ref.iso_code),
                               ('county_name', r.county_name, ref.county_name)) AS f(field, found, expected)
    WHERE f.found IS DISTINCT FROM f.expected
), names AS (
    SELECT 'resources/regions.csv' AS file, NULL::INTEGER AS line, region_code, n.field, n.name AS printed
    FROM regions
    CROSS JOIN LATERAL (VALUES ('short_name', short_name), ('official_name', official_name)) AS n(field, name)
    UNION ALL
    SELECT 'resources/region_aliases.csv', NULL, region_code, 'alias', alias FROM region_aliases
    UNION ALL
    SELECT s.path, a.region_line, a.region_code, 'region_text of table ' || a.table_id, a.region_text
    FROM allocations a LEFT JOIN tables t USING (table_id) LEFT JOIN sources s ON s.source_id = t.source_id
    UNION ALL
    SELECT s.path, p.source_line, p.region_code, 'region_text of population', p.region_text
    FROM population p LEFT JOIN sources s USING (source_id)
    WHERE p.region_code IN (SELECT region_code FROM reference_regions)
), misfits AS (
    -- Whether a name's words are its region's depends on the code and the name only: it
    -- is decided once per distinct pair (a million allocation rows print a few dozen names).
    SELECT d.region_code, d.printed
    FROM (SELECT DISTINCT region_code, printed FROM names WHERE printed IS NOT NULL) d
    -- a code that is no region at all is references_resolve's and regions_complete's
    JOIN reference_words w USING (region_code)
    WHERE len(name_words(d.printed)) = 0 OR NOT list_has_all(w.words, name_words(d.printed))
), offending AS (
    SELECT format('resources/regions.csv: region {}: {} is ''{}''; the reference (SCB county codes, ISO 3166-2:SE) says ''{}''',
                  region_code, field, coalesce(found, '(empty)'), expected) AS problem,
           region_code, field, found, expected, NULL AS file, NULL AS line
    FROM fields

    UNION ALL
    SELECT format('resources/regions.csv: region {} is {}', coalesce(r.region_code, ref.region_code),
                  CASE WHEN ref.region_code IS NULL THEN 'not one of the 21 counties of the reference'
                       ELSE format('missing ({}, {})', ref.county_name, ref.iso_code) END),
           coalesce(r.region_code, ref.region_code), 'region_code', r.region_code, ref.region_code, NULL, NULL
    FROM regions r FULL JOIN reference_regions ref USING (region_code)
    WHERE r.region_code IS NULL OR ref.region_code IS NULL

    UNION ALL
    SELECT format('{}{}: {} ''{}'' is published under region {} ({}), whose names are {}; it is a name of {}',
                  n.file, CASE WHEN n.line IS NULL THEN '' ELSE ':' || n.line END, n.field, n.printed,
                  n.region_code, ref.region_name, ref.county_name || ' and ' || ref.region_name,
                  coalesce((SELECT string_agg(o.region_code || ' ' || o.region_name, ', ' ORDER BY o.region_code)
                            FROM reference_words ow JOIN reference_regions o USING (region_code)
                            WHERE len(name_words(n.printed)) > 0
                              AND list_has_all(ow.words, name_words(n.printed))), 'no region of the reference')),
           n.region_code, n.field, n.printed, ref.region_name, n.file, n.line
    FROM names n
    JOIN misfits m ON m.region_code = n.region_code AND m.printed = n.printed
    LEFT JOIN reference_regions ref ON ref.region_code = n.region_code
)
SELECT *
FROM offending
ORDER BY field NOT IN ('region_code', 'iso_code', 'county_name'), region_code, field, problem
