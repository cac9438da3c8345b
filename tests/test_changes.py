"""A profile change reads in words: codes as names, dates as on the pages, ids as names."""
import pytest

from caseworker.people.changes import readable
from tests import factories as f
from tests.conftest import statements_of


@pytest.mark.parametrize("field, value, expected", [
    ("status", "employed", "Employed"),
    ("education_level", "vocational", "Technical and vocational"),
    ("rural", "yes", "Rural"),
    ("rural", "no", "Urban"),
    ("languages", "kk, ru", "Kazakh, Russian"),
    ("disability_group", "2", "Group II"),
    ("consent_basis", "egov", "Electronic, through eGov"),
    ("last_job_ended", "1990-01-01", "01.01.1990"),
    ("consent_date", "not a date", "not a date"),
    ("phone", "+7 701 555 44 33", "+7 701 555 44 33"),
    ("status", None, "—"),
    ("status", "unknown_code", "unknown_code"),
])
def test_values_read_in_words(app, field, value, expected):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert readable(field, value) == expected


def test_target_groups_and_caseworkers_by_name(app):
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        worker = f.user("cw.changes", "caseworker")
        assert readable("caseworker_id", str(worker.id)) == worker.full_name
        groups = readable("target_groups", "kandas, low_income")
        assert "kandas" not in groups and "low_income" not in groups and ", " in groups
        assert readable("status", "employed") != "employed"


def test_target_group_names_are_read_once_per_request(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        readable("target_groups", "kandas")  # the first reads them
        with statements_of(app) as statements:
            for codes in ("kandas, low_income", "low_income", "kandas"):
                assert "kandas" not in readable("target_groups", codes)
        assert statements == []
