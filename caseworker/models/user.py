"""Users of the system and the record of failed logins."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Index, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.extensions import db
from caseworker.models.geo import District, Region
from caseworker.models.types import BigId, utcnow


class Role(str, enum.Enum):
    caseworker = "caseworker"
    supervisor = "supervisor"
    regional_officer = "regional_officer"
    analyst = "analyst"
    admin = "admin"
    finance = "finance"


class User(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str | None] = mapped_column(String(2))
    # Part of the session id: bumping it ends every session of the user.
    session_counter: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # What an admin's form was opened on: only an admin's save moves it on (the user's own
    # language or sessions do not), and every update checks it, so a save from an older form
    # is refused rather than undoing another admin's change.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    # The second factor (TOTP): the base32 secret, encrypted for this row
    # (caseworker.secrets_at_rest), on once a first code confirmed it, and the last time step
    # accepted (a code is usable once: a step at or before it is refused).
    totp_secret: Mapped[str | None] = mapped_column(String(120))
    totp_enabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    totp_step: Mapped[int | None] = mapped_column(BigInteger)
    # set when an admin sets the password or resets the second factor: the user chooses a
    # password of their own before anything else at their next login
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default=false())

    region: Mapped[Region | None] = relationship()
    district: Mapped[District | None] = relationship()

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    # Flask-Login interface
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_counter}"


class LoginFailure(db.Model):
    """A failed login, per submitted login name (casefolded), whether or not it exists."""
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    login: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("ix_login_failure_login_at", "login", "at"),)
