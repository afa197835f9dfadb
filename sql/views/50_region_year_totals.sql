-- region_year_totals: the total each region receives per year from the grants in
-- this package.
--
-- Answers: how much did the grants published here give each region each year?
--
-- Sums grant_allocations over the grants paid to the regions themselves
-- (recipients = 'regions'); money to the municipalities of a county is left out.
-- This is the total of the grants this package holds, not of every state grant a
-- region received that year. grant_ids lists what is summed; includes_preliminary
-- flags a total with a preliminary figure in it; coarsest_rounding_step_sek is the
-- largest rounding step among the summed amounts (1 = every amount exact).
create or replace view region_year_totals as
select
    ga.region_code,
    ga.region_name,
    ga.year,
    count(*) as grant_count,
    string_agg(ga.grant_id, ' ' order by ga.grant_id) as grant_ids,
    cast(sum(ga.amount_sek) as bigint) as total_sek,
    max(ga.rounding_step_sek) as coarsest_rounding_step_sek,
    bool_or(ga.status = 'preliminary') as includes_preliminary
from grant_allocations as ga
where ga.recipients = 'regions'
group by ga.region_code, ga.region_name, ga.year
order by ga.year, ga.region_code;
