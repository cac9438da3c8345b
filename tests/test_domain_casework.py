from datetime import date, datetime

from caseworker.domain.casework import may_edit_note, overdue, stale

NOW = datetime(2026, 11, 27, 12, 0)
TODAY = date(2026, 11, 27)


def test_note_editable_by_its_author_for_24_hours():
    assert may_edit_note(1, 1, datetime(2026, 11, 26, 12, 1), NOW)
    assert not may_edit_note(1, 1, datetime(2026, 11, 26, 12, 0), NOW)
    assert not may_edit_note(1, 2, datetime(2026, 11, 27, 11, 0), NOW)


def test_overdue_from_the_day_after_due():
    assert not overdue(TODAY, TODAY)
    assert overdue(date(2026, 11, 26), TODAY)
    assert not overdue(None, TODAY)


def test_stale_after_30_days_without_contact():
    assert not stale(datetime(2026, 10, 29, 8, 0), TODAY)   # 29 days ago: within 30 days
    assert stale(datetime(2026, 10, 28, 23, 59), TODAY)     # 30 days ago: none in the last 30
    assert stale(None, TODAY)
