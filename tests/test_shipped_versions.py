"""A database made before the catalogue's dated versions knows one version of each measure
(youth practice up to 29 years, from 2017, open). `flask measures add-shipped-versions` adds
the versions the reference data ships and the database lacks, without rewriting the past: a
version starts after the last referral judged under the old one, versions never overlap, and
a second run adds nothing."""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select

from caseworker.domain.versions import missing
from caseworker.extensions import db
from caseworker.measures import operations
from caseworker.models import Measure, MeasureVersion
from caseworker.reference_data import file_versions
from tests import factories as f


def as_before(code: str) -> None:
    """The measure as the migration to versions left it: its one version (the 2017 rules,
    the first shipped version's values) open from 2017."""
    shipped = file_versions()[code][0]
    db.session.execute(delete(MeasureVersion).where(MeasureVersion.measure_code == code))
    db.session.add(MeasureVersion(measure_code=code, number=1, valid_from=date(2017, 1, 1),
                                  valid_to=None, **{k: v for k, v in shipped.items()
                                                    if k not in ("valid_from", "valid_to")}))
    db.session.flush()
    db.session.expire_all()


def versions(code: str) -> list[tuple]:
    return [(v.number, v.valid_from, v.valid_to, v.rules.get("max_age")) for v in
            db.session.scalars(select(MeasureVersion).where(MeasureVersion.measure_code == code)
                               .order_by(MeasureVersion.valid_from))]


def test_an_old_database_gets_the_youth_practice_rule_of_35_from_2022(ctx):
    as_before("youth_practice")
    assert versions("youth_practice") == [(1, date(2017, 1, 1), None, 29)]
    added = operations.add_shipped_versions(file_versions())
    assert [(v.measure_code, v.valid_from) for v in added] == [
        ("youth_practice", date(2022, 1, 1))]
    assert versions("youth_practice") == [(1, date(2017, 1, 1), date(2021, 12, 31), 29),
                                          (2, date(2022, 1, 1), None, 35)]
    assert operations.add_shipped_versions(file_versions()) == []  # run again: nothing


def test_referrals_judged_under_the_old_rule_keep_it(ctx):
    as_before("youth_practice")
    person = f.person(f.districts_of("430000000")[0], born=date(2000, 1, 1))
    judged = f.referral(person, "youth_practice", [("proposed", date(2023, 3, 1))])
    operations.add_shipped_versions(file_versions())
    assert versions("youth_practice") == [(1, date(2017, 1, 1), date(2023, 3, 1), 29),
                                          (2, date(2023, 3, 2), None, 35)]
    db.session.refresh(judged)
    assert judged.rules_version == 1
    assert db.session.get(Measure, "youth_practice").version_on(date(2023, 3, 1)).number == 1


def test_the_command_says_what_it_added(app, runner):
    with app.app_context():
        as_before("youth_practice")
        db.session.commit()
    result = runner.invoke(args=["measures", "add-shipped-versions"])
    assert result.exit_code == 0, result.output
    assert "youth_practice: version 2 from 2022-01-01" in result.output
    again = runner.invoke(args=["measures", "add-shipped-versions"])
    assert "measures: 0 versions added" in again.output


def test_what_is_missing_starts_after_the_latest_version_and_the_last_decision():
    shipped = [(date(2017, 1, 1), date(2021, 12, 31)), (date(2022, 1, 1), None)]
    assert missing([date(2017, 1, 1)], shipped, None) == [(1, date(2022, 1, 1))]
    assert missing([date(2017, 1, 1)], shipped, date(2024, 5, 2)) == [(1, date(2024, 5, 2))]
    assert missing([date(2017, 1, 1), date(2022, 1, 1)], shipped, None) == []
    assert missing([date(2023, 1, 1)], shipped, None) == []  # an admin's version: left alone
    two = [(date(2022, 1, 1), date(2022, 12, 31)), (date(2023, 1, 1), None)]
    assert missing([date(2017, 1, 1)], two, date(2023, 6, 1)) == [(1, date(2023, 6, 1))]
