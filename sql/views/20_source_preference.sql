-- source_preference: which kind of document grant_allocations believes first when
-- several tables publish the same grant (lower rank wins).
--
-- Answers: why was this table chosen over that one?
--
-- The full rule, applied in order (see grant_allocations):
--   1. final figures before preliminary ones (tables.status);
--   2. exact figures before rounded ones (smaller tables.rounding_step_sek);
--   3. the more official document (preference_rank below);
--   4. the whole document before an excerpt of it (sources.source_kind): the 2024
--      press release is archived whole (seed) and as an excerpt of a stored copy, and
--      the two print the same tables;
--   5. table_id, only so that the choice is always the same.
-- A document type missing here ranks after every listed one.
create or replace view source_preference as
select
    document_type,
    preference_rank,
    reason
from (
    values
        ('government decision', 1, 'the government''s own decision on the payment'),
        ('press release', 2, 'published by the government, but a summary'),
        ('web page', 3, 'published by a party to the agreement, not the payer'),
        ('news article', 4, 'a report about the allocation, not the allocation itself'),
        ('statistics', 5, 'official statistics (population), never an allocation table'),
        ('index', 6, 'a description of other documents, not an allocation')
) as p(document_type, preference_rank, reason)
order by preference_rank;
