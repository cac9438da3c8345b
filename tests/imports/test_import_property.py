"""A property: an import of many rows says of each row what an import of that row alone says
(the same refusal code, or none), and the rows that pass make the same persons whether they
come in one file or one file each. Rows are drawn with or without a defect of the kind files
have (an IIN with a wrong check digit, a date of 0001-01-01, a consent basis no one uses, a fraction in a
whole number)."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import delete, select

from caseworker.extensions import db
from caseworker.models import FieldChange, Person, RegistrationEpisode
from tests.imports import world as w

DEFECTS = {
    None: lambda row: row,
    "invalid_iin": lambda row: row | {"iin": row["iin"][:4] + " " + row["iin"][4:11]
                                      + str((int(row["iin"][11]) + 1) % 10)},
    "import_date_too_early": lambda row: row | {"registered_on": "0001-01-01"},
    "validation_error": lambda row: row | {"consent_basis": "handshake"},
    "import_not_whole": lambda row: row | {"household_size": "2,5"},
}


def by_line(report) -> dict[int, str]:
    return {p.line: p.code for p in report.problems}


def made() -> list[tuple]:
    return sorted(db.session.execute(select(
        Person.iin, Person.last_name, Person.registered_on, Person.district_id,
        Person.household_size, Person.consent_basis)).all())


def forget_persons() -> None:
    for model in (FieldChange, RegistrationEpisode, Person):  # the audit log is append-only
        db.session.execute(delete(model))
    db.session.commit()


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(defects=st.lists(st.sampled_from(list(DEFECTS)), min_size=1, max_size=5))
def test_many_rows_at_once_and_each_alone_say_and_make_the_same(at, defects):
    rows = [DEFECTS[d](w.person_row(n, household_size=str(n + 1)))
            for n, d in enumerate(defects)]
    together = w.run({"persons.csv": w.table("persons", rows)}, at["sup"], check_only=True)
    alone = [w.run({"persons.csv": w.table("persons", [row])}, at["sup"], check_only=True)
             for row in rows]
    assert by_line(together) == {n + 2: by_line(report)[2]
                                 for n, report in enumerate(alone) if report.problems}
    assert defects == [by_line(together).get(n + 2) for n in range(len(rows))]
    good = [row for row, d in zip(rows, defects) if d is None]
    if not good:
        return
    w.run({"persons.csv": w.table("persons", good)}, at["sup"])
    at_once = made()
    forget_persons()
    for row in good:
        w.run({"persons.csv": w.table("persons", [row])}, at["sup"])
    assert made() == at_once
    forget_persons()
