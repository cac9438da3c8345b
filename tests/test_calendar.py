"""The working-days calendar as data: what the holidays package gives and what the additions
correct, the rules of a day, the years load-reference fills, and `flask calendar add-year`.

The seeded years 2017-2027 are reference data kept for the whole run: tests write only in
later years, and `later_years_emptied` removes what they wrote."""
from datetime import date

import pytest
from sqlalchemy import delete, func, select

from caseworker.calendar import operations, queries, source
from caseworker.calendar.source import DayRow
from caseworker.domain.workdays import add_working_days, working_days_in_month
from caseworker.extensions import db
from caseworker.models import AuditEvent, CalendarDay
from caseworker.refusals import Refused
from tests import factories as f

HEADER = "date,kind,name_kk,name_ru,name_en,source\n"


@pytest.fixture(autouse=True)
def later_years_emptied(app):
    yield
    with app.app_context():
        db.session.rollback()
        db.session.execute(delete(CalendarDay).where(CalendarDay.day >= date(2028, 1, 1)))
        db.session.commit()


def day_row(day, kind="holiday", name="Мереке", src="test decree"):
    return DayRow(day, kind, name, name, name, src)


def days(year):
    return {d.day: d for d in db.session.scalars(queries.days_of_year(year))}


# ---- the package and the additions ----------------------------------------------------------

def test_the_package_gives_decreed_transfers_with_the_saturdays_worked():
    rows = {r.day: r for r in source.from_package(2018)}
    worked = sorted(d for d, r in rows.items() if r.kind == "working_day")
    assert worked == [date(2018, 3, 3), date(2018, 4, 28), date(2018, 5, 5), date(2018, 8, 25),
                      date(2018, 12, 29)]
    assert rows[date(2018, 3, 9)].kind == "day_off" and "03.03.2018" in rows[
        date(2018, 3, 9)].name_ru
    assert rows[date(2018, 12, 3)].kind == "day_off"  # 1 December on a Saturday, moved
    assert all(r.source.startswith(source.package_version()) for r in rows.values())
    assert rows[date(2018, 1, 1)].name_ru == "Новый год"


def test_kurban_ait_is_in_every_year_and_2026_comes_from_the_additions():
    for year in range(2017, 2028):
        names = [r.name_ru for r in source.for_year(year)]
        assert names.count("Курбан айт") + sum("Курбан айт (" in n for n in names) == 1, year
    ait_2027 = next(r for r in source.for_year(2027) if r.name_en.startswith("Eid al-Adha"))
    assert "estimate" in ait_2027.source and "предварительная" in ait_2027.name_ru
    ait_2026 = next(r for r in source.for_year(2026) if r.day == date(2026, 5, 27))
    assert ait_2026.source.startswith("egov.kz") and ait_2026.name_ru == "Курбан айт"


def test_a_calendar_file_that_cannot_be_read_says_where():
    with pytest.raises(source.UnreadableFile, match="no column source"):
        source.read_rows("date,kind,name_kk,name_ru,name_en\n")
    with pytest.raises(source.UnreadableFile, match="line 3"):
        source.read_rows(HEADER + "2031-01-01,holiday,a,b,c,d\n31.12.2031,holiday,a,b,c,d\n")


# ---- what load-reference filled -------------------------------------------------------------

def test_every_row_past_the_header_is_checked():
    """Cells missing or beyond the header, control characters, values longer than their
    column: every bad line is named, no row is returned."""
    text = (HEADER + "2031-01-01,holiday,a,b,c,d\n"
            "2031-01-02,holiday,a,b,c,d,extra\n"
            "2031-01-03,holiday,a,b\n"
            "2031-01-04,holiday,a\x1b[2J,b,c,d\n"
            f"2031-01-05,holiday,{'я' * 201},b,c,d\n"
            "2031-01-06,holiday,a,b,c,d\n")
    with pytest.raises(source.UnreadableFile) as refused:
        source.read_rows(text)
    said = str(refused.value)
    for expected in ("line 3: 7 cells where the header has 6", "line 4: 4 cells",
                     "line 5: name_kk holds control characters",
                     "line 6: name_kk is longer than 200 characters"):
        assert expected in said
    assert "line 2" not in said and "line 7" not in said


def test_a_bad_row_of_a_file_saves_nothing(runner, app, tmp_path):
    path = tmp_path / "2033.csv"
    path.write_text(HEADER + "2033-01-01,holiday,a,b,c,d\n2033-01-02,holiday,a,b,c\x00,d\n")
    result = runner.invoke(args=["calendar", "add-year", "2033", "--file", str(path)])
    assert result.exit_code == 1 and "line 3: name_en holds control characters" in result.output
    with app.app_context():
        assert operations.days_in_year(2033) == 0


def test_load_reference_filled_2017_to_2027(ctx):
    for year in range(2017, 2028):
        assert operations.days_in_year(year) >= 15, year
    assert days(2018)[date(2018, 3, 3)].kind == "working_day"
    assert days(2020)[date(2020, 3, 9)].kind == "day_off"
    assert days(2019)[date(2019, 8, 11)].name_ru == "Курбан айт"
    assert operations.days_in_year(2028) == 0
    calendar = queries.work_calendar(date(2018, 1, 1), date(2019, 12, 31))
    assert calendar.years == frozenset({2018, 2019})
    assert working_days_in_month(2018, 3, calendar) == 18
    assert add_working_days(date(2018, 12, 28), 2, calendar) == date(2019, 1, 3)


# ---- the rules of a day ---------------------------------------------------------------------

@pytest.mark.parametrize("row, code", [
    (day_row(date(2031, 3, 5), "working_day"), "calendar_working_weekday"),
    (day_row(date(2031, 3, 8), "day_off"), "calendar_day_off_weekend"),
    (day_row(date(2031, 3, 5), "party"), "calendar_kind"),
    (day_row(date(2031, 3, 5), name=""), "calendar_names"),
    (day_row(date(2031, 3, 5), src=""), "calendar_source"),
    (day_row(date(1999, 3, 5)), "calendar_year_range"),
    (day_row(date(2018, 1, 1)), "calendar_day_taken"),
])
def test_a_day_against_the_rules_is_refused_and_nothing_is_added(ctx, row, code):
    admin = f.user("cal.admin", "admin")
    before = db.session.scalar(select(func.count(CalendarDay.id)))
    with pytest.raises(Refused) as refused:
        operations.add_day(row, admin)
    assert refused.value.code == code
    db.session.rollback()
    assert db.session.scalar(select(func.count(CalendarDay.id))) == before


def test_the_same_date_saved_a_moment_ago_is_refused_by_the_database(ctx, monkeypatch):
    admin = f.user("cal.admin", "admin")
    monkeypatch.setattr(operations, "_taken", lambda *a, **kw: False)  # the other one's save
    with pytest.raises(Refused) as refused:
        operations.add_day(day_row(date(2018, 1, 1)), admin)
    assert refused.value.code == "calendar_day_taken"
    db.session.rollback()
    assert days(2018)[date(2018, 1, 1)].name_ru == "Новый год"


def test_add_change_and_remove_a_day_are_audited(ctx):
    admin = f.user("cal.admin", "admin")
    entry = operations.add_day(day_row(date(2031, 3, 7), "day_off"), admin)
    assert operations.update_day(entry, day_row(date(2031, 3, 7), "day_off", src="decree 2"),
                                 admin, entry.version)
    assert not operations.update_day(entry, day_row(date(2031, 3, 7), "day_off",
                                                    src="decree 2"), admin, entry.version)
    with pytest.raises(Refused) as stale:  # a save from a form opened before the first
        operations.update_day(entry, day_row(date(2031, 3, 7), "day_off", src="decree 3"),
                              admin, entry.version - 1)
    assert stale.value.code == "stale"
    operations.remove_day(entry, admin)
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.record_type == "calendar_day").order_by(AuditEvent.id)).all()
    assert actions == ["calendar.add", "calendar.update", "calendar.remove"]
    assert operations.days_in_year(2031) == 0


def test_the_cached_calendar_is_forgotten_when_a_day_changes(ctx):
    admin = f.user("cal.admin", "admin")
    first = date(2031, 1, 1)
    assert queries.work_calendar(first, first).non_working == frozenset()
    operations.add_day(day_row(date(2031, 1, 2)), admin)
    assert queries.work_calendar(first, first).non_working == {date(2031, 1, 2)}


# ---- flask calendar add-year ----------------------------------------------------------------

def test_add_year_from_the_package_then_refuses_the_same_year(runner, app):
    result = runner.invoke(args=["calendar", "add-year", "2028"])
    assert result.exit_code == 0, result.output
    assert "days from holidays" in result.output
    with app.app_context():
        added = days(2028)
        assert added[date(2028, 1, 1)].name_ru == "Новый год"
        assert any(d.name_en.startswith("Eid al-Adha") for d in added.values())
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "calendar.add_year")) == 1
    again = runner.invoke(args=["calendar", "add-year", "2028"])
    assert again.exit_code != 0 and "nothing was saved" in again.output
    with app.app_context():
        assert len(days(2028)) == len(added)


def test_a_file_with_a_date_outside_its_year_is_refused_whole(runner, app, tmp_path):
    path = tmp_path / "2030.csv"
    path.write_text(HEADER + "2030-01-01,holiday,Жаңа жыл,Новый год,New Year,decree\n"
                    "2029-12-31,day_off,Демалыс,Выходной,Day off,decree\n", encoding="utf-8")
    result = runner.invoke(args=["calendar", "add-year", "2030", "--file", str(path)])
    assert result.exit_code != 0 and "2029-12-31" in result.output
    with app.app_context():
        assert operations.days_in_year(2030) == 0


def test_a_file_replaces_a_year_only_when_asked(runner, app, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(HEADER + "2031-01-01,holiday,Жаңа жыл,Новый год,New Year,law\n",
                     encoding="utf-8")
    second.write_text(HEADER + "2031-01-02,holiday,Жаңа жыл,Новый год,New Year,law\n"
                      "2031-01-04,working_day,Жұмыс күні,Рабочий день,Working day,decree\n",
                      encoding="utf-8")
    assert runner.invoke(args=["calendar", "add-year", "2031", "--file", str(first)]
                         ).exit_code == 0
    refused = runner.invoke(args=["calendar", "add-year", "2031", "--file", str(second)])
    assert refused.exit_code != 0
    replaced = runner.invoke(args=["calendar", "add-year", "2031", "--file", str(second),
                                   "--replace"])
    assert replaced.exit_code == 0, replaced.output
    with app.app_context():
        assert sorted(days(2031)) == [date(2031, 1, 2), date(2031, 1, 4)]


@pytest.mark.parametrize("args", [["1999"], ["2101"]])
def test_add_year_refuses_a_year_outside_the_range(runner, args):
    result = runner.invoke(args=["calendar", "add-year", *args])
    assert result.exit_code != 0 and "nothing was saved" in result.output


def test_a_replacing_file_with_a_date_outside_its_year_leaves_the_year_as_it_was(
        runner, app, tmp_path):
    kept, bad = tmp_path / "kept.csv", tmp_path / "bad.csv"
    kept.write_text(HEADER + "2032-01-01,holiday,Жаңа жыл,Новый год,New Year,law\n",
                    encoding="utf-8")
    bad.write_text(HEADER + "2032-01-02,holiday,Жаңа жыл,Новый год,New Year,law\n"
                   "2033-01-01,holiday,Жаңа жыл,Новый год,New Year,law\n", encoding="utf-8")
    assert runner.invoke(args=["calendar", "add-year", "2032", "--file", str(kept)]
                         ).exit_code == 0
    refused = runner.invoke(args=["calendar", "add-year", "2032", "--file", str(bad),
                                  "--replace"])
    assert refused.exit_code != 0
    assert "2033-01-01 is not in 2032" in refused.output and "nothing was saved" in refused.output
    with app.app_context():
        assert sorted(days(2032)) == [date(2032, 1, 1)]
        assert operations.days_in_year(2033) == 0
