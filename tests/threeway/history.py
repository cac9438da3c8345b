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


def _events() -> list[Event]:
    e = Event
    return [
        e(date(2020, 2, 3), "register", "grad"),
        e(date(2020, 2, 3), "contact", "grad", values={"at": datetime(2020, 2, 3, 10, 30),
                                                       "channel": "visit", "topic": "job_search",
                                                       "note": "Алғашқы келу"}),
        e(date(2020, 2, 5), "refer", "grad", "pw0", {"measure": "public_works"}),
        e(date(2020, 2, 7), "step", "grad", "pw0", {"to": "rejected", "reason": "other",
                                                    "note": "Тәжірибе қолайлырақ"}),
        e(date(2020, 2, 10), "refer", "grad", "yp1", {"measure": "youth_practice"}),
        e(date(2020, 2, 12), "step", "grad", "yp1", {"to": "referred"}),
        e(date(2020, 3, 2), "step", "grad", "yp1", {"to": "started"}),
        e(date(2020, 3, 4), "register", "founder"),
        e(date(2020, 3, 5), "refer", "founder", "bb", {"measure": "bastau_business"}),
        e(date(2020, 3, 6), "step", "founder", "bb", {"to": "referred"}),
        e(date(2020, 3, 10), "step", "founder", "bb", {"to": "started"}),
        e(date(2020, 5, 4), "register", "leaver"),
        e(date(2020, 5, 4), "contact", "leaver", values={"at": datetime(2020, 5, 4, 11, 0),
                                                        "channel": "visit", "topic": "registration",
                                                        "note": "Профиль"}),
        e(date(2020, 5, 29), "step", "founder", "bb", {"to": "completed"}),
        e(date(2020, 6, 10), "refer", "founder", "sg1", {"measure": "state_grant"}),
        e(date(2020, 6, 15), "step", "founder", "sg1", {"to": "approved"}),
        e(date(2020, 6, 22), "step", "founder", "sg1", {"to": "referred"}),
        e(date(2020, 7, 1), "step", "founder", "sg1", {"to": "started"}),
        e(date(2020, 8, 31), "step", "grad", "yp1", {"to": "completed"}),
        e(date(2020, 12, 30), "step", "founder", "sg1", {"to": "completed"}),
        e(date(2020, 9, 1), "outcome", "grad", "yp1", {"kind": "permanent_job",
                                                       "employer": "ТОО «Сыр»",
                                                       "wage_kzt": 120000}),
        e(date(2020, 12, 3), "check", "grad", "yp1", {"months": 3, "still_employed": True}),
        e(date(2021, 1, 15), "deregister", "leaver", values={"reason": "moved"}),
        e(date(2021, 3, 1), "register", "worker"),
        e(date(2021, 3, 5), "refer", "worker", "pw1", {"measure": "public_works"}),
        e(date(2021, 3, 9), "step", "worker", "pw1", {"to": "referred"}),
        e(date(2021, 3, 9), "check", "grad", "yp1", {"months": 6, "still_employed": True}),
        e(date(2021, 4, 1), "step", "worker", "pw1", {"to": "started"}),
        e(date(2021, 9, 1), "register", "late_grad"),
        e(date(2021, 10, 1), "step", "worker", "pw1", {"to": "completed"}),
        e(date(2022, 2, 1), "refer", "late_grad", "yp2", {"measure": "youth_practice"}),
        e(date(2022, 2, 3), "step", "late_grad", "yp2", {"to": "referred"}),
        e(date(2022, 2, 3), "contact", "late_grad", values={
            "at": datetime(2022, 2, 3, 15, 0), "channel": "phone", "topic": "measure",
            "note": "Жолдама берілді"}),
        e(date(2022, 3, 1), "step", "late_grad", "yp2", {"to": "started"}),
        e(date(2022, 1, 10), "register", "founder2"),
        e(date(2022, 1, 12), "refer", "founder2", "bb2", {"measure": "bastau_business"}),
        e(date(2022, 1, 13), "step", "founder2", "bb2", {"to": "referred"}),
        e(date(2022, 1, 17), "step", "founder2", "bb2", {"to": "started"}),
        e(date(2022, 2, 25), "step", "founder2", "bb2", {"to": "completed"}),
        e(date(2022, 3, 2), "refer", "founder2", "sg2", {"measure": "state_grant"}),
        e(date(2022, 3, 9), "step", "founder2", "sg2", {"to": "approved"}),
        e(date(2022, 3, 14), "step", "founder2", "sg2", {"to": "referred"}),
        e(date(2022, 4, 1), "step", "founder2", "sg2", {"to": "started"}),
        e(date(2022, 7, 1), "refer", "worker", "pw2", {"measure": "public_works"}),
        e(date(2022, 7, 4), "step", "worker", "pw2", {"to": "referred"}),
        e(date(2022, 7, 11), "step", "worker", "pw2", {"to": "started"}),
        e(date(2023, 2, 1), "return", "leaver"),
        e(date(2023, 2, 3), "contact", "leaver", values={"at": datetime(2023, 2, 3, 9, 15),
                                                        "channel": "visit", "topic": "job_search",
                                                        "note": "Қайта келді"}),
        e(date(2023, 2, 10), "refer", "leaver", "pw3", {"measure": "public_works"}),
        e(date(2023, 2, 14), "step", "leaver", "pw3", {"to": "referred"}),
        e(date(2025, 4, 7), "step", "leaver", "pw3", {"to": "started"}),
    ]


GENERATED, _GENERATED_EVENTS = generate()
PERSONS = {**HANDCRAFTED, **GENERATED}
EVENTS = in_order(_events() + _GENERATED_EVENTS)

# the plan-against-fact tables compared, as of these days (2020-08-19: the seed report's day)
REPORT_DATES = (date(2020, 3, 31), date(2020, 8, 19), date(2020, 12, 31), date(2021, 6, 30),
                date(2022, 5, 31), date(2022, 8, 19), date(2022, 12, 31), date(2023, 3, 31),
                date(2023, 8, 31), date(2023, 12, 31), date(2024, 6, 30), date(2025, 6, 30))
