"""What a history left in a database, named without ids so that three databases compare: the
persons, their registration episodes, referrals (amount and rules of their day) and letters,
each person's timeline (kinds and days), and the plan-against-fact table at report dates."""
from __future__ import annotations

from sqlalchemy import select

from caseworker.casework.timeline import timeline
from caseworker.extensions import db
from caseworker.indicators import tables
from caseworker.indicators.queries import Period
from caseworker.models import Letter, Person, Referral, RegistrationEpisode, User
from tests.threeway.history import REPORT_DATES


def _detail(entry) -> tuple:
    """What a timeline entry says besides its kind and day (who typed it and when aside)."""
    item = entry.item
    if entry.kind == "referral":
        step, referral = item
        return referral.measure_code, step.from_status, step.to_status, step.reason
    if entry.kind == "outcome":
        return item[0].kind, item[0].wage_kzt
    if entry.kind == "follow_up":
        return item[0].months, item[0].still_employed
    if entry.kind == "contact":
        return item.channel, item.topic, item.note
    if entry.kind == "deregistered":
        return (item.reason,)
    if entry.kind == "change":
        return tuple((change.field, change.old, change.new) for change in item)
    return ()


def indicators(user: User) -> dict:
    """Region x indicator (fact, plan) at each report date, cells with anything in them."""
    found = {}
    for as_of in REPORT_DATES:
        table = tables.national(Period(as_of.year, as_of), user, "Kazakhstan", live=True)
        found[as_of] = {(row.kato, code): (fig.fact, fig.plan, fig.units)
                        for row in table.rows for code, fig in row.figures.items()
                        if fig.fact or fig.plan}
    return found


def state(app) -> dict:
    with app.test_request_context(headers={"Accept-Language": "en"}):
        persons = db.session.scalars(select(Person)).all()
        iin = {p.id: p.iin for p in persons}
        referrals = db.session.scalars(select(Referral)).all()
        letters = db.session.execute(select(Letter, Referral).join(
            Referral, Referral.id == Letter.referral_id)).all()
        episodes = db.session.scalars(select(RegistrationEpisode)).all()
        reader = db.session.scalar(select(User).where(User.login == "ro"))
        return {
            "persons": sorted((p.iin, p.status, p.registered_on, p.district.kato)
                              for p in persons),
            "episodes": sorted((iin[e.person_id], e.registered_on, e.deregistered_on,
                                e.reason or "") for e in episodes),
            "referrals": sorted((iin[r.person_id], r.measure_code, r.proposed_on, r.status,
                                 r.status_on, r.amount_kzt or 0, r.rules_version,
                                 r.verdict.get("status")) for r in referrals),
            "letters": sorted((iin[r.person_id], r.measure_code, letter.number,
                               letter.issued_on, letter.status) for letter, r in letters),
            # a change an event made (a status) is on the event's day; a profile change
            # typed (none in this history) would be on the day it was entered: left out
            "timelines": {p.iin: [(e.at.date(), e.kind, _detail(e))
                                  for e in reversed(timeline(p.id))
                                  if e.kind != "change" or e.item[0].happened_on]
                          for p in persons},
            "indicators": indicators(reader),
        }
