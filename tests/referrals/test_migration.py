"""The revision that makes the database keep one open referral per person and measure: a
database that already holds referrals made twice at the same moment is mended first."""
from types import SimpleNamespace

from flask_migrate import upgrade
from sqlalchemy import insert, select, text

from caseworker.extensions import db
from caseworker.models import Letter, LetterBatch, Person, Referral, ReferralEvent
from tests import factories as f
from tests.old_schema import at_revision
from tests.referrals.conftest import KYZYLORDA, TODAY


def test_duplicates_of_before_are_closed_and_the_first_stays(tmp_path):
    with at_revision(tmp_path, "0028"):
        from tests.old_schema import district_of, person_row, reference_before_versions
        reference_before_versions()
        district = district_of(KYZYLORDA, first=True)
        person = SimpleNamespace(id=person_row(district))  # a row: today's person has columns
        # the user as a row of that revision's table (today's model has columns it has not)
        user = SimpleNamespace(id=db.session.execute(text(
            "INSERT INTO user (login, full_name, password_hash, role, district_id, active, "
            "session_counter, created_at) VALUES ('cw', 'cw', '', 'caseworker', :district, 1, 0, "
            "CURRENT_TIMESTAMP)"), {"district": district.id}).lastrowid)
        # written as rows, not through the session: its upkeep of the casework facts and the
        # indicators reads today's schema (void columns this revision has not yet)
        referrals = [SimpleNamespace(id=db.session.execute(insert(Referral.__table__).values(
            person_id=person.id, measure_code=code, status=status, proposed_on=TODAY,
            status_on=TODAY, verdict={}, rules_version=1, version=1,
            created_at=TODAY)).inserted_primary_key[0])
                     for code, status in (
                         ("public_works", "referred"), ("public_works", "proposed"),
                         ("public_works", "referred"), ("public_works", "cancelled"),
                         ("short_training", "started"))]
        for n, (referral, status) in enumerate(((referrals[0], "genuine"),
                                                (referrals[0], "genuine"),
                                                (referrals[2], "genuine"))):
            db.session.add(Letter(referral_id=referral.id, number=f"43-{n}", code=f"CODE{n}",
                                  issued_on=TODAY, status=status))
        db.session.add_all([LetterBatch(district_id=district.id, made_by_id=user.id,
                                        made_on=TODAY, letters=1, pdf=b"%PDF-" + bytes([n]))
                            for n in range(2)])
        db.session.commit()
        ids = [r.id for r in referrals]
        upgrade()
        db.session.expire_all()
        statuses = [db.session.get(Referral, i).status for i in ids]
        assert statuses == ["referred", "cancelled", "cancelled", "cancelled", "started"]
        assert db.session.get(Referral, ids[1]).reason == "duplicate"
        assert db.session.scalars(select(ReferralEvent.referral_id).where(
            ReferralEvent.reason == "duplicate")).all() == ids[1:3]
        letters = db.session.execute(select(Letter.number, Letter.status)
                                     .order_by(Letter.id)).all()
        assert letters == [("43-0", "cancelled"), ("43-1", "genuine"), ("43-2", "cancelled")]
        assert db.session.scalar(select(Person.open_referrals)) == 2
        assert db.session.scalars(select(LetterBatch.pdf)).all() == [b"%PDF-\x01"]
        assert db.session.scalar(text("SELECT count(*) FROM sqlite_master "
                                      "WHERE name = 'uq_referral_open'")) == 1
