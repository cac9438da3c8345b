"""The referral tests' world and helpers: two districts of Kyzylorda region with a caseworker
and a supervisor each, a young graduate (eligible for youth practice) and a person of 56 (not),
a provider of the region and one of another region, and API tokens."""
from __future__ import annotations

import re
import subprocess
import threading
import traceback
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from caseworker import clock
from caseworker.api import tokens
from caseworker.extensions import db
from caseworker.models import Person, Referral, User
from caseworker.referrals import operations
from caseworker.refusals import Refused
from tests import factories as f
from tests.conftest import csrf_from

KYZYLORDA, SHYMKENT = "430000000", "790000000"
TODAY = clock.today()


def young(district, last="Жақсылықова", **kw) -> Person:
    return f.person(district, last=last, first="Мөлдір", sex="F",
                    born=date(TODAY.year - 24, 1, 15), graduation_year=TODAY.year - 1,
                    experience_months=0, education_level="higher", **kw)


@pytest.fixture
def world(app):
    with app.app_context():
        kz = f.districts_of(KYZYLORDA)
        cw, sv = f.user("cw", "caseworker", kz[0]), f.user("sv", "supervisor", kz[0])
        officer = f.user("ro", "regional_officer", region_kato=KYZYLORDA)
        ids = {"grad": young(kz[0]).id, "old": f.person(kz[0], born=date(1970, 1, 1)).id,
               "cw": cw.id, "sv": sv.id, "district": kz[0].id, "region": kz[0].region_id,
               "provider": f.provider(kz[0].region_id).id,
               "far_provider": f.provider(f.districts_of(SHYMKENT)[0].region_id,
                                          name="ТОО «Оңтүстік»").id}
        f.user("cw.other", "caseworker", kz[1])
        f.user("sv.other", "supervisor", kz[1])
        ids["tokens"] = {name: tokens.create(user, "test")[1]
                         for name, user in (("cw", cw), ("sv", sv), ("ro", officer))}
        db.session.commit()
        return ids


def refused(code: str, call, *args, **kwargs) -> Refused:
    """The refusal `call(*args, **kwargs)` raises, which must have `code`."""
    with pytest.raises(Refused) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code, caught.value
    return caught.value


def text(response) -> str:
    return response.get_data(as_text=True)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def bearer(world, who="cw", **headers) -> dict:
    return {"Authorization": f"Bearer {world['tokens'][who]}", **headers}


def refer_page(client, person_id, code="youth_practice", **extra):
    """Sends the referral form: to the first provider it offers unless `provider_id` is
    given ("" for none). Returns the answer, the data sent and the form's address."""
    url = f"/people/{person_id}/refer/{code}"
    page = text(client.get(url))
    token = page.split('name="form_token" type="hidden" value="')[1].split('"')[0]
    select = page.split('name="provider_id"')[1].split("</select>")[0]
    offered = re.findall(r'value="(\d+)"', select)
    data = {"csrf_token": csrf_from(page), "form_token": token,
            "provider_id": offered[0] if offered else "", **extra}
    return client.post(url, data=data), data, url


def step_data(page: str, to: str, on: date = TODAY, **extra) -> dict:
    """The form of one step on a referral's page, as the browser sends it."""
    return {"to": to, f"{to}-csrf_token": csrf_from(page), f"{to}-to": to,
            f"{to}-on": on.isoformat(), **{f"{to}-{k}": v for k, v in extra.items()}}


def proposed(app, world, count: int = 1, days_ago: int = 40, measure="youth_practice"):
    """Referrals proposed `days_ago` by the caseworker for new young persons of the district,
    naming the district's provider: ids."""
    with app.app_context():
        district = f.districts_of(KYZYLORDA)[0]
        user = db.session.get(User, world["cw"])
        ids = [operations.refer(young(district, last=f"Тестова{i}"), measure, user,
                                on=TODAY - timedelta(days=days_ago),
                                provider_id=world["provider"]).id for i in range(count)]
        db.session.commit()
        return ids


def referred(app, world, count: int = 1, days_ago: int = 0) -> list[int]:
    """Referrals taken to "referred" `days_ago` (their letters issued that day): ids."""
    ids = proposed(app, world, count, days_ago=max(days_ago, 1))
    with app.app_context():
        user = db.session.get(User, world["cw"])
        for referral_id in ids:
            operations.transition(db.session.get(Referral, referral_id), "referred",
                                  TODAY - timedelta(days=days_ago), user)
        db.session.commit()
    return ids


def started(app, world, count: int = 1) -> list[int]:
    """Referrals referred and started today (a participation begun: it may have its job)."""
    ids = referred(app, world, count)
    with app.app_context():
        user = db.session.get(User, world["cw"])
        for referral_id in ids:
            operations.transition(db.session.get(Referral, referral_id), "started", TODAY, user)
        db.session.commit()
    return ids


def pdf_text(body: bytes) -> str:
    """What a reader of the PDF sees: its text, as poppler's pdftotext extracts it."""
    assert body.startswith(b"%PDF-")
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=body, capture_output=True,
                          check=True).stdout.decode()


def at_once(app, work, items) -> tuple[list, list[str]]:
    """`work(item)` for each item in its own thread, application context and database
    session, all released at the same moment; each commits. Returns what the successful
    ones returned, and the refusal codes of the others (an error of any other kind is the
    test's failure)."""
    barrier, lock = threading.Barrier(len(items)), threading.Lock()
    done, refused, failed = [], [], []

    def run(item):
        with app.app_context():
            try:
                barrier.wait()
                result = work(item)
                db.session.commit()
            except Refused as refusal:
                db.session.rollback()
                with lock:
                    refused.append(refusal.code)
            except Exception:  # noqa: BLE001 - reported below, with its traceback
                db.session.rollback()
                with lock:
                    failed.append(traceback.format_exc())
            else:
                with lock:
                    done.append(result)

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failed, failed
    return done, refused
