"""When periodic work is due: every few minutes, daily at a time, or on the first working day
of a month. Times are the centres' local wall-clock minutes (naive datetimes); each rule says
whether a minute is due, which due minute came last at or before a moment (the slot a run
belongs to) and which comes next after it (shown to admins). Each is given the working-days
calendar of the months around the moment (only the first working day of a month uses it)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from caseworker.domain.workdays import EMPTY, WorkCalendar, on_or_after

DAYS_AHEAD = 70  # more than any month's first working day is away


def first_working_day(year: int, month: int, calendar: WorkCalendar = EMPTY) -> date:
    """The month's first day that the calendar (a five-day week with its holidays and
    transfers; Monday to Friday without one) says is worked."""
    return on_or_after(date(year, month, 1), calendar)


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


@dataclass(frozen=True)
class Every:
    """Every `minutes` minutes of the day, from midnight (a divisor of 60, or a multiple of it
    that divides a day)."""
    minutes: int

    def due(self, moment: datetime, calendar: WorkCalendar = EMPTY) -> bool:
        return (moment.hour * 60 + moment.minute) % self.minutes == 0

    def last(self, moment: datetime, calendar: WorkCalendar = EMPTY) -> datetime:
        past = (moment.hour * 60 + moment.minute) % self.minutes
        return _minute(moment) - timedelta(minutes=past)

    def next(self, moment: datetime, calendar: WorkCalendar = EMPTY) -> datetime:
        return self.last(moment) + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Daily:
    at: time

    def due(self, moment: datetime, calendar: WorkCalendar = EMPTY) -> bool:
        return (moment.hour, moment.minute) == (self.at.hour, self.at.minute)

    def last(self, moment: datetime, calendar: WorkCalendar = EMPTY) -> datetime:
        today = datetime.combine(moment.date(), self.at)
        return today if today <= moment else today - timedelta(days=1)

    def next(self, moment: datetime, calendar: WorkCalendar = EMPTY) -> datetime:
        return self.last(moment) + timedelta(days=1)


@dataclass(frozen=True)
class FirstWorkingDay:
    """At a time on the first working day of each month."""
    at: time

    @staticmethod
    def _day(day: date, calendar: WorkCalendar) -> bool:
        return day == first_working_day(day.year, day.month, calendar)

    def due(self, moment: datetime, calendar: WorkCalendar = EMPTY) -> bool:
        return self._day(moment.date(), calendar) and Daily(self.at).due(moment)

    def last(self, moment: datetime, calendar: WorkCalendar = EMPTY) -> datetime:
        day = moment.date()
        for _ in range(DAYS_AHEAD):
            slot = datetime.combine(day, self.at)
            if self._day(day, calendar) and slot <= moment:
                return slot
            day -= timedelta(days=1)
        raise ValueError("no working day in the months before")  # never with a real calendar

    def next(self, moment: datetime, calendar: WorkCalendar = EMPTY) -> datetime:
        day = moment.date()
        for _ in range(DAYS_AHEAD):
            slot = datetime.combine(day, self.at)
            if self._day(day, calendar) and slot > moment:
                return slot
            day += timedelta(days=1)
        raise ValueError("no working day in the months ahead")
