"""Referral routes x roles x relations: referrals, letters, follow-ups, the inbox."""
from __future__ import annotations

import pytest

from tests.access.matrix import REFERRALS, cases


@pytest.mark.parametrize("key, role, relation", list(cases(REFERRALS)))
def test_access(probe, key, role, relation):
    probe(key, role, relation)
