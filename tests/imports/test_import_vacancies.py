"""The labour exchange's extract of vacancies through the import: each row through the
operation a typed entry calls; all or nothing; the same file twice changes nothing and says
so; bad rows reported with their line, column and reason."""
from __future__ import annotations

from sqlalchemy import func, select

from caseworker.extensions import db
from caseworker.imports import work
from caseworker.models import Vacancy
from tests.imports.world import run, table


def row(n: int, bin_value: str, **extra) -> dict:
    return {"external_id": f"ELE-{n}", "bin": bin_value, "occupation_code": "8322",
            "title": "Водитель", "places": "2", "wage": "250000", "hours_per_week": "40",
            "schedule": "full_day", "languages": "kk; ru", "opened_on": "2025-03-03",
            "closes_on": "2099-12-31", **extra}


def vacancies() -> int:
    return db.session.scalar(select(func.count()).select_from(Vacancy))


def test_imported_once_and_again_changes_nothing(at):
    employer = at["provider"].bin
    files = {"vacancies.csv": table("vacancies", [row(n, employer) for n in range(3)])}
    first = run(files, at["sup"])
    assert (first.new, first.unchanged, first.problems) == (3, 0, [])
    assert vacancies() == 3
    saved = db.session.scalar(select(Vacancy).where(Vacancy.external_id == "ELE-1"))
    assert saved.district_id == at["district"].id and saved.languages == ["kk", "ru"]
    again = run(files, at["sup"])
    assert (again.new, again.unchanged, again.problems) == (0, 3, [])
    assert "Nothing changed" in work.summary(again)
    assert vacancies() == 3


def test_a_bad_row_keeps_the_whole_file_out_with_its_reasons(at):
    employer = at["provider"].bin
    files = {"vacancies.csv": table("vacancies", [
        row(1, employer), row(2, employer, places="0"), row(3, employer, wage="10000"),
        row(4, "120440000018"), row(5, employer, occupation_code="83"),
        row(6, employer, closes_on="2025-03-01"), row(7, employer, schedule="night")])}
    report = run(files, at["sup"])
    codes = {p.line: p.code for p in report.problems}
    assert codes == {3: "vacancy_places", 4: "wage_below_minimum",
                     5: "import_unknown_employer", 6: "validation_error",
                     7: "closes_before_opens", 8: "validation_error"}, codes
    assert vacancies() == 0  # all or nothing
    assert not report.written


def test_a_row_of_another_district_is_refused(at):
    files = {"vacancies.csv": table("vacancies", [
        row(1, at["provider"].bin, district_id=at["other"].kato)])}
    report = run(files, at["sup"])
    assert [p.code for p in report.problems] == ["import_other_district"]
    assert vacancies() == 0
