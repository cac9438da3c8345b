"""The timeline shows the changes of one save as one entry."""
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from caseworker.casework.timeline import by_save

NOON = datetime(2026, 11, 20, 12, 0, 0)


def change(user_id: int, seconds: float, field: str):
    return SimpleNamespace(user_id=user_id, at=NOON - timedelta(seconds=seconds), field=field,
                           happened_on=None)


def test_one_save_is_one_entry_and_another_user_or_a_later_save_is_another():
    changes = [change(1, 0, "phone"), change(1, 0.001, "rural"),  # one save of user 1
               change(2, 0.002, "email"),                         # user 2 at that moment
               change(2, 10, "address"), change(2, 10, "specialty")]  # an earlier save
    entries = by_save(changes)
    assert [[c.field for c in e.item] for e in entries] == [
        ["phone", "rural"], ["email"], ["address", "specialty"]]
    utc = [c.at.replace(tzinfo=timezone.utc) for c in (changes[0], changes[2], changes[3])]
    assert [e.at for e in entries] == utc  # stored UTC, made aware to sort beside contacts
    assert {e.kind for e in entries} == {"change"}


def test_no_changes_no_entries():
    assert by_save([]) == []
