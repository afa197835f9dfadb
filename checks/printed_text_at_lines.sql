-- name: printed_text_at_lines
-- description: every text the package says is printed in a source (amount, region name, label, unit, column header, stated total, original address, claim, anomaly, population figure, name and date, allocation key quote, a prose allocation's key quote, the quote for each field's meaning) stands at its recorded line
-- severity: error
--
-- source_lines holds each line of each archived source as a reader sees it (markup such
-- as <b> removed, statsbidrag.extract.text.printed). Amounts must stand as whole numbers ('14'
-- is not found in '214', whole_number_in in _macros.sql), or, on a line that prints several
-- numbers one space apart, as one of the numbers that tile that run (`crowded` below); other
-- texts as substrings.
-- A claim's amount, unit and qualifier must also stand in its quote.
--
-- The allocations (a million rows in a large package) are matched on their own, carrying
-- only what the match needs; their row keys are spelled out for the rows reported only.
WITH allocation_texts AS (
    SELECT a.table_id, a.region_code, t.source_id, a.source_line AS line, 'amount_text' AS field,
           a.amount_text AS text, true AS is_number
    FROM allocations a JOIN tables t USING (table_id)
    UNION ALL
    SELECT a.table_id, a.region_code, t.source_id, a.region_line, 'region_text', a.region_text, false
    FROM allocations a JOIN tables t USING (table_id)
), expected AS (
    SELECT 'breakdown_items' AS resource, format('table {} item {}', b.table_id, b.item_number) AS row_key,
           t.source_id, b.source_line AS line, 'amount_text' AS field, b.amount_text AS text, true AS is_number
    FROM breakdown_items b JOIN tables t USING (table_id)
    UNION ALL
    SELECT 'breakdown_items', format('table {} item {}', b.table_id, b.item_number),
           t.source_id, b.source_line, 'label', b.label, false
    FROM breakdown_items b JOIN tables t USING (table_id)
    UNION ALL
    SELECT 'breakdown_items', format('table {} item {}', b.table_id, b.item_number),
           t.source_id, b.source_line, 'unit_printed', b.amount_text || ' ' || b.unit_printed, false
    FROM breakdown_items b JOIN tables t USING (table_id)
    UNION ALL
    -- a table that prints no total, heading or unit has the field and its line empty
    SELECT 'tables', format('table {}', table_id), source_id, stated_total_line, 'stated_total_text',
           CASE WHEN stated_total_qualifier IS NULL THEN stated_total_text
                ELSE stated_total_qualifier || ' ' || stated_total_text END, true
    FROM tables WHERE stated_total_line IS NOT NULL OR stated_total_text IS NOT NULL
    UNION ALL
    SELECT 'tables', format('table {}', table_id), source_id, header_line, 'column_header', column_header, false
    FROM tables WHERE header_line IS NOT NULL OR column_header IS NOT NULL
    UNION ALL
    SELECT 'tables', format('table {}', table_id), source_id, unit_line, 'unit_printed', unit_printed, false
    FROM tables WHERE unit_line IS NOT NULL OR unit_printed IS NOT NULL
    UNION ALL
    SELECT 'sources', format('source {}', source_id), address_source_id, address_line, 'original_address',
           original_address, false
    FROM sources WHERE original_address IS NOT NULL OR address_line IS NOT NULL
    UNION ALL
    SELECT 'claims', format('claim {}', claim_id), source_id, line, 'quote', quote, false FROM claims
    UNION ALL
    SELECT 'anomalies', format('anomaly {}', anomaly_id), source_id, line, 'quote', quote, false FROM anomalies
    UNION ALL
    -- Population figures are matched as text, not as whole numbers: in SCB's CSV the
    -- comma separates cells, and in 06 the share printed right after the figure
    -- ('2 374 550 0,23') would read as more digits. read_as_printed checks the value.
    SELECT 'population', format('population {} {} region {}', source_id, reference_date, region_code), source_id,
           x.line, x.field, x.text, x.is_number
    FROM population
    CROSS JOIN LATERAL (VALUES (source_line, 'population_text', population_text, false),
                               (source_line, 'region_text', region_text, false),
                               (date_line, 'reference_date_text', reference_date_text, false)) AS x(line, field, text, is_number)
    UNION ALL
    SELECT 'allocation_keys', format('key of table {}', k.table_id), x.source_id, x.line, x.field, x.text, false
    FROM allocation_keys k
    JOIN tables t USING (table_id)
    CROSS JOIN LATERAL (VALUES (coalesce(k.source_quote_source_id, t.source_id), k.source_quote_line, 'source_quote',
                                k.source_quote),
                               (t.source_id, k.fixed_part_line, 'fixed_part_text', k.fixed_part_text))
                       AS x(source_id, line, field, text)
    WHERE x.text IS NOT NULL
    UNION ALL
    SELECT 'claim_keys', format('key of claim {}', k.claim_id), c.source_id, k.source_quote_line, 'source_quote',
           k.source_quote, false
    FROM claim_keys k
    JOIN claims c USING (claim_id)
    WHERE k.source_quote IS NOT NULL
    UNION ALL
    SELECT 'meaning_quotes', format('{} {} {} = {}', subject, subject_id, field, value), source_id, line, 'quote',
           quote, false
    FROM meaning_quotes
), missed AS (
    SELECT e.resource, e.row_key, e.source_id, e.line, e.field, e.text, e.is_number, l.text AS line_text
    FROM expected e
    LEFT JOIN source_lines l ON l.source_id = e.source_id AND l.line_number = e.line
    WHERE NOT printed_at(l.text, e.text, e.is_number)
    UNION ALL
    SELECT 'allocations', format('table {} region {}', a.table_id, a.region_code), a.source_id, a.line, a.field,
           a.text, a.is_number, l.text
    FROM allocation_texts a
    LEFT JOIN source_lines l ON l.source_id = a.source_id AND l.line_number = a.line
    WHERE NOT printed_at(l.text, a.text, a.is_number)
), crowded AS (
    -- A row that prints several numbers one space apart ('84 725 537 26 576 108 111 301 645':
    -- part A, part B, Summa) shows none of them as a whole number: each touches the next.
    -- There a number stands at its line when the numbers the package reads from that line
    -- (its amounts and stated totals), in the order they stand, tile the run printed there
    -- exactly: together, one space apart, they are a whole number of the line. Only the
    -- lines of missed numbers are looked at.
    SELECT n.source_id, n.line, string_agg(n.text, ' ' ORDER BY instr(l.text, n.text)) AS run
    FROM (SELECT DISTINCT source_id, line, text FROM allocation_texts WHERE is_number
          UNION SELECT source_id, line, text FROM expected WHERE is_number) n
    JOIN (SELECT DISTINCT source_id, line FROM missed WHERE is_number) m USING (source_id, line)
    JOIN source_lines l ON l.source_id = n.source_id AND l.line_number = n.line
    GROUP BY n.source_id, n.line
    HAVING count(*) > 1
), not_at_line AS (
    SELECT x.resource, x.row_key, x.source_id, x.line, x.field, x.text, x.line_text
    FROM missed x
    LEFT JOIN crowded c ON x.is_number AND c.source_id = x.source_id AND c.line = x.line
    WHERE c.run IS NULL OR NOT whole_number_in(x.line_text, c.run)
       OR NOT contains(' ' || c.run || ' ', ' ' || x.text || ' ')
)
SELECT format('{}:{}: {} {} "{}" {}', coalesce(s.path, e.source_id), e.line, e.row_key, e.field, e.text,
              CASE WHEN e.line_text IS NULL THEN 'points to a line the source does not have'
                   ELSE format('is not printed on that line, which reads "{}"', left(e.line_text, 120)) END) AS problem,
       e.resource, e.row_key, e.field, e.text, e.source_id, s.path, e.line, e.line_text
FROM not_at_line e
LEFT JOIN sources s ON s.source_id = e.source_id

UNION ALL
SELECT format('{}:{}: claim {} has {} "{}", which is not in its quote "{}"', coalesce(s.path, c.source_id), c.line,
              c.claim_id, x.field, x.text, c.quote),
       'claims', format('claim {}', c.claim_id), x.field, x.text, c.source_id, s.path, c.line, c.quote
FROM claims c
CROSS JOIN LATERAL (VALUES ('value_text', c.value_text), ('unit_printed', c.unit_printed),
                           ('qualifier', c.qualifier)) AS x(field, text)
LEFT JOIN sources s ON s.source_id = c.source_id
WHERE x.text IS NOT NULL AND NOT contains(c.quote, x.text)

ORDER BY path, line, row_key, field
