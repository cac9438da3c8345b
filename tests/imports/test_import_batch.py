"""A property: a generated small history (persons, a referral each with its steps and
outcome, contacts, some of the persons, steps and contacts bad in the ways files are) imported with the batch forms and
the same rows one by one through the use cases give the same records (persons, episodes,
referrals with their events and letters' numbers, outcomes, contacts, the audit events'
kinds) and the same refusals, each at its line and column."""
from __future__ import annotations

import csv
import io
from collections import Counter

from hypothesis import HealthCheck, example, given, settings, strategies as st
from sqlalchemy import delete, select

from caseworker.extensions import db
from caseworker.models import (
    AnswerLink, AuditEvent, FieldChange, FollowUp, ImportedRow, Interaction, Letter, LetterCounter,
    Outcome, Person, Referral, ReferralEvent, RegistrationEpisode)
from tests.imports import world as w

# what can be wrong with a contact row (None: nothing)
CONTACT_DEFECTS = {
    None: {},
    "contact_before_registration": {"at": "2025-01-20 10:00"},
    "contact_empty": {"note": ""},
    "due_date_required": {"next_action": "Позвонить"},
    "action_required": {"due_on": "2025-02-20"},
    "import_choice": {"channel": "pigeon"},
    "import_unknown_person": {"iin": w.iin(9000)},
    "task_too_late": {"next_action": "Позвонить", "due_on": "2026-09-01"},
}
# what can be wrong with a person row (None: nothing)
PERSON_DEFECTS = {
    None: lambda n, row: row,
    "likely_duplicate": lambda n, row: row | {"last_name": w.name(0)},  # born as person 0
    "validation_error": lambda n, row: row | {"consent_basis": "handshake"},
    "invalid_iin": lambda n, row: row | {"iin": row["iin"][:11] + str(
        (int(row["iin"][11]) + 1) % 10)},
    "referral_before_registration": lambda n, row: row | {"registered_on": "2025-03-25",
                                                          "consent_date": "2025-03-25"},
}
# what can be wrong with a referral's second step, "started" (None: nothing)
STEP_DEFECTS = {
    None: {},
    "before_previous": {"on": "2025-03-01"},
    "reason_required": {"to": "cancelled"},
    "letter_number_unused": {"letter_number": "43-2025-000777"},
    "not_allowed": {"to": "approved"},
    "cancelled": {"to": "cancelled", "reason": "duplicate"},  # good: its letter is cancelled
}
# what can be wrong with an outcome (None: nothing)
OUTCOME_DEFECTS = {
    None: {},
    "before_referral": {"start_on": "2025-02-20"},
    "validation_error": {"kind": "lottery_win"},
    "not_employed": {"kind": "not_employed"},  # good: no job, no checks, still registered
}
contact = st.fixed_dictionaries({
    "person": st.integers(0, 2), "defect": st.sampled_from(list(CONTACT_DEFECTS)),
    "day": st.integers(4, 27), "task": st.booleans()})


def files(defects: list, contacts: list[dict], provider_id: int,
          steps: tuple = (), outcomes: tuple = ()) -> dict[str, bytes]:
    persons = len(defects)
    made = w.history(persons, provider_id)
    rows = list(csv.DictReader(io.StringIO(made["steps.csv"].decode())))
    for n, defect in enumerate(steps[:persons]):
        rows[2 * n + 1] |= STEP_DEFECTS[defect]
    made["steps.csv"] = w.table("steps", rows)
    rows = list(csv.DictReader(io.StringIO(made["outcomes.csv"].decode())))
    for n, defect in enumerate(outcomes[:persons]):
        rows[n] |= OUTCOME_DEFECTS[defect]
    made["outcomes.csv"] = w.table("outcomes", rows)
    made["persons.csv"] = w.table("persons", [PERSON_DEFECTS[d](n, w.person_row(n))
                                              for n, d in enumerate(defects)])
    rows = []
    for n, c in enumerate(contacts):
        row = {"external_id": f"C{n}", "iin": w.iin(100 + c["person"] % persons),
               "at": f"2025-02-{c['day']:02d} 1{n % 10}:00", "channel": "phone",
               "topic": "job_search", "note": "Созвонились"}
        if c["task"]:
            row |= {"next_action": "Прийти на приём", "due_on": f"2025-03-{c['day']:02d}"}
        rows.append(row | CONTACT_DEFECTS[c["defect"]])
    made["contacts.csv"] = w.table("contacts", rows)
    return made


def ordered(items) -> list:
    return sorted(items, key=repr)


def records(after_event: int) -> dict:
    iin_of = dict(db.session.execute(select(Person.id, Person.iin)).all())
    referrals = {r.id: (iin_of[r.person_id], r.measure_code, r.proposed_on)
                 for r in db.session.scalars(select(Referral))}
    return {
        "persons": ordered(db.session.execute(select(
            Person.iin, Person.last_name, Person.registered_on, Person.district_id,
            Person.status, Person.segment, Person.caseworker_id, Person.last_contact_at,
            Person.next_due_on)).all()),
        "episodes": ordered((iin_of[e.person_id], e.registered_on, e.deregistered_on, e.reason)
                           for e in db.session.scalars(select(RegistrationEpisode))),
        "referrals": ordered(key + (r.status, r.status_on, r.amount_kzt, r.rules_version)
                            for key, r in ((referrals[r.id], r)
                                           for r in db.session.scalars(select(Referral)))),
        "events": ordered((referrals[e.referral_id], e.from_status, e.to_status, e.happened_on,
                          e.user_id) for e in db.session.scalars(select(ReferralEvent))),
        "letters": ordered((referrals[x.referral_id], x.number, x.issued_on, x.status)
                          for x in db.session.scalars(select(Letter))),
        "outcomes": ordered((referrals[o.referral_id], o.kind, o.start_on, o.wage_kzt,
                            len(o.follow_ups)) for o in db.session.scalars(select(Outcome))),
        "contacts": ordered((iin_of[i.person_id], i.at, i.channel, i.topic, i.note,
                            i.next_action, i.due_on, i.user_id)
                           for i in db.session.scalars(select(Interaction))),
        "imported": ordered(db.session.execute(select(
            ImportedRow.kind, ImportedRow.external_id, ImportedRow.district_id)).all()),
        "audit": Counter(db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.id > after_event))),
    }


def forget() -> None:
    """What an import wrote, but the audit log (append-only)."""
    for model in (AnswerLink, FollowUp, Outcome, Letter, LetterCounter, ReferralEvent, ImportedRow,
                  Interaction, Referral, FieldChange, RegistrationEpisode, Person):
        db.session.execute(delete(model))
    db.session.commit()


def imported(made: dict[str, bytes], user, batched: bool) -> tuple[list, dict]:
    mark = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    report = w.run(made, user, batched=batched)
    said = sorted(((p.source, p.line, p.column, p.value, p.code, str(p.message))
                   for p in report.problems), key=lambda p: (p[0], p[1], p[4]))
    found = records(mark or 0)
    forget()
    return said + [(report.new, report.unchanged, report.done)], found


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(persons=st.lists(st.sampled_from(list(PERSON_DEFECTS)), min_size=1, max_size=3),
       contacts=st.lists(contact, min_size=1, max_size=12),
       steps=st.lists(st.sampled_from(list(STEP_DEFECTS)), max_size=3),
       outcomes=st.lists(st.sampled_from(list(OUTCOME_DEFECTS)), max_size=3))
@example(persons=[None, None, None], steps=["before_previous", "not_allowed", "cancelled"],
         contacts=[{"person": 2, "defect": None, "day": 9, "task": True}],
         outcomes=["before_referral", "validation_error", "not_employed"])
def test_a_batch_and_the_same_rows_one_by_one_make_the_same(at, persons, contacts, steps,
                                                             outcomes):
    made = files(persons, contacts, at["provider"].id, tuple(steps), tuple(outcomes))
    by_batch = imported(made, at["sup"], batched=True)
    one_by_one = imported(made, at["sup"], batched=False)
    assert by_batch[0] == one_by_one[0]
    for kind, rows in by_batch[1].items():
        assert rows == one_by_one[1][kind], kind
    if not by_batch[0][:-1]:  # nothing bad: written, and the same file again changes nothing
        assert by_batch[1]["contacts"] and by_batch[1]["letters"]


def test_the_same_file_again_changes_nothing_in_a_batch(at):
    made = files([None, None], [{"person": n, "defect": None, "day": 5 + n, "task": n % 2 == 0}
                     for n in range(6)], at["provider"].id)
    first = w.run(made, at["sup"])
    assert not first.problems and first.new == 2 * 5 + 6  # 5 rows of history a person
    again = w.run(made, at["sup"])
    assert (again.new, again.unchanged, again.problems) == (0, first.new, [])
