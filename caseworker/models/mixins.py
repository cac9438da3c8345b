"""Names and other words in the three languages, chosen by the current locale; records that
can be voided; tasks whose "done" can be taken back."""
from datetime import date, datetime

from flask_babel import get_locale
from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from caseworker.domain.territory import LANGUAGES  # noqa: F401  (the languages words come in)


def in_language(record, stem: str) -> str | None:
    """The record's `stem_kk`, `stem_ru` or `stem_en` in the reader's language; when that one
    is empty, the first filled of Russian, Kazakh and English (None: all are empty)."""
    lang = str(get_locale() or "ru")
    for choice in (lang, "ru", "kk", "en"):
        value = getattr(record, f"{stem}_{choice}", None)
        if value:
            return value
    return None


def said_in_language(stem: str) -> property:
    """A read-only attribute that is `in_language(record, stem)`."""
    return property(lambda self: in_language(self, stem), doc=f"{stem} in the reader's language")


class Named:
    name_kk: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))

    name = said_in_language("name")


class Voidable:
    """A record entered by mistake is voided, never deleted: it stays, marked void with who,
    when and why, and stops counting anywhere (facts, indicators, lists of what is due)."""
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    void_reason: Mapped[str | None] = mapped_column(Text)

    @declared_attr
    def voided_by(cls):
        return relationship("User", foreign_keys=[cls.voided_by_id])

    @property
    def void(self) -> bool:
        return self.voided_at is not None


class Reopenable:
    """A task or a plan step marked done, or a vacancy ended, by mistake is opened again with a
    reason: it counts as open once more, and keeps who opened it, when, why and the day it had
    been marked done or ended (the last time; every time is in the audit)."""
    reopened_at: Mapped[datetime | None] = mapped_column(DateTime)
    reopened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reopen_reason: Mapped[str | None] = mapped_column(Text)
    reopened_done_on: Mapped[date | None] = mapped_column(Date)

    @declared_attr
    def reopened_by(cls):
        return relationship("User", foreign_keys=[cls.reopened_by_id])
