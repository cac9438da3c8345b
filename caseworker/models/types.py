"""Column helpers shared by the models."""
from datetime import datetime

from sqlalchemy import BigInteger, Integer

# BIGINT on PostgreSQL, INTEGER on SQLite (where only INTEGER PRIMARY KEY autoincrements).
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    """Now in UTC, naive: every stored timestamp (the app's clock, `caseworker.clock`)."""
    from caseworker import clock
    return clock.utcnow()
