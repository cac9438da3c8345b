"""A generated history of a few hundred persons over two years (5 July 2022 to 4 July 2024),
seeded so that every run makes the same one: persons of Kyzylorda's first district and of
Semey, each living one of ten stories that together refer to a measure of every kind (a
grant after its training, a microcredit, trainings, subsidised jobs, public works, a move to
another region, a placement on a vacancy) with approvals, letters, starts, ends and
refusals, outcomes, the follow-up checks of the jobs, contacts, and persons who leave the
register and come back."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from tests.imports.world import name
from tests.threeway.events import KYZYLORDA, SEMEY, Event, Person

FIRST, LAST = date(2022, 7, 5), date(2024, 7, 4)
COUNT = 204  # persons (with the six of the handcrafted history, 210)
NORTH = "590000000"  # North Kazakhstan: a region resettlement moves persons to
SEED = 20220705


class Story:
    """One person's events, each a few days after the one before; what would fall after the
    last day is left out (with what follows it)."""

    def __init__(self, rng: random.Random, key: str, day: date):
        self.rng, self.key, self.day = rng, key, day
        self.events: list[Event] = []
        self.open = True  # False once a day fell after LAST: the rest is not told

    def after(self, low: int, high: int) -> date | None:
        day = self.day + timedelta(days=self.rng.randint(low, high))
        if not self.open or day > LAST:
            self.open = False
            return None
        self.day = day
        return day

    def add(self, low: int, high: int, what: str, referral: str = "", **values) -> bool:
        day = self.after(low, high)
        if day is not None:
            self.events.append(Event(day, what, self.key, referral, values))
        return day is not None

    def contact(self, topic: str) -> None:
        day = self.after(1, 20)
        if day is not None:
            at = datetime(day.year, day.month, day.day, self.rng.choice((9, 10, 11, 14, 16)),
                          self.rng.choice((0, 15, 30, 45)))
            self.events.append(Event(day, "contact", self.key, values={
                "at": at, "channel": self.rng.choice(("visit", "phone")), "topic": topic,
                "note": f"Байланыс {self.key}"}))

    def steps(self, ref: str, *path: str, **last) -> None:
        for index, to in enumerate(path):
            extra = last if index == len(path) - 1 else {}
            if not self.add(2, 9 if to != "completed" else 70, "step", ref, to=to, **extra):
                return

    def job(self, ref: str, kind: str, months=(3, 6, 12)) -> None:
        """An outcome that is a job, and its checks as they fell due before the last day."""
        if not self.add(1, 10, "outcome", ref, kind=kind, employer="ТОО «Жұмыс»",
                        wage_kzt=self.rng.randrange(90_000, 250_000, 5_000)):
            return
        began = self.day
        for n in months:
            due = began + timedelta(days=n * 31 + self.rng.randint(0, 12))
            if due > LAST:
                return
            self.day = max(self.day, due)
            self.events.append(Event(due, "check", self.key, ref, {
                "months": n, "still_employed": self.rng.random() < 0.8}))


def _works(s: Story, i: int) -> None:
    s.contact("job_search")
    s.add(2, 10, "refer", f"g{i}pw", measure="public_works")
    s.steps(f"g{i}pw", "referred", "started", "completed")
    s.job(f"g{i}pw", "temporary_job", (3, 6))


def _youth(s: Story, i: int) -> None:
    s.add(1, 6, "refer", f"g{i}yp", measure="youth_practice")
    s.steps(f"g{i}yp", "referred", "started", "completed")
    s.job(f"g{i}yp", "permanent_job")


def _training(s: Story, i: int) -> None:
    s.add(2, 8, "refer", f"g{i}st", measure="short_training")
    s.steps(f"g{i}st", "referred", "started", "completed")
    s.add(1, 5, "outcome", f"g{i}st", kind="training_certificate")
    s.add(3, 20, "refer", f"g{i}pw", measure="public_works")
    s.steps(f"g{i}pw", "rejected", reason="no_places", note="Орын жоқ")


def _founder(s: Story, i: int) -> None:
    s.add(2, 8, "refer", f"g{i}bb", measure="bastau_business")
    s.steps(f"g{i}bb", "referred", "started", "completed")
    s.add(2, 9, "refer", f"g{i}sg", measure="state_grant")
    s.steps(f"g{i}sg", "approved", "referred", "started")
    s.job(f"g{i}sg", "business_opened", (3,))


def _credit(s: Story, i: int) -> None:
    s.contact("measure")
    s.add(2, 8, "refer", f"g{i}mc", measure="microcredit")
    s.steps(f"g{i}mc", "approved", "referred", "started")


def _social(s: Story, i: int) -> None:
    s.add(2, 8, "refer", f"g{i}sj", measure="social_job")
    if i % 20 == 5:
        s.steps(f"g{i}sj", "referred", "declined", reason="health", note="Денсаулығы")
        return
    s.steps(f"g{i}sj", "referred", "started", "completed")
    s.job(f"g{i}sj", "permanent_job", (3, 6))


def _silver(s: Story, i: int) -> None:
    s.add(2, 8, "refer", f"g{i}sa", measure="silver_age")
    s.steps(f"g{i}sa", "referred", "started")


def _mover(s: Story, i: int) -> None:
    s.add(2, 8, "refer", f"g{i}rs", measure="resettlement", destination=NORTH)
    s.steps(f"g{i}rs", "approved", "referred", "started")


def _placement(s: Story, i: int) -> None:
    s.add(1, 5, "refer", f"g{i}jp", measure="job_placement")
    if i % 20 == 8:
        s.steps(f"g{i}jp", "cancelled", reason="duplicate", note="Қайталанған")
        return
    s.steps(f"g{i}jp", "referred")
    s.job(f"g{i}jp", "permanent_job", (3, 6))


def _leaver(s: Story, i: int) -> None:
    s.contact("registration")
    s.add(20, 90, "deregister", reason=s.rng.choice(("moved", "education", "no_contact")))
    s.add(60, 200, "return")
    s.contact("job_search")
    s.add(3, 15, "refer", f"g{i}pw", measure="public_works")
    s.steps(f"g{i}pw", "referred", "started")


# (story, who: age range at registration, profile) by the person's number modulo 10
STORIES = (
    (_works, (25, 55), {"education_level": "secondary", "experience_months": 60}),
    (_youth, (21, 27), {"education_level": "higher", "experience_months": 0}),
    (_training, (19, 50), {"education_level": "secondary", "experience_months": 12}),
    (_founder, (25, 45), {"education_level": "vocational", "experience_months": 36,
                          "target_groups": ["large_family"], "business_idea": "Шеберхана"}),
    (_credit, (28, 50), {"education_level": "vocational", "experience_months": 48,
                         "business_idea": "Мал шаруашылығы"}),
    (_social, (25, 50), {"education_level": "secondary", "experience_months": 24,
                         "target_groups": ["large_family"]}),
    (_silver, (52, 56), {"education_level": "vocational", "experience_months": 240}),
    (_mover, (23, 45), {"education_level": "secondary", "experience_months": 30}),
    (_placement, (20, 50), {"education_level": "higher", "experience_months": 40}),
    (_leaver, (20, 50), {"education_level": "secondary", "experience_months": 10}),
)


def _registered(rng: random.Random, kind: int) -> date:
    if kind == 6:  # silver age from 2023: fifty and over
        return date(2023, 1, 9) + timedelta(days=rng.randint(0, 300))
    return FIRST + timedelta(days=rng.randint(0, 420))


def generate(count: int = COUNT) -> tuple[dict[str, Person], list[Event]]:
    rng = random.Random(SEED)
    persons, events = {}, []
    for i in range(count):
        story, (youngest, oldest), profile = STORIES[i % len(STORIES)]
        day = _registered(rng, i % len(STORIES))
        age = rng.randint(youngest, oldest)
        born = date(day.year - age, rng.randint(1, 12), rng.randint(1, 28))
        # resettlement moves persons out of labour-surplus Kyzylorda only
        district = KYZYLORDA if story is _mover or rng.random() < 0.5 else SEMEY
        extra = dict(profile)
        if story is _youth:
            extra["graduation_year"] = day.year - 1
        key = f"g{i}"
        persons[key] = Person(key, district, born, rng.choice("MF"), 400 + i, name(i + 50),
                              extra)
        s = Story(rng, key, day)
        s.events.append(Event(day, "register", key))
        story(s, i)
        events += s.events
    iins = [p.iin for p in persons.values()]
    assert len(set(iins)) == len(iins)
    return persons, events
