"""What the three doors share before the history goes in: the staff of the two districts
(a caseworker and a supervisor each, an API token each), a provider in each region, the
plans of the years, and Kyzylorda's regional officer who reads the tables. Built again in each
fresh state; everything compared afterwards is named by login, IIN, measure and day, never by
an id."""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import select

from caseworker import clock
from caseworker.api import tokens
from caseworker.extensions import db
from caseworker.indicators import operations as plans
from caseworker.indicators.upload import Entry
from caseworker.models import District
from tests import factories as f
from tests.threeway.generated import NORTH
from tests.threeway.history import KYZYLORDA, SEMEY

TODAY = date(2026, 11, 27)  # the day (b) and (c) are entered on
EAST, ABAI = "630000000", "100000000"


def district(kato: str) -> District:
    if kato == KYZYLORDA:
        return f.districts_of(KYZYLORDA)[0]
    return db.session.scalar(select(District).where(District.kato == kato))


def at_day(monkeypatch, day: date) -> None:
    """The app's clock at 12:00 UTC of `day` (the end of the working day in Kazakhstan)."""
    moment = datetime(day.year, day.month, day.day, 12, 0, tzinfo=timezone.utc)
    monkeypatch.setattr(clock, "utc_now", lambda: moment)


def build() -> dict:
    """The shared world; returns the API tokens and the ids of users and providers by place."""
    made: dict = {"tokens": {}, "provider": {}, "login": {},
                  "region": {NORTH: f.region(NORTH).id}}
    for kato, place in ((KYZYLORDA, "kz"), (SEMEY, "semey")):
        where = district(kato)
        for role, short in (("caseworker", "cw"), ("supervisor", "sv")):
            login = f"{short}.{place}"
            user = f.user(login, role, where)
            made["tokens"][login] = tokens.create(user, "test")[1]
            made["login"][(kato, short)] = login
        made["provider"][kato] = f.provider(where.region_id, name=f"ТОО «{place}»").id
    f.user("ro", "regional_officer", region_kato=KYZYLORDA)
    kz, east, abai = f.region(KYZYLORDA).id, f.region(EAST).id, f.region(ABAI).id
    plans.save_plans([Entry("youth_practice", kz, None, 2020, 4),
                      Entry("public_works", east, None, 2021, 2),
                      Entry("public_works", abai, None, 2022, 3),
                      Entry("youth_practice", kz, None, 2022, 2),
                      Entry("public_works", kz, None, 2023, 12),
                      Entry("public_works", abai, None, 2023, 12),
                      Entry("state_grants", kz, None, 2023, 3),
                      Entry("social_jobs", abai, None, 2023, 3),
                      Entry("resettled", kz, None, 2024, 4)], None)
    db.session.commit()
    return made
