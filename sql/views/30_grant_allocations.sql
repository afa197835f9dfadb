-- grant_allocations: one canonical amount per grant and region.
--
-- Answers: how much does each region get from each grant, taking one value when
-- several sources publish the same grant, and which one was taken?
--
-- When several tables publish a grant (kvinnors-halsa-2021 is printed both on SKR's
-- web page and in the government's decision; the 2024 press release both whole and as
-- an excerpt), the row kept is the first by the rule in source_preference: final before
-- preliminary, exact before rounded, the more official document type, the whole
-- document before an excerpt, then table_id. chosen_table_id, chosen_source_id and
-- chosen_document_type say which was kept; tables_publishing and other_table_ids list
-- the alternatives, and others_agree says whether they print the same amount (NULL
-- when there is no other table).
-- Carries family_id, recipients, amount_kind, status, unit, rounding_step_sek and
-- regions_covered: some grants go to the municipalities of each county (recipients =
-- 'municipalities by county'), some amounts are frames or ceilings, some preliminary,
-- tables printed in MSEK are rounded to a million kronor, and a table with
-- regions_covered < 21 has no row for some regions (absences says why).
-- Region-level tables only (not Region Stockholm's 2023 split, breakdown_items).
create or replace view grant_allocations as
with ranked as (
    select
        f.*,
        row_number() over (
            partition by f.grant_id, f.region_code
            order by
                f.status = 'preliminary',
                f.rounding_step_sek,
                coalesce(p.preference_rank, 2147483647),
                f.source_kind = 'excerpt',
                f.table_id
        ) as choice,
        count(*) over (partition by f.grant_id, f.region_code) as tables_publishing,
        min(f.amount_sek) over (partition by f.grant_id, f.region_code) as lowest_amount_sek,
        max(f.amount_sek) over (partition by f.grant_id, f.region_code) as highest_amount_sek
    from allocations_flat as f
    left join source_preference as p
        on p.document_type = f.document_type
),
others as (
    select
        grant_id,
        region_code,
        string_agg(table_id, ' ' order by table_id) as other_table_ids
    from ranked
    where choice > 1
    group by grant_id, region_code
)
select
    r.grant_id,
    r.family_id,
    r.year,
    r.grant_title,
    r.recipients,
    r.basis,
    r.combines_grants,
    r.region_code,
    r.region_name,
    r.amount_sek,
    r.amount_kind,
    r.unit,
    r.rounding_step_sek,
    r.status,
    r.regions_covered,
    r.table_id as chosen_table_id,
    r.source_id as chosen_source_id,
    r.document_type as chosen_document_type,
    r.tables_publishing,
    o.other_table_ids,
    case
        when r.tables_publishing = 1 then null
        else r.lowest_amount_sek = r.highest_amount_sek
    end as others_agree
from ranked as r
left join others as o
    on o.grant_id = r.grant_id
    and o.region_code = r.region_code
where r.choice = 1
order by r.year, r.grant_id, r.region_code;
