"""The app's PostgreSQL connections run without just-in-time compilation (caseworker.postgresql:
at national scale it cost a home page's counts more than it saved)."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from caseworker.extensions import db
from tests.conftest import is_postgres


def test_every_connection_of_the_app_turns_jit_off(app):
    if not is_postgres(app):
        pytest.skip("a PostgreSQL setting")
    with app.app_context():
        with db.engine.connect() as first, db.engine.connect() as second:
            assert first.execute(text("SHOW jit")).scalar() == "off"
            assert second.execute(text("SHOW jit")).scalar() == "off"
