-- name: row_parts_sum_to_row_total
-- description: where a table prints a region's parts and their whole in one source (a Summa column: the parts' grants are included_in the whole's grant), the parts of each region add up to the whole printed for it
-- severity: error
--
-- A part is a table whose grant is included_in the grant of a table of the same source
-- (grants.included_in); the whole is that table. For each region the whole prints, the
-- parts' amounts must add up to it within their rounding: half the rounding step of each
-- printed amount (1 krona steps: exactly).
WITH pairs AS (
    SELECT w.table_id AS whole_id, p.table_id AS part_id, w.source_id
    FROM tables w
    JOIN grants pg ON pg.included_in = w.grant_id
    JOIN tables p ON p.grant_id = pg.grant_id AND p.source_id = w.source_id
    WHERE w.kind = 'regions' AND p.kind = 'regions'
), rows_ AS (
    SELECT x.whole_id, x.source_id, wa.region_code, wa.source_line, wa.amount_text AS whole_text,
           wa.amount_sek AS whole_sek, any_value(w.rounding_step_sek) AS whole_step,
           count(pa.table_id) AS parts_found, count(*) AS parts,
           sum(pa.amount_sek) AS parts_sek, sum(p.rounding_step_sek) AS parts_step,
           string_agg(format('{} {}', x.part_id, coalesce(pa.amount_text, '(no row)')), ' + ' ORDER BY x.part_id)
               AS parts_text
    FROM pairs x
    JOIN tables w ON w.table_id = x.whole_id
    JOIN tables p ON p.table_id = x.part_id
    JOIN allocations wa ON wa.table_id = x.whole_id
    LEFT JOIN allocations pa ON pa.table_id = x.part_id AND pa.region_code = wa.region_code
    GROUP BY ALL
)
SELECT format('{}:{}: table {} region {} prints the whole "{}" ({} kronor), but its parts {} come to {} kronor',
              s.path, r.source_line, r.whole_id, r.region_code, r.whole_text, kr(r.whole_sek), r.parts_text,
              coalesce(kr(r.parts_sek), '(none)')) AS problem,
       r.whole_id AS table_id, r.region_code, s.path, r.source_line AS line, r.whole_text, r.whole_sek,
       r.parts_text, r.parts_sek, r.parts_sek - r.whole_sek AS difference_sek
FROM rows_ r
LEFT JOIN sources s ON s.source_id = r.source_id
WHERE r.parts_found < r.parts
   OR 2 * abs(r.parts_sek - r.whole_sek) > coalesce(r.whole_step, 1) + coalesce(r.parts_step, r.parts)
       AND NOT (coalesce(r.whole_step, 1) = 1 AND coalesce(r.parts_step, r.parts) = r.parts
                AND r.parts_sek = r.whole_sek)
ORDER BY s.path, r.source_line, r.whole_id
