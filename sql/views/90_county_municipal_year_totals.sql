-- county_municipal_year_totals: the money to the municipalities of each county per
-- year and kind of amount, from the grants in this package.
--
-- Answers: how much did the grants published here give the municipalities of my
-- county each year?
--
-- Sums county_municipal_allocations per county, year and amount_kind: payments and
-- frames (the most a municipality may apply for) are never added together. grant_ids
-- lists what is summed; includes_preliminary and coarsest_rounding_step_sek as in
-- region_year_totals. A county a grant's table does not print adds nothing to that
-- year: includes_incomplete_table flags a year with such a grant.
create or replace view county_municipal_year_totals as
select
    c.county_code,
    c.county_name,
    c.year,
    c.amount_kind,
    count(*) as grant_count,
    string_agg(c.grant_id, ' ' order by c.grant_id) as grant_ids,
    cast(sum(c.amount_sek) as bigint) as total_sek,
    max(c.rounding_step_sek) as coarsest_rounding_step_sek,
    bool_or(c.status = 'preliminary') as includes_preliminary,
    bool_or(c.county_count < 21) as includes_incomplete_table
from county_municipal_allocations as c
group by c.county_code, c.county_name, c.year, c.amount_kind
order by c.year, c.county_code, c.amount_kind;
