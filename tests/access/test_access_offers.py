"""Matching and offers routes x roles x relations: a person's vacancies, a vacancy's
candidates, offers and their answers, the supervisor's deregistration decisions."""
from __future__ import annotations

import pytest

from tests.access.matrix import OFFERS, cases


@pytest.mark.parametrize("key, role, relation", list(cases(OFFERS)))
def test_access(probe, key, role, relation):
    probe(key, role, relation)
