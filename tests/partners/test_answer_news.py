"""What the caseworker is told of the organisations' answers: the work queue counts the
answers nobody acting on the referral has opened (not those of the last days); opening the
referral marks them seen, for its caseworker and the supervisor alike, while a regional
officer's reading leaves them news. The audit export names the organisation that answered."""
from __future__ import annotations

from datetime import datetime

from caseworker.extensions import db
from caseworker.models import Referral, ReferralEvent
from caseworker.partners import operations
from caseworker.referrals import answer_links
from tests import factories as f
from tests.conftest import login
from tests.partners.conftest import TODAY, code_of, referred, text


def _answered(app, world, count: int, days_ago: int = 0) -> list[int]:
    """Referrals of the caseworker's caseload answered "started" by their organisation."""
    ids = referred(app, world, count=count, days_ago=days_ago)
    codes = [code_of(app, referral_id) for referral_id in ids]
    with app.app_context():
        for referral_id, code in zip(ids, codes):
            referral = db.session.get(Referral, referral_id)
            referral.person.caseworker_id = world["cw"]
            operations.answer(answer_links.find(code), "started", TODAY,
                              seen_version=referral.version)
        db.session.commit()
    return ids


def test_answers_count_until_the_referral_is_opened_however_old(app, client, world):
    first, second = _answered(app, world, 2, days_ago=20)
    with app.app_context():  # answered long ago: still news while nobody opened them
        db.session.execute(db.update(ReferralEvent).where(ReferralEvent.provider_id.is_not(None))
                           .values(recorded_at=datetime(2026, 1, 5)))
        db.session.commit()
    login(client, "ro")
    assert client.get(f"/referrals/{first}").status_code == 200  # read only: still news
    login(client, "cw")
    assert "2 answers from partners not opened yet" in text(client.get("/"))
    assert client.get(f"/referrals/{first}").status_code == 200
    home = text(client.get("/"))
    assert "1 answer from partners not opened yet" in home
    listed = text(client.get("/partners/answers"))
    assert f"/referrals/{second}" in listed and f"/referrals/{first}\"" not in listed
    with app.app_context():
        seen = db.session.scalar(db.select(ReferralEvent).where(
            ReferralEvent.referral_id == first, ReferralEvent.provider_id.is_not(None)))
        assert seen.seen_at is not None and seen.seen_by_id == world["cw"]
    login(client, "sv")  # the supervisor opens the other: seen for the caseworker too
    client.get(f"/referrals/{second}")
    login(client, "cw")
    assert "from partners not opened yet" not in text(client.get("/"))
    assert "No answers from partners to open." in text(client.get("/partners/answers"))


def test_the_audit_export_names_the_organisation_that_answered(app, client, world):
    [referral_id] = _answered(app, world, 1)
    with app.app_context():
        provider_id = db.session.get(Referral, referral_id).provider_id
        f.user("ad", "admin")
        db.session.commit()
    login(client, "ad")
    export = text(client.get(f"/admin/audit.csv?from={TODAY}&to={TODAY}"))
    header, *rows = export.splitlines()
    columns = header.split(",")
    assert columns[2:5] == ["user_id", "provider_id", "role"] and columns[-1] == "late"
    answers = [r.split(",") for r in rows if ",referral.started," in r or "answer" in r]
    by_organisation = [r for r in answers if r[3] == str(provider_id)]
    assert by_organisation and all(r[2] == "" for r in by_organisation)
    assert all(r[3] == "" for r in (r.split(",") for r in rows) if r[2])
