"""The classifier of occupations: the national classifier follows ISCO-08, whose groups nest
by the digits of their code (major 1, sub-major 2, minor 3, unit group 4 digits). A vacancy
names a unit group; matching may compare the groups above it by the code's first digits."""
from __future__ import annotations

from flask_babel import get_locale
from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.extensions import db

OCCUPATION_LEVELS = ("major", "sub_major", "minor", "unit")
# The level of a code by its length: "2" major, "25" sub-major, "251" minor, "2512" unit.
LEVEL_DIGITS = {"major": 1, "sub_major": 2, "minor": 3, "unit": 4}


class Occupation(db.Model):
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    level: Mapped[str] = mapped_column(String(10))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("occupation.code"))
    name_kk: Mapped[str] = mapped_column(String(300))
    name_ru: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))

    parent: Mapped[Occupation | None] = relationship(remote_side=[code])

    __table_args__ = (
        CheckConstraint("level IN ('major', 'sub_major', 'minor', 'unit')",
                        name="occupation_level"),
        Index("ix_occupation_parent", "parent_code"),
    )

    @property
    def name(self) -> str:
        lang = str(get_locale() or "ru")
        return getattr(self, f"name_{lang}", None) or self.name_ru
