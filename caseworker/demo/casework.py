"""Demo casework on top of the demo persons: registration episodes, profiling segments,
providers, and referrals in every status with letters, outcomes and follow-ups."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import Connection, bindparam, func, insert, select, update

from caseworker import clock, policy
from caseworker.domain import eligibility
from caseworker.domain.derived import Facts
from caseworker.domain.names import search_key
from caseworker.domain.profiling import profile
from caseworker.extensions import db
from caseworker.measures.allocations import for_district
from caseworker.demo.allocations import DEMO_WAGE
from caseworker.demo.bulk import deferred_ddl, restore, write_rows
from caseworker.measures.eligibility import verdicts
from caseworker.measures.versions import commitment
from caseworker.models import (
    Measure, Person, Provider, ProviderKind, RegistrationEpisode, Region, User)
from caseworker.models.outcome import SOURCES
from caseworker.models.provider import KINDS_FOR_MEASURE
from caseworker.people.profiling import pension_table
from caseworker.referrals import operations, outcomes
from caseworker.referrals.terms import destinations
from caseworker.refusals import Refused
from caseworker.demo.vacancies import demo_bin

PROVIDERS = (("employer", "ТОО «{city} Құрылыс»", "«{city} Құрылыс» ЖШС"),
             ("employer", "ТОО «{city} Агро»", "«{city} Агро» ЖШС"),
             ("training", "Учебный центр «Кәсіп» ({city})", "«Кәсіп» оқу орталығы ({city})"),
             ("microfinance", "МФО «{city} Несие»", "«{city} Несие» МҚҰ"),
             ("grant_commission", "Грантовая комиссия акимата ({city})",
              "Әкімдіктің гранттық комиссиясы ({city})"),
             # public works and resettlement: the akimat's employment department receives them
             ("akimat", "Отдел занятости и социальных программ акимата ({city})",
              "Әкімдіктің жұмыспен қамту және әлеуметтік бағдарламалар бөлімі ({city})"))
OVER_QUOTA = "Места по квоте заняты; направлен по решению руководителя центра"
SEGMENT_LIMIT = 200_000  # above this the demo leaves segments to the first save of a profile


def add_episodes() -> None:
    """One episode per person, from the registration date; closed 90 days on (or today) for
    those not active. A million at national scale: written through the driver (`demo.bulk`)
    in one pass, the table's indexes and foreign keys made once afterwards."""
    today = clock.today()
    db.session.flush()
    conn = db.session.connection()
    persons = conn.execute(select(Person.id, Person.status, Person.registered_on)).all()
    table = RegistrationEpisode.__table__
    deferred = deferred_ddl(conn, table.name)
    for drop, _ in deferred:
        conn.exec_driver_sql(drop)
    write_rows(conn, table, ("person_id", "registered_on", "deregistered_on", "reason"), (
        (pid, registered, None, None) if status == "active" else
        (pid, registered, min(registered + timedelta(days=90), today),
         "found_work" if status == "employed" else "no_contact")
        for pid, status, registered in persons))
    restore(conn, deferred)


def add_segments(today: date) -> int:
    count = db.session.scalar(select(func.count(Person.id)))
    if count > SEGMENT_LIMIT:
        return 0
    table = pension_table()
    rows = db.session.execute(select(
        Person.id, Person.birth_date, Person.sex, Person.registered_on, Person.last_job_ended,
        Person.rural, Person.education_level, Person.experience_months,
        Person.disability_group, Person.target_groups)).all()
    updates = []
    for row in rows:
        facts = Facts(row.birth_date, row.sex, row.registered_on, row.last_job_ended,
                      bool(row.rural), row.education_level, row.experience_months,
                      row.disability_group, tuple(row.target_groups or ()))
        updates.append({"pid": row.id, "seg": profile(facts, today, table)[2]})
    table_ = Person.__table__
    stmt = update(table_).where(table_.c.id == bindparam("pid")).values(segment=bindparam("seg"))
    for start in range(0, len(updates), 5000):
        db.session.execute(stmt, updates[start:start + 5000])
    return len(updates)


def _centre(region: Region) -> str:
    """The region's centre as the providers' names say it: its first town district ("г.
    Кызылорда" gives Кызылорда), or the city that is the region itself ("г. Алматы")."""
    towns = [d.name_ru for d in sorted(region.districts, key=lambda d: d.kato)
             if d.name_ru.startswith("г. ")]
    return (towns[0] if towns else region.name_ru).removeprefix("г. ")


def fitting_providers(conn: Connection) -> dict[tuple[int, str], list[int]]:
    """(region, measure code) -> the region's providers of the kinds that deliver the measure
    (`KINDS_FOR_MEASURE`), in id order."""
    kinds = dict(conn.execute(select(Measure.code, Measure.kind)).all())
    fitting: dict[tuple[int, str], list[int]] = {}
    for pid, region, kind in conn.execute(
            select(Provider.id, Provider.region_id, ProviderKind.kind)
            .join(ProviderKind, ProviderKind.provider_id == Provider.id)
            .order_by(Provider.id, ProviderKind.kind)):
        for code, measure_kind in kinds.items():
            if kind in KINDS_FOR_MEASURE.get(measure_kind, ()):
                ids = fitting.setdefault((region, code), [])
                if pid not in ids[-1:]:  # an organisation of two fitting kinds: once
                    ids.append(pid)
    return fitting


def add_providers(rng: random.Random) -> None:
    for region in db.session.scalars(select(Region)):
        city = _centre(region)
        for kind, pattern, pattern_kk in PROVIDERS:
            name, name_kk = pattern.format(city=city), pattern_kk.format(city=city)
            db.session.add(Provider(name=name, name_kk=name_kk,
                                    name_search=search_key(f"{name} {name_kk}"), bin=demo_bin(rng),
                                    kinds=[kind], region_id=region.id, active=True,
                                    phone=f"+7 7{rng.randrange(10, 99)} {rng.randrange(100, 999)} "
                                          f"{rng.randrange(10, 99)} {rng.randrange(10, 99)}"))
    db.session.flush()


# status a referral is taken to, and how often
PATHS = (("proposed", 3), ("approved", 1), ("referred", 3), ("started", 3), ("completed", 3),
         ("rejected", 1), ("declined", 1), ("cancelled", 1))
STEPS = {"approved": ["approved"], "referred": ["referred"], "started": ["referred", "started"],
         "completed": ["referred", "started", "completed"], "rejected": ["rejected"],
         "declined": ["referred", "declined"], "cancelled": ["cancelled"]}
REASONS = {"rejected": "no_places", "declined": "unsuitable_offer", "cancelled": "duplicate"}


def add_referrals(today: date, rng: random.Random, share: float = 0.15) -> int:
    """Referrals for persons of the districts that have demo caseworkers."""
    measures = db.session.scalars(select(Measure).where(Measure.active.is_(True))).all()
    caseworkers = db.session.scalars(select(User).where(User.role == policy.CASEWORKER)).all()
    supervisors = {u.district_id: u for u in db.session.scalars(
        select(User).where(User.role == policy.SUPERVISOR))}
    providers = fitting_providers(db.session.connection())
    made = 0
    for worker in caseworkers:
        persons = db.session.scalars(select(Person).where(
            Person.caseworker_id == worker.id, Person.status == "active")).all()
        allocations = for_district(worker.district, today.year)
        for person in rng.sample(persons, int(len(persons) * share)):
            # a measure the person may take part in (the referral stores its own verdict)
            passed = [m for m, v in verdicts(person, measures, today)
                      if v.status == eligibility.PASSED]
            if not passed:
                continue
            measure = rng.choice(passed)
            target = rng.choices([p for p, _ in PATHS], [w for _, w in PATHS])[0]
            actor = supervisors.get(worker.district_id, worker)
            fitting = providers.get((person.region_id, measure.code))
            made += _walk(person, measure, target, worker, actor,
                          allocations.get(measure.code), rng.choice(fitting) if fitting else None,
                          today, rng)
    return made


def _walk(person, measure, target, worker, actor, allocation, provider_id, today, rng) -> int:
    # proposed after the registration, up to ten months ago
    on = max(person.registered_on, today - timedelta(days=rng.randrange(30, 300)))
    # a supervisor refers beyond the allocation only once its places are taken, and says why
    full = allocation is not None and operations.places_left(allocation) <= 0
    # a resettled person moves to a region that takes them, and is paid at its rate
    places = destinations(person, on) if measure.moves_person else []
    if measure.moves_person and not places:
        return 0  # no region receives the person's group that day
    destination = rng.choice(places) if places else None
    # a share of a wage commits at the demo's wage (the caseworker types what it comes to)
    amount = (commitment(measure, on, person, wage_kzt=DEMO_WAGE)
              if measure.benefit_unit == "percent_of_wage" else None)
    try:
        referral = operations.refer(
            person, measure.code, actor, on=on, provider_id=provider_id,
            start_on=on + timedelta(days=60), amount_kzt=amount,
            destination_region_id=destination.id if destination else None,
            override_reason=OVER_QUOTA if full else None)
    except Refused:
        return 0
    steps = STEPS.get(target, [])
    if measure.needs_approval and steps and steps[0] in ("referred", "declined"):
        steps = ["approved"] + steps
    for step in steps:
        gap = timedelta(days=rng.randrange(3, 40))
        if on + gap > today:
            break  # the rest of its path is still to come
        on += gap
        who = actor if step in ("approved", "rejected") else worker
        try:
            operations.transition(referral, step, on, who, REASONS.get(step))
        except Refused:
            return 1
        if step == "referred":
            referral.start_on = on + timedelta(days=7)  # a week after the letter
    if referral.status == "completed":
        kind = rng.choice(["permanent_job", "temporary_job", "training_certificate",
                           "not_employed"])
        outcome = outcomes.record_outcome(referral, worker, kind=kind, employer="ТОО «Демо»",
                                          start_on=on, wage_kzt=rng.randrange(90, 300) * 1000)
        _check_follow_ups(outcome, worker, today, rng)
    return 1


def _check_follow_ups(outcome, worker, today: date, rng: random.Random) -> None:
    """Most follow-ups that fell due are checked, some a few days late, a few unverifiable."""
    for follow_up in outcome.follow_ups:
        if follow_up.due_on <= today and rng.random() < 0.7:
            source = rng.choice(SOURCES)
            outcomes.check_follow_up(
                follow_up, worker, still_employed=rng.random() < 0.8, source=source,
                on=min(follow_up.due_on + timedelta(days=rng.randrange(0, 20)), today))


NOTES = ("Обсудили вакансии сварщика, направлено резюме.", "Клиент не ответил, перезвонить.",
         "Диплом и справка с прежней работы приняты.", "Интересуется краткосрочным обучением.",
         "Ярмаркаға шақырылды.", "Бизнес-идея: пекарня, нужна консультация.")
ACTIONS = ("Перезвонить", "Принести документы", "Прийти на собеседование",
           "Подать заявку на обучение")
PLAN_GOAL = "Трудоустройство по специальности"
STEP_TEXTS = ("Обновить резюме", "Пройти собеседование", "Пройти краткосрочное обучение")


def plan_dates(registered: date, today: date, rng) -> tuple[date, list[tuple[str, date]]]:
    """A demo plan: agreed after the registration, with one to three steps a fortnight apart
    (the small demo and the national history both make them so)."""
    agreed = max(registered, today - timedelta(days=rng.randrange(5, 120)))
    return agreed, [(text, agreed + timedelta(days=14 * (i + 1)))
                    for i, text in enumerate(STEP_TEXTS[:rng.randrange(1, 4)])]


def add_contacts(today: date, rng: random.Random) -> int:
    """Contacts for persons that have a caseworker, some with tasks (a few overdue), and
    employment plans with steps for some of them; all of them since the registration."""
    from caseworker.models import EmploymentPlan, Interaction, PlanStep
    rows = db.session.execute(select(Person.id, Person.caseworker_id, Person.registered_on).where(
        Person.caseworker_id.is_not(None), Person.status == "active")).all()
    contacts, plans = [], []
    for person_id, worker_id, registered in rows:
        since = min(70, (today - registered).days)  # days back a contact may be
        for _ in range(rng.choice((0, 1, 1, 2, 3)) if since >= 1 else 0):
            day = today - timedelta(days=rng.randrange(1, since + 1))  # working hours, 09-18
            at = datetime.combine(day, time(9)) + timedelta(minutes=rng.randrange(0, 9 * 60))
            task = rng.random() < 0.3
            contacts.append({
                "person_id": person_id, "user_id": worker_id, "at": at,
                "created_at": clock.stored(at),
                "channel": rng.choice(("visit", "phone", "phone", "sms", "egov")),
                "topic": rng.choice(("job_search", "measure", "documents", "registration")),
                "note": rng.choice(NOTES), "next_action": rng.choice(ACTIONS) if task else None,
                "due_on": day + timedelta(days=rng.randrange(3, 40)) if task else None})
        if rng.random() < 0.1:
            plans.append((person_id, registered))
    if contacts:
        db.session.execute(insert(Interaction), contacts)
    for person_id, registered in plans:
        agreed, steps = plan_dates(registered, today, rng)
        plan = EmploymentPlan(person_id=person_id, goal=PLAN_GOAL, agreed_on=agreed,
                              review_every_days=90, next_review_on=agreed + timedelta(days=90))
        db.session.add(plan)
        db.session.flush()
        db.session.add_all(PlanStep(plan_id=plan.id, text=text, due_on=due)
                           for text, due in steps)
    db.session.flush()
    return len(contacts)
