"""Month-end snapshots: a closed month's figures are frozen as reported; a later, backdated
change shows as a restatement; a month is frozen once."""
import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from caseworker.extensions import db
from caseworker.indicators import operations, tables
from caseworker.indicators.queries import Period
from caseworker.indicators.definitions import INDICATORS
from caseworker.models import IndicatorSnapshot, User
from tests import factories as f
from tests.conftest import login

KYZYLORDA, SHYMKENT = "430000000", "790000000"
MAY = date(2025, 5, 31)
Q = "year=2025&as_of=2025-05-31"
REFERRED = [("proposed", date(2025, 3, 1)), ("referred", date(2025, 3, 2))]


@pytest.fixture
def world(app):
    with app.app_context():
        kz = f.districts_of(KYZYLORDA)
        for n in range(6):
            f.referral(f.person(kz[0], last=f"Мамыров{n}"), "public_works", REFERRED)
        f.staff(ro="regional_officer", an="analyst")
        db.session.commit()
        assert operations.take_snapshot(MAY, today=date(2025, 6, 1)) == 20 * len(INDICATORS)
        # recorded in July, it happened in May: the live count for May changes
        f.referral(f.person(kz[0], last="Кешігов"), "youth_practice",
                 [("proposed", date(2025, 5, 10)), ("referred", date(2025, 5, 20))])
        db.session.commit()
        return {"kz": kz[0].region_id}


def table_for(login_name, live=False):
    user = db.session.scalar(select(User).where(User.login == login_name))
    return tables.national(Period(2025, MAY), user, "Kazakhstan", live=live)


def test_the_reported_figure_stays_and_the_restatement_shows(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        frozen = table_for("ro")
        kz = next(r for r in frozen.rows if r.id == world["kz"]).figures["coverage"]
        assert (kz.fact, kz.restated, kz.live) == (6, True, 7)
        assert frozen.frozen_at is not None
        assert frozen.total.figures["coverage"].fact == 6
        assert frozen.total.figures["coverage"].restated
        untouched = next(r for r in frozen.rows if r.id == world["kz"]).figures["public_works"]
        assert not untouched.restated
        live = table_for("ro", live=True)
        assert next(r for r in live.rows if r.id == world["kz"]).figures["coverage"].fact == 7
        assert live.frozen_at is None
        # another report date is live
        june = tables.national(Period(2025, date(2025, 6, 30)),
                               db.session.scalar(select(User).where(User.login == "ro")), "")
        assert june.frozen_at is None


def test_the_analyst_sees_the_mark_but_not_the_live_count(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        kz = next(r for r in table_for("an").rows if r.id == world["kz"]).figures["coverage"]
        assert kz.restated and kz.live is None


def test_pages_and_exports_show_the_frozen_figures(client, world):
    login(client, "ro")
    page = client.get(f"/indicators/?{Q}").get_data(as_text=True)
    assert "frozen at the end of the month" in page and "restated" in page and "now 7" in page
    live = client.get(f"/indicators/?{Q}&live=y").get_data(as_text=True)
    assert "frozen at the end of the month" not in live and "now 7" not in live
    exported = client.get(f"/indicators/export.csv?{Q}").get_data(as_text=True).lstrip("\ufeff")
    row = next(r for r in csv.DictReader(io.StringIO(exported))
               if r["KATO"] == KYZYLORDA and r["Indicator code"] == "coverage")
    assert row["Fact"] == "6" and row["Restated: the fact counted today"] == "7"


def test_a_month_is_frozen_once_and_only_when_closed(app, world):
    with app.app_context():
        for day, today, code in ((MAY, date(2025, 6, 2), "frozen"),
                                 (date(2025, 6, 30), date(2025, 6, 30), "not_closed"),
                                 (date(2025, 6, 15), date(2025, 7, 1), "not_month_end")):
            with pytest.raises(operations.SnapshotRefused) as refused:
                operations.take_snapshot(day, today)
            assert refused.value.code == code
        assert db.session.scalar(select(func.count()).select_from(IndicatorSnapshot)) == 20 * len(INDICATORS)


def test_the_command_freezes_a_month(app, runner, world):
    result = runner.invoke(args=["indicators", "snapshot", "--month", "2025-04"])
    assert result.exit_code == 0, result.output
    assert f"{20 * len(INDICATORS)} figures frozen at 2025-04-30" in result.output
    again = runner.invoke(args=["indicators", "snapshot", "--month", "2025-04"])
    assert again.exit_code != 0 and "frozen already" in again.output
    bad = runner.invoke(args=["indicators", "snapshot", "--month", "April"])
    assert bad.exit_code != 0 and "YYYY-MM" in bad.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IndicatorSnapshot).where(
            IndicatorSnapshot.as_of == date(2025, 4, 30))) == 20 * len(INDICATORS)
