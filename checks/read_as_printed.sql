-- name: read_as_printed
-- description: every amount in kronor is its printed text times its unit, every population figure is its printed text, every rounding step is the value of the last printed digit, and every printed region name is a spelling of the region its row is coded to
-- severity: error
--
-- printed_number and printed_step are in _macros.sql; units and unit_labels hold what a
-- unit (SEK, MSEK) and a printed unit label (kronor, Mkr, miljoner ...) are in kronor
-- (statsbidrag.extract.text, statsbidrag.extract.claims). Region names are compared as
-- statsbidrag.extract.regions.name_key normalises them (name_key), with the spellings in region_aliases.
WITH checks_ AS (
    SELECT format('table {} region {}', a.table_id, a.region_code) AS row_key, t.source_id, a.source_line AS line,
           'amount_sek' AS field, a.amount_text AS printed, a.amount_sek AS value,
           CAST(printed_number(a.amount_text) * u.scale_sek AS HUGEINT) AS expected
    FROM allocations a JOIN tables t USING (table_id) LEFT JOIN units u ON u.unit = t.unit
    UNION ALL
    SELECT format('table {} item {}', b.table_id, b.item_number), t.source_id, b.source_line,
           'amount_sek', b.amount_text || ' ' || b.unit_printed, b.amount_sek,
           CAST(printed_number(b.amount_text) * l.scale_sek AS HUGEINT)
    FROM breakdown_items b JOIN tables t USING (table_id) LEFT JOIN unit_labels l ON l.label = b.unit_printed
    UNION ALL
    SELECT format('table {} item {}', b.table_id, b.item_number), t.source_id, b.source_line,
           'rounding_step_sek', b.amount_text || ' ' || b.unit_printed, b.rounding_step_sek,
           printed_step(b.amount_text, l.scale_sek)
    FROM breakdown_items b JOIN tables t USING (table_id) LEFT JOIN unit_labels l ON l.label = b.unit_printed
    UNION ALL
    SELECT format('table {}', t.table_id), t.source_id, t.stated_total_line,
           'stated_total_sek', t.stated_total_text, t.stated_total_sek,
           CAST(printed_number(number_part(t.stated_total_text)) * u.scale_sek AS HUGEINT)
    FROM tables t LEFT JOIN units u ON u.unit = t.unit
    UNION ALL
    SELECT format('table {}', t.table_id), t.source_id, t.first_line,
           'rounding_step_sek', format('{} rows in {}', count(*), t.unit), t.rounding_step_sek,
           max(printed_step(a.amount_text, u.scale_sek))
    FROM tables t JOIN allocations a USING (table_id) LEFT JOIN units u ON u.unit = t.unit
    GROUP BY t.table_id, t.source_id, t.first_line, t.unit, t.rounding_step_sek
    UNION ALL
    -- a claim's unit is printed (unit_printed) or, where the line prints none, declared
    -- (unit_declared): exactly one of the two
    SELECT format('claim {}', c.claim_id), c.source_id, c.line,
           'value_sek', c.value_text || ' ' || coalesce(c.unit_printed, format('(declared {})', c.unit_declared)),
           c.value_sek,
           CASE WHEN (c.unit_printed IS NULL) <> (c.unit_declared IS NULL)
                THEN CAST(printed_number(c.value_text) * coalesce(l.scale_sek, u.scale_sek) AS HUGEINT) END
    FROM claims c LEFT JOIN unit_labels l ON l.label = c.unit_printed LEFT JOIN units u ON u.unit = c.unit_declared
    UNION ALL
    SELECT format('claim {}', c.claim_id), c.source_id, c.line,
           'rounding_step_sek', c.value_text || ' ' || coalesce(c.unit_printed, format('(declared {})', c.unit_declared)),
           c.rounding_step_sek,
           printed_step(c.value_text, coalesce(l.scale_sek, u.scale_sek))
    FROM claims c LEFT JOIN unit_labels l ON l.label = c.unit_printed LEFT JOIN units u ON u.unit = c.unit_declared
    UNION ALL
    SELECT format('population {} {} region {}', p.source_id, p.reference_date, p.region_code), p.source_id,
           p.source_line, 'population', p.population_text, p.population,
           CAST(printed_number(p.population_text) AS HUGEINT)
    FROM population p
)
SELECT format('{}:{}: {} {} is {}, but "{}" reads as {}', coalesce(s.path, x.source_id), x.line, x.row_key,
              x.field, kr(x.value), x.printed,
              coalesce(kr(x.expected), 'no amount (unknown unit or not a number)')) AS problem,
       x.row_key, x.field, x.printed, x.value, x.expected, s.path, x.line
FROM checks_ x LEFT JOIN sources s ON s.source_id = x.source_id
WHERE x.value IS DISTINCT FROM x.expected

UNION ALL
SELECT format('{}:{}: table {} region {} is printed "{}", which is {}', s.path, a.region_line, a.table_id,
              a.region_code, a.region_text,
              CASE WHEN m.spelled_code IS NULL THEN 'no known spelling of any region (region_aliases)'
                   ELSE format('a spelling of region {}', m.spelled_code) END),
       format('table {} region {}', a.table_id, a.region_code), 'region_code', a.region_text,
       NULL, NULL, s.path, a.region_line
FROM allocations a
-- each distinct pair of printed name and code is decided once, and only the rows of a pair
-- that disagrees are looked up: a million rows print a few dozen names
-- a name no alias spells is its region's when its words are those of an alias of that region
-- (statsbidrag.extract.regions.name_words: 'Region Jämtland-Härjedalen')
JOIN (SELECT p.region_text, p.region_code, coalesce(ra.region_code, rw.region_code) AS spelled_code
      FROM (SELECT DISTINCT region_text, region_code FROM allocations) p
      LEFT JOIN region_aliases ra ON name_key(ra.alias) = name_key(p.region_text)
      LEFT JOIN (SELECT DISTINCT region_code, list_sort(list_distinct(name_words(alias))) AS words
                 FROM region_aliases) rw
        ON ra.region_code IS NULL AND rw.region_code = p.region_code
       AND len(rw.words) > 0 AND rw.words = list_sort(list_distinct(name_words(p.region_text)))
      WHERE coalesce(ra.region_code, rw.region_code) IS DISTINCT FROM p.region_code) m
  ON m.region_text IS NOT DISTINCT FROM a.region_text AND m.region_code IS NOT DISTINCT FROM a.region_code
JOIN tables t USING (table_id)
LEFT JOIN sources s ON s.source_id = t.source_id

ORDER BY path, line, row_key, field
