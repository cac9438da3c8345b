"""Migration 0047: every provider stays, with its referrals, and its kinds start as the one
kind it had; its name becomes the Russian name and its address the legal address. Migration
0050: the organisations' answers older than the week the work queue counted them are seen,
the last week's stay news."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import text

from caseworker.extensions import db


def test_providers_and_their_referrals_carry_over(tmp_path):
    from flask_migrate import downgrade, upgrade

    from tests.old_schema import at_revision
    with at_revision(tmp_path, "money_totals"):
        from tests.old_schema import territories_by_sql
        territories_by_sql()
        region = db.session.scalar(text("SELECT id FROM region ORDER BY id LIMIT 1"))
        for pid, kind in ((1, "training"), (2, "akimat")):
            db.session.execute(text(
                "INSERT INTO provider (id, name, name_search, bin, kind, region_id, address, "
                "active, version) VALUES (:id, :name, :name, :bin, :kind, :region, 'ул. Абая 1', "
                "1, 3)"), {"id": pid, "name": f"Орг {pid}", "bin": f"12044000000{pid}",
                           "kind": kind, "region": region})
        db.session.execute(text(
            "INSERT INTO measure (code, kind, active, name_kk, name_ru, name_en) "
            "VALUES ('public_works', 'public_works', 1, 'Қ', 'О', 'P')"))
        db.session.execute(text(
            "INSERT INTO person (id, iin, birth_date, sex, last_name, first_name, name_search, "
            "name_order, name_fold, region_id, district_id, rural, target_groups, languages, "
            "status, registered_on, created_at, updated_at, version) SELECT 1, '900517301423', "
            "'1990-05-17', 'M', 'Ә', 'Е', 'ә е', 'a', 'a', region_id, id, 0, '[]', '[]', "
            "'active', '2026-03-01', '2026-03-01', '2026-03-01', 1 FROM district LIMIT 1"))
        db.session.execute(text(
            "INSERT INTO referral (id, person_id, measure_code, provider_id, status, proposed_on, "
            "status_on, verdict, rules_version, created_at, version) VALUES (7, 1, "
            "'public_works', 2, 'referred', '2026-03-02', '2026-03-02', '{}', 1, "
            "'2026-03-02', 1)"))
        db.session.commit()
        upgrade(revision="offers")
        kinds = db.session.execute(text(
            "SELECT provider_id, kind FROM provider_kind ORDER BY provider_id")).all()
        assert [tuple(k) for k in kinds] == [(1, "training"), (2, "akimat")]
        assert db.session.execute(text(
            "SELECT name_ru, legal_address, version FROM provider WHERE id = 1")).one() == (
            "Орг 1", "ул. Абая 1", 3)
        assert db.session.scalar(text("SELECT provider_id FROM referral WHERE id = 7")) == 2
        now = datetime.utcnow()
        for event_id, at in ((1, now - timedelta(days=30)), (2, now - timedelta(days=2))):
            db.session.execute(text(
                "INSERT INTO referral_event (id, referral_id, from_status, to_status, "
                "happened_on, recorded_at, provider_id) VALUES (:id, 7, 'referred', 'started', "
                "'2026-03-05', :at, 2)"), {"id": event_id, "at": at})
        db.session.commit()
        upgrade()
        seen = db.session.execute(text(
            "SELECT id, seen_at IS NOT NULL FROM referral_event ORDER BY id")).all()
        assert [tuple(row) for row in seen] == [(1, True), (2, False)]
        downgrade(revision="money_totals")
        assert db.session.execute(text(
            "SELECT kind, name, address FROM provider WHERE id = 2")).one() == (
            "akimat", "Орг 2", "ул. Абая 1")
