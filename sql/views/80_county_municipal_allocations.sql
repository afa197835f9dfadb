-- county_municipal_allocations: money to the municipalities of each county, per grant.
--
-- Answers: how much do the municipalities of my county get from each grant (school
-- books, summer jobs, good and close care ...), and what share of the grant is that?
--
-- The grants whose recipients are 'municipalities by county': region_code names the
-- county (SCB county code), and the money is the county's municipalities', never the
-- region's; it is kept out of region_year_totals and allocation_shares. One row per
-- grant and county that a table prints (grant_allocations); share_percent is of the
-- counties printed (county_count < 21: some counties are absent, see absences).
-- amount_kind says whether the amounts are payments or frames to apply for.
create or replace view county_municipal_allocations as
select
    ga.grant_id,
    ga.family_id,
    ga.year,
    ga.grant_title,
    ga.amount_kind,
    ga.status,
    ga.region_code as county_code,
    r.county_name,
    ga.amount_sek,
    cast(sum(ga.amount_sek) over (partition by ga.grant_id) as bigint) as grant_sum_sek,
    round(100 * ga.amount_sek / sum(ga.amount_sek) over (partition by ga.grant_id), 4) as share_percent,
    rank() over (partition by ga.grant_id order by ga.amount_sek desc) as rank_in_grant,
    count(*) over (partition by ga.grant_id) as county_count,
    ga.rounding_step_sek,
    ga.chosen_table_id
from grant_allocations as ga
join regions as r
    on r.region_code = ga.region_code
where ga.recipients = 'municipalities by county'
order by ga.year, ga.grant_id, ga.region_code;
