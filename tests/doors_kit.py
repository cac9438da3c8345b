"""What the tests of the doors share: an operation made to refuse with a code no rule has, so
that a test sees whether the page and the API show the operation's refusal or decide on their
own."""
from __future__ import annotations

from caseworker.refusals import Refused

MADE_UP = "A made-up refusal"


def refuse_with_made_up(monkeypatch, module, name: str, field: str | None = None) -> str:
    """`module.name` refuses with the code `made_up` (beside `field`, if given); returns the
    message a door must show."""
    def refuse(*_args, **_kwargs):
        raise Refused("made_up", MADE_UP, field=field)
    monkeypatch.setattr(module, name, refuse)
    return MADE_UP
