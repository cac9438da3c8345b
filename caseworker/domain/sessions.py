"""When a session has ended by itself, and what a browser's user agent reads as."""
from __future__ import annotations

import re
from datetime import datetime, timedelta


def expired(started: datetime, seen: datetime, now: datetime, idle: timedelta,
            longest: timedelta) -> bool:
    """Idle longer than `idle`, or begun longer than `longest` ago."""
    return now - seen > idle or now - started > longest


BROWSERS = (("Edg", "Edge"), ("HeadlessChrome", "Chrome"), ("YaBrowser", "Yandex"), ("OPR", "Opera"), ("Firefox", "Firefox"),
            ("Chrome", "Chrome"), ("Safari", "Safari"))
SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"),
           ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux"))


def device(agent: str | None) -> str | None:
    """'Chrome on Windows' for a user agent string; None when nothing is recognised."""
    agent = agent or ""
    browser = next((name for mark, name in BROWSERS if re.search(rf"\b{mark}/", agent)), None)
    system = next((name for mark, name in SYSTEMS if mark in agent), None)
    if browser and system:
        return f"{browser} / {system}"
    return browser or system
