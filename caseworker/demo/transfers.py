"""Demo transfer requests between the two demo districts of each region: waiting for either
district's supervisor, one approved (the file moved) and one rejected with its reason."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from caseworker import clock, policy
from caseworker.extensions import db
from caseworker.models import Person, Referral, User
from caseworker.people.operations import decide_transfer, request_transfer

NOTES = ("Переехал(а) к родственникам, просит вести дело по новому адресу",
         "Сменил(а) место жительства, предъявил(а) новую адресную справку",
         "Живёт и ищет работу в нашем районе")
REJECTED = "По адресной справке продолжает жить в нашем районе, на учёте у нас"


def _staff(role: str, district_id: int) -> User | None:
    return db.session.scalar(select(User).where(
        User.role == role, User.district_id == district_id, User.active.is_(True))
        .order_by(User.id))


def _movable(district_id: int, count: int) -> list[Person]:
    """Registered persons of the district with no referral (a transfer moves the file only)."""
    referred = select(Referral.person_id)
    return list(db.session.scalars(select(Person).where(
        Person.district_id == district_id, Person.status == "active",
        Person.id.not_in(referred)).order_by(Person.id.desc()).limit(count)))


def add_transfers() -> int:
    """Between each region's first two districts with a supervisor and a caseworker: from the
    first to the second, two waiting and one rejected; from the second, one waiting and one
    approved. Returns the requests made."""
    made = 0
    supervisors = db.session.scalars(select(User).where(User.role == policy.SUPERVISOR)
                                     .order_by(User.id)).all()
    by_region: dict[int, list[User]] = {}
    for supervisor in supervisors:
        by_region.setdefault(supervisor.district.region_id, []).append(supervisor)
    for first, second, *_ in (pair for pair in by_region.values() if len(pair) >= 2):
        workers = [_staff(policy.CASEWORKER, s.district_id) for s in (first, second)]
        if None in workers:
            continue
        plan = [(first, workers[1], None), (first, workers[1], None),
                (first, workers[1], REJECTED), (second, workers[0], None),
                (second, workers[0], "")]
        persons = {first.id: _movable(first.district_id, 3),
                   second.id: _movable(second.district_id, 2)}
        for i, (holder, asker, decision) in enumerate(plan):
            if not persons[holder.id]:
                continue
            request = request_transfer(persons[holder.id].pop().iin, asker, NOTES[i % len(NOTES)])
            request.requested_at = clock.utcnow() - timedelta(days=9 - 2 * i, hours=3)
            made += 1
            if decision is not None:
                decide_transfer(request, decision == "", holder, decision or None)
    return made
