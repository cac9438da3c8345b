"""Bad input into every form: generated junk (overlong text, NUL, right-to-left marks, SQL and
HTML fragments, impossible dates, wrong types) never gives a server error, and a refused
request changes nothing in the database."""
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from caseworker import clock
from caseworker.extensions import db
from caseworker.measures.allocations import set_allocation
from caseworker.models import (
    CalendarDay, EmploymentPlan, Interaction, Person, Provider, Referral, User)
from tests import factories as f
from tests.conftest import login

pytestmark = pytest.mark.once

JUNK = st.one_of(
    st.text(max_size=12), st.text(min_size=301, max_size=320).map(lambda t: t * 4),
    st.sampled_from(["\x00", "\u202e\u0645\u0631\u062d\u0628\u0627", "' OR 1=1 --",
                     "<script>alert(1)</script>", '<img src="file:///etc/passwd">',
                     "2026-02-30", "9999-99-99", "-1", "1e309", "NaN", "０１２", "", " ",
                     "=cmd|' /C calc'!A0", "../../etc/passwd", "%00", "\ud7ff"]),
    st.integers(min_value=-10**20, max_value=10**20).map(str))
FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', re.I)
COUNTED = (Person, Referral, Interaction, EmploymentPlan, Provider, User, CalendarDay)


def counts():
    return [db.session.scalar(select(func.count()).select_from(m)) for m in COUNTED]


def forms_of(html: str) -> list[tuple[str, list[str], str]]:
    """(action, field names, csrf token) of every POST form on a page."""
    found = []
    for match in re.finditer(r'<form[^>]*method="post"[^>]*>(.*?)</form>', html, re.S | re.I):
        tag = match.group(0)[:match.group(0).index(">") + 1]
        action = re.search(r'action="([^"]*)"', tag)
        token = re.search(r'name="[^"]*csrf_token" type="hidden" value="([^"]+)"|'
                          r'name="[^"]*csrf_token" value="([^"]+)"', match.group(1))
        names = [n for n in FIELD.findall(match.group(1)) if not n.endswith("csrf_token")]
        if token:
            found.append((action.group(1) if action else "", names,
                          token.group(1) or token.group(2)))
    return found


PAGES = [("sv", "/people/{person}"), ("sv", "/people/{person}/edit"), ("sv", "/people/register"),
         ("sv", "/people/{person}/refer/youth_practice"), ("sv", "/referrals/{referral}"),
         ("sv", "/organisations/new"), ("sv", "/vacancies/new"), ("sv", "/reassign"), ("sv", "/account/password"),
         ("ro", "/measures/allocations"), ("ad", "/admin/users/new"),
         ("ad", "/measures/youth_practice/edit"), ("ad", "/admin/calendar/new")]


@pytest.fixture
def ids(app):
    with app.app_context():
        district = f.districts_of("430000000")[0]
        worker = f.user("sv", "supervisor", district)
        f.user("ad", "admin")
        f.user("ro", "regional_officer", region_kato="430000000")
        person = f.person(district, caseworker_id=worker.id, graduation_year=2025,
                          experience_months=0, born=date(2000, 1, 1))
        set_allocation("youth_practice", district.region_id, None, clock.today().year, 5, 0)
        referral = Referral(person_id=person.id, measure_code="youth_practice",
                            status="referred", proposed_on=clock.today(),
                            status_on=clock.today(), verdict={})
        db.session.add(referral)
        db.session.commit()
        return {"person": person.id, "referral": referral.id}


@pytest.mark.parametrize("login_name, page", PAGES)
@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_junk_into_every_form(app, client, ids, login_name, page, data):
    url = page.format(**ids)
    login(client, login_name)
    html = client.get(url).get_data(as_text=True)
    for action, names, token in forms_of(html):
        if "logout" in action or "language" in action:
            continue
        payload = {name: data.draw(JUNK) for name in names}
        payload.update({n: token for n in re.findall(r'name="([^"]*csrf_token)"', html)})
        with app.app_context():
            before = counts()
        response = client.post(action or url, data=payload)
        assert response.status_code < 500, (url, action, payload)
        body = response.get_data(as_text=True)
        refused = response.status_code >= 400 or (response.status_code == 200 and (
            "invalid-feedback" in body or "alert-danger" in body))
        if refused:
            with app.app_context():
                assert counts() == before, (url, action)
