-- allocation_shares: each region's share of each grant.
--
-- Answers: what percentage of a grant goes to each region, and where does the region
-- rank?
--
-- Built on grant_allocations (one amount per grant and region). share_percent is the
-- region's amount over the sum of the grant's 21 amounts (so the shares of a grant add
-- up to 100, give or take the rounding to four decimals); stated_total_sek is the total
-- the chosen source prints, which can differ from that sum (SKR's supplementary table
-- prints 445 000 004). Shares of a table printed in MSEK are shares of rounded
-- amounts (rounding_step_sek). For recipients = 'municipalities by county' the share
-- is the county's municipalities' share, not the region's.
-- These are shares of money, not per inhabitant: see allocations_per_inhabitant.
create or replace view allocation_shares as
select
    ga.grant_id,
    ga.year,
    ga.recipients,
    ga.status,
    ga.region_code,
    ga.region_name,
    ga.amount_sek,
    cast(sum(ga.amount_sek) over (partition by ga.grant_id) as bigint) as grant_sum_sek,
    t.stated_total_sek,
    -- a double (not a DECIMAL, which Python reads as Decimal and Parquet readers as object)
    round(100 * ga.amount_sek / sum(ga.amount_sek) over (partition by ga.grant_id), 4) as share_percent,
    rank() over (partition by ga.grant_id order by ga.amount_sek desc) as rank_in_grant,
    ga.rounding_step_sek,
    ga.chosen_table_id
from grant_allocations as ga
join tables as t
    on t.table_id = ga.chosen_table_id
order by ga.year, ga.grant_id, ga.region_code;
