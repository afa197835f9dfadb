-- name: meaning_supported
-- description: every field that changes what a number means (a table's amount_kind, status and unit, a grant's recipients and included_in, a key's kind) has a quote from a source (meaning_quotes) for the value it has, and the quote says so: a ceiling quotes 'max', 'högst' or 'upp till', a preliminary status 'preliminär', a unit in MSEK 'miljoner', money to the municipalities 'kommun'; a quote that says the opposite fails
-- severity: error
--
-- The quotes are declared next to their fields in metadata/ ({ line, text }) and published as
-- meaning_quotes; printed_text_at_lines holds each to its line. What a quote must and must
-- not say for each value is meaning_cues in _macros.sql. A key needs no quote when its kind
-- is unknown, its date was inferred (allocation_key_reproduces proves it) or a key of its
-- group has one (allocation_keys_agree proves them alike).
WITH declared AS (
    SELECT 'table' AS subject, t.table_id AS subject_id, t.source_id, x.field, x.value
    FROM tables t
    CROSS JOIN LATERAL (VALUES ('amount_kind', t.amount_kind), ('status', t.status), ('unit', t.unit)) AS x(field, value)
    UNION ALL
    SELECT 'grant', g.grant_id, NULL, x.field, x.value
    FROM grants g
    CROSS JOIN LATERAL (VALUES ('recipients', g.recipients), ('included_in', g.included_in)) AS x(field, value)
    WHERE x.value IS NOT NULL
    UNION ALL
    SELECT 'allocation_key', k.table_id, t.source_id, 'key_kind', k.key_kind
    FROM allocation_keys k JOIN tables t USING (table_id)
    WHERE k.key_kind <> 'unknown' AND k.date_basis IS DISTINCT FROM 'inferred'
      AND NOT EXISTS (SELECT 1 FROM allocation_keys o
                      WHERE o.key_group = k.key_group AND o.source_quote IS NOT NULL)
), unquoted AS (
    SELECT format('{} {}: {} = "{}" quotes no source text (declare {}_quote = {{ line, text }} in metadata/{})',
                  d.subject, d.subject_id, d.field, d.value, CASE d.field WHEN 'key_kind' THEN 'kind: quote' ELSE d.field END,
                  CASE d.subject WHEN 'table' THEN 'tables.toml' WHEN 'grant' THEN 'grants.toml'
                                 ELSE 'allocation_keys.toml' END) AS problem,
           d.subject, d.subject_id, d.field, d.value, NULL::VARCHAR AS quote, NULL::VARCHAR AS path, NULL::BIGINT AS line
    FROM declared d
    WHERE NOT EXISTS (SELECT 1 FROM meaning_quotes q
                      WHERE q.subject = d.subject AND q.subject_id = d.subject_id AND q.field = d.field)
), stale AS (
    -- a quote published for a value the field no longer has (or for a field that is gone)
    SELECT format('{}:{}: {} {}: the quote "{}" supports {} = "{}", but the {} is "{}"', s.path, q.line, q.subject,
                  q.subject_id, q.quote, q.field, q.value, q.field, coalesce(d.value, 'not declared')) AS problem,
           q.subject, q.subject_id, q.field, q.value, q.quote, s.path, q.line
    FROM meaning_quotes q
    LEFT JOIN declared d ON d.subject = q.subject AND d.subject_id = q.subject_id AND d.field = q.field
    LEFT JOIN sources s ON s.source_id = q.source_id
    WHERE d.value IS DISTINCT FROM q.value
      AND NOT (q.subject = 'allocation_key' AND d.value IS NULL
               AND EXISTS (SELECT 1 FROM allocation_keys k WHERE k.table_id = q.subject_id AND k.key_kind = q.value))
), unsupported AS (
    SELECT format('{}:{}: {} {}: {} = "{}" rests on "{}", which {}', s.path, q.line, q.subject, q.subject_id,
                  q.field, q.value, q.quote,
                  CASE WHEN c.value IS NULL THEN 'no rule of meaning_cues reads'
                       WHEN c.refutes IS NOT NULL AND regexp_matches(q.quote, c.refutes)
                           THEN format('says otherwise ("{}")', regexp_extract(q.quote, c.refutes))
                       ELSE format('does not say so (expected words matching /{}/)', c.supports) END) AS problem,
           q.subject, q.subject_id, q.field, q.value, q.quote, s.path, q.line
    FROM meaning_quotes q
    LEFT JOIN meaning_cues c ON c.field = q.field AND c.value = q.value
    LEFT JOIN sources s ON s.source_id = q.source_id
    WHERE q.field <> 'included_in'
      AND (c.value IS NULL
           OR (c.supports IS NOT NULL AND NOT regexp_matches(q.quote, c.supports))
           OR (c.refutes IS NOT NULL AND regexp_matches(q.quote, c.refutes)))
)
SELECT * FROM unquoted
UNION ALL SELECT * FROM stale
UNION ALL SELECT * FROM unsupported
ORDER BY subject, subject_id, field
