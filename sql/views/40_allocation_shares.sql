-- allocation_shares: each region's share of each grant to the regions.
--
-- Answers: what percentage of a grant goes to each region, and where does the region
-- rank?
--
-- Built on grant_allocations (one amount per grant and region), for the grants paid to
-- the regions themselves (recipients = 'regions'); money to the municipalities of a
-- county has its shares in county_municipal_allocations. share_percent is the region's
-- amount over the sum of the grant's printed amounts (so the shares of a grant add up
-- to 100, give or take the rounding to four decimals); stated_total_sek is the total
-- the chosen source prints, which can differ from that sum (SKR's supplementary table
-- prints 445 000 004) or be empty (none printed). Shares of a table printed in MSEK are
-- shares of rounded amounts (rounding_step_sek). When regions_covered < 21 the shares
-- are of the regions the table prints (the cut-off 2021 cancer table has no Gotland):
-- they are not shares of the whole grant. amount_kind says whether the amounts are
-- payments or ceilings.
-- These are shares of money, not per inhabitant: see allocations_per_inhabitant.
create or replace view allocation_shares as
select
    ga.grant_id,
    ga.family_id,
    ga.year,
    ga.recipients,
    ga.amount_kind,
    ga.status,
    ga.region_code,
    ga.region_name,
    ga.amount_sek,
    cast(sum(ga.amount_sek) over (partition by ga.grant_id) as bigint) as grant_sum_sek,
    t.stated_total_sek,
    -- a double (not a DECIMAL, which Python reads as Decimal and Parquet readers as object)
    round(100 * ga.amount_sek / sum(ga.amount_sek) over (partition by ga.grant_id), 4) as share_percent,
    rank() over (partition by ga.grant_id order by ga.amount_sek desc) as rank_in_grant,
    ga.regions_covered,
    ga.rounding_step_sek,
    ga.chosen_table_id
from grant_allocations as ga
join tables as t
    on t.table_id = ga.chosen_table_id
where ga.recipients = 'regions'
order by ga.year, ga.grant_id, ga.region_code;
