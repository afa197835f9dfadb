-- grant_series: one amount per region (or county), grant family and year: the time
-- series of each family (women's health 2017-2024, cancer care 2021-2025, ...).
--
-- Answers: how much has my region received for women's health since 2017?
--
-- Built on grant_allocations (one amount per grant and region). A family's grants of
-- one year are added up (women's health 2021 = the main agreement + the supplementary
-- agreement; 2023 = the main funds + the rural programme), but only grants alike, and a
-- grant included_in another of the same family-year once, through that grant: the
-- rows are per recipients and amount_kind, so money to the municipalities of a county
-- is never added to the region's, nor a ceiling to a payment. grant_ids lists what is
-- added. A region a table does not cover gets a row with amount_sek empty and
-- absent_because saying why (never an invented amount, nor a part of the year's sum).
-- Flags a reader needs before comparing years:
--   recipients      'regions' or 'municipalities by county' (then region_code is the county);
--   amount_kind     payment, frame (may apply for) or ceiling (the most it can get);
--   is_preliminary  some figure added is preliminary;
--   is_rounded      some figure added is rounded (rounding_step_sek > 1, e.g. MSEK);
--   is_ceiling      amount_kind = 'ceiling': the most the region can receive;
--   is_incomplete   a table added lacks some regions (or this one: amount_sek empty);
--   combines_grants the amount includes other grants' money (the 2024 preliminary totals).
create or replace view grant_series as
with covered as (
    select
        ga.family_id,
        ga.year,
        ga.recipients,
        ga.amount_kind,
        ga.region_code,
        ga.grant_id,
        ga.amount_sek,
        ga.status,
        ga.rounding_step_sek,
        ga.regions_covered,
        ga.combines_grants,
        null as absent_because
    from grant_allocations as ga
    -- a grant whose money another grant of the family, year and kind includes (its
    -- included_in: parts A and B of a table whose Summa column is a grant of its own) is
    -- counted through that grant, not again
    where not exists (
        select 1
        from grants as g
        join grant_allocations as inc
            on inc.grant_id = g.included_in
            and inc.region_code = ga.region_code
            and inc.family_id = ga.family_id
            and inc.year = ga.year
            and inc.recipients = ga.recipients
            and inc.amount_kind = ga.amount_kind
        where g.grant_id = ga.grant_id
    )
),
missing as (
    -- a region none of the grant's tables prints, with the reason its tables give
    select
        g.family_id,
        g.year,
        g.recipients,
        t.amount_kind,
        x.region_code,
        g.grant_id,
        null as amount_sek,
        t.status,
        t.rounding_step_sek,
        t.regions_covered,
        g.combines_grants,
        string_agg(x.reason, ' ' order by t.table_id) as absent_because
    from absences as x
    join tables as t
        on t.table_id = x.table_id
    join grants as g
        on g.grant_id = t.grant_id
    where not exists (
        select 1
        from grant_allocations as ga
        where ga.grant_id = g.grant_id and ga.region_code = x.region_code
    )
    group by all
),
rows_ as (
    select * from covered
    union all
    select * from missing
)
select
    f.family_id,
    f.title as family_title,
    r.region_code,
    reg.short_name as region_name,
    r.year,
    r.recipients,
    r.amount_kind,
    -- a family-year with a grant the region has no row for has no amount, not a part
    case when bool_or(r.amount_sek is null) then null else cast(sum(r.amount_sek) as bigint) end as amount_sek,
    count(*) as grant_count,
    string_agg(r.grant_id, ' ' order by r.grant_id) as grant_ids,
    bool_or(r.status = 'preliminary') as is_preliminary,
    bool_or(r.rounding_step_sek > 1) as is_rounded,
    r.amount_kind = 'ceiling' as is_ceiling,
    bool_or(r.regions_covered < 21) or bool_or(r.amount_sek is null) as is_incomplete,
    bool_or(r.combines_grants) as combines_grants,
    string_agg(r.absent_because, ' ') as absent_because
from rows_ as r
join families as f
    on f.family_id = r.family_id
join regions as reg
    on reg.region_code = r.region_code
group by all
order by f.family_id, r.region_code, r.year, r.recipients, r.amount_kind;
