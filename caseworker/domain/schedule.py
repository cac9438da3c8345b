"""When periodic work is due: every few minutes, daily at a time, or on the first working day
of a month. Times are the centres' local wall-clock minutes (naive datetimes); each rule says
whether a minute is due, which due minute came last at or before a moment (the slot a run
belongs to) and which comes next after it (shown to admins)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

DAYS_AHEAD = 70  # more than any month's first working day is away


def is_working_day(day: date) -> bool:
    """Monday to Friday. The one place to swap in the holiday calendar (public holidays and
    transferred days off) once it exists."""
    return day.weekday() < 5


def first_working_day(year: int, month: int) -> date:
    day = date(year, month, 1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


@dataclass(frozen=True)
class Every:
    """Every `minutes` minutes of the day, from midnight (a divisor of 60, or a multiple of it
    that divides a day)."""
    minutes: int

    def due(self, moment: datetime) -> bool:
        return (moment.hour * 60 + moment.minute) % self.minutes == 0

    def last(self, moment: datetime) -> datetime:
        past = (moment.hour * 60 + moment.minute) % self.minutes
        return _minute(moment) - timedelta(minutes=past)

    def next(self, moment: datetime) -> datetime:
        return self.last(moment) + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Daily:
    at: time

    def due(self, moment: datetime) -> bool:
        return (moment.hour, moment.minute) == (self.at.hour, self.at.minute)

    def last(self, moment: datetime) -> datetime:
        today = datetime.combine(moment.date(), self.at)
        return today if today <= moment else today - timedelta(days=1)

    def next(self, moment: datetime) -> datetime:
        return self.last(moment) + timedelta(days=1)


@dataclass(frozen=True)
class FirstWorkingDay:
    """At a time on the first working day of each month."""
    at: time

    def _day(self, day: date) -> bool:
        return day == first_working_day(day.year, day.month)

    def due(self, moment: datetime) -> bool:
        return self._day(moment.date()) and Daily(self.at).due(moment)

    def last(self, moment: datetime) -> datetime:
        day = moment.date()
        for _ in range(DAYS_AHEAD):
            slot = datetime.combine(day, self.at)
            if self._day(day) and slot <= moment:
                return slot
            day -= timedelta(days=1)
        raise ValueError("no working day in the months before")  # never with a real calendar

    def next(self, moment: datetime) -> datetime:
        day = moment.date()
        for _ in range(DAYS_AHEAD):
            slot = datetime.combine(day, self.at)
            if self._day(day) and slot > moment:
                return slot
            day += timedelta(days=1)
        raise ValueError("no working day in the months ahead")
