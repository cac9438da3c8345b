import pytest
from sqlalchemy import func, select

from caseworker import policy
from caseworker.extensions import db
from caseworker.models import Person
from tests import factories as f

KYZYLORDA, SHYMKENT = "430000000", "790000000"


@pytest.fixture
def world(ctx):
    kz = f.districts_of(KYZYLORDA)
    sh = f.districts_of(SHYMKENT)
    w = {
        "own": f.person(kz[0]), "same_region": f.person(kz[1]), "other_region": f.person(sh[0]),
        "caseworker": f.user("cw", "caseworker", kz[0]),
        "supervisor": f.user("sv", "supervisor", kz[0]),
        "regional_officer": f.user("ro", "regional_officer", region_kato=KYZYLORDA),
        "analyst": f.user("an", "analyst"), "admin": f.user("ad", "admin"),
        "finance": f.user("fi", "finance", kz[0]),
    }
    return w


EXPECTED_VISIBLE = {
    "caseworker": {"own"}, "supervisor": {"own"},
    "regional_officer": {"own", "same_region"}, "analyst": set(), "admin": set(),
    "finance": set(),  # names and referrals through the money pages only, no profiles
}


@pytest.mark.parametrize("role", policy.ROLES)
def test_scope_narrows_the_select(world, role):
    user = world[role]
    seen = set(db.session.scalars(policy.scope_persons(select(Person.id), user)))
    expected = {world[k].id for k in EXPECTED_VISIBLE[role]}
    assert seen == expected
    count = db.session.scalar(policy.scope_persons(select(func.count(Person.id)), user))
    assert count == len(expected)


@pytest.mark.parametrize("role", policy.ROLES)
@pytest.mark.parametrize("relation", ["own", "same_region", "other_region"])
def test_can_view_matches_scope(world, role, relation):
    assert policy.can(world[role], "person.view", world[relation]) == (
        relation in EXPECTED_VISIBLE[role])


def test_officer_reads_but_never_edits(world):
    officer = world["regional_officer"]
    assert policy.can(officer, "person.view", world["own"])
    assert not policy.can(officer, "person.edit", world["own"])
    assert policy.can(world["caseworker"], "person.edit", world["own"])
    assert not policy.can(world["caseworker"], "person.edit", world["same_region"])


def test_inactive_or_missing_user_can_do_nothing(world):
    cw = world["caseworker"]
    cw.active = False
    assert not policy.can(cw, "person.view", world["own"])
    assert not policy.can(None, "person.view", world["own"])


@pytest.mark.parametrize("action, roles", [
    ("users.manage", {"admin"}), ("referral.approve", {"supervisor"}),
    ("plan.edit", {"regional_officer"}), ("person.register", {"caseworker", "supervisor"}),
])
def test_role_actions(world, action, roles):
    assert {r for r in policy.ROLES if policy.can(world[r], action)} == roles
