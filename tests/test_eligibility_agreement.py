"""The Python verdict and the SQL narrowing of every rule agree, rule by rule and version by
version, on generated persons (29 February birthdays and boundary dates included); and a
measure's verdict and its narrowing on a day both take the version in force that day."""
from contextlib import contextmanager
from datetime import date, timedelta
import itertools

from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from sqlalchemy import select

from caseworker.domain import eligibility
from caseworker.domain.iin import make
from caseworker.extensions import db
from caseworker.measures.eligibility import (
    PersonSide, context, eligible_condition, full_facts, verdict_on)
from caseworker.models import Measure, Person, Referral
from caseworker.models.referral import OPEN_STATUSES
from tests import factories as f

SERIAL = itertools.count(1)
GROUPS = ["low_income", "disability", "neet", "kandas", "large_family", "youth"]
MEASURES = ["bastau_business", "state_grant", "youth_practice", "microcredit", "public_works",
            "short_training"]
STATUSES = ["proposed", "referred", "started", "completed", "cancelled", "rejected"]


def near(day: date, days: int = 5):
    return st.integers(-days, days).map(lambda d: day + timedelta(days=d))


TODAYS = st.sampled_from([date(2026, 11, 27), date(2028, 2, 29), date(2026, 2, 28),
                          date(2026, 3, 1), date(2027, 12, 31), date(2020, 8, 19),
                          date(2021, 12, 31), date(2022, 1, 1)])


@st.composite
def person_data(draw, today):
    # Birth dates cluster on the age limits of the rules (16, 18, 29/30, 35/36, 50, pension
    # ages).
    years = draw(st.sampled_from([16, 18, 29, 30, 35, 36, 50, 58, 59, 60, 61, 62, 63, 64, 25]))
    born = draw(st.one_of(near(date(today.year - years, today.month, min(today.day, 28)), 3),
                          st.just(date(2000, 2, 29)), st.just(date(1966, 2, 28)),
                          st.just(date(1964, 2, 29))))
    registered = draw(near(today - timedelta(days=365), 40))
    return {
        "born": born, "sex": draw(st.sampled_from("MF")),
        "registered_on": registered,
        "last_job_ended": draw(st.one_of(st.none(), near(today - timedelta(days=365), 60))),
        "rural": draw(st.booleans()),
        "disability_group": draw(st.sampled_from([None, None, 2, 3])),
        "target_groups": draw(st.lists(st.sampled_from(GROUPS), max_size=2, unique=True)),
        "business_idea": draw(st.sampled_from([None, "", "пекарня"])),
        "graduation_year": draw(st.one_of(st.none(), st.integers(today.year - 5, today.year))),
        "graduated_on": draw(st.one_of(st.none(), near(today - timedelta(days=3 * 365), 3),
                                       near(today, 3))),
        "education_level": draw(st.sampled_from([None, "secondary", "vocational", "higher"])),
        "experience_months": draw(st.sampled_from([None, 0, 0, 5, 40])),
        "specialty_experience_months": draw(st.sampled_from([None, None, 0, 5])),
        "surplus": draw(st.booleans()),
        "referrals": draw(st.lists(st.tuples(st.sampled_from(MEASURES), st.sampled_from(STATUSES),
                                             near(today - timedelta(days=3 * 365), 400)),
                                   max_size=3)),
    }


def insert(data, districts):
    district = districts[data["surplus"]]
    born, sex = data["born"], data["sex"]
    iin = None
    while iin is None:
        iin = make(born, sex, next(SERIAL) % 10000)
        if iin and db.session.scalar(select(Person.id).where(Person.iin == iin)):
            iin = None
    person = Person(iin=iin, birth_date=born, sex=sex, last_name="Тест", first_name="Тест",
                    name_search="тест тест", region_id=district.region_id,
                    district_id=district.id, registered_on=data["registered_on"],
                    last_job_ended=data["last_job_ended"], rural=data["rural"],
                    disability_group=data["disability_group"],
                    target_groups=data["target_groups"], business_idea=data["business_idea"],
                    graduation_year=data["graduation_year"],
                    graduated_on=data["graduated_on"], education_level=data["education_level"],
                    experience_months=data["experience_months"],
                    specialty_experience_months=data["specialty_experience_months"],
                    languages=[])
    db.session.add(person)
    db.session.flush()
    opened = set()
    for code, status, on in data["referrals"]:
        if status in OPEN_STATUSES and code in opened:
            status = "cancelled"  # one open referral per person and measure (the database's)
        opened |= {code} if status in OPEN_STATUSES else set()
        db.session.add(Referral(person_id=person.id, measure_code=code, status=status,
                                proposed_on=on, status_on=on, verdict={}))
    return person


def rule_specs():
    """Every rule of every version of every measure alone (the Enbek-era ones too), plus each
    version's full rule set."""
    specs = []
    for measure in db.session.scalars(select(Measure).order_by(Measure.code)):
        for version in measure.versions:
            for key, value in version.rules.items():
                specs.append(({key: value}, measure.kind))
            specs.append((version.rules, measure.kind))
    for group in ["youth", "neet", "graduate", "kandas", "pre_retirement",
                  "long_term_unemployed", "rural", "disability"]:
        specs.append(({"target_groups_any": [group]}, "x"))
    return specs


# generated persons in an app's session, each example rolled back; no shrinking by time
AGREEMENT = settings(suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow],
                     phases=[Phase.explicit, Phase.reuse, Phase.generate])


@contextmanager
def generated_people(app, data, today):
    """Twelve persons of `today`, each in a district of Kyzylorda (a labour-surplus region) or
    of Akmola, as its `surplus` says; gone again when the example ends."""
    with app.app_context():
        districts = {True: f.districts_of("430000000")[0],
                     False: f.districts_of("110000000")[0]}
        try:
            yield [insert(data.draw(person_data(today)), districts) for _ in range(12)]
        finally:
            db.session.rollback()


@settings(AGREEMENT, max_examples=25)
@given(data=st.data(), today=TODAYS)
def test_python_verdict_and_sql_narrowing_agree(app, data, today):
    with generated_people(app, data, today) as people:
        db.session.flush()
        ctx = context(today)
        ids = [p.id for p in people]
        facts = {p.id: full_facts(p) for p in people}
        for rules, kind in rule_specs():
            sql = set(db.session.scalars(select(Person.id).where(
                Person.id.in_(ids), eligibility.condition(rules, kind, PersonSide(), ctx))))
            python = {pid for pid in ids
                      if eligibility.evaluate(rules, kind, facts[pid], ctx).status == "passed"}
            assert sql == python, (rules, today, [facts[i] for i in sql ^ python])


@settings(AGREEMENT, max_examples=15)
@given(data=st.data(), today=TODAYS)
def test_on_a_day_both_sides_take_that_day_s_version(app, data, today):
    with generated_people(app, data, today) as people:
        for person in people:  # proposed after the day: neither side may count it
            later = today + timedelta(days=data.draw(st.integers(1, 30)))
            db.session.add(Referral(person_id=person.id, status="completed", verdict={},
                                    measure_code=data.draw(st.sampled_from(MEASURES)),
                                    proposed_on=later, status_on=later))
        db.session.flush()
        ids = [p.id for p in people]
        for measure in db.session.scalars(select(Measure).order_by(Measure.code)):
            sql = set(db.session.scalars(select(Person.id).where(
                Person.id.in_(ids), eligible_condition(measure, today))))
            python = {p.id for p in people if (v := verdict_on(p, measure, today))
                      is not None and v.status == "passed"
                      and v.version == measure.version_on(today).number}
            assert sql == python, (measure.code, today)
