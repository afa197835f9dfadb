-- region_year_totals: the total each region receives per year from the grants in
-- this package.
--
-- Answers: how much did the grants published here pay each region each year?
--
-- Sums grant_allocations over the payments to the regions themselves, counting each
-- krona once:
--   * recipients = 'regions' (money to the municipalities of a county is in
--     county_municipal_year_totals);
--   * amount_kind = 'payment' (frames and ceilings are the most a region may get, not
--     what it gets);
--   * a grant whose money another grant's amounts include (grants.included_in: women's
--     health 2024 is one of the five agreements the 2024 preliminary totals add up) is
--     counted through that grant, not again.
-- What is left out is listed, not dropped: left_out_grant_ids (a year whose only grants
-- are left out, such as the 2026 ceilings, has no row here: see grant_series).
-- This is the total of the grants this package holds, not of every state grant a
-- region received that year. grant_ids lists what is summed; includes_preliminary
-- flags a total with a preliminary figure in it; coarsest_rounding_step_sek is the
-- largest rounding step among the summed amounts (1 = every amount exact);
-- includes_incomplete_table flags a year with a grant whose table lacks some regions.
create or replace view region_year_totals as
with judged as (
    select
        ga.*,
        ga.amount_kind = 'payment'
        and not exists (
            select 1
            from grants as g
            join grant_allocations as inc
                on inc.grant_id = g.included_in
                and inc.region_code = ga.region_code
            where g.grant_id = ga.grant_id
        ) as counted
    from grant_allocations as ga
    where ga.recipients = 'regions'
),
summed as (
    select
        region_code,
        region_name,
        year,
        count(*) as grant_count,
        string_agg(grant_id, ' ' order by grant_id) as grant_ids,
        cast(sum(amount_sek) as bigint) as total_sek,
        max(rounding_step_sek) as coarsest_rounding_step_sek,
        bool_or(status = 'preliminary') as includes_preliminary,
        bool_or(regions_covered < 21) as includes_incomplete_table
    from judged
    where counted
    group by region_code, region_name, year
),
left_out as (
    select
        region_code,
        year,
        string_agg(grant_id, ' ' order by grant_id) as left_out_grant_ids
    from judged
    where not counted
    group by region_code, year
)
select
    s.region_code,
    s.region_name,
    s.year,
    s.grant_count,
    s.grant_ids,
    s.total_sek,
    s.coarsest_rounding_step_sek,
    s.includes_preliminary,
    s.includes_incomplete_table,
    l.left_out_grant_ids
from summed as s
left join left_out as l
    on l.region_code = s.region_code
    and l.year = s.year
order by s.year, s.region_code;
