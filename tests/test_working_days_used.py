"""Where the working-days calendar is counted with (the calendar that load-reference fills
for 2017-2027): the provider's term to answer a referral, follow-ups' due dates, the
schedule's first working day of a month, and the working days of a timesheet's month."""
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from caseworker.casework import queries as casework_queries
from caseworker.jobs import schedule
from caseworker.jobs.queue import huey
from caseworker.payments import queries as payment_queries
from caseworker.referrals import pages as referral_pages
from caseworker.referrals.outcomes import follow_up_dues

# March 2026: 8 March a Sunday (off on Monday 9th), Nauryz 21-23 March with 24-25 off.


def test_the_provider_s_fourteen_days_are_working_days(app):
    with app.app_context():
        # by Friday 27 March 2026: 27, 26, 20-16, 13-10, 6-4 March (9 and 23-25 off)
        assert casework_queries.waited_since(date(2026, 3, 27)) == date(2026, 3, 3)
        sent = SimpleNamespace(status="referred", status_on=date(2026, 3, 3))
        assert referral_pages.waiting_days(sent, date(2026, 3, 27)) == 14
        assert referral_pages.waiting_days(sent, date(2026, 3, 26)) is None  # 13 so far
        # 24 calendar days, but 14 working days only on the 27th


def test_a_follow_up_due_on_a_day_off_is_due_on_the_next_working_day(app):
    with app.app_context():
        assert follow_up_dues(date(2025, 12, 9)) == [
            (3, date(2026, 3, 10)),   # 9 March 2026: the day off for 8 March
            (6, date(2026, 6, 9)), (12, date(2026, 12, 9))]
        assert follow_up_dues(date(2025, 11, 28))[0] == (3, date(2026, 3, 2))  # a Saturday


def test_the_month_end_freeze_waits_for_the_first_working_day_of_january(app):
    freeze = schedule.BY_NAME["indicators.snapshot"].when
    with app.app_context():
        new_year = datetime(2026, 1, 1, 3, 0)  # Thursday 1 and Friday 2 January are holidays
        first = datetime(2026, 1, 5, 3, 0)
        assert not freeze.due(new_year, schedule.calendar_around(new_year))
        assert freeze.due(first, schedule.calendar_around(first))
        eve = datetime(2025, 12, 31, 12, 0)
        assert freeze.next(eve, schedule.calendar_around(eve)) == first
        assert freeze.last(first + timedelta(days=3),
                           schedule.calendar_around(first)) == first

        def due_at(local: datetime) -> set[str]:
            return {t.name for t in huey.read_periodic(local - timedelta(hours=5))}
        assert "schedule.indicators.snapshot" not in due_at(new_year)
        assert "schedule.indicators.snapshot" in due_at(first)


def test_a_timesheet_month_counts_the_calendar_s_working_days(app):
    with app.app_context():
        assert payment_queries.working_days(2026, 3) == 18  # 22 weekdays, 4 off
        assert payment_queries.working_days(2026, 5) == 17  # 1, 7, 11 and 27 May off
        assert payment_queries.working_days(2040, 1) == 22  # a year nobody entered: weekdays
