import pytest

from caseworker.extensions import db
from tests.imports import world as w


@pytest.fixture
def at(app):
    """A request in English with the import's world: a supervisor of a Kyzylorda district,
    a caseworker, the region's officer, a supervisor of the next district, a provider."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        made = w.world()
        db.session.commit()
        yield made
        db.session.rollback()
