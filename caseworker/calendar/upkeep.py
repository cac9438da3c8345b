"""The calendar's part in the queue's schedule: the month-end freeze runs on the first working
day of a month as the working-days calendar says (registered when the app is made)."""
from __future__ import annotations

from caseworker.calendar import queries
from caseworker.jobs import schedule

schedule.reads_calendar(queries.work_calendar)
