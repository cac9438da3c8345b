"""The vacancies behind the "vacancies registered" figure: the drill-down lists the vacancies
the figure counts (by the day they opened, until cancelled), of the place asked for, for a
user who may list that place (as the referrals behind the other figures), narrowed to the
vacancies the user sees; the figures of the region's and the district's tables link to it."""
from __future__ import annotations

from sqlalchemy import func, select

from caseworker import clock
from caseworker.extensions import db
from caseworker.models import Vacancy
from tests import factories as f
from tests.conftest import login
from tests.offers_world import offers_world  # noqa: F401

CODE = "vacancies_registered"


def _url(**place) -> str:
    args = "&".join(f"{k}={v}" for k, v in place.items())
    return f"/indicators/{CODE}/vacancies?year={clock.today().year}&{args}"


def test_the_figure_and_its_vacancies_agree(app, client, offers_world):
    w = offers_world
    with app.app_context():
        shop = db.session.get(Vacancy, w["shop"])
        region, district = shop.region_id, shop.district_id
        away = db.session.get(Vacancy, w["away"])
        counted = db.session.scalar(select(func.count(Vacancy.id)).where(
            Vacancy.region_id == region)) - 1  # all of the region's but the shop
        shop.status, shop.status_on = "cancelled", clock.today()  # counted no more
        db.session.commit()
    login(client, "officer")
    listed = client.get(_url(region=region))
    page = listed.get_data(as_text=True)
    assert listed.status_code == 200
    assert f"/vacancies/{w['plant']}\"" in page and f"/vacancies/{w['closed']}\"" in page
    assert f"/vacancies/{w['away']}\"" in page and f"/vacancies/{w['shop']}\"" not in page
    assert f": {counted} vacancies." in page
    regional = client.get(f"/indicators/regions/{region}?indicator={CODE}").get_data(
        as_text=True)
    assert f"/indicators/{CODE}/vacancies?" in regional and f"district={away.district_id}" \
        in regional
    login(client, "cw")
    own = client.get(_url(district=district)).get_data(as_text=True)
    assert f"/vacancies/{w['plant']}\"" in own and f"/vacancies/{w['away']}\"" not in own
    assert client.get(_url(district=away.district_id)).status_code == 404  # not the own
    assert client.get(_url(region=region)).status_code == 404  # the region is not the own
    # the referrals' drill-down of this figure leads here
    moved = client.get(f"/indicators/{CODE}/referrals?district={district}")
    assert moved.status_code == 302 and f"/indicators/{CODE}/vacancies" in moved.location


def test_roles_without_the_vacancies_or_the_place_see_none(app, client, offers_world):
    with app.app_context():
        shop = db.session.get(Vacancy, offers_world["shop"])
        region, district = shop.region_id, shop.district_id
        other = f.districts_of("790000000")[0]
    for login_name in ("analyst", "admin"):
        login(client, login_name)
        assert client.get(_url(region=region)).status_code == 403
    login(client, "officer")
    assert client.get(_url(region=other.region_id)).status_code == 404
    assert client.get(_url()).status_code == 404  # national: listed by nobody
    assert client.get(f"/indicators/employed/vacancies?district={district}").status_code == 404
