"""Casework routes x roles x relations: the caseload, contacts, plans, team review."""
from __future__ import annotations

import pytest

from tests.access.matrix import CASEWORK, cases


@pytest.mark.parametrize("key, role, relation", list(cases(CASEWORK)))
def test_access(probe, key, role, relation):
    probe(key, role, relation)
