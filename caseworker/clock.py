"""The app's clock. People in the career centres live on Kazakhstan time (the TIMEZONE
setting, Asia/Almaty unless told otherwise), whatever zone the server keeps: "today", a
contact's default time and a letter's issue date are read here, never from the server's own
clock. Stored timestamps (created_at, recorded_at, at of a change) are UTC; `local` turns one
into the time a person reads."""
from __future__ import annotations

import zoneinfo
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, has_app_context

DEFAULT_ZONE = "Asia/Almaty"

# The zones come from the pinned tzdata package, not the server's own files: a server whose zone
# files predate 2024 still has Asia/Almaty at UTC+6, and every time shown would be an hour off.
zoneinfo.reset_tzpath(to=[])


def utc_now() -> datetime:
    """Now in UTC, aware (the one place the system clock is read; tests replace it)."""
    return datetime.now(timezone.utc)


def zone_named(name: str) -> ZoneInfo:
    """The zone of a setting, or ValueError saying what is wrong with it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as error:  # OSError: a folder's name
        raise ValueError(f"unknown time zone {name!r}: use a name such as {DEFAULT_ZONE}") \
            from error


def zone() -> ZoneInfo:
    name = current_app.config["TIMEZONE"] if has_app_context() else DEFAULT_ZONE
    return ZoneInfo(name)


def now() -> datetime:
    """Local wall-clock time, naive (as a caseworker reads it off the wall)."""
    return utc_now().astimezone(zone()).replace(tzinfo=None)


def today() -> date:
    return now().date()


def utcnow() -> datetime:
    """Now in UTC, naive: the form every stored timestamp has."""
    return utc_now().replace(tzinfo=None)


def local(moment: datetime) -> datetime:
    """A stored (naive UTC) timestamp, or an aware one, as local wall-clock time, naive."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(zone()).replace(tzinfo=None)


def stored(wall: datetime) -> datetime:
    """A local wall-clock time as a stored timestamp would hold it (naive UTC)."""
    return aware_local(wall).astimezone(timezone.utc).replace(tzinfo=None)


def aware_local(wall: datetime) -> datetime:
    """A local wall-clock time (a contact's time as typed) made aware, so that it sorts and
    formats beside UTC timestamps."""
    return wall.replace(tzinfo=zone())
