"""One small history of 2020-2025, as plain events, for the three doors to enter: five persons
of Kyzylorda's first district and of Semey (East Kazakhstan until 8 June 2022, Abai after),
referrals through proposal, approval, letter, start and end, a job with its checks, contacts,
a deregistration and a return. Dated rules matter in it: a state grant of 2020 (200 MCI) and
one of 2022 (400 MCI), youth practice up to 29 (2020) and up to 35 (2022), and letters of
Semey numbered by East Kazakhstan before the split and by Abai after it."""
from __future__ import annotations

from datetime import date, datetime

from tests.threeway.events import KYZYLORDA, SEMEY, Event, Person, in_order
from tests.threeway.generated import generate

__all__ = ["EVENTS", "KYZYLORDA", "PERSONS", "REPORT_DATES", "SEMEY", "Event", "HANDCRAFTED"]

HANDCRAFTED = {p.key: p for p in (
    # a graduate of 2019, 27 in 2020: youth practice under the rule of 29, then a job
    Person("grad", KYZYLORDA, date(1992, 3, 10), "F", 301, "Жақсыбекова",
           {"education_level": "higher", "graduation_year": 2019, "experience_months": 0}),
    # a graduate of 2021 aged 32: youth practice only under the rule of 35 (2022)
    Person("late_grad", KYZYLORDA, date(1989, 6, 1), "M", 302, "Нұрланов",
           {"education_level": "higher", "graduation_year": 2021, "experience_months": 0}),
    # a mother of a large family with a business idea: Bastau Business, a 2020 state grant
    Person("founder", KYZYLORDA, date(1985, 9, 20), "F", 303, "Әлиева",
           {"education_level": "secondary", "target_groups": ["large_family"],
            "business_idea": "Тігін цехы", "experience_months": 60}),
    # the same in Semey in 2022 (400 MCI), numbered by East Kazakhstan before the split
    Person("founder2", SEMEY, date(1990, 4, 8), "F", 306, "Қасымова",
           {"education_level": "vocational", "target_groups": ["large_family"],
            "business_idea": "Наубайхана", "experience_months": 36}),
    # public works in Semey before and after it became Abai's
    Person("worker", SEMEY, date(1979, 1, 12), "M", 304, "Серікбаев",
           {"education_level": "secondary", "experience_months": 120}),
    # leaves the register in 2021 and comes back in 2023
    Person("leaver", SEMEY, date(1995, 11, 2), "F", 305, "Омарова",
           {"education_level": "vocational", "experience_months": 24}),
)}


def _referral(person: str, key: str, measure: str, proposed: date, *steps: tuple) -> list:
    """A referral proposed on a day and its steps, each (day, status) or (day, status,
    the step's other values)."""
    return [Event(proposed, "refer", person, key, {"measure": measure})] + [
        Event(day, "step", person, key, {"to": to, **(more[0] if more else {})})
        for day, to, *more in steps]


def _contact(at: datetime, person: str, channel: str, topic: str, note: str) -> Event:
    return Event(at.date(), "contact", person, values={"at": at, "channel": channel,
                                                       "topic": topic, "note": note})


def _events() -> list[Event]:
    e = Event
    return [
        e(date(2020, 2, 3), "register", "grad"),
        _contact(datetime(2020, 2, 3, 10, 30), "grad", "visit", "job_search", "Алғашқы келу"),
        *_referral("grad", "pw0", "public_works", date(2020, 2, 5),
                   (date(2020, 2, 7), "rejected", {"reason": "other",
                                                   "note": "Тәжірибе қолайлырақ"})),
        *_referral("grad", "yp1", "youth_practice", date(2020, 2, 10),
                   (date(2020, 2, 12), "referred"),
                   (date(2020, 3, 2), "started"), (date(2020, 8, 31), "completed")),
        e(date(2020, 3, 4), "register", "founder"),
        *_referral("founder", "bb", "bastau_business", date(2020, 3, 5),
                   (date(2020, 3, 6), "referred"), (date(2020, 3, 10), "started"),
                   (date(2020, 5, 29), "completed")),
        e(date(2020, 5, 4), "register", "leaver"),
        _contact(datetime(2020, 5, 4, 11, 0), "leaver", "visit", "registration", "Профиль"),
        *_referral("founder", "sg1", "state_grant", date(2020, 6, 10),
                   (date(2020, 6, 15), "approved"),
                   (date(2020, 6, 22), "referred"), (date(2020, 7, 1), "started"),
                   (date(2020, 12, 30), "completed")),
        e(date(2020, 9, 1), "outcome", "grad", "yp1", {"kind": "permanent_job",
                                                       "employer": "ТОО «Сыр»",
                                                       "wage_kzt": 120000}),
        e(date(2020, 12, 3), "check", "grad", "yp1", {"months": 3, "still_employed": True}),
        e(date(2021, 1, 15), "deregister", "leaver", values={"reason": "moved"}),
        e(date(2021, 3, 1), "register", "worker"),
        *_referral("worker", "pw1", "public_works", date(2021, 3, 5),
                   (date(2021, 3, 9), "referred"),
                   (date(2021, 4, 1), "started"), (date(2021, 10, 1), "completed")),
        e(date(2021, 3, 9), "check", "grad", "yp1", {"months": 6, "still_employed": True}),
        e(date(2021, 9, 1), "register", "late_grad"),
        *_referral("late_grad", "yp2", "youth_practice", date(2022, 2, 1),
                   (date(2022, 2, 3), "referred"), (date(2022, 3, 1), "started")),
        _contact(datetime(2022, 2, 3, 15, 0), "late_grad", "phone", "measure", "Жолдама берілді"),
        e(date(2022, 1, 10), "register", "founder2"),
        *_referral("founder2", "bb2", "bastau_business", date(2022, 1, 12),
                   (date(2022, 1, 13), "referred"), (date(2022, 1, 17), "started"),
                   (date(2022, 2, 25), "completed")),
        *_referral("founder2", "sg2", "state_grant", date(2022, 3, 2),
                   (date(2022, 3, 9), "approved"),
                   (date(2022, 3, 14), "referred"), (date(2022, 4, 1), "started")),
        *_referral("worker", "pw2", "public_works", date(2022, 7, 1),
                   (date(2022, 7, 4), "referred"),
                   (date(2022, 7, 11), "started")),
        e(date(2023, 2, 1), "return", "leaver"),
        _contact(datetime(2023, 2, 3, 9, 15), "leaver", "visit", "job_search", "Қайта келді"),
        *_referral("leaver", "pw3", "public_works", date(2023, 2, 10),
                   (date(2023, 2, 14), "referred"),
                   (date(2025, 4, 7), "started")),
    ]


GENERATED, _GENERATED_EVENTS = generate()
PERSONS = {**HANDCRAFTED, **GENERATED}
EVENTS = in_order(_events() + _GENERATED_EVENTS)

# the plan-against-fact tables compared, as of these days (2020-08-19: the seed report's day)
REPORT_DATES = (date(2020, 3, 31), date(2020, 8, 19), date(2020, 12, 31), date(2021, 6, 30),
                date(2022, 5, 31), date(2022, 8, 19), date(2022, 12, 31), date(2023, 3, 31),
                date(2023, 8, 31), date(2023, 12, 31), date(2024, 6, 30), date(2025, 6, 30))
