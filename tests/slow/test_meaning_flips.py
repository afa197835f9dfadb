"""Evidence for meaning: each further meaning field flipped in metadata fails the check
meaning_supported (a full check of a package copy each, about 1.3 CPU-s; one flip per metadata
file is in tests/integration/test_meaning.py)."""

from __future__ import annotations

import pytest
from helpers import assert_a_flipped_meaning_field_fails

VARDKOER = "regeringen-2026-vardkoer-maxbelopp"


@pytest.mark.parametrize("file, header, entry, old, new, says", [
    ("tables.toml", "table", VARDKOER, 'amount_kind = "ceiling"', 'amount_kind = "frame"', 'says otherwise ("max")'),
    ("tables.toml", "table", "regeringen-2021-kvinnors-halsa", 'amount_kind = "payment"', 'amount_kind = "ceiling"',
     "does not say so"),
    ("tables.toml", "table", "regeringen-2024-larobocker", 'amount_kind = "frame"', 'amount_kind = "payment"',
     'says otherwise ("apply")'),
    ("tables.toml", "table", "regeringen-2024-kunskapsbidraget-2025", 'status = "preliminary"', 'status = "final"',
     'says otherwise ("preliminary")'),
    ("tables.toml", "table", "skr-2023-kvinnors-halsa", 'status = "final"', 'status = "preliminary"', "does not say so"),
    ("grants.toml", "grant", "larobocker-2024", 'recipients = "municipalities by county"', 'recipients = "regions"',
     'says otherwise ("municipalit")'),
    ("allocation_keys.toml", "key", "regeringen-2023-tillganglighet", 'kind = "performance"',
     'kind = "cost_structure"', "does not say so"),
])
def test_a_flipped_meaning_field_fails_the_check(package_copy, file, header, entry, old, new, says):
    assert_a_flipped_meaning_field_fails(package_copy, file, header, entry, old, new, says)
