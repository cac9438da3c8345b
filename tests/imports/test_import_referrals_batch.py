"""A property: referrals imported with their batch form (`many.refer_many`, then their steps
with `transition_many`) and the same rows one by one through `refer` and `transition` give
the same records (each referral's verdict, allocation, amount, project, comment and
override, its event, the allocations' running totals, a cancelled one's too, the audit
events' kinds) and the same refusals, each at its line and column. The rows draw on a
district's allocation of public works with little money and carry the defects referral
files have (an unknown measure or person, a day before the registration, a provider,
project, start or destination that does not fit, an amount beyond the funds or on a free
course, the same measure twice)."""
from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, example, given, settings, strategies as st
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.models import Allocation, AuditEvent, Referral, ReferralEvent, RoadmapProject
from caseworker.payments import totals
from tests.imports import test_import_batch as tb, world as w

DEFECTS = {
    None: {},
    "measure_not_found": {"measure_code": "no_such_measure"},
    "referral_before_registration": {"on": "2025-01-20"},
    "provider": {"provider_id": "999999"},
    "project": {"project_id": "999999"},
    "start_on": {"start_on": "2031-01-01"},
    "destination": {"destination_region_id": "1"},
    "import_unknown_person": {"iin": w.iin(9000)},
    "costly": {"amount_kzt": "600000"},  # the allocation has 1,000,000
    "overridden": {"amount_kzt": "600000", "override_reason": "Решение комиссии"},
    "free_course": {"measure_code": "short_training", "amount_kzt": "1000"},
    "placement": {"measure_code": "job_placement", "comment": "  Вакансия  "},
    "in_project": {"project_id": "PROJECT"},
}


def _world(at) -> None:
    """Public works of 2025: the district's own allocation (one place, little money), then
    the region's; a Roadmap project of the region (made once for all the examples)."""
    if db.session.scalar(select(Allocation.id)) is not None:
        return
    region_id, district_id = at["district"].region_id, at["district"].id
    for district, places in ((district_id, 1), (None, 5)):
        db.session.add(Allocation(measure_code="public_works", region_id=region_id,
                                  district_id=district, year=2025, places=places,
                                  funds_kzt=1_000_000))
    db.session.add(RoadmapProject(region_id=region_id, year=2025, name="Дорога",
                                  jobs_kind="temporary"))
    db.session.commit()


def files(at, defects: list, twice: list[int], steps: tuple = ()) -> dict[str, bytes]:
    """A history of a person each, their referral with its defect; `twice`: persons whose
    referral row comes again under another id (the same measure: already open); `steps`:
    what is wrong with each referral's second step (`tb.STEP_DEFECTS`: a cancelled one lets
    go of what it committed of its allocation)."""
    made = tb.files([None] * len(defects), [{"person": 0, "defect": None, "day": 5,
                                            "task": False}], at["provider"].id, steps)
    rows = list(csv.DictReader(io.StringIO(made["referrals.csv"].decode())))
    project = db.session.scalar(select(RoadmapProject.id))
    for n, defect in enumerate(defects):
        rows[n] |= {k: str(project) if v == "PROJECT" else v
                    for k, v in DEFECTS[defect].items()}
    rows += [rows[n % len(defects)] | {"external_id": f"again-{k}"} for k, n in enumerate(twice)]
    made["referrals.csv"] = w.table("referrals", rows)
    # a cancelled referral has no outcome: its row would be refused, and nothing kept
    cancelled = {rows[n]["external_id"] for n, defect in enumerate(steps[:len(defects)])
                 if defect == "cancelled"}
    outcomes = [row for row in csv.DictReader(io.StringIO(made.pop("outcomes.csv").decode()))
                if row["referral_external_id"] not in cancelled]
    if outcomes:  # (a file of no rows is a bad file)
        made["outcomes.csv"] = w.table("outcomes", outcomes)
    return made


def details() -> dict:
    iin_of = {r.id: (r.person.iin, r.measure_code) for r in db.session.scalars(select(Referral))}
    return {
        "referrals": tb.ordered(
            (iin_of[r.id], r.status, r.verdict, r.rules_version, r.amount_kzt,
             r.allocation.district_id if r.allocation else "none", r.provider_id,
             r.project_id, r.start_on, r.comment, r.override_reason, r.created_by_id)
            for r in db.session.scalars(select(Referral))),
        "proposed": tb.ordered(
            (iin_of[e.referral_id], e.happened_on, e.note, e.user_id)
            for e in db.session.scalars(select(ReferralEvent).where(
                ReferralEvent.to_status == "proposed"))),
        "totals": tb.ordered(
            (a.district_id, a.committed_kzt, a.paid_open_kzt, a.paid_closed_kzt)
            for a in db.session.scalars(select(Allocation))),
    }


def imported(made: dict[str, bytes], user, batched: bool) -> tuple[list, dict]:
    mark = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    report = w.run(made, user, batched=batched)
    said = sorted(((p.source, p.line, p.column, p.value, p.code, str(p.message))
                   for p in report.problems), key=lambda p: (p[0], p[1], p[4]))
    found = tb.records(mark or 0) | details()
    tb.forget()
    totals.recount()  # the allocations as they were
    db.session.commit()
    return said + [(report.new, report.unchanged, report.done)], found


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(defects=st.lists(st.sampled_from(list(DEFECTS)), min_size=1, max_size=4),
       twice=st.lists(st.integers(0, 3), max_size=2),
       steps=st.lists(st.sampled_from(list(tb.STEP_DEFECTS)), max_size=4))
@example(defects=["costly", "costly", "overridden", None], twice=[1], steps=[])
@example(defects=["measure_not_found", "provider", "free_course", "placement"], twice=[3],
         steps=[])
@example(defects=["overridden"], twice=[], steps=["cancelled"])
def test_referrals_in_a_batch_and_one_by_one_make_the_same(at, defects, twice, steps):
    _world(at)
    made = files(at, defects, twice, tuple(steps))
    by_batch = imported(made, at["sup"], batched=True)
    one_by_one = imported(made, at["sup"], batched=False)
    assert by_batch[0] == one_by_one[0]
    for kind, rows in by_batch[1].items():
        assert rows == one_by_one[1][kind], kind


def test_a_batch_refuses_what_its_own_earlier_rows_made_impossible(at):
    """The second referral of a person to the same measure finds the first open; the second
    costly one finds the money taken by the first (public works: a supervisor may override,
    so "no_funds")."""
    _world(at)
    made = files(at, ["costly", "costly"], [0])
    report = w.run(made, at["sup"], batched=True)
    refused = {p.line: p.code for p in report.problems if p.source == "referrals.csv"}
    assert refused == {3: "no_funds", 4: "already_open"}
