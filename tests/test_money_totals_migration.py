"""The migration to running totals: each allocation's totals are worked out from the
referrals and payments already there; a Roadmap project's typed "jobs created" and "funds
used", where above what its progress entries add up to, become one dated entry with a reason
(nothing is lost), and the columns go; and back again."""
from datetime import date, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import insert, inspect, text

from caseworker.extensions import db
from caseworker.models import Payment, Referral
from tests.old_schema import (
    at_revision, district_of, measures_by_sql, person_row, territories_by_sql)

KYZYLORDA = "430000000"
PROJECT = ("INSERT INTO roadmap_project (region_id, district_id, year, name, jobs_kind, "
           "jobs_planned, jobs_created, funds_allocated_kzt, funds_used_kzt, updated_at, "
           "version) VALUES (:region, NULL, 2026, :name, :kind, 50, :jobs, 10000000000, "
           ":funds, :at, 1)")
ENTRY = ("INSERT INTO project_progress (project_id, \"on\", funds_used_kzt, jobs_created, "
         "permanent_jobs, region_id, entered_at) VALUES (:project, :on, :funds, :jobs, :jobs, "
         ":region, :on)")


def _referral(person: int, code: str, status: str, amount: int, allocation: int) -> int:
    return db.session.execute(insert(Referral.__table__).values(
        person_id=person, measure_code=code, status=status, proposed_on=date(2026, 2, 1),
        status_on=date(2026, 2, 1), verdict={}, rules_version=1, version=1, amount_kzt=amount,
        allocation_id=allocation, created_at=date(2026, 2, 1))).inserted_primary_key[0]


def _pay(referral: int, amount: int, district, number: str, code: str) -> None:
    db.session.execute(insert(Payment.__table__).values(
        referral_id=referral, kind="grant", amount_kzt=amount, paid_on=date(2026, 3, 1),
        document_number=number, measure_code=code, region_id=district.region_id,
        district_id=district.id, source="form", entered_at=datetime(2026, 3, 1)))


def _project(region: int, name: str, kind: str, jobs: int, funds: int, at: datetime) -> int:
    db.session.execute(text(PROJECT), {"region": region, "name": name, "kind": kind,
                                       "jobs": jobs, "funds": funds, "at": at})
    return db.session.scalar(text("SELECT id FROM roadmap_project WHERE name = :name"),
                             {"name": name})


def _entries(project: int) -> list[tuple]:
    """(day, funds, jobs, permanent, carried over) of each entry of the project."""
    return [(date.fromisoformat(str(on)[:10]), funds, jobs, permanent, bool(carried))
            for on, funds, jobs, permanent, carried in db.session.execute(text(
        "SELECT \"on\", funds_used_kzt, jobs_created, permanent_jobs, reason IS NOT NULL "
        "FROM project_progress WHERE project_id = :p ORDER BY id"), {"p": project})]


def test_totals_are_worked_out_and_typed_figures_become_entries(tmp_path):
    with at_revision(tmp_path, "trust_sessions"):
        territories_by_sql()  # the reference data as that revision's columns take it
        measures_by_sql()
        district = district_of(KYZYLORDA, first=True)
        person = person_row(district)
        allocation = db.session.execute(text(
            "INSERT INTO allocation (measure_code, region_id, year, places, funds_kzt, version) "
            "VALUES ('state_grant', :region, 2026, 10, 100000000, 1)"),
            {"region": district.region_id}).lastrowid
        started = _referral(person, "state_grant", "started", 5_000_000, allocation)
        done = _referral(person, "microcredit", "completed", 3_000_000, allocation)
        _referral(person, "youth_practice", "cancelled", 900_000, allocation)
        _referral(person, "public_works", "proposed", 700_000, allocation)
        _pay(started, 1_000_000, district, "A", "state_grant")
        _pay(done, 2_500_000, district, "B", "microcredit")
        typed = _project(district.region_id, "Су құбыры", "permanent", 12, 40_000_000,
                         datetime(2026, 5, 20, 9))
        db.session.execute(text(ENTRY), {"project": typed, "on": date(2026, 3, 31),
                                         "funds": 10_000_000, "jobs": 5,
                                         "region": district.region_id})
        late = _project(district.region_id, "Жол", "temporary", 3, 0, datetime(2027, 1, 9))
        covered = _project(district.region_id, "Мектеп", "permanent", 2, 0,
                           datetime(2026, 4, 1))
        db.session.execute(text(ENTRY), {"project": covered, "on": date(2026, 3, 31),
                                         "funds": 0, "jobs": 5, "region": district.region_id})
        db.session.commit()

        upgrade()
        assert tuple(db.session.execute(text(
            "SELECT committed_kzt, paid_open_kzt, paid_closed_kzt FROM allocation")).one()) == (
            5_700_000, 1_000_000, 2_500_000)
        assert _entries(typed) == [(date(2026, 3, 31), 10_000_000, 5, 5, False),
                                   (date(2026, 5, 20), 30_000_000, 7, 7, True)]
        assert _entries(late) == [(date(2026, 12, 31), 0, 3, 0, True)]  # within its year
        assert _entries(covered) == [(date(2026, 3, 31), 0, 5, 5, False)]
        columns = {c["name"] for c in inspect(db.engine).get_columns("roadmap_project")}
        assert not columns & {"jobs_created", "funds_used_kzt"}
        db.session.commit()

        downgrade(revision="trust_sessions")
        assert db.session.execute(text(
            "SELECT name, jobs_created, funds_used_kzt FROM roadmap_project ORDER BY id")
        ).all() == [("Су құбыры", 12, 40_000_000), ("Жол", 3, 0), ("Мектеп", 5, 0)]
        assert len(_entries(typed)) == 1 and _entries(late) == []
