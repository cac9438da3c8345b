"""Plain factory functions: build rows with sensible defaults; the caller's session commits."""
from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

from sqlalchemy import select

from caseworker import policy
from caseworker.auth.operations import create_user
from caseworker.domain.iin import make
from caseworker.domain.bin import complete
from caseworker.domain.names import search_key
from caseworker.extensions import db
from caseworker.indicators import operations
from caseworker.indicators.upload import Entry
from caseworker.models import District, Person, Provider, Referral, ReferralEvent, Region, User
from caseworker.models.referral import OPEN_STATUSES
from caseworker.payments import totals

PASSWORD = "pw-test-123"
KYZYLORDA, SHYMKENT = "430000000", "790000000"  # two regions' KATO codes
_serial = itertools.count(1)
_recorded = itertools.count(1)


def region(kato: str) -> Region:
    return db.session.scalar(select(Region).where(Region.kato == kato))


def districts_of(kato: str) -> list[District]:
    return region(kato).districts


def user(login: str, role: str, district: District | None = None, region_kato: str | None = None,
         active: bool = True, password: str = PASSWORD):
    reg = district.region if district else (region(region_kato) if region_kato else None)
    u = create_user(login, f"Test {login}", password, role, region_id=reg.id if reg else None,
                    district_id=district.id if district else None)
    u.active = active
    db.session.flush()
    return u


def person(district: District, last="Ахметов", first="Ерлан", patronymic="Маратұлы",
           born=date(1990, 5, 17), sex="M", **extra) -> Person:
    while True:
        iin = make(born, sex, next(_serial))
        if iin:
            break
    p = Person(iin=iin, birth_date=born, sex=sex, last_name=last, first_name=first,
               patronymic=patronymic, name_search=search_key(last, first, patronymic),
               region_id=district.region_id, district_id=district.id,
               registered_on=extra.pop("registered_on", date(2026, 3, 1)), target_groups=[],
               **extra)
    db.session.add(p)
    db.session.flush()
    return p


def provider(region_id: int, name="ТОО «Арал Балық»", kind="employer") -> Provider:
    """A provider with a valid BIN of its own (as the register's operation checks them)."""
    number = None
    while number is None:
        number = complete(f"9901400{next(_serial) % 10**4:04d}")
    p = Provider(name=name, name_search=search_key(name), bin=number,
                 kinds=[kind], region_id=region_id, active=True)
    db.session.add(p)
    db.session.flush()
    return p


def places() -> dict[str, District]:
    """A district for each relation to the staff of `staff`: their own (Kyzylorda's first),
    another of the same region, and one of another region (Shymkent's first)."""
    kz, sh = districts_of(KYZYLORDA), districts_of(SHYMKENT)
    return {"own": kz[0], "same_region": kz[1], "other_region": sh[0]}


def staff(district: District | None = None, **roles: str) -> dict[str, User]:
    """Users by login and role, placed where the role works (the policy says where): district
    roles in `district` (Kyzylorda's first by default), regional officers in its region, the
    others for the whole country. staff(cw="caseworker", ad="admin") -> {"cw": ..., "ad": ...}."""
    district = district or districts_of(KYZYLORDA)[0]
    made = {}
    for login, role in roles.items():
        where = policy.works_in(role)
        made[login] = user(login, role, district if where == "district" else None,
                           region_kato=district.region.kato if where == "region" else None)
    return made


def everyone(district: District | None = None) -> dict[str, User]:
    """One user of every role, each with the role's name as login."""
    return staff(district, **{role: role for role in policy.ROLES})


def version_number(measure_code: str, on: date) -> int:
    """The number of the measure's version in force on `on` (what `refer` keeps)."""
    from caseworker.models import Measure
    version = db.session.get(Measure, measure_code).version_on(on)
    return version.number if version is not None else 1


def referral(person, measure, steps, allocation=None, amount=None) -> Referral:
    """A referral walked through `steps` [(status, date), ...] with its dated events."""
    r = Referral(person_id=person.id, measure_code=measure, status=steps[-1][0],
                 proposed_on=steps[0][1], status_on=steps[-1][1], amount_kzt=amount,
                 allocation_id=allocation.id if allocation else None,
                 rules_version=version_number(measure, steps[0][1]))
    db.session.add(r)
    db.session.flush()
    before = None
    for status, on in steps:
        db.session.add(ReferralEvent(referral_id=r.id, from_status=before, to_status=status,
                                     happened_on=on, recorded_at=datetime(2026, 1, 1)
                                     + timedelta(seconds=next(_recorded))))
        before = status
    db.session.flush()
    if r.status in OPEN_STATUSES:
        totals.referral_made(r)  # its commitment on the allocation, as `refer` counts it
    return r


def indicators_world() -> dict:
    """Kyzylorda: 6 started public works in its first district, 2 referred to youth practice
    in its second; Shymkent: 3 started public works; plans for both; users of every kind."""
    kz, sh = districts_of(KYZYLORDA), districts_of(SHYMKENT)
    started = [("proposed", date(2025, 2, 1)), ("referred", date(2025, 2, 3)),
               ("started", date(2025, 2, 10))]
    for n in range(6):
        referral(person(kz[0], last=f"Арыстанов{n}"), "public_works", started)
    for n in range(2):
        referral(person(kz[1], last=f"Бекова{n}"), "youth_practice",
                 [("proposed", date(2025, 3, 1)), ("referred", date(2025, 3, 2))])
    for n in range(3):
        referral(person(sh[0], last=f"Оңтүстікова{n}"), "public_works", started)
    admin = user("ad", "admin")
    kz_id, sh_id = kz[0].region_id, sh[0].region_id
    operations.save_plans([
        Entry("coverage", kz_id, None, 2025, 10), Entry("public_works", kz_id, None, 2025, 30),
        Entry("youth_practice", kz_id, None, 2025, 10), Entry("coverage", sh_id, None, 2025, 5),
        Entry("coverage", kz_id, kz[0].id, 2025, 4)], admin)
    staff(kz[1], ro="regional_officer", cw="caseworker", an="analyst")
    db.session.commit()
    return {"kz": kz_id, "sh": sh_id, "kz0": kz[0].id, "kz1": kz[1].id, "sh0": sh[0].id}


# --- casework: a district's team, contacts with tasks, employment plans with steps ----------

from caseworker import clock  # noqa: E402
from caseworker.models import EmploymentPlan, Interaction, PlanStep  # noqa: E402


def team(kato: str = "430000000", prefix: str = "") -> dict[str, User]:
    """Two caseworkers and a supervisor of a region's first district, and a caseworker, a
    supervisor of its second and the region's officer (logins are the keys, after `prefix`)."""
    first, second = districts_of(kato)[:2]
    users = {"cw": user(f"{prefix}cw", "caseworker", first),
             "cw2": user(f"{prefix}cw2", "caseworker", first),
             "sv": user(f"{prefix}sv", "supervisor", first),
             "cw.other": user(f"{prefix}cw.other", "caseworker", second),
             "sv.other": user(f"{prefix}sv.other", "supervisor", second),
             "officer": user(f"{prefix}officer", "regional_officer", region_kato=kato)}
    return users


def contact(person: Person, author: User, at: datetime | None = None, **extra) -> Interaction:
    """A contact (with a task when `next_action` and `due_on` are given), entered now."""
    values = {"channel": "phone", "topic": "job_search"} | extra
    item = Interaction(person_id=person.id, user_id=author.id,
                       at=at or clock.now().replace(microsecond=0), created_at=clock.utcnow(),
                       **values)
    db.session.add(item)
    db.session.flush()
    return item


def plan(person: Person, agreed_on: date, steps: tuple = (), goal: str = "работа сварщиком",
         **extra) -> EmploymentPlan:
    """An employment plan with its steps, each (text, due_on)."""
    made = EmploymentPlan(person_id=person.id, goal=goal, agreed_on=agreed_on,
                          review_every_days=90,
                          next_review_on=agreed_on + timedelta(days=90), **extra)
    made.steps = [PlanStep(text=text, due_on=due) for text, due in steps]
    db.session.add(made)
    db.session.flush()
    return made


def person_file(person: Person, worker, other_district: District, rounds: int = 1,
                today: date = date(2026, 11, 27)) -> None:
    """Fill a person's file with `rounds` of everything the person page shows: registration
    episodes, field changes by several users, transfer requests, referrals with their steps,
    an outcome and follow-up checks, contacts with tasks, and one employment plan with steps.
    More rounds make more rows of each kind (the page's statements must not grow with them)."""
    from datetime import datetime, timedelta

    from caseworker import clock
    from caseworker.models import (
        Allocation, EmploymentPlan, FieldChange, FollowUp, Interaction, Outcome, PlanStep,
        Referral, ReferralEvent, RegistrationEpisode, TransferRequest)
    colleagues = [user(f"fileworker.{person.id}.{n}.{next(_serial)}", "caseworker",
                       worker.district) for n in range(rounds)]
    for n in range(rounds):  # handed from one colleague to the next, the last to `worker`
        handed_to = colleagues[n + 1] if n + 1 < rounds else worker
        db.session.add_all([
            FieldChange(person_id=person.id, user_id=colleagues[n].id, field="caseworker_id",
                        old=str(colleagues[n].id), new=str(handed_to.id),
                        at=clock.utcnow() - timedelta(days=rounds - n)),
            FieldChange(person_id=person.id, user_id=colleagues[n].id, field="target_groups",
                        old=None, new="low_income, large_family",
                        at=clock.utcnow() - timedelta(days=rounds - n, hours=1))])
    for district_id in (person.district_id, None):
        db.session.add(Allocation(measure_code="public_works", region_id=person.region_id,
                                  district_id=district_id, year=today.year, places=5,
                                  funds_kzt=1_000_000))
    db.session.flush()
    for n in range(rounds):
        start = date(2020 + n % 5, 1 + n % 12, 1)
        db.session.add(RegistrationEpisode(person_id=person.id, registered_on=start,
                                           deregistered_on=start + timedelta(days=100),
                                           reason="found_work", opened_by_id=worker.id))
        for who in (worker, colleagues[n]):
            db.session.add(FieldChange(person_id=person.id, user_id=who.id, field="phone",
                                       old=None, new=f"+7 701 000 00 {n:02d}",
                                       at=datetime(2026, 1, 1) + timedelta(days=n, hours=who.id)))
        db.session.add(TransferRequest(person_id=person.id, from_district_id=person.district_id,
                                       to_district_id=other_district.id,
                                       requested_by_id=worker.id, status="rejected",
                                       decision_note="нет", requested_at=datetime(2025, 1, 1)))
        for code in ("public_works", "youth_practice"):
            referral = Referral(person_id=person.id, measure_code=code, status="completed",
                                proposed_on=start, status_on=start + timedelta(days=30),
                                verdict={}, created_by_id=worker.id)
            db.session.add(referral)
            db.session.flush()
            for step, status in enumerate(("proposed", "referred", "started", "completed")):
                db.session.add(ReferralEvent(referral_id=referral.id, to_status=status,
                                             happened_on=start + timedelta(days=step),
                                             recorded_at=datetime(2026, 1, 1, 0, step, n),
                                             user_id=worker.id))
            outcome = Outcome(referral_id=referral.id, kind="permanent_job",
                              start_on=start + timedelta(days=30), recorded_by_id=worker.id)
            db.session.add(outcome)
            db.session.flush()
            db.session.add(FollowUp(outcome_id=outcome.id, months=3,
                                    due_on=start + timedelta(days=120),
                                    checked_on=start + timedelta(days=121), still_employed=True,
                                    source="employer", checked_by_id=worker.id))
        for who in (worker, colleagues[n]):
            db.session.add(Interaction(person_id=person.id, user_id=who.id,
                                       at=datetime(2026, 2, 1, 10) + timedelta(days=n),
                                       channel="visit", topic="documents", note="заметка",
                                       next_action="принести диплом",
                                       due_on=today + timedelta(days=n)))
    plan = db.session.scalar(select(EmploymentPlan).where(EmploymentPlan.person_id == person.id))
    if plan is None:
        plan = EmploymentPlan(person_id=person.id, goal="работа сварщиком",
                              agreed_on=today - timedelta(days=10), review_every_days=90,
                              next_review_on=today + timedelta(days=80),
                              created_by_id=worker.id)
        db.session.add(plan)
        db.session.flush()
    for n in range(rounds):
        db.session.add(PlanStep(plan_id=plan.id, text=f"шаг {n}",
                                due_on=today + timedelta(days=n)))
    db.session.add(Referral(person_id=person.id, measure_code="microcredit", status="proposed",
                            proposed_on=today, status_on=today, verdict={},
                            created_by_id=worker.id))
    db.session.flush()


PEOPLE_REGIONS = ("430000000", "790000000")  # Kyzylorda, Shymkent


def people_world() -> dict:
    """Two districts in two regions: a person in each, two caseworkers and a supervisor in
    the first, a caseworker and a supervisor in the second (logins cw, cw2, sv, cw.sh,
    sv.sh). Returns the ids the person tests use; committed."""
    kz, sh = districts_of(PEOPLE_REGIONS[0]), districts_of(PEOPLE_REGIONS[1])
    ids = {
        "own": person(kz[0], last="Әбенова", first="Гүлнар", sex="F",
                      phone="+7 701 111 22 33").id,
        "other": person(sh[0], last="Әбенов", first="Марат").id,
        "cw": user("cw", "caseworker", kz[0]).id,
        "cw2": user("cw2", "caseworker", kz[0]).id,
        "sv": user("sv", "supervisor", kz[0]).id,
        "cw.sh": user("cw.sh", "caseworker", sh[0]).id,
        "sv.sh": user("sv.sh", "supervisor", sh[0]).id,
        "district": kz[0].id, "other_district": sh[0].id,
    }
    db.session.commit()
    return ids


def start_job(app, kind: str, login: str) -> int:
    """A job of `kind` started by the user `login` as a page would start it, then submitted
    to the queue (run at once in tests unless the queue was configured otherwise)."""
    from caseworker.jobs import operations as jobs
    from caseworker.jobs.tasks import submit
    with app.test_request_context(headers={"Accept-Language": "en"}):
        job = jobs.start(kind, db.session.scalar(select(User).where(User.login == login)))
        db.session.commit()
        submit(job.id)
        return job.id


def registered_person(district: District, since: date = date(2025, 1, 1), **extra) -> Person:
    """An active person of `district` with the registration episode opened on `since`."""
    from caseworker.models import RegistrationEpisode
    found = person(district, status="active", **extra)
    db.session.add(RegistrationEpisode(person_id=found.id, registered_on=since))
    return found


def project_staff(region_kato: str, other_kato: str) -> tuple[list[District], list[District]]:
    """The districts of two regions, with a regional officer (ro), a caseworker (cw) and an
    analyst (an) of the first and an officer (ro2) of the second: who keeps, reads and may
    not touch a Roadmap project."""
    first, second = districts_of(region_kato), districts_of(other_kato)
    staff(ro="regional_officer", cw="caseworker", an="analyst")
    staff(second[0], ro2="regional_officer")
    return first, second
