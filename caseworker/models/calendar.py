"""The working-days calendar: public holidays, days off moved by the Labour Code's rule or by a
government decree, and weekend days worked instead (editable reference data)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from caseworker.extensions import db
from caseworker.models.mixins import Named

# holiday: a public holiday (on whatever day it falls); day_off: a weekday off in place of a
# holiday on a weekend, or moved there by decree; working_day: a Saturday or Sunday worked.
KINDS = ("holiday", "day_off", "working_day")


class CalendarDay(Named, db.Model):
    __tablename__ = "calendar_day"
    __table_args__ = (CheckConstraint("kind IN ('holiday', 'day_off', 'working_day')",
                                      name="kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(300))
    # what an edit form was opened on: a save from an older form is refused (409)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    @property
    def works(self) -> bool:
        return self.kind == "working_day"
