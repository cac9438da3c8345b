"""Persons' routes x roles x relations: the access matrix's persons area (matrix.py)."""
from __future__ import annotations

import pytest

from tests.access.matrix import PEOPLE, cases


@pytest.mark.parametrize("key, role, relation", list(cases(PEOPLE)))
def test_access(probe, key, role, relation):
    probe(key, role, relation)
