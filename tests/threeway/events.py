"""The plain events of a history, as the three doors enter them: a person (the profile's fields
as the API names them) and what happened to them on a day."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from caseworker.domain.iin import make

KYZYLORDA, SEMEY = "430000000", "101010000"  # the first district of Kyzylorda region; Semey
# the order the import applies a day's rows in (caseworker.imports.columns.ORDER): the
# history is told in it, so that every door meets each day's events in the same order
RANK = {"register": 0, "refer": 1, "step": 2, "outcome": 3, "contact": 4, "check": 5,
        "deregister": 6, "return": 7}


@dataclass(frozen=True)
class Person:
    key: str
    district: str  # KATO
    born: date
    sex: str
    serial: int
    last: str
    profile: dict = field(default_factory=dict)  # the profile's fields, as the API names them

    @property
    def iin(self) -> str:
        serial = self.serial
        while not make(self.born, self.sex, serial):
            serial += 1000
        return make(self.born, self.sex, serial)


@dataclass(frozen=True)
class Event:
    day: date
    kind: str  # register | refer | step | outcome | check | contact | deregister | return
    person: str
    referral: str = ""  # the referral's key (refer, step, outcome, check)
    values: dict = field(default_factory=dict)




def in_order(events: list[Event]) -> list[Event]:
    """The events by their day, each day's in the order the import applies them."""
    return sorted(events, key=lambda e: (e.day, RANK[e.kind], e.values.get("at", e.day)
                                         if e.kind == "contact" else e.day))
