"""Who may see and record money: every money route (pages and API) x every role, the finance
role among them, x the relation of the record to the user (their district, another district
of the region, another region: 404 outside the scope). MATRIX is this file's table of
expected answers; tests/test_access_matrix.py leaves these routes to it. Also: the finance
role sees no person's profile or contacts anywhere else."""
from __future__ import annotations

from datetime import date

import pytest
from flask import url_for
from sqlalchemy import func, select

from caseworker import clock
from caseworker.api import tokens
from caseworker.extensions import db
from caseworker.models import (
    BankImport, Contract, Payment, Referral, Timesheet, UnmatchedRow)
from caseworker.payments import operations
from tests import factories as f
from tests.access.conftest import signed_in
from tests.conftest import empty_tables
from tests.money_world import KYZYLORDA, NOW, SHYMKENT, TODAY, subsidised_job
from tests.test_headers import INLINE, assert_security_headers

ROLES = ("caseworker", "supervisor", "finance", "regional_officer", "analyst", "admin",
         "anonymous")
RELATIONS = ("own", "same_region", "other_region")
LOGIN = "login"
SURNAMES = {"own": "Төлеуова", "same_region": "Мырзахметов", "other_region": "Огнева"}
RECORD_PARAMS = {"referral_id": "referral", "payment_id": "payment", "contract_id": "contract",
                 "row_id": "unmatched"}


def rel(own, same_region, other_region) -> dict:
    return {"own": own, "same_region": same_region, "other_region": other_region}


def roles(**answers) -> dict:
    return {role: answers.get(role, answers.get("others")) for role in ROLES}


READ = roles(caseworker=rel(200, 404, 404), supervisor=rel(200, 404, 404),
             finance=rel(200, 404, 404), regional_officer=rel(200, 200, 404), others=404,
             anonymous=LOGIN)
RECORD = READ | roles(caseworker=rel(403, 404, 404), supervisor=rel(422, 404, 404),
                      finance=rel(422, 404, 404), regional_officer=rel(403, 403, 404),
                      others=404, anonymous=LOGIN)
LIST = roles(caseworker=200, supervisor=200, finance=200, regional_officer=200, others=403,
             anonymous=LOGIN)
RECORDERS = roles(supervisor=200, finance=200, others=403, anonymous=LOGIN)
# the district's team raises a commitment (sent empty, or not above the present one: 422)
RAISE = READ | roles(caseworker=rel(422, 404, 404), supervisor=rel(422, 404, 404),
                     finance=rel(403, 404, 404), regional_officer=rel(403, 403, 404),
                     others=404, anonymous=LOGIN)
# a bank file's row of the own district, settled without saying how
SETTLE = roles(supervisor=rel(422, 404, 404), finance=rel(422, 404, 404), others=403,
               anonymous=LOGIN)
# ... opened again (it is not settled, nor is a reason sent: back to the list with the message)
REOPEN_ROW = SETTLE | {"supervisor": rel(303, 404, 404), "finance": rel(303, 404, 404)}
API = {"anonymous": 401}



def by_answer(*groups: tuple[dict, tuple[str, ...]]) -> dict[str, dict]:
    """The matrix from (answers, the routes that answer so) groups."""
    return {key: answers for answers, keys in groups for key in keys}


MATRIX: dict[str, dict] = by_answer(
    (READ, ("GET payments.referral",)),
    (READ | API, ("GET api.referral_payments", "GET api.contract_show",
                  "GET api.timesheet_list")),
    (RECORD, ("POST payments.add_payment", "POST payments.contract",
              "POST payments.timesheet", "POST payments.reverse")),
    (RECORD | {"supervisor": rel(200, 404, 404), "finance": rel(200, 404, 404)},
     ("GET payments.reverse",)),
    (RECORD | API, ("POST api.payment_create", "PUT api.contract_save",
                    "POST api.timesheet_create")),
    (LIST, ("GET payments.index", "GET payments.referrals")),
    (LIST | API, ("GET api.payment_list",)),
    (RECORDERS, ("GET payments.import_file", "GET payments.unmatched")),
    (RECORDERS | API, ("GET api.unmatched_list",)),
    (RECORDERS | {"supervisor": 422, "finance": 422}, ("POST payments.import_file",)),
    (RAISE, ("POST payments.commitment",)),
    (RAISE | API, ("POST api.commitment_raise",)),
    (SETTLE, ("POST payments.resolve",)),
    (SETTLE | API, ("POST api.unmatched_resolve", "POST api.unmatched_reopen")),
    (REOPEN_ROW, ("POST payments.reopen_row",)),
)
# Bodies the API reads, refused by the records where the role may act: a wage subsidy
# without its month, a contract that ends before it starts, a month not begun, a bank file's
# row settled or opened again without saying how or why.
API_BODY = {
    "POST api.payment_create": {"amount_kzt": 1, "paid_on": TODAY.isoformat(),
                                "document_number": "MATRIX"},
    "PUT api.contract_save": {"position": "x", "starts_on": "2026-05-01",
                              "ends_on": "2026-04-01", "monthly_wage_kzt": 1},
    "POST api.timesheet_create": {"month": "2099-01", "days_worked": 1},
    "POST api.commitment_raise": {"amount_kzt": 1, "reason": "MATRIX"},
    "POST api.unmatched_resolve": {"resolution": " "},
    "POST api.unmatched_reopen": {"reason": " "},
}


def cases():
    for key, entry in MATRIX.items():
        for role in ROLES:
            relations = RELATIONS if isinstance(entry[role], dict) or any(
                isinstance(v, dict) for v in entry.values()) else (None,)
            for relation in relations:
                yield pytest.param(key, role, relation,
                                   id="-".join(filter(None, (key, role, relation))))


@pytest.fixture(scope="module")
def world(app):
    """One world for the module (the cases change nothing): in each of three districts a
    person on public works with a contract, a timesheet and a paid month."""
    with pytest.MonkeyPatch.context() as monkey:  # undone however the set-up ends
        monkey.setattr(clock, "utc_now", lambda: NOW)
        yield from _world(app)


def _world(app):
    with app.test_request_context():
        kz, sh = f.districts_of(KYZYLORDA), f.districts_of(SHYMKENT)
        places = {"own": kz[0], "same_region": kz[1], "other_region": sh[0]}
        users = {"caseworker": f.user("caseworker", "caseworker", kz[0]),
                 "supervisor": f.user("supervisor", "supervisor", kz[0]),
                 "finance": f.user("finance", "finance", kz[0]),
                 "regional_officer": f.user("regional_officer", "regional_officer",
                                            region_kato=KYZYLORDA),
                 "analyst": f.user("analyst", "analyst"), "admin": f.user("admin", "admin")}
        world: dict = {"referral": {}, "payment": {}, "contract": {}, "person": {},
                       "unmatched": {}}
        for n, (relation, district) in enumerate(places.items()):
            payer = f.user(f"finance.{n}", "finance", district)
            person = f.person(district, last=SURNAMES[relation], first="Тест")
            job = subsidised_job(person, payer, measure="public_works", wage=85_000,
                                 letter=f"MATRIX-{n}")
            operations.record_timesheet(job, payer, month=date(2026, 3, 1), days_worked=18,
                                        today=TODAY)
            payment = operations.record_payment(job, payer, amount=85_000,
                                                paid_on=date(2026, 4, 5),
                                                document_number=f"M-{n}",
                                                month=date(2026, 3, 1), today=TODAY)
            world["referral"][relation], world["payment"][relation] = job.id, payment.id
            world["contract"][relation] = db.session.scalar(select(Contract.id).where(
                Contract.referral_id == job.id))
            world["person"][relation] = person.id
            world["unmatched"][relation] = _unmatched(payer, n)
        world["secrets"] = {role: tokens.create(u, "matrix")[1] for role, u in users.items()}
        db.session.commit()
    world["sessions"] = {}
    try:
        yield world
    finally:
        _empty(app)


def _unmatched(payer, n: int) -> int:
    """A bank file of the payer's district with one row not recorded."""
    kept = BankImport(district_id=payer.district_id, user_id=payer.id, file_name="bank.csv",
                      file_hash="0" * 64, rows=1, matched=0)
    db.session.add(kept)
    db.session.flush()
    row = UnmatchedRow(import_id=kept.id, district_id=payer.district_id, line=2,
                       document_number=f"U-{n}", reason="MATRIX")
    db.session.add(row)
    db.session.flush()
    return row.id


def _empty(app) -> None:
    with app.app_context():
        empty_tables(app)


@pytest.fixture(autouse=True)
def _clean():
    """The module's world serves every case (see `world`); it is emptied at the end."""
    yield


def sign_in(app, client, world, role: str) -> str:
    return signed_in(app, client, world["sessions"], role)


def money_rows(app) -> tuple:
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(t))
                     for t in (Payment, Contract, Timesheet)) + (
            db.session.scalar(select(func.sum(Contract.version))),
            db.session.scalar(select(func.count()).where(UnmatchedRow.resolved_at.is_(None))),
            db.session.scalar(select(func.sum(Referral.amount_kzt))))


def url_of(app, endpoint: str, world: dict, relation: str | None) -> str:
    rule = next(app.url_map.iter_rules(endpoint))
    values = {name: world[RECORD_PARAMS[name]][relation] for name in rule.arguments}
    with app.test_request_context():
        return url_for(endpoint, **values)


@pytest.mark.parametrize("key, role, relation", list(cases()))
def test_access(app, client, world, key, role, relation):
    method, endpoint = key.split(" ")
    url = url_of(app, endpoint, world, relation)
    entry = MATRIX[key][role]
    want = entry[relation] if isinstance(entry, dict) else entry
    before = money_rows(app)
    if endpoint.startswith("api."):
        secret = world["secrets"].get(role)
        response = client.open(url, method=method, json=None if method == "GET" else
                               API_BODY.get(key, {}),
                               headers={"Authorization": f"Bearer {secret}"} if secret else {})
    else:
        token = sign_in(app, client, world, role)
        response = client.open(url, method=method,
                               data=None if method == "GET" else {"csrf_token": token})
    got = response.status_code
    assert got != 500, f"{key} as {role}: server error"
    assert_security_headers(response, f"{key} as {role}")
    if got == 200:
        assert "no-store" in response.headers.get("Cache-Control", ""), key
    if response.mimetype == "text/html":
        assert not INLINE.findall(response.get_data(as_text=True)), key
    if want == LOGIN:
        assert got == 302 and response.location.startswith("/login"), (key, role, got)
    else:
        assert got == want, f"{method} {url} as {role} ({relation}): {got}, expected {want}"
    assert money_rows(app) == before, f"{key} as {role} changed data"


def test_every_money_route_is_in_the_matrix(app):
    """The pages of the payments blueprint and the API's money operations (the general
    matrix leaves these to this one)."""
    def is_money(endpoint: str) -> bool:
        return endpoint.startswith("payments.") or (
            app.view_functions[endpoint].__module__ == "caseworker.api.payments")
    served = {f"{m} {r.endpoint}" for r in app.url_map.iter_rules() if is_money(r.endpoint)
              for m in r.methods - {"HEAD", "OPTIONS"}}
    assert served == set(MATRIX)


@pytest.mark.parametrize("role, relations", [
    ("caseworker", ("same_region", "other_region")), ("supervisor", ("same_region",
                                                                      "other_region")),
    ("finance", ("same_region", "other_region")), ("regional_officer", ("other_region",))])
def test_the_lists_show_no_one_out_of_scope(app, client, world, role, relations):
    sign_in(app, client, world, role)
    for url in ("/payments/", "/payments/referrals", "/payments/?format=csv",
                f"/payments/referrals?q={SURNAMES['other_region'][:3]}"):
        page = client.get(url).get_data(as_text=True)
        assert SURNAMES["own"] in page or "q=" in url, url
        for relation in relations:
            assert SURNAMES[relation] not in page, (url, relation)


FINANCE_ELSEWHERE = {  # the finance role reads no profile, contact or casework anywhere
    "/people/": 403, "/caseload": 403, "/referrals/{referral}": 404, "/people/{person}": 404,
    "/people/{person}/edit": 404, "/measures/youth_practice/candidates": 403,
    "/people/register": 403, "/": 200, "/payments/referrals": 200,
}


def test_the_finance_role_sees_no_profile_and_no_contacts(app, client, world):
    sign_in(app, client, world, "finance")
    for path, want in FINANCE_ELSEWHERE.items():
        url = path.format(referral=world["referral"]["own"], person=world["person"]["own"])
        response = client.get(url)
        assert response.status_code == want, (url, response.status_code)
    home = client.get("/").get_data(as_text=True)
    assert "Referrals that take payments" in home and "/people/" not in home
    secret = world["secrets"]["finance"]
    assert client.get(f"/api/v1/persons/{world['person']['own']}", headers={
        "Authorization": f"Bearer {secret}"}).status_code == 404
