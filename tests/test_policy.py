from pathlib import Path

import pytest
from sqlalchemy import func, select

from caseworker import policy
from caseworker.extensions import db
from caseworker.models import Person
from tests import factories as f


@pytest.fixture
def world(ctx):
    return {relation: f.person(district) for relation, district in f.places().items()} \
        | f.everyone()


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


# Asked only by a feature whose branch is still to be merged (referrals: the override form).
PENDING_MERGE: set[str] = set()


def _asked_anywhere(action: str) -> bool:
    root = Path(__file__).resolve().parent.parent
    files = [p for p in (root / "caseworker").rglob("*.py") if p.name != "policy.py"]
    files += list((root / "templates").rglob("*.html"))
    return any(f'"{action}"' in p.read_text(encoding="utf-8") for p in files)


@pytest.mark.parametrize("action", [
    pytest.param(a, marks=[pytest.mark.xfail(reason="other features pending merge",
                                             strict=False)] if a in PENDING_MERGE else [])
    for a in policy.ACTIONS])
def test_every_action_is_asked_somewhere(action):
    """An action no door asks for is a rule that decides nothing: use it or remove it."""
    assert _asked_anywhere(action), f"{action} is in policy.ACTIONS but nothing asks for it"


def test_region_records_answer_404_outside_the_region(world):
    """A provider of another region is, to a role that may read the register, as if it did
    not exist; to a role that may not, the role is what is refused."""
    from werkzeug.exceptions import Forbidden, NotFound
    near = f.provider(f.places()["same_region"].region_id)
    far = f.provider(f.places()["other_region"].region_id)
    policy.require(world["caseworker"], "provider.view", near)
    with pytest.raises(NotFound):
        policy.require(world["caseworker"], "provider.view", far)
    with pytest.raises(Forbidden):
        policy.require(world["caseworker"], "provider.edit", near)
    with pytest.raises(Forbidden):
        policy.require(world["analyst"], "provider.view", far)
    assert not policy.can(world["admin"], "plan.edit")  # no region: nothing of a region's
