"""The batch forms of `operations.refer`, `operations.transition` and
`outcomes.record_outcome` (an import of many). `refer_many`: each proposal judged by the
same rules (`proposing.judged`) in the order given, what they read read once for the
batch's persons (`BatchReads`), what passes written with one INSERT, the allocations'
running totals with one UPDATE each. `transition_many`: each step judged by
the same rules in the order given (`workflow.refusal` on the referral as the earlier steps of
the batch left it, the letter number taken, the places left of the allocation), what it reads
read once (the letter numbers named, the letters in force, the places used of each
allocation, a region's letter count of a year, whose row is locked from its first use to the
end of the transaction: the block of numbers is the batch's), and what passes written with
one statement a table, its audit events with one INSERT each.

What a batch writes goes through the driver (`bulk_writes`), not as objects
the session keeps and flushes one by one: an import's rows would fill the session, and a
versioned row's UPDATE would be one statement each. No flush sees them, so the caller keeps
the indicator summary and the casework facts of their persons current
(`indicators.summary.changing`, `casework.facts.touch`)."""
from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from datetime import timedelta

from sqlalchemy import func, select, update

from caseworker import audit, clock, policy
from caseworker.domain import letter_codes, workflow
from caseworker.domain.numbering import letter_number, sequence_of
from caseworker.extensions import db
from caseworker.calendar.queries import work_calendar
from caseworker.domain.dates import add_months
from caseworker.measures import allocations as allocation_levels
from caseworker.models import (
    Allocation, FieldChange, FollowUp, Letter, LetterCounter, Measure, Outcome, Person,
    Provider, Referral, ReferralEvent, RegistrationEpisode, RoadmapProject, User)
from caseworker.models.allocation import USING_STATUSES
from caseworker.models.referral import OPEN_STATUSES
from caseworker.payments import totals
from caseworker.models.outcome import FOLLOW_UP_MONTHS, JOB_KINDS
from caseworker.models.types import utcnow
from caseworker.referrals import answer_links, outcomes, proposing, terms
from caseworker.referrals.operations import Numbering, _text, numbering_region
from caseworker.refusals import Refused
from caseworker.bulk_writes import changed_through, inserted, row_of, written


@dataclass
class Step:
    referral: Referral
    to: str
    on: date
    user: User
    reason: str | None = None
    note: str | None = None
    letter_number: str | None = None


class Counters:
    """A region's letter count of a year, read (and its row locked) at its first use and
    written back once."""

    def __init__(self):
        self.last: dict[tuple[int, int], int] = {}
        self.read: set[tuple[int, int]] = set()

    def _load(self, key: tuple[int, int]) -> None:
        if key in self.last:
            return
        region_id, year = key
        found = db.session.scalar(
            update(LetterCounter).where(LetterCounter.region_id == region_id,
                                        LetterCounter.year == year)
            .values(last=LetterCounter.last).returning(LetterCounter.last)
            .execution_options(synchronize_session=False))
        if found is not None:
            self.read.add(key)
        self.last[key] = found or 0

    def next(self, region: Numbering, year: int) -> int:
        key = (region.id, year)
        self._load(key)
        self.last[key] += 1
        return self.last[key]

    def keep(self, region: Numbering, year: int, number: str) -> None:
        """A number given before: the count moves past it (as `_keep_number`)."""
        sequence = sequence_of(number, region.kato, year)
        if sequence is not None:
            key = (region.id, year)
            self._load(key)
            self.last[key] = max(self.last[key], sequence)

    def write(self) -> None:
        for (region_id, year), last in self.last.items():
            if (region_id, year) in self.read:
                db.session.execute(update(LetterCounter).where(
                    LetterCounter.region_id == region_id, LetterCounter.year == year,
                    LetterCounter.last < last).values(last=last)
                    .execution_options(synchronize_session=False))
            elif last:
                db.session.add(LetterCounter(region_id=region_id, year=year, last=last))


def transition_many(steps: list[Step]) -> list[int | Refused]:
    """Each step's event id (its letter, when referred, is the referral's last), or its
    refusal; the steps that pass are written together at the end: the referrals with one
    UPDATE, the events, letters and answer links with one INSERT each. No flush sees the
    referrals change: the caller keeps the indicator summary and the casework facts of their
    persons current (`summary.changing` around it, `facts.touch` after)."""
    today = clock.today()
    named = {n for s in steps if (n := _text(s.letter_number))}
    taken = set(db.session.scalars(select(Letter.number).where(Letter.number.in_(named)))) \
        if named else set()
    referral_ids = {s.referral.id for s in steps}
    # the letters in force: an object (read) or a row of this batch (a dict, not written yet)
    in_force: dict[int, list[Letter | dict]] = {}
    for letter in db.session.scalars(select(Letter).where(
            Letter.referral_id.in_(referral_ids), Letter.status == "genuine")):
        in_force.setdefault(letter.referral_id, []).append(letter)
    allocations = {s.referral.allocation_id for s in steps} - {None}
    # what a step into a status that uses a place may take: read under the lock of each such
    # allocation (taken in id order, so that two of these batches wait rather than deadlock),
    # so that two batches at once never both take an allocation's last place
    for allocation_id in sorted({s.referral.allocation_id for s in steps
                                 if s.to in USING_STATUSES} - {None}):
        allocation_levels.lock(allocation_id)
    used = dict(db.session.execute(
        select(Referral.allocation_id, func.count()).where(
            Referral.allocation_id.in_(allocations), Referral.status.in_(USING_STATUSES))
        .group_by(Referral.allocation_id)).all()) if allocations else {}
    counters, regions = Counters(), {}
    results: list[dict | Refused] = []
    moved: dict[int, Referral] = {}
    events: list[dict] = []
    letters: list[dict] = []
    audited: list[tuple[str, str, object, User, date | None]] = []
    with db.session.no_autoflush:
        for step in steps:
            referral, to, on, user = step.referral, step.to, step.on, step.user
            note, number = _text(step.note), _text(step.letter_number)
            if number is not None and (to != "referred" or number in taken):
                results.append(Refused("letter_number_taken" if to == "referred"
                                       else "letter_number_unused"))
                continue
            refusal = workflow.refusal(
                referral.status, to, needs_approval=referral.needs_approval,
                may_approve=policy.can(user, "referral.approve"), happened_on=on,
                previous_on=referral.status_on, today=today, reason=step.reason,
                has_provider=referral.provider_id is not None, note=note)
            if refusal is not None:
                results.append(Refused(refusal))
                continue
            entering = to in USING_STATUSES and referral.status not in USING_STATUSES
            if entering and referral.allocation_id is not None:
                if referral.allocation.places - used.get(referral.allocation_id, 0) <= 0:
                    results.append(Refused("no_places"))
                    continue
            if referral.allocation_id is not None:
                was, now = referral.status in USING_STATUSES, to in USING_STATUSES
                used[referral.allocation_id] = used.get(referral.allocation_id, 0) + now - was
            if to not in OPEN_STATUSES:
                totals.referral_closing(referral)  # (before its status changes)
            before = referral.status
            moved[referral.id] = referral
            referral.status, referral.status_on = to, on
            if to in workflow.REASONS:
                referral.reason = step.reason
            event = {"referral_id": referral.id, "from_status": before, "to_status": to,
                     "happened_on": on, "recorded_at": utcnow(), "user_id": user.id,
                     "reason": step.reason, "note": note}
            events.append(event)
            audited.append((f"referral.{to}", "referral", referral.id, user, on))
            if to in workflow.CLOSING or to == "referred":
                for old in in_force.pop(referral.id, []):
                    cancelled = {"status": "cancelled", "cancelled_at": utcnow(),
                                 "cancelled_by_id": user.id}
                    if isinstance(old, dict):
                        old.update(cancelled)  # issued in this batch: written cancelled
                    else:
                        for name, value in cancelled.items():
                            setattr(old, name, value)
                    audited.append(("letter.cancel", "letter", old, user, None))
            if to == "referred":
                key = (referral.person.district_id, on)
                if key not in regions:
                    regions[key] = numbering_region(referral.person, on)
                region = regions[key]
                if number is not None:
                    counters.keep(region, on.year, number)
                else:
                    number = letter_number(region.kato, on.year,
                                           counters.next(region, on.year))
                taken.add(number)
                letter = {"referral_id": referral.id, "number": number, "code": "".join(
                    secrets.choice(letter_codes.ALPHABET) for _ in range(letter_codes.LENGTH)),
                    "issued_on": on, "issued_by_id": user.id, "status": "genuine",
                    "cancelled_at": None, "cancelled_by_id": None, "created_at": utcnow()}
                letters.append(letter)
                in_force[referral.id] = [letter]
                audited.append(("letter.issue", "letter", letter, user, on))
            results.append(event)
        changed_through(list(moved.values()))  # (before a flush would write them one by one)
        counters.write()
        db.session.flush()  # the letters of before cancelled, a new count of letters
        for event, new_id in zip(events, inserted(ReferralEvent, events)):
            event["id"] = new_id
        for letter, new_id in zip(letters, inserted(Letter, letters)):
            letter["id"] = new_id
    grouped: dict[tuple[str, str], list] = {}
    for action, kind, record, user, on in audited:
        record_id = record["id"] if isinstance(record, dict) else getattr(record, "id", record)
        grouped.setdefault((action, kind), []).append((record_id, user, on))
    for (action, kind), items in grouped.items():
        audit.record_many(action, kind, items)
    # as `_issue_letter` gives one
    answer_links.create_many([(letter["id"], user, on) for action, _kind, letter, user, on
                              in audited if action == "letter.issue"])
    for referral in moved.values():  # the collections read before miss the new rows
        db.session.expire(referral, ["events", "letters"])
    return [result if isinstance(result, Refused) else result["id"] for result in results]


def record_outcomes(items: list[tuple[Referral, User, dict]]) -> list[Outcome | Refused]:
    """The batch form of `record_outcome`: each item (referral, user, the keywords `kind`,
    `start_on`, `employer`, `wage_kzt`) judged by the same rules (`checked_outcome`) in the
    order given, the referrals' outcomes in force, the persons' open episodes and the
    working-days calendar of all the follow-ups read once; what passes written with one
    INSERT (its follow-up checks with another; what a job changes of the person and the
    episode with one flush) and audited in bulk. Returns each item's outcome (given its id,
    not kept by the session), or its refusal. No flush sees the outcomes: the caller keeps
    the indicator summary and the casework facts of their persons current
    (`summary.changing` around it, `facts.touch` after)."""
    referral_ids = {referral.id for referral, _user, _values in items}
    live = set(db.session.scalars(select(Outcome.referral_id).where(
        Outcome.referral_id.in_(referral_ids), Outcome.voided_at.is_(None))))
    open_episodes = {e.person_id: e for e in db.session.scalars(select(RegistrationEpisode)
                     .where(RegistrationEpisode.person_id.in_(
                         {r.person_id for r, _u, _v in items}),
                         RegistrationEpisode.deregistered_on.is_(None)))}
    starts = [values["start_on"] for _r, _u, values in items if values.get("start_on")]
    calendar = work_calendar(min(starts), add_months(max(starts), max(FOLLOW_UP_MONTHS))
                             + timedelta(days=31)) if starts else None
    results: list[Outcome | Refused] = []
    made, checks, changed, field_changes = [], [], [], []
    with db.session.no_autoflush:
        for referral, user, values in items:
            kind, start_on = values["kind"], values.get("start_on")
            try:
                outcomes.checked_outcome(referral, kind, start_on, live=referral.id in live)
            except Refused as refused:
                results.append(refused)
                continue
            outcome = Outcome(referral_id=referral.id, kind=kind,
                              employer=(values.get("employer") or "").strip() or None,
                              start_on=start_on, wage_kzt=values.get("wage_kzt"),
                              recorded_by_id=user.id, recorded_at=utcnow())
            live.add(referral.id)
            if kind in JOB_KINDS:  # its checks: written after the outcomes, in one INSERT
                checks.append((outcome, outcomes.follow_up_dues(start_on, calendar)))
                person = referral.person
                episode = open_episodes.pop(person.id, None)
                outcomes.employed(outcome, person, start_on, user, episode, field_changes)
                changed += [record for record in (person, episode) if record is not None]
            made.append((referral, user, start_on, outcome))
            results.append(outcome)
    changed_through(changed)  # the persons employed, their episodes closed
    if field_changes:  # their field changes
        written(FieldChange.__table__, field_changes)
    rows = [row_of(outcome) for _r, _u, _on, outcome in made]
    for (_r, _u, _on, outcome), new_id in zip(made, inserted(Outcome, rows)):
        outcome.id = new_id
    if checks:
        written(FollowUp.__table__, [
            {"outcome_id": outcome.id, "months": months, "due_on": due_on}
            for outcome, dues in checks for months, due_on in dues])
    audit.record_many("outcome.record", "referral",
                      [(referral.id, user, on) for referral, user, on, _outcome in made])
    for referral, _user, _on, _outcome in made:
        db.session.expire(referral, ["outcomes"])
    return results


class BatchReads(proposing.Reads):
    """What the proposals of a batch read (`proposing.Reads`), read once for its persons:
    their referrals (open ones, and the history eligibility judges), the measures, providers
    and projects named, each district's allocations of a year (locked, then their use
    counted); and kept current as the batch makes referrals (the referral open, in the
    person's history, its amount committed)."""

    def __init__(self, persons: list[Person]):
        self.measures: dict[str, Measure | None] = {}
        self.providers: dict[int, Provider | None] = {}
        self.projects: dict[tuple, set[int]] = {}
        self.levels: dict[tuple[int, int], dict[str, list[Allocation]]] = {}
        self.left: dict[int, allocation_levels.Left] = {}
        self.open: set[tuple[int, str]] = set()
        self.histories: dict[int, list[tuple]] = defaultdict(list)
        for person_id, code, kind, status, proposed_on in db.session.execute(
                select(Referral.person_id, Referral.measure_code, Measure.kind, Referral.status,
                       Referral.proposed_on).join(Measure, Measure.code == Referral.measure_code)
                .where(Referral.person_id.in_({p.id for p in persons}))):
            self.histories[person_id].append((code, kind, status, proposed_on))
            if status in OPEN_STATUSES:
                self.open.add((person_id, code))

    def measure(self, code: str) -> Measure | None:
        if code not in self.measures:
            self.measures[code] = super().measure(code)
        return self.measures[code]

    def provider(self, provider_id: int) -> Provider | None:
        if provider_id not in self.providers:
            self.providers[provider_id] = super().provider(provider_id)
        return self.providers[provider_id]

    def has_project(self, person: Person, year: int, project_id: int) -> bool:
        key = (person.region_id, person.district_id, year)
        if key not in self.projects:
            self.projects[key] = set(db.session.scalars(
                terms.projects_for(person, year).with_only_columns(RoadmapProject.id)))
        return project_id in self.projects[key]

    def is_open(self, person: Person, measure: Measure) -> bool:
        return (person.id, measure.code) in self.open

    def history(self, person: Person) -> list[tuple]:
        return self.histories[person.id]

    def read_allocations(self, keys: set[tuple[Person, int]]) -> None:
        """The allocations of each (person's district, year) the batch may draw on, all locked
        before their use is read, in id order (as `transition_many` takes them, so that two
        batches over the same allocations wait for one another rather than deadlock)."""
        new: dict[int, Allocation] = {}
        for person, year in keys:
            key = (person.district_id, year)
            if key not in self.levels:
                self.levels[key] = allocation_levels.levels_of(person.district, year)
                new.update((a.id, a) for chain in self.levels[key].values() for a in chain
                           if a.id not in self.left)
        for allocation_id in sorted(new):
            allocation_levels.lock(allocation_id)
        self.left.update(allocation_levels.usage(list(new.values()), counted=True))

    def allocation(self, person: Person, measure: Measure, year: int) -> Allocation | None:
        key = (person.district_id, year)
        if key not in self.levels:
            self.read_allocations({(person, year)})
        found = allocation_levels.drawn(self.levels[key], self.left).get(measure.code)
        return found.allocation if found else None

    def places_left(self, allocation: Allocation) -> int:
        return self.left[allocation.id].places

    def funds_left(self, allocation: Allocation) -> int:
        return self.left[allocation.id].funds

    def made(self, referral: Referral, measure: Measure) -> None:
        self.open.add((referral.person_id, measure.code))
        self.histories[referral.person_id].append(
            (measure.code, measure.kind, referral.status, referral.proposed_on))
        if referral.allocation_id is not None and referral.amount_kzt:
            self.left[referral.allocation_id].used_funds += referral.amount_kzt


def refer_many(items: list[tuple[Person, str, User, proposing.Proposal]]
               ) -> list[Referral | Refused]:
    """The batch form of `refer` (without a form's token): each item (person, measure code,
    user, what the row says) judged in the order given; what passes written with one INSERT
    (and its first events, as `refer` writes them: the indicator summary counts them, with
    another), each allocation's running totals moved once, the audit events in one INSERT.
    Returns each item's referral (given its id, not kept by the session), or its refusal. No
    flush sees the referrals: the caller keeps the indicator summary and the casework facts of
    their persons current (`summary.changing` around it, `facts.touch` after)."""
    reads = BatchReads([person for person, _code, _user, _proposal in items])
    reads.read_allocations({(person, proposal.on.year) for person, _c, _u, proposal in items})
    results: list[Referral | Refused] = []
    made: list[tuple[Referral, User]] = []
    for person, code, user, proposal in items:
        try:
            referral = proposing.judged(person, code, user, proposal, reads)
        except Refused as refused:
            results.append(refused)
            continue
        reads.made(referral, reads.measure(code))
        made.append((referral, user))
        results.append(referral)
    if not made:
        return results
    rows = [row_of(referral) | {"created_at": utcnow(), "version": 1}
            for referral, _user in made]
    for (referral, _user), new_id in zip(made, inserted(Referral, rows)):
        referral.id = new_id
    inserted(ReferralEvent, [
        {"referral_id": referral.id, "from_status": None, "to_status": "proposed",
         "happened_on": referral.proposed_on, "recorded_at": utcnow(), "user_id": user.id,
         "reason": None, "note": referral.override_reason} for referral, user in made])
    totals.referrals_made([referral for referral, _user in made])
    audit.record_many("referral.create", "referral",
                      [(referral.id, user, referral.proposed_on) for referral, user in made])
    return results
