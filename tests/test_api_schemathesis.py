"""schemathesis against the WSGI app: every operation of the OpenAPI document, authenticated
as a caseworker with a real token, and the operations a caseworker may not use at all again as
a role that may. No server errors; responses match the document."""
from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance, not_a_server_error, response_schema_conformance,
    status_code_conformance)

from caseworker import clock
from caseworker.api import tokens
from caseworker.extensions import db
from caseworker.referrals import operations
from tests import factories as f

KYZYLORDA = "430000000"


@pytest.fixture
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def caseworker_token(app):
    """A caseworker with a token, a person of their district with a referred referral (so
    the letter exists), and a person elsewhere (out of scope)."""
    with app.app_context():
        kz = f.districts_of(KYZYLORDA)
        user = f.user("cw.fuzz", "caseworker", kz[0])
        today = clock.today()
        person = f.person(kz[0], first="Мөлдір", sex="F", born=date(today.year - 24, 1, 15),
                          graduation_year=today.year - 1, experience_months=0,
                          education_level="higher", consent_date=date(2026, 3, 1),
                          consent_basis="written")
        f.person(kz[1], last="Басқа")
        referral = operations.refer(person, "youth_practice", user, on=today,
                                    provider_id=f.provider(kz[0].region_id).id)
        operations.transition(referral, "referred", today, user)
        secret = tokens.create(user, "fuzz")[1]
        db.session.commit()
        return secret


@pytest.fixture
def admin_token(app):
    with app.app_context():
        secret = tokens.create(f.user("admin.fuzz", "admin"), "fuzz")[1]
        db.session.commit()
        return secret


def row_counts() -> list[int]:
    from sqlalchemy import func, select
    from caseworker.models import AuditEvent
    tables = [t for t in db.metadata.sorted_tables if t.name != AuditEvent.__tablename__]
    return [db.session.scalar(select(func.count()).select_from(t)) for t in tables]


SETTINGS = settings(max_examples=15, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance,
          content_type_conformance]


# Operations that refuse a caseworker whatever the input, and who else runs them.
ALSO_AS_ADMIN = {"PUT /api/v1/plans"}


def fuzz(app, operation, headers) -> str | None:
    """Run the operation's examples; the failure, if any, as text."""
    @SETTINGS
    @given(case=operation.as_strategy())
    def run(case):
        with app.app_context():
            before = row_counts()
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        if response.status_code >= 400:  # a refused request changes nothing
            with app.app_context():
                assert row_counts() == before, (operation.label, response.status_code)

    try:
        run()
    except Exception as error:  # collect every operation's failure, then report all
        return f"{operation.label}: {error}"
    return None


@pytest.mark.once
def test_every_operation(app, caseworker_token, admin_token):
    """Each operation of the document in turn (schemathesis's pytest plugin cannot take the
    app from a fixture under this pytest version, so the loop is written out)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    as_caseworker = {"Authorization": f"Bearer {caseworker_token}"}
    as_admin = {"Authorization": f"Bearer {admin_token}"}
    seen, failures = [], []
    for result in schema.get_all_operations():
        operation = result.ok()
        seen.append(operation.label)
        failures.append(fuzz(app, operation, as_caseworker))
        if operation.label in ALSO_AS_ADMIN:
            failures.append(fuzz(app, operation, as_admin))
    assert {"GET /api/v1/indicators", "PUT /api/v1/plans"} <= set(seen), seen
    assert len(seen) >= 12, seen
    failures = [f for f in failures if f]
    assert not failures, "\n\n".join(failures)
