"""Who may see and do what: the one place that decides access.

`can(user, action, obj)` answers a yes/no question; `scope_persons(select, user)` narrows any
select over persons to what the user may see, in SQL, before anything is loaded. A record outside
the scope is loaded through `get_person_or_404`, which answers 404 exactly like a missing record.
"""
from __future__ import annotations

from flask import abort
from sqlalchemy import Select, false, select

from caseworker.extensions import db
from caseworker.models import Person, User

CASEWORKER, SUPERVISOR, OFFICER, ANALYST, ADMIN = (
    "caseworker", "supervisor", "regional_officer", "analyst", "admin")
FINANCE = "finance"  # a district's accountant: timesheets and payments, no casework
DISTRICT_ROLES = (CASEWORKER, SUPERVISOR, FINANCE)
ROLES = (CASEWORKER, SUPERVISOR, OFFICER, ANALYST, ADMIN, FINANCE)

# action -> roles allowed; object-level checks follow in `can`.
ACTIONS: dict[str, tuple[str, ...]] = {
    "person.view": (CASEWORKER, SUPERVISOR, OFFICER),
    "person.register": (CASEWORKER, SUPERVISOR),
    "person.edit": (CASEWORKER, SUPERVISOR),
    "transfer.approve": (SUPERVISOR,),
    "referral.approve": (SUPERVISOR,),
    "referral.create": (CASEWORKER, SUPERVISOR),
    "provider.edit": (SUPERVISOR,),
    "eligibility.override": (SUPERVISOR,),
    "caseload.review": (SUPERVISOR,),
    "plan.edit": (OFFICER,),
    "project.edit": (OFFICER,),  # Employment Roadmap projects of the officer's region
    "aggregates.view": (OFFICER, ANALYST, ADMIN, SUPERVISOR),
    "aggregates.export": (OFFICER, ANALYST),
    "users.manage": (ADMIN,),
    "reference.manage": (ADMIN,),
    "indicators.view": (CASEWORKER, SUPERVISOR, OFFICER, ANALYST, ADMIN),
    "plan.upload": (ADMIN,),
    # Money paid against referrals (see MONEY_SCOPE for whose): caseworkers and officers read.
    "payment.view": (CASEWORKER, SUPERVISOR, FINANCE, OFFICER),
    "payment.record": (SUPERVISOR, FINANCE),  # payments, reversals, bank files
    "timesheet.record": (SUPERVISOR, FINANCE),  # a subsidised job's contract and timesheets
}

# Which persons a role sees: "district", "region" or None (no personal data at all).
PERSON_SCOPE = {CASEWORKER: "district", SUPERVISOR: "district", OFFICER: "region"}


def sees_persons(user: User) -> bool:
    return PERSON_SCOPE.get(user.role) is not None


def can(user: User | None, action: str, obj: object | None = None) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.active:
        return False
    if user.role not in ACTIONS.get(action, ()):
        return False
    if isinstance(obj, Person):
        if not in_scope(user, obj):
            return False
        # Regional officers read persons of their region; they never change them.
        if action != "person.view" and PERSON_SCOPE[user.role] != "district":
            return False
    return True


def require(user: User | None, action: str, obj: object | None = None) -> None:
    """The guard of every door: 404 when `obj` is a person outside the user's scope (as if it
    did not exist), 403 when the role or the object's state does not allow the action."""
    if isinstance(obj, Person) and (user is None or not in_scope(user, obj)):
        abort(404)
    if not can(user, action, obj):
        abort(403)


def in_scope(user: User, person: Person) -> bool:
    kind = PERSON_SCOPE.get(user.role)
    if kind == "district":
        return person.district_id == user.district_id
    if kind == "region":
        return person.region_id == user.region_id
    return False


def scope_persons(stmt: Select, user: User) -> Select:
    """Narrow a select that involves Person to the persons the user may see."""
    kind = PERSON_SCOPE.get(user.role)
    if kind == "district" and user.district_id is not None:
        return stmt.where(Person.district_id == user.district_id)
    if kind == "region" and user.region_id is not None:
        return stmt.where(Person.region_id == user.region_id)
    return stmt.where(false())


def get_referral_or_404(referral_id: int, user: User):
    from caseworker.models import Referral
    stmt = select(Referral).join(Person, Person.id == Referral.person_id).where(
        Referral.id == referral_id)
    referral = db.session.scalar(scope_persons(stmt, user))
    if referral is None:
        abort(404)
    return referral


# Whose referrals a role sees for their money: the finance role sees the district's persons'
# names and referrals there, and nothing else of them (no profile, no contacts).
MONEY_SCOPE = {CASEWORKER: "district", SUPERVISOR: "district", FINANCE: "district",
               OFFICER: "region"}


def scope_money(stmt: Select, user: User) -> Select:
    """Narrow a select that involves Person to the persons whose referrals' money the user
    may see."""
    kind = MONEY_SCOPE.get(user.role) if can(user, "payment.view") else None
    if kind == "district" and user.district_id is not None:
        return stmt.where(Person.district_id == user.district_id)
    if kind == "region" and user.region_id is not None:
        return stmt.where(Person.region_id == user.region_id)
    return stmt.where(false())


def get_money_referral_or_404(referral_id: int, user: User):
    """A referral whose money the user may see (404 outside the scope, as if missing)."""
    from caseworker.models import Referral
    stmt = select(Referral).join(Person, Person.id == Referral.person_id).where(
        Referral.id == referral_id)
    referral = db.session.scalar(scope_money(stmt, user))
    if referral is None:
        abort(404)
    return referral


def get_person_or_404(person_id: int, user: User) -> Person:
    person = db.session.scalar(scope_persons(select(Person).where(Person.id == person_id), user))
    if person is None:
        abort(404)
    return person
