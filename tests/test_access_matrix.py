"""The access matrix: every route x every role x, for routes about one record, every relation
of that record to the user (own district, another district of the same region, another region).

MATRIX is the one table of expected answers. A route without an entry fails
`test_every_route_is_in_the_matrix`, so a new route has to be thought about here.

The world is small: in each of three districts (two of Kyzylorda region, one of Shymkent) a
person with a referral, its letter, outcome and follow-up, a contact with a task, a plan with a
step, a transfer request and a provider, and a caseworker. It is built once for the module and
again only after a case changed it. GETs are plain; POSTs carry a valid CSRF token and nothing
else (the API: a bearer token and an empty or refused JSON body), so a role that may act gets a
validation answer. No case may change data, but for the few bare POSTs that are complete
requests (MAY_CHANGE) made by a role that may make them.

Lists, searches, counts and exports are checked separately: a distinctive surname of a person
out of the user's scope never appears in them, nor a link to that person.
"""
from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from datetime import date, timedelta

import pytest
from flask import url_for
from sqlalchemy import select, text

from caseworker import clock
from caseworker.api import tokens
from caseworker.domain.names import search_key
from caseworker.extensions import db
from caseworker.models import (
    EmploymentPlan, FollowUp, Interaction, Letter, Outcome, PlanStep, Provider, Referral,
    LetterBatch, RegistrationEpisode, RoadmapProject, TransferRequest)
from tests import factories as f
from tests.conftest import csrf_from, is_postgres, login, mutable_tables

KYZYLORDA, SHYMKENT = "430000000", "790000000"
MEASURE = "short_training"  # open to anyone of working age: every test person is a candidate
INDICATOR = "employed"  # counts the test persons' job outcomes
ROLES = ("caseworker", "supervisor", "regional_officer", "analyst", "admin", "anonymous")
RELATIONS = ("own", "same_region", "other_region")
LOGIN = "login"  # a redirect to the login page
REFUSALS = {LOGIN, 400, 401, 403, 404, 405, 409, 422}

SURNAMES = {"own": "Әбдірахманова", "same_region": "Бейсенбаев", "other_region": "Голованов"}
PROVIDERS = {"own": "Арал Балық", "same_region": "Сыр Дала", "other_region": "Оңтүстік Құрылыс"}
LETTER_CODES = {"own": "AAAAOWNCODE00001", "same_region": "BBBBSAMECODE0002",
                "other_region": "CCCCFARCODE00003"}

# Route parameters that name a record, and the kind of record in the world they take.
RECORD_PARAMS = {"person_id": "person", "interaction_id": "interaction", "step_id": "step",
                 "referral_id": "referral", "follow_up_id": "follow_up",
                 "request_id": "transfer", "provider_id": "provider", "user_id": "user",
                 "token_id": "token", "region_id": "region", "district_id": "districts",
                 "project_id": "project", "batch_id": "batch"}


def rel(own, same_region, other_region) -> dict:
    return {"own": own, "same_region": same_region, "other_region": other_region}


def everyone(logged_in, anonymous=LOGIN) -> dict:
    return {role: logged_in for role in ROLES[:-1]} | {"anonymous": anonymous}


# Shapes that repeat: a person's file changed by its district (officers read, never write).
WRITE_IN_DISTRICT = {"caseworker": rel(302, 404, 404), "supervisor": rel(302, 404, 404),
                     "regional_officer": rel(403, 403, 404), "analyst": 404, "admin": 404,
                     "anonymous": LOGIN}
# ... whose form, sent empty, comes back with its mistakes (422) where it may be sent.
FORM_IN_DISTRICT = WRITE_IN_DISTRICT | {"caseworker": rel(422, 404, 404),
                                       "supervisor": rel(422, 404, 404)}
# ... and read by the district, or by the region's officer.
READ_IN_SCOPE = {"caseworker": rel(200, 404, 404), "supervisor": rel(200, 404, 404),
                 "regional_officer": rel(200, 200, 404), "analyst": 404, "admin": 404,
                 "anonymous": LOGIN}
DISTRICT_STAFF = {"caseworker": 200, "supervisor": 200, "regional_officer": 403,
                  "analyst": 403, "admin": 403, "anonymous": LOGIN}
SEES_PERSONS = {"caseworker": 200, "supervisor": 200, "regional_officer": 200,
                "analyst": 403, "admin": 403, "anonymous": LOGIN}
# The API's answer to a stale or refused write: 409 where a page would redirect.
API_WRITE_IN_DISTRICT = WRITE_IN_DISTRICT | {"caseworker": rel(409, 404, 404),
                                             "supervisor": rel(409, 404, 404), "anonymous": 401}
# Kept by the officers of the record's region.
OFFICER_IN_REGION = everyone(403) | {"regional_officer": rel(200, 200, 404)}
SUPERVISOR_ONLY = {"caseworker": 403, "supervisor": 200, "regional_officer": 403,
                   "analyst": 403, "admin": 403, "anonymous": LOGIN}

# {"METHOD endpoint": {role: expected status, or {relation: expected status}}}. An endpoint
# served by more than one rule adds the rule: "METHOD endpoint /rule".
MATRIX: dict[str, dict] = {
    # Public
    "GET auth.login": everyone(302, anonymous=200),
    "POST auth.login": everyone(302, anonymous=200),
    "POST auth.language": everyone(302, anonymous=302),
    "GET main.healthz": everyone(200, anonymous=200),
    "GET main.favicon": everyone(301, anonymous=301),
    "GET referrals.verify": everyone(200, anonymous=200),
    "GET referrals.verify_form": everyone(200, anonymous=200),
    # Everyone signed in
    "POST auth.logout": everyone(302),
    "GET main.home": everyone(200),
    "GET measures.index": everyone(200),
    "GET auth.password": everyone(200),
    "POST auth.password": everyone(200),
    # Persons
    "GET people.index": SEES_PERSONS,
    "POST people.find": SEES_PERSONS | {"caseworker": 302, "supervisor": 302,
                                        "regional_officer": 302},
    "GET people.register": DISTRICT_STAFF,
    "POST people.register": DISTRICT_STAFF,
    "GET people.show": READ_IN_SCOPE,
    "GET people.edit": READ_IN_SCOPE | {"regional_officer": 404},
    "POST people.edit": READ_IN_SCOPE | {"regional_officer": 404},
    "POST people.deregister": WRITE_IN_DISTRICT | {"regional_officer": 404},
    "POST people.reregister": WRITE_IN_DISTRICT | {"regional_officer": 404},
    "POST people.segment": WRITE_IN_DISTRICT | {"regional_officer": 404},
    "GET people.segments": SUPERVISOR_ONLY,
    "GET people.access_history": {"caseworker": rel(403, 404, 404),
                                  "supervisor": rel(200, 404, 404),
                                  "regional_officer": rel(403, 403, 404), "analyst": 404,
                                  "admin": 404, "anonymous": LOGIN},
    "GET people.transfers": DISTRICT_STAFF,
    "POST people.transfer_request": DISTRICT_STAFF | {"caseworker": 400, "supervisor": 400},
    # A transfer's relation is that of the district it leaves; that district's supervisor decides.
    "POST people.decide": {"caseworker": rel(403, 404, 404), "supervisor": rel(400, 404, 404),
                           "regional_officer": 404, "analyst": 404, "admin": 404,
                           "anonymous": LOGIN},
    # Casework
    "GET casework.caseload": DISTRICT_STAFF,
    "POST casework.add_interaction": FORM_IN_DISTRICT,
    "POST casework.edit_note": WRITE_IN_DISTRICT,
    "POST casework.task_done": WRITE_IN_DISTRICT,
    "POST casework.save_plan": FORM_IN_DISTRICT,
    "POST casework.add_step": FORM_IN_DISTRICT,
    "POST casework.step_done": WRITE_IN_DISTRICT,
    "GET casework.plan_pdf": READ_IN_SCOPE,
    "GET casework.review": SUPERVISOR_ONLY,
    "GET casework.reassign": SUPERVISOR_ONLY,
    "POST casework.reassign": SUPERVISOR_ONLY,
    # Measures
    "GET measures.show": everyone(200),
    "GET measures.edit": everyone(403) | {"admin": 200},
    "POST measures.edit": everyone(403) | {"admin": 200},
    "POST measures.add_version": everyone(403) | {"admin": 422},
    "GET measures.candidates": SEES_PERSONS,
    "GET measures.allocations": SEES_PERSONS,
    "POST measures.allocations": everyone(403) | {"regional_officer": 200},
    # Referrals
    "GET referrals.create": WRITE_IN_DISTRICT | {"caseworker": rel(200, 404, 404),
                                                 "supervisor": rel(200, 404, 404)},
    "POST referrals.create": WRITE_IN_DISTRICT,
    "GET referrals.show": READ_IN_SCOPE,
    "POST referrals.outcome": WRITE_IN_DISTRICT,
    "POST referrals.transition": WRITE_IN_DISTRICT,
    "POST referrals.reissue": WRITE_IN_DISTRICT,
    "POST referrals.set_provider": WRITE_IN_DISTRICT,
    "POST referrals.follow_up": WRITE_IN_DISTRICT,
    "GET referrals.letter": READ_IN_SCOPE,
    "GET referrals.letters_today": SUPERVISOR_ONLY,
    "GET referrals.letters_batch": SUPERVISOR_ONLY,
    "POST referrals.letters_batch": SUPERVISOR_ONLY,
    "GET referrals.batch_pdf": SUPERVISOR_ONLY | {"supervisor": rel(200, 404, 404)},
    "GET referrals.follow_ups": DISTRICT_STAFF,
    "GET referrals.inbox": SUPERVISOR_ONLY,
    # Indicators: plans set by the region's officer, or loaded from a file by an admin.
    "GET indicators.plans": everyone(403) | {"regional_officer": 200},
    "POST indicators.plans": everyone(403) | {"regional_officer": 200},
    "GET indicators.upload": everyone(403) | {"admin": 200, "regional_officer": 200},
    "POST indicators.upload": everyone(403) | {"admin": 200, "regional_officer": 200},
    # Indicators: aggregates for everyone; a region's districts only for its own people (or
    # suppressed, for roles without persons); the persons behind a figure only in scope.
    "GET indicators.index": everyone(200),
    "GET indicators.region": everyone(200) | {"caseworker": rel(200, 200, 404),
                                              "supervisor": rel(200, 200, 404),
                                              "regional_officer": rel(200, 200, 404),
                                              "analyst": rel(200, 200, 200),
                                              "admin": rel(200, 200, 200)},
    # a district's caseworkers: for those who may see the district's persons
    "GET indicators.district": READ_IN_SCOPE,
    # without a place the figure is national, which no one may list
    "GET indicators.referrals": SEES_PERSONS | {"caseworker": 404, "supervisor": 404,
                                                "regional_officer": 404},
    "GET indicators.export": everyone(403) | {"regional_officer": 200, "analyst": 200},
    "GET indicators.execution_chart": everyone(200),
    "GET indicators.trend_chart": everyone(200),
    "GET indicators.briefing_pdf": everyone(200),
    # Users, managed by admins; the audit log.
    "GET admin.audit_export": everyone(403) | {"admin": 200},
    "GET admin.users": everyone(403) | {"admin": 200},
    "GET admin.user /admin/users/new": everyone(403) | {"admin": 200},
    "POST admin.user /admin/users/new": everyone(403) | {"admin": 200},
    "GET admin.user /admin/users/<int:user_id>": everyone(403) | {"admin": rel(200, 200, 200)},
    "POST admin.user /admin/users/<int:user_id>": everyone(403) | {"admin": rel(200, 200, 200)},
    # API tokens: one's own, or anyone's for an admin. The relation is that of the caseworker
    # who holds the token; the caseworker's own is the first.
    "GET api_pages.tokens_page": everyone(200),
    "POST api_pages.tokens_page": everyone(200),
    "POST api_pages.revoke": everyone(404) | {"caseworker": rel(302, 404, 404),
                                              "admin": rel(302, 302, 302)},
    "GET api_pages.openapi_json": everyone(200, anonymous=200),
    "GET api_pages.docs": everyone(200, anonymous=200),
    # The JSON API: a bearer token instead of a session; the pages' scopes.
    "GET api.measure_list": everyone(200, anonymous=401),
    "GET api.measure_candidates": SEES_PERSONS | {"anonymous": 401},
    "POST api.person_search": SEES_PERSONS | {"caseworker": 422, "supervisor": 422,
                                              "regional_officer": 422, "anonymous": 401},
    "POST api.person_register": everyone(422, anonymous=401),
    "GET api.person_show": READ_IN_SCOPE | {"anonymous": 401},
    "PATCH api.person_update": API_WRITE_IN_DISTRICT,
    "GET api.person_eligibility": READ_IN_SCOPE | {"anonymous": 401},
    "POST api.referral_create": everyone(422, anonymous=401),
    "GET api.referral_show": READ_IN_SCOPE | {"anonymous": 401},
    "POST api.referral_transition": API_WRITE_IN_DISTRICT,
    # a provider that does not exist: refused where the referral may be changed
    "PUT api.referral_provider": API_WRITE_IN_DISTRICT | {"caseworker": rel(422, 404, 404),
                                                         "supervisor": rel(422, 404, 404)},
    "GET api.referral_letter": READ_IN_SCOPE | {"anonymous": 401},
    # aggregates for every role, as on the pages (a region's districts: see below)
    "GET api.indicator_report": everyone(200, anonymous=401),
    # an admin loads any region's plans, an officer the own region's (see below); the body
    # names an unknown indicator
    "PUT api.plan_load": everyone(403) | {"admin": 422, "regional_officer": 422,
                                          "anonymous": 401},
    # Employment Roadmap projects: read with the indicators, kept by the region's officer.
    "GET projects.index": everyone(200),
    "GET projects.edit /projects/new": everyone(403) | {"regional_officer": 200},
    "POST projects.edit /projects/new": everyone(403) | {"regional_officer": 200},
    "GET projects.edit /projects/<int:project_id>": OFFICER_IN_REGION,
    "POST projects.edit /projects/<int:project_id>": OFFICER_IN_REGION,
    # Providers: a register per region, read by its staff, edited by supervisors.
    "GET providers.index": SEES_PERSONS,
    "GET providers.edit /providers/new": SUPERVISOR_ONLY,
    "POST providers.edit /providers/new": SUPERVISOR_ONLY,
    "GET providers.edit /providers/<int:provider_id>": {
        "caseworker": rel(403, 403, 404), "supervisor": rel(200, 200, 404),
        "regional_officer": rel(403, 403, 404), "analyst": 403, "admin": 403,
        "anonymous": LOGIN},
    "POST providers.edit /providers/<int:provider_id>": {
        "caseworker": rel(403, 403, 404), "supervisor": rel(200, 200, 404),
        "regional_officer": rel(403, 403, 404), "analyst": 403, "admin": 403,
        "anonymous": LOGIN},
}


# POSTs carry a CSRF token and nothing else, except where that would be a valid request of a
# role that may make it: then a value that fails validation.
POST_DATA = {
    # a measure form without its fields would be saved from the stored values
    "POST measures.edit": {"name_en": ""},
    "POST admin.user /admin/users/<int:user_id>": {"login": ""},
}
# The API takes JSON: an empty body, or one that is well formed but refused by the records.
API_BODY = {
    "PATCH api.person_update": {"version": 0},  # a stale version
    # the referral is referred already
    "POST api.referral_transition": {"to": "referred", "on": clock.today().isoformat()},
    "PUT api.referral_provider": {"provider_id": 2147483647},
    "PUT api.plan_load": {"plans": [{"indicator": "no_such", "region": KYZYLORDA,
                                     "year": clock.today().year, "target": 1}]},
}
API_HEADERS = {"POST api.referral_create": {"Idempotency-Key": "matrix"}}
# A bare POST that is a complete, valid request: a role that may make it changes data.
MAY_CHANGE = {"POST casework.task_done", "POST casework.step_done", "POST referrals.reissue",
              "POST referrals.create", "POST api_pages.revoke"}


def has_relations(entry: dict) -> bool:
    return any(isinstance(v, dict) for v in entry.values())


def cases():
    for key, entry in MATRIX.items():
        for role in ROLES:
            for relation in (RELATIONS if has_relations(entry) else (None,)):
                yield pytest.param(key, role, relation,
                                   id="-".join(filter(None, (key, role, relation))))


def expected_of(entry: dict, role: str, relation: str | None):
    value = entry[role]
    return value[relation] if isinstance(value, dict) else value


def expected(key: str, role: str, relation: str | None):
    return expected_of(MATRIX[key], role, relation)


# --- the world ------------------------------------------------------------------------------

def build_world() -> dict:
    today, now = clock.today(), clock.now().replace(microsecond=0)
    kz, sh = f.districts_of(KYZYLORDA), f.districts_of(SHYMKENT)
    places = {"own": kz[0], "same_region": kz[1], "other_region": sh[0]}
    users = {"caseworker": f.user("caseworker", "caseworker", kz[0]),
             "supervisor": f.user("supervisor", "supervisor", kz[0]),
             "regional_officer": f.user("regional_officer", "regional_officer",
                                        region_kato=KYZYLORDA),
             "analyst": f.user("analyst", "analyst"), "admin": f.user("admin", "admin")}
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
                            bin=f"99000000000{n}", kind="employer", region_id=district.region_id)
        project = RoadmapProject(region_id=district.region_id, year=today.year,
                                 name=f"Жоба {relation}", jobs_kind="permanent")
        batch = LetterBatch(district_id=district.id, made_by_id=worker.id, made_on=today,
                            letters=1, pdf=b"%PDF-1.4 matrix")
        db.session.add_all([
            plan, referral, interaction, transfer, provider, project, batch,
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
        db.session.add(follow_up)
        db.session.flush()
        for kind, row in (("person", person), ("interaction", interaction), ("step", step),
                          ("referral", referral), ("follow_up", follow_up),
                          ("transfer", transfer), ("provider", provider),
                          ("project", project), ("batch", batch)):
            world[kind][relation] = row.id
        world["iin"][relation] = person.iin
    db.session.commit()
    return world


def empty_tables(app) -> None:
    """What conftest's `_clean` does after each test (which this module replaces)."""
    db.session.rollback()
    tables = mutable_tables()
    if is_postgres(app):  # the audit log refuses row deletes there
        db.session.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables)
                                + " RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(text(f'DELETE FROM "{table}"'))
    db.session.commit()


@pytest.fixture(autouse=True)
def _clean():
    """Replaces conftest's emptying of the tables after each test: here one world serves the
    whole module (see `shared`), and the module empties the tables when it is done."""
    yield


@pytest.fixture(scope="module")
def shared(app):
    """The module's world, and the signed-in sessions of its users. A case that changed data
    marks it dirty, and the world is built anew before the next case."""
    with app.app_context():
        empty_tables(app)
        state = {"world": build_world(), "sessions": {}, "dirty": False}
    yield state
    with app.app_context():
        empty_tables(app)


@pytest.fixture
def world(app, shared):
    yield shared["world"]
    if shared["dirty"]:
        with app.app_context():
            empty_tables(app)
            shared.update(world=build_world(), sessions={}, dirty=False)


@pytest.fixture
def sign_in(app, client, shared):
    """Sign the test's client in as a role (or leave it anonymous); returns a CSRF token.
    Each role logs in once per world; later cases reuse its session cookie."""
    def _sign_in(role: str) -> str:
        if role == "anonymous":
            return csrf_from(client.get("/login").get_data(as_text=True))
        cookie_name = app.config["SESSION_COOKIE_NAME"]
        if role in shared["sessions"]:
            cookie, token = shared["sessions"][role]
            client.set_cookie(cookie_name, cookie)
            return token
        response = login(client, role)
        assert response.status_code == 200 and response.request.path != "/login", role
        token = csrf_from(response.get_data(as_text=True))
        shared["sessions"][role] = (client.get_cookie(cookie_name).value, token)
        return token
    return _sign_in


# What a read may write: the audit log, and when an API token was last used.
IGNORED = {"audit_event": "*", "api_token": {"last_used_at"}}


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
            values[name] = (LETTER_CODES["own"] if endpoint == "referrals.verify" else
                            INDICATOR if endpoint.startswith("indicators.") else MEASURE)
        elif name == "fmt":
            values[name] = "csv"
        else:
            raise AssertionError(f"no value for <{name}> of {endpoint}: add one to url_of")
    with app.test_request_context():
        return url_for(endpoint, **values) + QUERY.get(endpoint, "")


# Query strings a route needs to answer at all.
QUERY = {"admin.audit_export": f"?from={clock.today()}&to={clock.today()}"}


# --- the matrix -----------------------------------------------------------------------------

def rule_keys(app) -> dict[str, object]:
    """The matrix key of every (method, rule) the app serves, static files aside."""
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    several = {r.endpoint for r in rules if sum(o.endpoint == r.endpoint for o in rules) > 1}
    keys = {}
    for rule in rules:
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            suffix = f" {rule.rule}" if rule.endpoint in several else ""
            keys[f"{method} {rule.endpoint}{suffix}"] = rule
    return keys


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


@pytest.mark.parametrize("key, role, relation", list(cases()))
def test_access(app, client, shared, world, sign_in, key, role, relation):
    method, endpoint, rule_text = split_key(key)
    url = url_of(app, endpoint, rule_text, world, relation)
    want = expected(key, role, relation)
    if endpoint.startswith("api."):  # token-authenticated JSON
        secret = world["secrets"].get(role)
        headers = API_HEADERS.get(key, {}) | (
            {"Authorization": f"Bearer {secret}"} if secret else {})
        before = snapshot(app)
        response = client.open(url, method=method, headers=headers,
                               json=None if method == "GET" else API_BODY.get(key, {}))
    else:
        token = sign_in(role)
        before = snapshot(app)
        response = client.open(url, method=method, data=None if method == "GET" else {
            "csrf_token": token, **POST_DATA.get(key, {})})
    changed = snapshot(app) != before
    shared["dirty"] |= changed
    got = response.status_code
    assert got != 500, f"{method} {url} as {role}: server error"
    if want == LOGIN:
        assert got == 302 and response.location.startswith("/login"), (
            f"{method} {url} as {role}: {got} {response.location}, expected the login page")
    else:
        assert got == want, f"{method} {url} as {role} ({relation}): {got}, expected {want}"
    may_change = key in MAY_CHANGE and want not in REFUSALS
    assert may_change or not changed, f"{method} {url} as {role} ({relation}) changed data"


# --- lists, searches and exports ------------------------------------------------------------

OUT_OF_SCOPE = {"caseworker": ("same_region", "other_region"),
                "supervisor": ("same_region", "other_region"),
                "regional_officer": ("other_region",),
                "analyst": RELATIONS, "admin": RELATIONS}


def list_urls(world: dict) -> list[str]:
    """Every page that lists, searches, counts or exports persons, with filters that aim
    at records out of scope."""
    candidates = f"/measures/{MEASURE}/candidates"
    urls = ["/", "/people/", "/people/?sort=registered", "/caseload", "/caseload?flag=overdue",
            "/review", "/reassign", "/people/segments", "/people/transfers", "/follow-ups",
            "/referrals/inbox", "/referrals/letters/today.pdf", "/referrals/letters/today",
            "/providers/", candidates,
            candidates + "?format=csv", candidates + "?format=xlsx"]
    for relation in RELATIONS:
        worker, district = world["user"][relation], world["districts"][relation]
        behind = f"/indicators/{INDICATOR}/referrals"
        urls += [f"{behind}?district={district}", f"{behind}?region={world['region'][relation]}",
                 f"/indicators/regions/{world['region'][relation]}",
                 f"/indicators/districts/{district}",
                 f"{behind}?district={district}&caseworker={worker}",
                 f"{behind}?district={district}&caseworker=0"]
        # a search is a prefix of the folded name, so the echoed query differs from the name
        urls += [f"/people/?name={search_key(SURNAMES[relation])[:5]}",
                 f"/people/?caseworker={worker}", f"/people/?district={district}",
                 f"/caseload?caseworker={worker}", f"/reassign?caseworker={worker}",
                 f"/providers/?q={search_key(PROVIDERS[relation])[:3]}"]
    return urls


def body_text(response) -> str | None:
    """The text of a page, CSV, XLSX or PDF (None for a PDF without pdftotext to read it)."""
    if response.mimetype == "application/pdf":
        if not shutil.which("pdftotext"):
            return None
        return subprocess.run(["pdftotext", "-", "-"], input=response.data,
                              capture_output=True, check=True).stdout.decode()
    if response.mimetype.endswith("spreadsheetml.sheet"):
        from openpyxl import load_workbook
        book = load_workbook(io.BytesIO(response.data), read_only=True)
        return "\n".join(" ".join(str(v) for v in row if v is not None)
                         for sheet in book for row in sheet.iter_rows(values_only=True))
    return response.get_data(as_text=True)


def person_links(page: str, person_id: int) -> list[str]:
    return re.findall(rf"/people/{person_id}(?!\d)", page)


@pytest.mark.parametrize("role", OUT_OF_SCOPE)
def test_lists_never_show_a_person_out_of_scope(app, client, world, sign_in, role):
    sign_in(role)
    leaks = []
    for url in list_urls(world):
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), f"{url} as {role}"
        page = body_text(response) if response.status_code == 200 else None
        if page is None:
            continue
        for relation in OUT_OF_SCOPE[role]:
            if SURNAMES[relation] in page or person_links(page, world["person"][relation]):
                leaks.append(f"{url}: {relation} person")
            if LETTER_CODES[relation] in page:
                leaks.append(f"{url}: {relation} letter")
        # providers are kept per region
        if "other_region" in OUT_OF_SCOPE[role] and PROVIDERS["other_region"] in page:
            leaks.append(f"{url}: provider of another region")
    assert not leaks, f"{role} sees records out of scope: {leaks}"


@pytest.mark.parametrize("role, url, relations", [
    ("caseworker", "/people/", ("own",)),
    ("caseworker", "/caseload", ("own",)),
    ("caseworker", "/follow-ups", ("own",)),
    ("caseworker", f"/measures/{MEASURE}/candidates?format=csv", ("own",)),
    ("supervisor", "/referrals/inbox", ("own",)),
    ("supervisor", "/referrals/letters/today.pdf", ("own",)),
    ("supervisor", f"/measures/{MEASURE}/candidates?format=xlsx", ("own",)),
    ("regional_officer", "/people/", ("own", "same_region")),
    ("regional_officer", f"/measures/{MEASURE}/candidates", ("own", "same_region")),
    ("regional_officer", f"/indicators/{INDICATOR}/referrals?region={{region}}",
     ("own", "same_region")),
    ("supervisor", f"/indicators/{INDICATOR}/referrals?district={{district}}", ("own",)),
    ("supervisor", f"/indicators/{INDICATOR}/referrals?district={{district}}&caseworker={{worker}}",
     ("own",)),
])
def test_lists_show_the_persons_in_scope(client, world, sign_in, role, url, relations):
    """The other side of the check above: the lists are not empty for want of data."""
    sign_in(role)
    url = url.format(region=world["region"]["own"], district=world["districts"]["own"],
                     worker=world["user"]["own"])
    response = client.get(url)
    assert response.status_code == 200
    page = body_text(response)
    if page is None:
        pytest.skip("pdftotext is not installed")
    for relation in relations:
        assert SURNAMES[relation] in page, f"{url} as {role} misses the {relation} person"


@pytest.mark.parametrize("role", OUT_OF_SCOPE)
@pytest.mark.parametrize("relation", RELATIONS)
def test_search_by_iin_stays_in_scope(client, world, sign_in, role, relation):
    token = sign_in(role)
    response = client.post("/people/find", data={"csrf_token": token,
                                                 "iin": world["iin"][relation]})
    if role in ("analyst", "admin"):
        assert response.status_code == 403
    elif relation in OUT_OF_SCOPE[role]:
        assert response.status_code == 302 and response.location == "/people/"
    else:
        assert response.location == f"/people/{world['person'][relation]}"


@pytest.mark.parametrize("role", ["caseworker", "supervisor"])
@pytest.mark.parametrize("relation", ["same_region", "other_region"])
def test_registering_an_iin_of_elsewhere_reveals_no_name(client, world, sign_in, role, relation):
    token = sign_in(role)
    response = client.post("/people/register", data={
        "csrf_token": token, "step": "iin", "iin": world["iin"][relation]})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "another district" in page
    assert SURNAMES[relation] not in page
    assert not person_links(page, world["person"][relation])


@pytest.mark.parametrize("relation", RELATIONS)
def test_letter_verification_is_public_and_impersonal(client, world, sign_in, relation):
    page = client.get(f"/verify/{LETTER_CODES[relation]}").get_data(as_text=True)
    assert "Genuine letter" in page
    assert SURNAMES[relation] not in page and world["iin"][relation] not in page


def api_text(response) -> str:
    """A JSON answer as text, with its letters unescaped."""
    return json.dumps(response.get_json(), ensure_ascii=False)


@pytest.mark.parametrize("role", OUT_OF_SCOPE)
def test_api_lists_never_show_a_person_out_of_scope(client, world, role):
    auth = {"Authorization": f"Bearer {world['secrets'][role]}"}
    candidates = f"/api/v1/measures/{MEASURE}/candidates"
    answers = {candidates: client.get(candidates, headers=auth)}
    for relation in RELATIONS:
        district = world["districts"][relation]
        answers[f"{candidates}?district={district}"] = client.get(
            f"{candidates}?district={district}", headers=auth)
        for field, value in (("name", search_key(SURNAMES[relation])[:5]),
                             ("iin", world["iin"][relation])):
            answers[f"search {field} of {relation}"] = client.post(
                "/api/v1/persons/search", headers=auth, json={field: value})
    leaks = []
    for what, response in answers.items():
        assert response.status_code in (200, 403), f"{what} as {role}"
        page = api_text(response)
        leaks += [f"{what}: {relation} person" for relation in OUT_OF_SCOPE[role]
                  if SURNAMES[relation] in page]
        if role in ("caseworker", "supervisor", "regional_officer") and what == candidates:
            assert SURNAMES["own"] in page  # not empty for want of data
    assert not leaks, f"{role} sees persons out of scope through the API: {leaks}"


API_REFERRAL = {"caseworker": rel(201, 404, 404), "supervisor": rel(201, 404, 404),
                "regional_officer": rel(403, 403, 404), "analyst": 404, "admin": 404}


@pytest.mark.parametrize("role", API_REFERRAL)
@pytest.mark.parametrize("relation", RELATIONS)
def test_api_refers_only_persons_in_scope(app, client, shared, world, role, relation):
    """The person of a new referral is named in the body, not the path: the same scope."""
    want = expected_of(API_REFERRAL, role, relation)
    before = snapshot(app)
    response = client.post("/api/v1/referrals", json={
        "person_id": world["person"][relation], "measure_code": MEASURE}, headers={
        "Authorization": f"Bearer {world['secrets'][role]}", "Idempotency-Key": "scope"})
    changed = snapshot(app) != before
    shared["dirty"] |= changed
    assert response.status_code == want, api_text(response)
    assert changed == (want == 201)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_api_indicators_of_a_region_answer_as_the_page(client, world, role, relation):
    """A region's districts through the API: whom the region's page answers, and only them."""
    want = expected("GET indicators.region", role, relation)
    secret = world["secrets"].get(role)
    response = client.get(f"/api/v1/indicators?region={world['region'][relation]}",
                          headers={"Authorization": f"Bearer {secret}"} if secret else {})
    assert response.status_code == (401 if want == LOGIN else want), api_text(response)
    if want == 200:
        assert response.get_json()["region"]["id"] == world["region"][relation]


API_PLANS = {"caseworker": 403, "supervisor": 403, "regional_officer": rel(200, 200, 422),
             "analyst": 403, "admin": rel(200, 200, 200)}


@pytest.mark.parametrize("role", API_PLANS)
@pytest.mark.parametrize("relation", RELATIONS)
def test_api_loads_plans_only_where_the_role_may(app, client, shared, world, role, relation):
    """A plan of the region and one of the district of each relation: an officer loads the
    own region's, an admin any region's; a refusal saves neither."""
    want = expected_of(API_PLANS, role, relation)
    region, district = world["kato"][relation]
    year = clock.today().year
    before = snapshot(app)
    response = client.put("/api/v1/plans", headers={
        "Authorization": f"Bearer {world['secrets'][role]}"}, json={"plans": [
            {"indicator": INDICATOR, "region": region, "year": year, "target": 10},
            {"indicator": INDICATOR, "region": region, "district": district, "year": year,
             "target": 5}]})
    changed = snapshot(app) != before
    shared["dirty"] |= changed
    assert response.status_code == want, api_text(response)
    assert changed == (want == 200)
    if want == 422:
        assert set(response.get_json()["error"]["fields"]) == {"plans.0.region",
                                                                "plans.1.region"}


def _reassign(w, person="own", to="colleague"):
    return {"persons": str(w["person"][person]),
            "to": str(w["colleague"] if to == "colleague" else w["user"][to])}


def _allocation(w, where="own"):
    return {"measure_code": MEASURE, "district_id": str(w["districts"][where]),
            "year": str(clock.today().year), "places": "10", "funds_kzt": "0"}


def _plan(w, where="own"):
    return {"indicator_code": INDICATOR, "district_id": str(w["districts"][where]),
            "year": str(clock.today().year), "target": "10"}


def _referral(w, provider="own"):
    return {"provider_id": str(w["provider"][provider])}


# (role, url, a valid form, the same form naming a record out of the role's scope)
FORM_PROBES = {
    "reassign a person of another district": (
        "supervisor", lambda w: "/reassign", _reassign,
        lambda w: _reassign(w, person="same_region")),
    "reassign to a caseworker of another district": (
        "supervisor", lambda w: "/reassign", _reassign,
        lambda w: _reassign(w, to="same_region")),
    "allocate places in another region": (
        "regional_officer", lambda w: "/measures/allocations",
        lambda w: _allocation(w, "elsewhere_in_region"),
        lambda w: _allocation(w, "other_region")),
    "plan an indicator in another region": (
        "regional_officer", lambda w: "/indicators/plans", _plan,
        lambda w: _plan(w, "other_region")),
    "refer to a provider of another region": (
        "caseworker", lambda w: f"/people/{w['person']['own']}/refer/{MEASURE}", _referral,
        lambda w: _referral(w, "other_region")),
}


@pytest.mark.parametrize("probe", FORM_PROBES)
def test_a_form_naming_a_record_out_of_scope_changes_nothing(app, client, shared, world,
                                                             sign_in, probe):
    role, url, good, bad = FORM_PROBES[probe]
    token = sign_in(role)
    before = snapshot(app)
    refused = client.post(url(world), data={"csrf_token": token, **bad(world)})
    assert refused.status_code in (200, 400, 403, 404, 422), refused.status_code
    assert snapshot(app) == before, f"{probe}: done"
    # the same form with a record in scope goes through: the refusal was for the record
    accepted = client.post(url(world), data={"csrf_token": token, **good(world)})
    shared["dirty"] = True
    assert accepted.status_code == 302 and snapshot(app) != before, f"{probe}: control failed"
