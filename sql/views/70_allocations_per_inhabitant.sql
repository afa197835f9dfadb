-- allocations_per_inhabitant: kronor per inhabitant, for every printed region-level
-- amount the package has a population for.
--
-- Answers: how much did each region (or the municipalities of each county) get per
-- inhabitant, and which population was it divided by?
--
-- One row per row of allocations_flat whose table has a population to divide by:
--   1. the population its allocation key divides by (allocation_keys: a key on population
--      at a known date, stated by the source or inferred by the package from the fit);
--   2. otherwise the population on 31 December of the year before the grant's year, when
--      the package has it (SCB's figures for 2016-2019, so grants of 2017-2020).
-- population_basis says which, and population_source_id, population_date and
-- population_line say exactly which figure. Money to the municipalities of a county
-- (recipients = 'municipalities by county') is divided by the county's population
-- (per_inhabitant_of). Tables with no population at their key date or the year before
-- are not here; nor are rows a table does not print (a row cut off).
create or replace view allocations_per_inhabitant as
with key_population as (
    select
        k.table_id,
        k.population_source_id as source_id,
        k.population_date as reference_date,
        'the population the table''s allocation key divides by' as population_basis
    from allocation_keys as k
    where k.population_date is not null
),

year_before as (
    select
        f.table_id,
        p.source_id,
        p.reference_date,
        '31 December of the year before the grant' as population_basis
    from (select distinct table_id, year from allocations_flat) as f
    join (select distinct source_id, reference_date from population where date_precision = 'day') as p
        on p.reference_date = make_date(f.year - 1, 12, 31)
    where f.table_id not in (select table_id from key_population)
    qualify row_number() over (partition by f.table_id order by p.source_id) = 1
),

basis as (
    select * from key_population
    union all
    select * from year_before
)

select
    f.grant_id,
    f.year,
    f.recipients,
    f.region_code,
    f.region_name,
    case when f.recipients = 'regions' then 'the region'
        else 'the county (the money goes to its municipalities)' end as per_inhabitant_of,
    f.amount_sek,
    p.population,
    round(f.amount_sek / p.population, 2) as sek_per_inhabitant,
    b.population_basis,
    p.reference_date as population_date,
    p.date_precision as population_date_precision,
    p.source_id as population_source_id,
    p.source_line as population_line,
    f.table_id,
    f.unit,
    f.rounding_step_sek,
    f.status
from allocations_flat as f
join basis as b
    on b.table_id = f.table_id
join population as p
    on p.source_id = b.source_id
    and p.reference_date = b.reference_date
    and p.region_code = f.region_code
order by f.year, f.grant_id, f.table_id, f.region_code;
