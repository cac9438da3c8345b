"""The person tests' kit: the shared world (as ids, or inside a request for calling the
operations), a page's text, a form sent with its CSRF token, a registration in its two steps,
an operation's refusal and the audit."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from caseworker.domain.iin import make
from caseworker.extensions import db
from caseworker.models import AuditEvent
from caseworker.refusals import Refused
from tests import factories as f
from tests.conftest import csrf_from

NEW_IIN = make(date(1998, 4, 12), "F", 4321)
PROFILE = {"step": "profile", "last_name": "Серікова", "first_name": "Дана",
           "patronymic": "Ерланқызы", "phone": "8 701 555 44 33", "rural": "0",
           "education_level": "higher", "consent_date": "2026-11-20", "consent_basis": "written",
           "languages": ["kk", "ru"], "target_groups": ["low_income"]}


@pytest.fixture
def world(app):
    with app.app_context():
        return f.people_world()


@pytest.fixture
def inside(app):
    """The world's ids, inside a request (messages in English; the world's rows committed)."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield f.people_world()
        db.session.rollback()


def refused(code: str, call) -> Refused:
    """The refusal `call()` raises; it has `code`."""
    with pytest.raises(Refused) as caught:
        call()
    assert caught.value.code == code, caught.value.code
    return caught.value


def audited(action: str) -> list[str]:
    """The record ids of the audit events of `action`."""
    return list(db.session.scalars(select(AuditEvent.record_id).where(
        AuditEvent.action == action)))


def page(response) -> str:
    return response.get_data(as_text=True)


def post_form(client, url, data, form_url=None):
    """POST `data` to `url` with the CSRF token of the page at `form_url` (or `url`)."""
    token = csrf_from(page(client.get(form_url or url)))
    return client.post(url, data={**data, "csrf_token": token})


def register(client, iin=NEW_IIN, **extra):
    """Both steps of a registration: the IIN, then the profile (PROFILE with `extra`)."""
    first = post_form(client, "/people/register", {"step": "iin", "iin": iin})
    token = csrf_from(page(first))
    return client.post("/people/register", data={**PROFILE, "iin": iin, "csrf_token": token,
                                                  **extra})


def other_client(app, client, login_name: str):
    """A second browser, signed in as `login_name`."""
    from tests.conftest import login
    other = type(client)(app, client.response_wrapper)
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(other, login_name)
    return other


def at_once(app, attempt, n: int = 20) -> list[str]:
    """`attempt()` in `n` threads released together, each in its own app context (its own
    session and connection), committed as a door commits; returns what each got: "done", or
    the code of its refusal."""
    import threading
    from caseworker.refusals import settle
    start, results = threading.Barrier(n), []

    def run():
        with app.app_context():
            start.wait()
            try:
                attempt()
                db.session.commit()
                results.append("done")
            except Refused as refused:
                settle(refused)
                results.append(refused.code)
            except Exception as error:  # noqa: BLE001 (the test shows it)
                db.session.rollback()
                results.append(repr(error))

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(results)
