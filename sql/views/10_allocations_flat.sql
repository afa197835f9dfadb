-- allocations_flat: every allocation printed in a source, with its region, grant,
-- family, agreement, unit and source joined in. One flat table to start from.
--
-- Answers: what does each source say each region gets, in which document, on which
-- line, and in what unit and rounding?
--
-- One row per region per printed region-level table (tables.kind = 'regions'): when
-- two sources publish the same grant, both rows are here (grant_allocations keeps one).
-- Read these columns before adding amounts up:
--   recipients    'regions', or 'municipalities by county': region_code then names the
--                 county whose municipalities get the money, which is not the region's;
--   amount_kind   'payment', 'frame' (the most a recipient may apply for) or 'ceiling'
--                 (the most it can get if it meets the conditions);
--   status        'preliminary' figures are announced before the year;
--   rounding_step_sek  1 = exact; 1000000 = a table printed in MSEK;
--   regions_covered    < 21: the table has no row for some regions (see absences for
--                 why; no amount is invented for them).
-- amount_sek is whole kronor; unit is only the unit the source printed the amount in
-- (SEK or MSEK); the label as printed ("Miljoner kronor") is tables.unit_printed.
-- Region Stockholm's own split of its 2023 grant (breakdown_items) is not region-level
-- and is not here.
create or replace view allocations_flat as
select
    g.grant_id,
    g.family_id,
    g.year,
    g.title as grant_title,
    g.agreement,
    g.recipients,
    g.basis,
    g.combines_grants,
    a.region_code,
    r.iso_code,
    r.short_name as region_name,
    r.official_name as region_official_name,
    a.amount_sek,
    a.amount_text,
    t.amount_kind,
    t.status,
    t.unit,
    t.rounding_step_sek,
    t.regions_covered,
    a.table_id,
    t.column_header,
    s.source_id,
    s.source_kind,
    s.title as source_title,
    s.publisher,
    s.document_type,
    s.date_published,
    s.original_address,
    s.path as source_path,
    s.sha256 as source_sha256,
    a.source_line,
    a.region_text
from allocations as a
join tables as t
    on t.table_id = a.table_id
join grants as g
    on g.grant_id = t.grant_id
join sources as s
    on s.source_id = t.source_id
join regions as r
    on r.region_code = a.region_code
where t.kind = 'regions'
order by g.year, g.grant_id, a.table_id, a.row_number;
