"""What the JSON API's tests share: a world of Kyzylorda's and Shymkent's staff with API
tokens and two persons, the bearer header of one of them, and the one error shape."""
from __future__ import annotations

from datetime import date

import pytest

from caseworker import clock
from caseworker.api import tokens
from caseworker.domain.iin import make
from caseworker.extensions import db
from tests import factories as f

KYZYLORDA, SHYMKENT = "430000000", "790000000"
TODAY = clock.today()


def young(district, last="Жақсылықова", **kw):
    return f.person(district, last=last, first="Мөлдір", sex="F",
                    born=date(TODAY.year - 24, 1, 15), graduation_year=TODAY.year - 1,
                    experience_months=0, education_level="higher",
                    consent_date=date(2026, 3, 1), consent_basis="written", **kw)


@pytest.fixture
def world(app):
    with app.app_context():
        kz, sh = f.districts_of(KYZYLORDA), f.districts_of(SHYMKENT)
        users = f.staff(cw="caseworker", sv="supervisor", officer="regional_officer",
                        analyst="analyst", admin="admin")
        users["sh"] = f.user("caseworker.shymkent", "caseworker", sh[0])
        grad = young(kz[0], phone="+7 701 111 22 33")
        ids = {"grad": grad.id, "grad_iin": grad.iin, "district": kz[0].id,
               "sh_district": sh[0].id,
               "sh_person": young(sh[0], last="Оспанова").id}
        secrets = {name: tokens.create(u, "test")[1] for name, u in users.items()}
        ids.update({f"{name}_id": u.id for name, u in users.items()})
        db.session.commit()
        return {**ids, "tokens": secrets}


def auth(world, who="cw", **headers):
    return {"Authorization": f"Bearer {world['tokens'][who]}", **headers}


def assert_error(response, status, code=None):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["message"] and "Traceback" not in response.get_data(as_text=True)
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def valid_iin(born=date(1995, 3, 14), sex="M", serial=777):
    while True:
        value = make(born, sex, serial)
        if value:
            return value
        serial += 1


def items_by(response, key: str) -> dict:
    """The items of a 200 answer's list by their `key`."""
    assert response.status_code == 200, response.get_data(as_text=True)
    return {item[key]: item for item in response.get_json()["items"]}
