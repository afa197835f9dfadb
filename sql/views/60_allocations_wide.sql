-- allocations_wide: regions by grant, one column per grant (ordered by year, then
-- grant_id), the canonical amount in kronor from grant_allocations.
--
-- Answers: what does each region get from every grant, side by side?
--
-- A TABLE, not a view: DuckDB cannot keep a PIVOT whose columns come from the data in
-- a view, and listing the grants here by hand would repeat metadata/grants.toml. The
-- table is computed when the package is loaded, so it always has one column per
-- grant in grant_allocations.
-- Every column is whole kronor, but not every column is alike: check grants for
-- recipients (god-och-nara-vard-kommuner-2024 is money to the municipalities of the
-- county) and grant_allocations for status and rounding (sammanlagda-medel-2024 is
-- preliminary and printed in MSEK).
create or replace table allocations_wide as
pivot (
    select
        region_code,
        region_name,
        grant_id,
        amount_sek
    from grant_allocations
)
on grant_id in (
    select grant_id
    from (
        select distinct year, grant_id
        from grant_allocations
    )
    order by year, grant_id
)
using any_value(amount_sek)
group by region_code, region_name
order by region_code;
