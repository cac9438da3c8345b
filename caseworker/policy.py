"""Who may see and do what: the one place that decides access.

`can(user, action, obj)` answers a yes/no question; `scope_persons(select, user)` narrows any
select over persons to what the user may see, in SQL, before anything is loaded. A record outside
the scope is loaded through `get_person_or_404`, which answers 404 exactly like a missing record.
"""
from __future__ import annotations

from flask import abort, current_app
from sqlalchemy import ColumnElement, Select, false, select

from caseworker import audit
from caseworker.extensions import db
from caseworker.models import (
    Person, PersonCount, Provider, Region, RoadmapProject, UnmatchedRow, User, Vacancy)
from caseworker.models.job import Job

CASEWORKER, SUPERVISOR, OFFICER, ANALYST, ADMIN = (
    "caseworker", "supervisor", "regional_officer", "analyst", "admin")
FINANCE = "finance"  # a district's accountant: timesheets and payments, no casework
DISTRICT_ROLES = (CASEWORKER, SUPERVISOR)  # a district's casework team
ROLES = (CASEWORKER, SUPERVISOR, OFFICER, ANALYST, ADMIN, FINANCE)
CASE_HOLDERS = (CASEWORKER,)  # persons are assigned to users of these roles

# action -> roles allowed; object-level checks follow in `can`.
ACTIONS: dict[str, tuple[str, ...]] = {
    "person.view": (CASEWORKER, SUPERVISOR, OFFICER),
    "person.register": (CASEWORKER, SUPERVISOR),
    "person.edit": (CASEWORKER, SUPERVISOR),
    "person.segment": (CASEWORKER, SUPERVISOR),  # set the profiling segment by hand
    # keeps a caseload of their own: cases are assigned to them (a person they register, unless
    # they choose another), and their home page is that caseload
    "caseload.own": CASE_HOLDERS,
    "transfer.approve": (SUPERVISOR,),
    "referral.approve": (SUPERVISOR,),
    "referral.create": (CASEWORKER, SUPERVISOR),
    "provider.view": (CASEWORKER, SUPERVISOR, OFFICER),  # the register of the user's region
    "letter.batch": (SUPERVISOR,),  # the district's letters of the day, as one PDF to print
    "provider.edit": (SUPERVISOR,),
    # how fast the region's organisations answer referrals, over the persons the user sees
    "provider.responses": (CASEWORKER, SUPERVISOR, OFFICER),
    "allocation.view": (CASEWORKER, SUPERVISOR, OFFICER),  # places and funds of the region
    "eligibility.override": (SUPERVISOR,),
    "caseload.review": (SUPERVISOR,),
    "caseload.view": (CASEWORKER, SUPERVISOR),  # a caseload: one's own, or the team's
    "plan.edit": (OFFICER,),
    "project.edit": (OFFICER,),  # Employment Roadmap projects of the officer's region
    "regions.compare": (OFFICER, ANALYST),  # the home page's persons by region
    # plan against fact on the home page: every region for a user of the whole country, the
    # own region's districts for a region's officer
    "dashboard.view": (OFFICER, ANALYST),
    "aggregates.export": (OFFICER, ANALYST),
    "users.manage": (ADMIN,),
    "reference.manage": (ADMIN,),
    "indicators.view": (CASEWORKER, SUPERVISOR, OFFICER, ANALYST, ADMIN),
    "plan.load": (ADMIN, OFFICER),  # plans from a file or the API: see plan.upload, plan.edit
    "plan.upload": (ADMIN,),  # loads the plans of any region (an officer: of the own region)
    "job.view": ROLES,  # their own jobs; a supervisor also their district's (`sees_job`)
    "jobs.maintain": (ADMIN,),  # the schedule's page; summary, checks, seal, freeze as jobs
    # Money paid against referrals (see MONEY_SCOPE for whose): caseworkers and officers read.
    "payment.view": (CASEWORKER, SUPERVISOR, FINANCE, OFFICER),
    "payment.record": (SUPERVISOR, FINANCE),  # payments, reversals, bank files
    "timesheet.record": (SUPERVISOR, FINANCE),  # a subsidised job's contract and timesheets
    # a referral's commitment raised (to pay more than it committed): the district's team,
    # within the funds left; a supervisor beyond them with a reason where the measure allows
    "commitment.raise": (CASEWORKER, SUPERVISOR),
    # the district's bank files as imported and their rows not recorded; settling such a row
    "bank_import.view": (SUPERVISOR, FINANCE),
    "bank_import.resolve": (SUPERVISOR, FINANCE),
    # void an outcome, a follow-up check or a contact recorded by mistake: one's own (see
    # `voiding.may_void`); "record.void_any": anyone's of the district
    "record.void": (CASEWORKER, SUPERVISOR),
    "record.void_any": (SUPERVISOR,),
    # a bulk import of persons and their histories: written by the district's supervisor;
    # checked without writing (`check only`) by a supervisor or the region's officer
    "import.run": (SUPERVISOR,),
    "import.check": (SUPERVISOR, OFFICER),
    # vacancies: the district's team sees and enters its district's; the region's officer
    # reads the region's (VACANCY_SCOPE)
    "vacancy.view": (CASEWORKER, SUPERVISOR, OFFICER),
    "vacancy.edit": (CASEWORKER, SUPERVISOR),
    # the labour exchange: vacancies that fit a person and a vacancy's candidates (persons in
    # the user's scope); offers of a vacancy to a person of the district and their answers;
    # the supervisor's decision on a deregistration the app proposes after two refusals
    "vacancy.match": (CASEWORKER, SUPERVISOR, OFFICER),
    "offer.make": (CASEWORKER, SUPERVISOR),
    "deregistration.decide": (SUPERVISOR,),
}

# Which persons a role sees: "district", "region" or None (no personal data at all).
PERSON_SCOPE = {CASEWORKER: "district", SUPERVISOR: "district", OFFICER: "region"}
# Where a role works: a district's career centre, a region's akimat, or (None) the country.
WORKS_IN = {CASEWORKER: "district", SUPERVISOR: "district", FINANCE: "district",
            OFFICER: "region"}
# Actions on what belongs to the user's own region: none for a user without a region.
REGION_ACTIONS = {"provider.view", "provider.edit", "provider.responses", "plan.edit",
                  "project.edit", "allocation.view", "vacancy.match"}
# Records kept per region: outside the user's region they answer 404, like a missing record.
REGION_OWNED = (Provider, RoadmapProject, Vacancy)
# Records kept per district (a bank file's row not recorded): the same, outside the district.
DISTRICT_OWNED = (UnmatchedRow,)
# Matching reads a vacancy of any district of the user's region: a person may be offered a
# position in the next district (the vacancy's own pages follow VACANCY_SCOPE).
MATCHING = {"vacancy.match", "offer.make"}


# Who must log in with a second factor when it is required (CASEWORKER_REQUIRE_SECOND_FACTOR,
# on by default when the public address is https); CASEWORKER_REQUIRE_2FA_ROLES names others.
SECOND_FACTOR_ROLES = (ADMIN, OFFICER, ANALYST)


def second_factor_required(user: User) -> bool:
    """Whether the user may not work without a second factor (they enrol at their login)."""
    cfg = current_app.config
    roles = cfg.get("REQUIRE_2FA_ROLES")
    if roles is None:
        roles = SECOND_FACTOR_ROLES if cfg.get("REQUIRE_SECOND_FACTOR") else ()
    return user.role in roles


def sees_persons(user: User) -> bool:
    return PERSON_SCOPE.get(user.role) is not None


def person_scope(user: User) -> str | None:
    """"district", "region" or None: the persons the user sees."""
    return PERSON_SCOPE.get(user.role)


def works_in(role: str) -> str | None:
    """"district", "region" or None (the whole country): where a user of the role works."""
    return WORKS_IN.get(role)


def allows(role: str, action: str) -> bool:
    """Whether the role as such may do the action (before any object is looked at)."""
    return role in ACTIONS.get(action, ())


def holds_cases(role: str) -> bool:
    """Whether persons are assigned to users of the role."""
    return role in CASE_HOLDERS


def case_holders() -> ColumnElement[bool]:
    """A where-clause over User: the users persons may be assigned to."""
    return User.role.in_(CASE_HOLDERS)


def district_team() -> ColumnElement[bool]:
    """A where-clause over User: the roles of a district's team (its caseload review)."""
    return User.role.in_(DISTRICT_ROLES)


def holders(action: str) -> tuple[str, ...]:
    """The roles that may do `action`: to select such users in SQL (a district's team)."""
    return ACTIONS.get(action, ())


def sees_region(user: User) -> bool:
    """Sees the persons of a whole region (and may narrow a list to one of its districts)."""
    return PERSON_SCOPE.get(user.role) == "region"


def can(user: User | None, action: str, obj: object | None = None) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.active:
        return False
    if not allows(user.role, action):
        return False
    if action in REGION_ACTIONS and user.region_id is None:
        return False
    if isinstance(obj, REGION_OWNED) and obj.region_id != user.region_id:
        return False
    if isinstance(obj, DISTRICT_OWNED) and obj.district_id != user.district_id:
        return False
    if isinstance(obj, Region) and obj.id != user.region_id:
        return False
    if isinstance(obj, Job):
        return sees_job(user, obj)
    if isinstance(obj, Vacancy) and action in MATCHING:
        return True  # any open position of the region may fit a person (REGION_OWNED above)
    if isinstance(obj, Vacancy):
        return sees_vacancy(user, obj) and (
            action == "vacancy.view" or VACANCY_SCOPE.get(user.role) == "district")
    if isinstance(obj, Person):
        if not in_scope(user, obj):
            return False
        # Regional officers read persons of their region; they never change them.
        if action != "person.view" and PERSON_SCOPE[user.role] != "district":
            return False
    return True


def require(user: User | None, action: str, obj: object | None = None) -> None:
    """The guard of every door: 404 when `obj` is a person outside the user's scope (as if it
    did not exist), 403 when the role or the object's state does not allow the action; a
    record kept per region (a provider, a project) of another region, or per district (a bank
    file's row) of another district, answers 404 to a role that may do the action in its own."""
    if isinstance(obj, Person) and (user is None or not in_scope(user, obj)):
        _refuse(404, obj.__tablename__, obj.id)
    if isinstance(obj, Vacancy) and action not in MATCHING and (
            user is None or not sees_vacancy(user, obj)):
        _refuse(404, obj.__tablename__, obj.id)
    if isinstance(obj, REGION_OWNED) and can(user, action):
        if obj.region_id != user.region_id:
            _refuse(404, obj.__tablename__, obj.id)
    if isinstance(obj, DISTRICT_OWNED) and can(user, action) and (
            obj.district_id != user.district_id):
        _refuse(404, obj.__tablename__, obj.id)
    if not can(user, action, obj):
        _refuse(403, getattr(obj, "__tablename__", None), getattr(obj, "id", None))


def get_or_404(model, record_id: int, user: User | None, *actions: str):
    """The `model` row of `record_id`, guarded by `require` for each action in turn: a missing
    one answers 404, like one outside the user's scope."""
    record = db.session.get(model, record_id)
    if record is None:
        _refuse(404, model.__tablename__, record_id)
    for action in actions:
        require(user, action, record)
    return record


def _refuse(status: int, record_type: str | None, record_id: object | None):
    """404 (outside the scope, or missing: the same answer) or 403 (the role), audited."""
    audit.refused("access.not_found" if status == 404 else "access.forbidden", record_type,
                  record_id)
    abort(status)


def in_scope(user: User, person: Person) -> bool:
    kind = PERSON_SCOPE.get(user.role)
    if kind == "district":
        return person.district_id == user.district_id
    if kind == "region":
        return person.region_id == user.region_id
    return False


def _scoped(stmt: Select, user: User, kind: str | None, of=Person) -> Select:
    """Narrow a select that involves Person (or another model of persons' places, `of`) to
    the persons of the user's district or region (`kind`), or to none."""
    if kind == "district" and user.district_id is not None:
        return stmt.where(of.district_id == user.district_id)
    if kind == "region" and user.region_id is not None:
        return stmt.where(of.region_id == user.region_id)
    return stmt.where(false())


def scope_persons(stmt: Select, user: User) -> Select:
    """Narrow a select that involves Person to the persons the user may see."""
    return _scoped(stmt, user, PERSON_SCOPE.get(user.role))


def scope_person_counts(stmt: Select, user: User) -> Select:
    """Narrow a select of the person counts (`PersonCount`) as `scope_persons` narrows the
    persons: the counts of the persons the user may see."""
    return _scoped(stmt, user, PERSON_SCOPE.get(user.role), PersonCount)


def _scoped_referral(referral_id: int, user: User, scope) -> object:
    """The referral, if `scope` (scope_persons or scope_money) lets the user see it; else 404,
    as if it were missing."""
    from caseworker.models import Referral
    stmt = select(Referral).join(Person, Person.id == Referral.person_id).where(
        Referral.id == referral_id)
    referral = db.session.scalar(scope(stmt, user))
    if referral is None:
        _refuse(404, "referral", referral_id)
    return referral


def get_referral_or_404(referral_id: int, user: User):
    return _scoped_referral(referral_id, user, scope_persons)


# Whose referrals a role sees for their money: the finance role sees the district's persons'
# names and referrals there, and nothing else of them (no profile, no contacts).
MONEY_SCOPE = {CASEWORKER: "district", SUPERVISOR: "district", FINANCE: "district",
               OFFICER: "region"}


def money_scope(user: User) -> str | None:
    """"district", "region" or None: whose referrals' money the user sees."""
    return MONEY_SCOPE.get(user.role) if can(user, "payment.view") else None


def scope_money(stmt: Select, user: User) -> Select:
    """Narrow a select that involves Person to the persons whose referrals' money the user
    may see."""
    return _scoped(stmt, user, money_scope(user))


def get_money_referral_or_404(referral_id: int, user: User):
    """A referral whose money the user may see (404 outside the scope, as if missing)."""
    return _scoped_referral(referral_id, user, scope_money)


def get_person_or_404(person_id: int, user: User, *options) -> Person:
    """The person, loaded with `options` (what a page reads of it in the same statement)."""
    stmt = select(Person).where(Person.id == person_id).options(*options)
    person = db.session.scalars(scope_persons(stmt, user)).unique().first()
    if person is None:
        _refuse(404, "person", person_id)
    return person


def sees_job(user: User, job: Job) -> bool:
    """A job is seen by the user who started it and by a supervisor of that user's district."""
    if job.user_id == user.id:
        return True
    owner = job.user
    return (user.role == SUPERVISOR and owner is not None and owner.district_id is not None
            and owner.district_id == user.district_id)


def scope_jobs(stmt: Select, user: User) -> Select:
    """Narrow a select over jobs to those the user sees (`sees_job`)."""
    if user.role == SUPERVISOR and user.district_id is not None:
        return stmt.where(Job.user_id.in_(select(User.id).where(
            (User.id == user.id) | (User.district_id == user.district_id))))
    return stmt.where(Job.user_id == user.id)


def import_scope(user: User) -> str | None:
    """"district" or "region": whose rows an import of the user takes (others are refused)."""
    return PERSON_SCOPE.get(user.role) if can(user, "import.check") else None


def acting_for(user: User, district_id: int) -> User | None:
    """Who a row of the district is entered as: the user in their own district; for a
    regional officer's check (which writes nothing), the rules are those a supervisor of the
    district meets, so one of them is named (None when the district has none)."""
    if user.district_id == district_id:
        return user
    if not sees_region(user):
        return None
    return db.session.scalar(select(User).where(
        User.district_id == district_id, User.role == SUPERVISOR, User.active.is_(True))
        .order_by(User.id).limit(1))


# Whose vacancies a role sees: the district's team its district's, the officer the region's.
VACANCY_SCOPE = {CASEWORKER: "district", SUPERVISOR: "district", OFFICER: "region"}


def vacancy_scope(user: User) -> str | None:
    """"district", "region" or None: whose vacancies the user sees (and, "district", enters)."""
    return VACANCY_SCOPE.get(user.role) if can(user, "vacancy.view") else None


def sees_vacancy(user: User, vacancy: Vacancy) -> bool:
    kind = VACANCY_SCOPE.get(getattr(user, "role", None))
    if kind == "district":
        return vacancy.district_id == user.district_id
    if kind == "region":
        return vacancy.region_id == user.region_id
    return False


def scope_vacancies(stmt: Select, user: User) -> Select:
    """Narrow a select over vacancies to those the user sees."""
    kind = vacancy_scope(user)
    if kind == "district" and user.district_id is not None:
        return stmt.where(Vacancy.district_id == user.district_id)
    if kind == "region" and user.region_id is not None:
        return stmt.where(Vacancy.region_id == user.region_id)
    return stmt.where(false())
