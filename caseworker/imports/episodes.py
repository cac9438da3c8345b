"""The import's rows of what follows a referral and a registration: the follow-up checks of a
job (`follow_ups`), leaving the register (`deregistrations`) and coming back (`returns`).
Each row goes through the operation the page and the API call
(`referrals.outcomes.check_follow_up`, `people.operations.deregister` and `reregister`),
dated with its own `on`, so the same rules and refusal codes apply; it is found again by its
external id (a file imported twice changes nothing the second time). The import applies them
in the order of their days with the other kinds (`imports.operations`)."""
from __future__ import annotations

from sqlalchemy import select

from caseworker.extensions import db
from caseworker.imports import batch, queries
from caseworker.models import FollowUp, Outcome
from caseworker.models.outcome import SOURCES
from caseworker.people import operations as people
from caseworker.referrals import outcomes
from caseworker.refusals import Refused


def _outcome(run, external_id: str) -> Outcome:
    """The outcome a check names by the external id it was imported with."""
    row = db.session.scalar(queries.imported(run.user, "outcomes", external_id))
    found = db.session.get(Outcome, row.record_id) if row is not None else None
    if found is None:
        raise Refused("import_unknown_outcome")
    return found


def _open_check(outcome: Outcome, months: int) -> FollowUp:
    """The outcome's check of these months (the one in force: a voided one was replaced)."""
    found = db.session.scalar(select(FollowUp).where(
        FollowUp.outcome_id == outcome.id, FollowUp.months == months,
        FollowUp.voided_at.is_(None)).order_by(FollowUp.id.desc()).limit(1))
    if found is None:
        raise Refused("import_no_follow_up")
    return found


def follow_up(run, row: dict) -> bool:
    """A check of a job at 3, 6 or 12 months, as `POST /follow-ups/<id>` records it."""
    outcome = _outcome(run, row["outcome_external_id"])
    if run.seen("follow_ups", row["external_id"]) is not None:
        return False
    batch.choice(row, "source", SOURCES)
    district_id = outcome.referral.person.district_id
    check = outcomes.check_follow_up(
        _open_check(outcome, row["months"]), run.acting(district_id),
        still_employed=row.get("still_employed"), source=row["source"], on=row["on"])
    run.remember("follow_ups", district_id, row["external_id"], check.id)
    return True


def deregistration(run, row: dict) -> bool:
    """The end of the person's registration episode with its reason, as
    `POST /persons/<id>/deregistration` records it."""
    person = run.person(row["iin"])
    if run.seen("deregistrations", row["external_id"]) is not None:
        return False
    batch.choice(row, "reason", people.LEAVING_REASONS)
    episode = people.deregister(person, row["reason"], row["on"],
                                run.acting(person.district_id), run.today)
    run.remember("deregistrations", person.district_id, row["external_id"], episode.id)
    return True


def comeback(run, row: dict) -> bool:
    """The person registered again, a new episode, as `POST /persons/<id>/return` records
    it."""
    person = run.person(row["iin"])
    if run.seen("returns", row["external_id"]) is not None:
        return False
    episode = people.reregister(person, row["on"], run.acting(person.district_id), run.today)
    run.remember("returns", person.district_id, row["external_id"], episode.id)
    return True


APPLY = {"follow_ups": follow_up, "deregistrations": deregistration, "returns": comeback}
