"""Every basis a grant may state (the model's enumeration) says which key kinds it allows
(metadata/rules.py KINDS_FOR_BASIS), and names only kinds the key model knows: a new basis
added to one and not the other fails here instead of allowing any kind silently."""

from __future__ import annotations

from typing import get_args

from statsbidrag.metadata.models import AllocationKey, Grant
from statsbidrag.metadata.rules import KINDS_FOR_BASIS


def test_every_stated_basis_names_the_key_kinds_it_allows():
    bases = set(get_args(Grant.model_fields["basis"].annotation)) - {""}
    assert set(KINDS_FOR_BASIS) == bases


def test_the_kinds_named_are_kinds_a_key_may_have():
    kinds = set(get_args(AllocationKey.model_fields["kind"].annotation))
    assert {kind for allowed in KINDS_FOR_BASIS.values() for kind in allowed} <= kinds
