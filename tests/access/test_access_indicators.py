"""Indicators, plans, Employment Roadmap projects and providers x roles x relations."""
from __future__ import annotations

import pytest

from tests.access.matrix import INDICATORS, cases


@pytest.mark.parametrize("key, role, relation", list(cases(INDICATORS)))
def test_access(probe, key, role, relation):
    probe(key, role, relation)
