"""Every route is in the access matrix, and the public, signed-in and catalogue routes
answer every role as it says (the other areas: test_access_*.py)."""
from __future__ import annotations

import pytest

from tests.access.matrix import MATRIX, PUBLIC, cases, has_relations
from tests.access.world import RECORD_PARAMS, ROLES, rule_keys


def test_every_route_is_in_the_matrix(app):
    keys = rule_keys(app)
    missing = sorted(set(keys) - set(MATRIX))
    assert not missing, f"routes without an entry in MATRIX: {missing}"
    assert not sorted(set(MATRIX) - set(keys)), "MATRIX names routes the app does not serve"
    for key, rule in keys.items():
        assert set(MATRIX[key]) == set(ROLES), f"{key}: give every role an answer"
        names_a_record = any(a in RECORD_PARAMS for a in rule.arguments)
        assert has_relations(MATRIX[key]) == names_a_record, (
            f"{key}: a route about one record gives answers per relation, others do not")


@pytest.mark.parametrize("key, role, relation", list(cases(PUBLIC)))
def test_access(probe, key, role, relation):
    probe(key, role, relation)
