"""The migration to dated versions: every measure gets its versions, one per rules version it
had (read back from the saved copies of its entry), so a referral's rules_version still names
the rules it was judged under; and back again."""
import json
from datetime import datetime
from decimal import Decimal

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from caseworker.extensions import db
from tests.old_schema import at_revision

MEASURE = ("INSERT INTO measure (code, kind, rules, rules_version, needs_approval, "
           "benefit_amount, benefit_unit, benefit_period, max_months, active, name_kk, "
           "name_ru, name_en) VALUES (:code, :kind, :rules, :rv, :approval, :amount, 'MCI', "
           ":period, 12, :active, 'kk', 'ru', 'en')")
COPY = ("INSERT INTO measure_version (measure_code, rules_version, data, changed, saved_at) "
        "VALUES ('youth_practice', :rv, :data, '[]', :at)")


def _copy(rv: int, max_age: int, amount: str, at: datetime) -> dict:
    data = {"name_en": "Youth practice", "benefit_amount": amount, "benefit_unit": "MCI",
            "benefit_period": "monthly", "max_months": 12, "needs_approval": False,
            "rules": {"max_age": max_age}}
    return {"rv": rv, "data": json.dumps(data), "at": at}


def versions(code: str) -> list[tuple]:
    return [tuple(row) for row in db.session.execute(text(
        "SELECT number, valid_from, valid_to, rules, benefit_amount FROM measure_version "
        "WHERE measure_code = :code ORDER BY valid_from"), {"code": code})]


def test_every_measure_gets_its_versions_and_keeps_its_numbers(tmp_path):
    with at_revision(tmp_path, "0028"):
        db.session.execute(text(MEASURE), [
            {"code": "public_works", "kind": "public_works", "rules": '{"min_age": 16}',
             "rv": 1, "approval": False, "amount": 20, "period": "monthly_minimum",
             "active": True},
            {"code": "youth_practice", "kind": "subsidised_job", "rules": '{"max_age": 23}',
             "rv": 3, "approval": False, "amount": 30, "period": "monthly", "active": True}])
        db.session.execute(text(COPY), [  # as loaded; two saves of version 2; version 3
            _copy(1, 35, "30.00", datetime(2026, 3, 1, 9)),
            _copy(2, 30, "30.00", datetime(2026, 5, 10, 9)),
            _copy(2, 30, "25.00", datetime(2026, 5, 10, 10)),
            _copy(3, 23, "30.00", datetime(2026, 5, 10, 11))])
        db.session.commit()
        upgrade()
        assert [(n, start, end, json.loads(rules) if isinstance(rules, str) else rules)
                for n, start, end, rules, _amount in versions("public_works")] == [
            (1, "2017-01-01", None, {"min_age": 16})]
        found = versions("youth_practice")
        assert [row[:3] for row in found] == [
            (1, "2017-01-01", "2026-05-09"), (2, "2026-05-10", "2026-05-10"),
            (3, "2026-05-11", None)]  # the same day's second rules version: the day after
        assert [json.loads(row[3])["max_age"] for row in found] == [35, 30, 23]
        assert [Decimal(str(row[4])) for row in found] == [30, 25, 30]  # the last save of each
        columns = {c["name"] for c in inspect(db.engine).get_columns("measure")}
        assert "rules" not in columns and "rules_version" not in columns
        db.session.commit()  # the reads above end before the migration alters tables
        downgrade(revision="0028")
        row = db.session.execute(text(
            "SELECT rules, rules_version, benefit_amount FROM measure "
            "WHERE code = 'youth_practice'")).one()
        assert json.loads(row[0]) == {"max_age": 23} and row[1] == 3
        upgrade()  # and up again: the row's version from the start of the catalogue
        assert [row[:3] for row in versions("youth_practice")] == [(3, "2017-01-01", None)]
