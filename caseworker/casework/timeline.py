"""One chronological timeline of a person: registrations and deregistrations, contacts,
referral steps, outcomes, follow-up checks and profile changes, newest first. Six small
queries, merged in Python (bounded by `limit`).
Each entry's moment is aware: a contact's time is local (as typed), a change's is stored UTC,
a referral step or a check has a local day; so they sort together and show in local time."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from caseworker import clock
from caseworker.domain.event_dates import late
from caseworker.extensions import db
from caseworker.models import (
    FieldChange, FollowUp, Interaction, Outcome, Referral, ReferralEvent, RegistrationEpisode)


@dataclass
class Entry:
    at: datetime
    kind: str  # registered | deregistered | contact | referral | outcome | follow_up | change
    #            (a list: one save's changes); a voided contact, outcome or check stays, shown
    #            struck through with its reason
    item: object
    entered: datetime | None = None  # when it was entered (stored UTC), where it is kept
    late: bool = False  # entered more than event_dates.LATE_ENTRY_DAYS after it happened


def _dated(entry: Entry, happened: date | None, entered: datetime | None) -> Entry:
    """The entry with when it was entered, and whether that was late."""
    entry.entered = entered
    entry.late = entered is not None and late(happened, clock.local(entered))
    return entry

# Changes of one save: by the same person, this close together (a save writes them at once).
ONE_SAVE = timedelta(seconds=2)
END_OF_DAY = timedelta(hours=23, minutes=59)
AFTER = timedelta(seconds=30)
# Entries of the same moment (a day's referral steps and its registration have no time of day):
# the registration first in time, a deregistration last.
SAME_MOMENT = {"registered": 0, "deregistered": 2}


def _moment(day: date) -> datetime:
    return clock.aware_local(datetime(day.year, day.month, day.day))


def timeline(person_id: int, limit: int = 60) -> list[Entry]:
    contacts = db.session.scalars(select(Interaction).where(Interaction.person_id == person_id)
                                  .order_by(Interaction.at.desc()).limit(limit))
    steps = db.session.execute(select(ReferralEvent, Referral).join(
        Referral, Referral.id == ReferralEvent.referral_id).where(
        Referral.person_id == person_id).order_by(ReferralEvent.id.desc()).limit(limit))
    checks = db.session.execute(select(FollowUp, Outcome).join(Outcome).join(
        Referral, Referral.id == Outcome.referral_id).where(
        Referral.person_id == person_id, FollowUp.checked_on.is_not(None)).limit(limit))
    changes = db.session.scalars(select(FieldChange).where(FieldChange.person_id == person_id)
                                 .order_by(FieldChange.at.desc(), FieldChange.id.desc())
                                 .limit(limit))
    episodes = db.session.scalars(select(RegistrationEpisode).where(
        RegistrationEpisode.person_id == person_id).order_by(RegistrationEpisode.id.desc())
        .limit(limit)).all()
    outcomes = db.session.execute(select(Outcome, Referral).join(
        Referral, Referral.id == Outcome.referral_id).where(
        Referral.person_id == person_id).order_by(Outcome.id.desc()).limit(limit))
    return merged(contacts, steps, checks, changes, episodes, limit, outcomes)


def merged(contacts, steps, checks, changes, episodes, limit: int = 60,
           outcomes=(), offers=()) -> list[Entry]:
    """The timeline of what a caller read already: contacts, (step, referral) pairs,
    (follow-up, outcome) pairs, field changes newest first, registration episodes,
    (outcome, referral) pairs, and suitable-job offers (the offer, and its answer in force)."""
    entries = [_dated(Entry(clock.aware_local(c.at), "contact", c), c.at.date(), c.created_at)
               for c in contacts]
    left_on = {e.deregistered_on for e in episodes if e.deregistered_on}
    for episode in episodes:
        # a return on the day the person left comes after that day's deregistration
        back = END_OF_DAY + AFTER if episode.registered_on in left_on - {
            episode.deregistered_on} else timedelta(0)
        entries.append(_dated(Entry(_moment(episode.registered_on) + back, "registered",
                                    episode), episode.registered_on, episode.opened_at))
        if episode.deregistered_on:
            entries.append(_dated(Entry(  # after the day's contacts, and its registration
                _moment(episode.deregistered_on) + END_OF_DAY, "deregistered", episode),
                episode.deregistered_on, episode.closed_at))
    entries += [_dated(Entry(_moment(e.happened_on), "referral", (e, r)), e.happened_on,
                       e.recorded_at) for e, r in steps]
    entries += [_dated(Entry(_moment(f.checked_on), "follow_up", (f, o)), f.checked_on,
                       f.checked_at) for f, o in checks]
    entries += [_dated(Entry(_moment(o.start_on), "outcome", (o, r)), o.start_on,
                       o.recorded_at) for o, r in outcomes]
    entries += [_dated(Entry(_moment(o.offered_on), "offer", o), o.offered_on, o.entered_at)
                for o in offers]
    entries += [_dated(Entry(_moment(o.answered_on), "offer_answer", o), o.answered_on,
                         o.answered_at) for o in offers if o.answered_on]
    entries += by_save(changes)
    return sorted(entries, key=lambda e: (e.at, SAME_MOMENT.get(e.kind, 1)), reverse=True)[:limit]


def by_save(changes) -> list[Entry]:
    """Profile changes, newest first, one entry per save: a save of five fields is one line of
    the timeline, not five. A change an event made (a status set by a deregistration, a
    return, a job) shows on the day the event happened, marked when it was entered late; any
    other when it was entered."""
    entries: list[Entry] = []
    for change in changes:
        last = entries[-1].item[0] if entries else None
        if (last and last.user_id == change.user_id and last.happened_on == change.happened_on
                and last.at - change.at <= ONE_SAVE):
            entries[-1].item.append(change)
            continue
        at = _moment(change.happened_on) + END_OF_DAY if change.happened_on \
            else change.at.replace(tzinfo=timezone.utc)
        entries.append(_dated(Entry(at, "change", [change]), change.happened_on, change.at))
    return entries
