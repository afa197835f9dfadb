-- Shared definitions for the checks in this folder. Not a check: statsbidrag.check.runner
-- runs the files whose name starts with "_" first, in name order.

-- The number printed in `t`, as a decimal: '215 942 447', '739 250 000' (with a
-- no-break space), '7,4' (decimal comma). NULL when `t` is not a number.
-- (Spaces and no-break spaces are dropped with replace: a regular expression per row
-- costs a third more over a million amounts.)
CREATE MACRO printed_number(t) AS
    TRY_CAST(replace(replace(replace(trim(t), ' ', ''), chr(160), ''), ',', '.') AS DECIMAL(38, 6));

-- The number part of a printed total, without a unit label after it:
-- '937 000 000 Mkr' -> '937 000 000'.
CREATE MACRO number_part(t) AS
    regexp_replace(t, '[ \x{00A0}]+[A-Za-zåäöÅÄÖ]+$', '');

-- The value in kronor of the last printed digit of `t`, when one printed unit is
-- `scale` kronor: ('445', 1000000) -> 1000000; ('7,4', 1000000) -> 100000; at least 1, as
-- amounts are whole kronor: ('215 942 447,00', 1) -> 1 (statsbidrag.extract.text.scaled_amount).
CREATE MACRO printed_step(t, scale) AS
    -- most amounts print no decimal comma: the regular expression runs only for those that do
    greatest(1, CAST(scale / (10 ^ CASE WHEN contains(t, ',') THEN length(regexp_extract(t, ',([0-9]+)', 1))
                                        ELSE 0 END) AS BIGINT));

-- A line as statsbidrag.extract.text.clean sees it: markup removed, runs of spaces, tabs and
-- no-break spaces made one space, trimmed. Region names are matched this way.
CREATE MACRO clean(t) AS
    trim(regexp_replace(regexp_replace(t, '<[^>]*>', '', 'g'), '[ \t\x{00A0}]+', ' ', 'g'));

-- `t` stands in `line_text` as a whole number, not as part of a longer one: '14' is
-- not found in '214', '14,5', '0,14' or '1 014', nor '937 000 000' in '1 937 000 000'
-- (digits may be grouped by spaces or no-break spaces). A number with a decimal comma
-- may stand before it ('0,23 42 569 204': a share, then an amount), and so may a comma
-- after a word (a CSV file's field, 'Region Uppsala,35037330').
CREATE MACRO number_printed_in(line_text, t) AS
    regexp_matches(line_text,
        '(^|^[ \x{00A0}]|[^0-9, \x{00A0}]|[^0-9][ \x{00A0}]|,[0-9]+[ \x{00A0}]|^,|[^0-9],)' || regexp_escape(t) ||
        '($|[ \x{00A0}]$|[^0-9, \x{00A0}]|[ \x{00A0}][^0-9]|,[^0-9]|,$)');

-- number_printed_in without a regular expression built per row (the same answer on every
-- substring of every line, tests/slow/test_text_macros.py): the boundaries around the first
-- occurrence of `t` are tested with constant patterns; only when they do not settle it (it
-- occurs again, or a digit and a space stand before it, where a decimal number may end) is
-- the definition above evaluated.
CREATE MACRO number_printed_at(line_text, t, p) AS
    p > 0
    AND regexp_full_match(substr(line_text, greatest(p - 2, 1), p - greatest(p - 2, 1)),
                          '|[ \x{00A0}]|.?[^0-9, \x{00A0}]|[^0-9][ \x{00A0}]|,|[^0-9],')
    AND regexp_full_match(substr(line_text, p + length(t), 2),
                          '|[ \x{00A0}]|[^0-9, \x{00A0}].?|[ \x{00A0}][^0-9]|,[^0-9]|,');

-- Whether the constant patterns' "no" for `t` at `p` is the definition's too: `t` occurs
-- nowhere after `p`, the line holds no newline (where their '.' stops), and what stands
-- before `p` is not a digit and a space, where a decimal number may end.
CREATE MACRO number_only_at(line_text, t, p) AS
    instr(substr(line_text, p + 1), t) = 0
    AND NOT contains(line_text, chr(10))
    AND NOT regexp_full_match(substr(line_text, greatest(p - 2, 1), p - greatest(p - 2, 1)), '[0-9][ \x{00A0}]');

CREATE MACRO whole_number_in(line_text, t) AS
    CASE WHEN number_printed_at(line_text, t, instr(line_text, t)) THEN true
         WHEN instr(line_text, t) = 0 THEN false
         WHEN number_only_at(line_text, t, instr(line_text, t)) THEN false
         -- the constant patterns see two characters each side; a number after a decimal
         -- ('0,23 42 569 204', file 06) needs the definition
         ELSE number_printed_in(line_text, t)
    END;

-- Whether `t` stands in `line_text` (a line of a source, NULL when the source has no such
-- line): as a whole number when `is_number`, else as a substring. A NULL text is not printed.
CREATE MACRO printed_at(line_text, t, is_number) AS
    coalesce(CASE WHEN is_number THEN whole_number_in(line_text, t) ELSE contains(line_text, t) END, false);

-- What a qualifier printed with an amount means. `claimed` is the amount as printed, in
-- kronor; `step` is the value of its last printed digit (1 for '937 000 000 kronor',
-- 1 000 000 for '445 miljoner', 10 000 000 for '1,48 miljarder'); `actual` is what the
-- tables say. With no qualifier an amount is read as rounded to its last printed digit,
-- so an amount printed to the krona must agree to the krona.
CREATE TABLE qualifiers AS SELECT * FROM (VALUES
    ('',      'as printed: rounded to its last digit, |actual - claimed| <= step/2'),
    ('cirka', 'about: |actual - claimed| <= step/2'),
    ('drygt', 'a little over: claimed <= actual < claimed + step'),
    ('nära',  'nearly: claimed - step < actual <= claimed')
) AS q(qualifier, meaning);

CREATE MACRO claim_agrees(qualifier, claimed, step, actual) AS
    CASE coalesce(qualifier, '')
        WHEN ''      THEN 2 * abs(actual - claimed) <= step
        WHEN 'cirka' THEN 2 * abs(actual - claimed) <= step
        WHEN 'drygt' THEN actual >= claimed AND actual < claimed + step
        WHEN 'nära'  THEN actual <= claimed AND actual > claimed - step
        ELSE false
    END;

-- Thousands separated by spaces, for messages: 1382000004 -> '1 382 000 004'.
CREATE MACRO kr(n) AS
    CASE WHEN n IS NULL THEN NULL ELSE replace(format('{:,}', CAST(n AS HUGEINT)), ',', ' ') END;

-- A printed name as it is matched to a spelling (statsbidrag.extract.regions.name_key):
-- clean, lower case, a footnote marker after it ('Skåne*', 'Skåne¹', 'Skåne 1)', 'Skåne a)') or an
-- abbreviation in brackets ('Västra Götalandsregionen (VGR)') dropped.
CREATE MACRO name_key(t) AS
    lower(regexp_replace(clean(t),
                         '([ \x{00A0}]*([*†‡¹²³⁴⁵⁶⁷⁸⁹⁰]+|\([0-9]{1,2}\)|[0-9]{1,2}\)|\([a-z]\)|[a-z]\)|\([A-ZÅÄÖ]{2,6}\)))+$',
                         ''));

-- The words of a region name that identify it, lower case, in their base form: the
-- possessive -s and the suffix -regionen dropped, 'region' and 'län' left out, so that
-- 'Region Jönköpings län', 'Jönköping' and 'Jönköpings län' all give ['jönköping'],
-- 'Jämtland/Härjedalen' gives ['jämtland', 'härjedalen'] and 'Västra
-- Götalandsregionen (VGR)' ['västra', 'götaland']; a footnote letter after a name ('a)') is no word. A printed name belongs to a region when
-- its words are all among the words of the region's names (checks/regions_match_reference.sql).
-- The words an era's names add to the place ('Stockholms läns landsting', 'Landstinget i
-- Värmland', 'Gotlands kommun': metadata/region_spellings.toml) are left out too.
CREATE MACRO name_words(t) AS
    list_filter(
        list_transform(regexp_split_to_array(lower(regexp_replace(
                                                 regexp_replace(clean(t), '([ \x{00A0}]*(\([a-z]\)|[a-z]\)))+$', ''),
                                                 '\([A-ZÅÄÖ]{2,6}\)', ' ', 'g')),
                                             '[^\p{L}]+'),
                       lambda w: regexp_replace(regexp_replace(w, 's?regionen$', ''), '^(.{3,})s$', '\1')),
        lambda w: w NOT IN ('', 'region', 'län', 'landsting', 'landstinget', 'i', 'kommun'));

-- A printed amount grouped as Swedish prints it: digits with no separator ('5950'), or
-- groups of three after a first group of one to three ('42 045 981'), each separated by
-- one space or no-break space; an optional decimal comma. '42 045981' and '544 99 160'
-- are not.
CREATE MACRO grouped_in_threes(t) AS
    regexp_full_match(t, '([0-9]{1,3}([ \x{00A0}][0-9]{3})*|[0-9]+)(,[0-9]+)?');

-- An anomaly in metadata/anomalies.toml documents the text `printed_text` printed at
-- line `at_line` of source `doc_id` for the check `check_name`: it stands at that line,
-- its quote contains the text, and it names the check in `excuses`. The checks that
-- accept a documented oddity this way (table_totals, claims_hold,
-- amounts_grouped_in_threes) use this one rule; the anomaly itself is then reported as
-- a warning by `statsbidrag check`. (unit_labels_agree matches the printed label.)
CREATE MACRO documented_at(check_name, doc_id, at_line, printed_text) AS
    EXISTS (SELECT 1 FROM anomalies a
            WHERE a.source_id = doc_id AND a.line = at_line AND contains(a.quote, printed_text)
              AND list_contains(string_split(coalesce(a.excuses, ''), ' '), check_name));

-- What a quote for a field's meaning (the meaning_quotes resource) must say, and what must
-- not stand near a table with that value. `supports`: the quote must match it (NULL: any
-- quote, as for a final status, which sources rarely say in words); `refutes`: the quote
-- must not match it; `refuted_near`: no line of the table or within 2 lines of it may match
-- it, unless an anomaly at that line documents the word for meaning_matches_wording.
-- Case is ignored; English words match the archived excerpts' headers.
CREATE TABLE meaning_cues AS SELECT * FROM (VALUES
    ('amount_kind', 'payment', '(?i)fördel|fordel|betal|får|erhåll|tilldel|tillfall|medel|medl|belopp|avsätt|money|paid|pays|payment|distribut',
     '(?i)max|högst|upp till|up to|ceiling|apply|ansök', '(?i)max|högst|upp till'),
    ('amount_kind', 'ceiling', '(?i)max|högst|upp till|up to|the most|ceiling', NULL, NULL),
    ('amount_kind', 'frame', '(?i)ansök|apply|bidragsram|grant frame|kan [^.]*få', '(?i)max|högst', NULL),
    ('status', 'final', NULL, '(?i)preliminär|preliminary', '(?i)preliminär'),
    ('status', 'preliminary', '(?i)preliminär|preliminary|tidiga besked', NULL, NULL),
    ('unit', 'SEK', '(?i)kronor|\bkr\b|\bsek\b|[0-9]{1,3}( [0-9]{3}){2,}',
     '(?i)tusen|\btkr\b|tsek|000-tal|miljon|miljard|\bmilj\b|mkr|msek|mnkr|\bmdr?\b|mdkr', NULL),
    ('unit', 'MSEK', '(?i)miljon|\bmilj\b|mkr|msek|mnkr', '(?i)tusen|\btkr\b|tsek|000-tal|miljard|\bmdr?\b|mdkr',
     NULL),
    ('unit', 'TSEK', '(?i)tusen|\btkr\b|tsek|000-tal', '(?i)miljon|miljard|\bmilj\b|mkr|msek|mnkr|\bmdr?\b|mdkr',
     NULL),
    ('recipients', 'regions', '(?i)region|landsting', '(?i)kommunerna|municipalit', '(?i)kommunerna'),
    ('recipients', 'municipalities by county', '(?i)kommun|municipal', NULL, NULL),
    ('key_kind', 'population_at_date', '(?i)befolkning|population|invånare', NULL, NULL),
    ('key_kind', 'population_unknown_date', '(?i)befolkning|population|invånare', NULL, NULL),
    ('key_kind', 'fixed_plus_population', '(?i)(befolkning|population)[^.]*(fast|fixed)', NULL, NULL),
    ('key_kind', 'performance', '(?i)prestation|performance', NULL, NULL),
    ('key_kind', 'cost_structure', '(?i)kostnad|cost', NULL, NULL)
) AS c(field, value, supports, refutes, refuted_near);
