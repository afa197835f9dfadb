-- name: resources_match_build
-- description: the published resources and datapackage.json are exactly what `statsbidrag build` extracts from the sources now: no hand edit survives
-- severity: error
--
-- The runner re-extracts every resource in memory (statsbidrag.publish.build.extract and
-- render; nothing is written) into fresh_rows, next to the published rows in
-- published_rows, each row as JSON with its primary key. Evidence: each row whose
-- fields differ (with the fields), each row only one side has (EXCEPT ALL, so a
-- duplicated row counts), each file whose bytes differ although its rows do not (row
-- order, formatting, datapackage.json), or why the extraction failed.
WITH only_published AS (
    SELECT resource, key, row FROM published_rows
    EXCEPT ALL
    SELECT resource, key, row FROM fresh_rows
), only_fresh AS (
    SELECT resource, key, row FROM fresh_rows
    EXCEPT ALL
    SELECT resource, key, row FROM published_rows
), changed AS (
    SELECT p.resource, p.key, p.row AS published, f.row AS fresh
    FROM only_published p JOIN only_fresh f USING (resource, key)
    WHERE (SELECT count(*) FROM only_published x WHERE x.resource = p.resource AND x.key = p.key) = 1
      AND (SELECT count(*) FROM only_fresh x WHERE x.resource = f.resource AND x.key = f.key) = 1
), changed_fields AS (
    SELECT c.resource, c.key,
           string_agg(format('{} is "{}", a fresh build has "{}"', k, c.published ->> k, c.fresh ->> k), '; '
                      ORDER BY k) AS fields
    FROM changed c, unnest(json_keys(c.published)) AS u(k)
    WHERE (c.published ->> k) IS DISTINCT FROM (c.fresh ->> k)
    GROUP BY c.resource, c.key
), differences AS (
    SELECT 1 AS kind, resource, key, format('resources/{}.csv, row {}: {}', resource, key, fields) AS problem,
           NULL AS row
    FROM changed_fields
    UNION ALL
    SELECT 2, resource, key, format('resources/{}.csv has a row a fresh build does not: {}', resource, key), row
    FROM only_published p
    WHERE NOT EXISTS (SELECT 1 FROM changed c WHERE c.resource = p.resource AND c.key = p.key)
    UNION ALL
    SELECT 3, resource, key, format('resources/{}.csv lacks a row a fresh build has: {}', resource, key), row
    FROM only_fresh f
    WHERE NOT EXISTS (SELECT 1 FROM changed c WHERE c.resource = f.resource AND c.key = f.key)
    UNION ALL
    SELECT 4, NULL, path, format('{} {}', path,
               CASE WHEN published_sha256 IS NULL THEN 'is missing; a fresh build writes it'
                    WHEN fresh_sha256 IS NULL THEN 'is not written by a fresh build'
                    ELSE 'differs from what a fresh build writes' END), NULL
    FROM build_files
    WHERE published_sha256 IS DISTINCT FROM fresh_sha256
)
SELECT format('a fresh extraction from the sources fails: {}', message) AS problem,
       NULL AS resource, NULL AS key, NULL AS row
FROM build_errors

UNION ALL
SELECT x.problem, x.resource, x.key, CAST(x.row AS VARCHAR)
FROM differences x
WHERE NOT EXISTS (SELECT 1 FROM build_errors)
  -- a file whose rows differ is explained by its rows, and so is datapackage.json
  -- (which records each file's hash)
  AND (x.kind < 4 OR NOT EXISTS (SELECT 1 FROM differences d
                                 WHERE d.kind < 4
                                   AND (x.key = 'resources/' || d.resource || '.csv' OR x.key = 'datapackage.json')))

ORDER BY resource NULLS LAST, key, problem
