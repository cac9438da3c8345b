"""The world of the access tests: in each of three districts (two of Kyzylorda region, one of
Shymkent) a person with a referral, its letter, outcome and follow-up, a contact with a task, a
plan with a step, a transfer request and a provider, and a caseworker; the signed-in users of
every role, and their API tokens. Built once for the package (see conftest.py) and again only
after a case changed it; helpers that turn a matrix key into a URL and take a snapshot of every
row to tell whether a request changed data."""
from __future__ import annotations

from datetime import date, timedelta

from flask import url_for
from sqlalchemy import select

from caseworker import clock
from caseworker.api import tokens
from caseworker.domain.names import search_key
from caseworker.extensions import db
from caseworker.models import (
    Allocation, DeregistrationProposal, EmploymentPlan, FollowUp, Interaction, Job, Letter,
    Offer, Outcome, PlanStep, Provider, Referral, LetterBatch, ProjectProgress,
    RegistrationEpisode, RoadmapProject, TransferRequest, Vacancy)
from tests import factories as f

KYZYLORDA, SHYMKENT = "430000000", "790000000"
MEASURE = "short_training"  # open to anyone of working age: every test person is a candidate
INDICATOR = "employed"  # counts the test persons' job outcomes
VACANCY_INDICATOR = "vacancies_registered"  # counts the test vacancies
ROLES = ("caseworker", "supervisor", "regional_officer", "analyst", "admin", "anonymous")
RELATIONS = ("own", "same_region", "other_region")
LOGIN = "login"  # a redirect to the login page
REFUSALS = {LOGIN, 400, 401, 403, 404, 405, 409, 422}

SURNAMES = {"own": "Әбдірахманова", "same_region": "Бейсенбаев", "other_region": "Голованов"}
PROVIDERS = {"own": "Арал Балық", "same_region": "Сыр Дала", "other_region": "Оңтүстік Құрылыс"}
# The relations whose records each role may not see.
OUT_OF_SCOPE = {"caseworker": ("same_region", "other_region"),
                "supervisor": ("same_region", "other_region"),
                "regional_officer": ("other_region",),
                "analyst": RELATIONS, "admin": RELATIONS}
LETTER_CODES = {"own": "AAAAOWNCODE00001", "same_region": "BBBBSAMECODE0002",
                "other_region": "CCCCFARCODE00003"}

# Route parameters that name a record, and the kind of record in the world they take.
RECORD_PARAMS = {"person_id": "person", "interaction_id": "interaction", "step_id": "step",
                 "referral_id": "referral", "follow_up_id": "follow_up",
                 "request_id": "transfer", "provider_id": "provider", "user_id": "user",
                 "token_id": "token", "region_id": "region", "district_id": "districts",
                 "project_id": "project", "batch_id": "batch", "job_id": "job",
                 "allocation_id": "allocation", "entry_id": "progress", "vacancy_id": "vacancy",
                 "offer_id": "offer", "proposal_id": "proposal"}

def build_world() -> dict:
    today, now = clock.today(), clock.now().replace(microsecond=0)
    kz, sh = f.districts_of(KYZYLORDA), f.districts_of(SHYMKENT)
    places = f.places()
    users = f.everyone(places["own"])  # each role's login is its name
    workers = {"own": users["caseworker"],
               "same_region": f.user("cw.same", "caseworker", kz[1]),
               "other_region": f.user("cw.far", "caseworker", sh[0])}
    # API tokens: each role's secret, and a token of each relation's caseworker to revoke.
    api = {role: tokens.create(u, "matrix") for role, u in users.items()}
    api |= {r: tokens.create(workers[r], "matrix") for r in ("same_region", "other_region")}
    # Where each person's transfer request would move them, and who asked.
    moves = {"own": (kz[1], workers["same_region"]), "same_region": (kz[0], workers["own"]),
             "other_region": (sh[1], workers["other_region"])}
    world: dict = {kind: {} for kind in RECORD_PARAMS.values()}
    world["iin"], world["user"] = {}, {r: w.id for r, w in workers.items()}
    world["staff"] = {role: u.id for role, u in users.items()}  # the signed-in users
    # a second caseworker of the own district, whom cases may be handed to
    world["colleague"] = f.user("cw.colleague", "caseworker", kz[0]).id
    world["secrets"] = {role: api[role][1] for role in users}
    world["token"] = {r: api["caseworker" if r == "own" else r][0].id for r in RELATIONS}
    world["districts"] = {r: d.id for r, d in places.items()}
    world["districts"]["elsewhere_in_region"] = kz[2].id  # the officer's, with no one in it
    world["region"] = {r: d.region_id for r, d in places.items()}
    world["kato"] = {r: (d.region.kato, d.kato) for r, d in places.items()}
    for n, (relation, district) in enumerate(places.items(), start=1):
        worker = workers[relation]
        person = f.person(district, last=SURNAMES[relation], first="Тест", status="active",
                          caseworker_id=worker.id)
        plan = EmploymentPlan(person_id=person.id, goal="работа", agreed_on=today - timedelta(10),
                              review_every_days=90, next_review_on=today + timedelta(80))
        referral = Referral(person_id=person.id, measure_code="public_works", status="referred",
                            proposed_on=today - timedelta(10), status_on=today - timedelta(5),
                            verdict={})
        interaction = Interaction(person_id=person.id, user_id=worker.id,
                                  at=now - timedelta(days=2), channel="visit", topic="documents",
                                  next_action="принести диплом", due_on=today - timedelta(1),
                                  created_at=now)
        to_district, asker = moves[relation]
        transfer = TransferRequest(person_id=person.id, from_district_id=district.id,
                                   to_district_id=to_district.id, requested_by_id=asker.id)
        provider = Provider(name=PROVIDERS[relation], name_search=search_key(PROVIDERS[relation]),
                            bin=f"99000000000{n}", kinds=["employer"], region_id=district.region_id)
        project = RoadmapProject(region_id=district.region_id, year=today.year,
                                 name=f"Жоба {relation}", jobs_kind="permanent")
        batch = LetterBatch(district_id=district.id, made_by_id=worker.id, made_on=today,
                            letters=1, pdf=b"%PDF-1.4 matrix")
        allocation = Allocation(measure_code=MEASURE, region_id=district.region_id,
                                district_id=district.id, year=today.year, places=10)
        job = Job(kind="export.candidates", user_id=worker.id, state="done", params={},
                  done=1, total=1, errors=0, attempts=1)
        db.session.add_all([
            plan, referral, interaction, transfer, provider, project, batch, job, allocation,
            RegistrationEpisode(person_id=person.id, registered_on=date(2026, 3, 1)),
            # waiting in the supervisor's inbox
            Referral(person_id=person.id, measure_code="microcredit", status="proposed",
                     proposed_on=today, status_on=today, verdict={})])
        db.session.flush()
        step = PlanStep(plan_id=plan.id, text="резюме", due_on=today - timedelta(3))
        outcome = Outcome(referral_id=referral.id, kind="permanent_job",
                          start_on=today.replace(month=1, day=1))  # counted this year
        db.session.add_all([step, outcome, Letter(
            referral_id=referral.id, number=f"TEST-{n}", code=LETTER_CODES[relation],
            issued_on=today, issued_by_id=worker.id)])
        db.session.flush()
        follow_up = FollowUp(outcome_id=outcome.id, months=3, due_on=today - timedelta(110))
        progress = ProjectProgress(project_id=project.id, on=today, funds_used_kzt=1000,
                                   jobs_created=1, permanent_jobs=1,
                                   region_id=project.region_id)
        vacancy = Vacancy(organisation_id=provider.id, occupation_code="5223",
                          region_id=district.region_id, district_id=district.id, places=1,
                          wage=150000, hours_per_week=40, schedule="full_day", languages=[],
                          quota_groups=[], opened_on=today - timedelta(10), status="open",
                          entered_by_id=worker.id)
        db.session.add_all([follow_up, progress, vacancy])
        db.session.flush()
        offer = Offer(person_id=person.id, vacancy_id=vacancy.id, offered_on=today,
                      offered_by_id=worker.id, entered_by_id=worker.id, suitable=True,
                      reasons=[], state="offered")
        db.session.add(offer)
        db.session.flush()
        proposal = DeregistrationProposal(person_id=person.id, district_id=district.id,
                                          offer_id=offer.id, proposed_on=today)
        db.session.add(proposal)
        db.session.flush()
        for kind, row in (("person", person), ("interaction", interaction), ("step", step),
                          ("referral", referral), ("follow_up", follow_up),
                          ("transfer", transfer), ("provider", provider),
                          ("project", project), ("batch", batch), ("job", job),
                          ("allocation", allocation), ("progress", progress),
                          ("vacancy", vacancy), ("offer", offer), ("proposal", proposal)):
            world[kind][relation] = row.id
        world["iin"][relation] = person.iin
    db.session.commit()
    return world


# What a read may write: the audit log, and when an API token was last used.
IGNORED = {"audit_event": "*", "api_token": {"last_used_at"}, "user_session": {"last_seen_at"}}


def snapshot(app) -> dict:
    """Every row of every table, but what a read may write."""
    rows = {}
    with app.app_context():
        for name, table in db.metadata.tables.items():
            ignored = IGNORED.get(name, ())
            if ignored == "*":
                continue
            columns = [c for c in table.columns if c.name not in ignored]
            order = list(table.primary_key.columns) or columns[:1]
            rows[name] = db.session.execute(select(*columns).order_by(*order)).all()
    return rows


def split_key(key: str) -> tuple[str, str, str | None]:
    method, endpoint, *rule = key.split(" ")
    return method, endpoint, rule[0] if rule else None


def url_of(app, endpoint: str, rule_text: str | None, world: dict, relation: str | None) -> str:
    rule = next(r for r in app.url_map.iter_rules(endpoint)
                if rule_text is None or r.rule == rule_text)
    values = {}
    for name in rule.arguments:
        if name in RECORD_PARAMS:
            values[name] = world[RECORD_PARAMS[name]][relation]
        elif name == "code":
            values[name] = (LETTER_CODES["own"] if endpoint.startswith("referrals.verify") else
                            VACANCY_INDICATOR if endpoint == "indicators.vacancies" else
                            INDICATOR if endpoint.startswith("indicators.") else MEASURE)
        elif name == "fmt":
            values[name] = "csv"
        elif name == "name":  # a job an admin starts
            values[name] = "audit.seal"
        elif name == "kind":  # an import file's template
            values[name] = "persons"
        elif name in ("day_id", "session_id", "number"):  # none such: nothing is changed
            values[name] = 2**31 - 1
        elif name == "step":  # a second factor's step, sent without its code
            values[name] = "confirm"
        else:
            raise AssertionError(f"no value for <{name}> of {endpoint}: add one to url_of")
    with app.test_request_context():
        return url_for(endpoint, **values) + QUERY.get(endpoint, "")


# Query strings a route needs to answer at all.
QUERY = {"admin.audit_export": f"?from={clock.today()}&to={clock.today()}",
         "api.calendar_of_year": "?year=2020"}


def rule_keys(app) -> dict[str, object]:
    """The matrix key of every (method, rule) the app serves, static files aside, and the
    money routes aside: tests/test_payments_access.py has their matrix, with the finance
    role."""
    from tests.test_payments_access import MATRIX as MONEY
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    several = {r.endpoint for r in rules if sum(o.endpoint == r.endpoint for o in rules) > 1}
    keys = {}
    for rule in rules:
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            suffix = f" {rule.rule}" if rule.endpoint in several else ""
            keys[f"{method} {rule.endpoint}{suffix}"] = rule
    return {key: rule for key, rule in keys.items() if key not in MONEY}
