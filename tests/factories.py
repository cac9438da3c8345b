"""Plain factory functions: build rows with sensible defaults; the caller's session commits."""
from __future__ import annotations

import itertools
from datetime import date

from sqlalchemy import select

from caseworker.auth.operations import create_user
from caseworker.domain.iin import make
from caseworker.domain.names import search_key
from caseworker.extensions import db
from caseworker.models import District, Person, Provider, Region

PASSWORD = "pw-test-123"
_serial = itertools.count(1)


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
               registered_on=date(2026, 3, 1), target_groups=[], **extra)
    db.session.add(p)
    db.session.flush()
    return p


def provider(region_id: int, name="ТОО «Арал Балық»", kind="employer") -> Provider:
    """A provider with a BIN of its own (not a checked one: the register's form checks BINs)."""
    p = Provider(name=name, name_search=search_key(name), bin=f"{990000000000 + next(_serial)}",
                 kind=kind, region_id=region_id, active=True)
    db.session.add(p)
    db.session.flush()
    return p


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
