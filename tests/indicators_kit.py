"""What the tests of the plan-against-fact pages share: the indicators world of
tests/factories.py, its report date, and the national table as a user sees it."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.indicators import tables
from caseworker.indicators.queries import Period
from caseworker.models import User
from tests import factories as f

YEAR = 2025
AS_OF = date(2025, 6, 30)  # 181 of 365 days: 49.6% of the year
Q = f"year={YEAR}&as_of={AS_OF.isoformat()}"


@pytest.fixture
def world(app):
    with app.app_context():
        return f.indicators_world()


def text(response):
    return response.get_data(as_text=True)


def national(user_login):
    user = db.session.scalar(select(User).where(User.login == user_login))
    return tables.national(Period(YEAR, AS_OF), user, "Kazakhstan")
