"""Writes on the catalogue: a measure's entry (names, notes, whether it is offered), a new
version of its rules and benefit from a date, and a version added by mistake withdrawn before
its first day. Each checks, writes, audits and flushes; the view commits."""
from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import format_date, gettext as _
from sqlalchemy import func, select, update

from caseworker import audit, clock
from caseworker.domain import versions as dated
from caseworker.extensions import db
from caseworker.models import Measure, MeasureVersion, Referral, User, WithdrawnVersion
from caseworker.refusals import Refused
from caseworker.voiding import reason_given

FIELDS = ("name_kk", "name_ru", "name_en", "active", "notes_kk", "notes_ru", "notes_en")
VERSION_FIELDS = ("rules", "needs_approval", "over_funds", "benefit_amount", "benefit_unit", "benefit_period",
                  "amount_by_region", "max_months", "source_kk", "source_ru", "source_en")


def seen(measure: Measure) -> str:
    """A short fingerprint of the entry as saved now: the edit form carries the one it was
    filled from, so that a save over someone else's is refused rather than lost."""
    data = json.dumps({name: getattr(measure, name) for name in FIELDS}, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def save(measure: Measure, values: dict, user: User, filled_from: str) -> list[str]:
    """Save the entry's fields; returns those that changed (none: nothing is recorded)."""
    if filled_from != seen(measure):
        raise Refused("stale")
    changed = [name for name in FIELDS if getattr(measure, name) != values[name]]
    for name in changed:
        setattr(measure, name, values[name])
    if changed:
        audit.record("measure.update", "measure", measure.code, user)
        db.session.flush()
    return changed


def _lock(measure: Measure) -> None:
    """The measure's row lock (PostgreSQL) or the database write lock (SQLite): two versions
    added at once are checked one after the other."""
    db.session.execute(update(Measure).where(Measure.code == measure.code)
                       .values(active=Measure.active)
                       .execution_options(synchronize_session=False))


def _day(day: date | None) -> str:
    return format_date(day, "dd.MM.yyyy") if day else "…"


def add_version(measure: Measure, valid_from: date, valid_to: date | None, values: dict,
                user: User) -> MeasureVersion:
    """A version of the measure from `valid_from` (to `valid_to`, or open): the open version
    that began earlier ends the day before. Refused when it ends before it starts, when it
    would share a day with another version, or when referrals to the measure were made on or
    after its first day (they keep the version they were judged under)."""
    if valid_to is not None and valid_to < valid_from:
        raise Refused("version_ends_before_start")
    _lock(measure)
    existing = db.session.scalars(
        select(MeasureVersion).where(MeasureVersion.measure_code == measure.code)
        .execution_options(populate_existing=True)).all()
    placement = dated.place(existing, valid_from, valid_to)
    if placement.clash is not None:
        clash = placement.clash
        raise Refused("version_overlaps", _(
            "These dates overlap the version from %(start)s to %(end)s (version %(number)s).",
            start=_day(clash.valid_from), end=_day(clash.valid_to), number=clash.number))
    last = db.session.scalar(select(func.max(Referral.proposed_on)).where(
        Referral.measure_code == measure.code, Referral.proposed_on >= valid_from))
    if last is not None:
        raise Refused("version_after_referrals", _(
            "A referral to this measure was made on %(last)s under the version then in force: "
            "a new version may start only after that day.", last=_day(last)))
    if placement.closes is not None:
        placement.closes.valid_to = placement.closed_on
        db.session.flush()  # the open version is closed before the new one is the open one
    number = max([v.number for v in existing] + db.session.scalars(
        select(WithdrawnVersion.number).where(WithdrawnVersion.measure_code == measure.code)
    ).all(), default=0) + 1  # a withdrawn version's number is never given again
    version = MeasureVersion(measure_code=measure.code, number=number, valid_from=valid_from,
                             valid_to=valid_to, **{name: values[name] for name in VERSION_FIELDS})
    db.session.add(version)
    db.session.flush()
    db.session.expire(measure, ["versions"])
    audit.record("measure.version_add", "measure", measure.code, user)
    db.session.flush()
    return version


def withdraw_version(measure: Measure, number: int, user: User, reason: str | None,
                     confirmed: bool) -> WithdrawnVersion:
    """The measure's latest version, added by mistake, taken back before its first day: kept
    as a `WithdrawnVersion` (what it said, who, when, why), and the version before it ends as
    it did before this one was added. A version in force, or one a referral was judged under,
    is never withdrawn (a later version corrects it); nor one with a later version after it."""
    reason = reason_given(reason, confirmed, "withdraw")
    _lock(measure)
    existing = sorted(db.session.scalars(
        select(MeasureVersion).where(MeasureVersion.measure_code == measure.code)
        .execution_options(populate_existing=True)), key=lambda v: v.valid_from)
    version = next((v for v in existing if v.number == number), None)
    if version is None:
        raise Refused("version_unknown")
    if version is not existing[-1]:
        raise Refused("version_not_last")
    if version.valid_from <= clock.today() or db.session.scalar(select(func.count(
            Referral.id)).where(Referral.measure_code == measure.code,
                                Referral.rules_version == number)):
        raise Refused("version_in_force")
    kept = WithdrawnVersion(
        measure_code=measure.code, number=number, valid_from=version.valid_from,
        valid_to=version.valid_to, reason=reason, withdrawn_at=clock.utcnow(),
        withdrawn_by_id=user.id, said={name: _plain(getattr(version, name))
                                       for name in VERSION_FIELDS})
    before = existing[-2] if len(existing) > 1 else None
    db.session.add(kept)
    db.session.delete(version)
    db.session.flush()  # the open version is gone before the one before it is open again
    if before is not None and before.valid_to == version.valid_from - timedelta(days=1):
        before.valid_to = version.valid_to
    db.session.flush()
    db.session.expire(measure, ["versions"])
    audit.record("measure.version_withdrawn", "measure", measure.code, user)
    return kept


def _plain(value):
    """A version's value as JSON keeps it (an amount as its digits)."""
    return str(value) if isinstance(value, Decimal) else value


def add_shipped_versions(shipped: dict[str, list[dict]], user: User | None = None
                         ) -> list[MeasureVersion]:
    """The versions the reference data ships (measure code -> version values, as
    `reference_data.file_versions` reads them) that a database made before them lacks (say,
    youth practice's age limit of 35 from 2022 where the database knows only the rule of 29):
    each added as an admin adds one (`add_version`: the open version ends the day before,
    versions never overlap), from its own first day, or from the day after the last referral
    to the measure where referrals were judged since (they keep their version). Run again, it
    adds nothing."""
    added = []
    for code, versions in shipped.items():
        measure = db.session.get(Measure, code)
        if measure is None or not measure.versions:
            continue  # not loaded yet: `flask load-reference` seeds every version
        last = db.session.scalar(select(func.max(Referral.proposed_on)).where(
            Referral.measure_code == code))
        first_free = last + timedelta(days=1) if last is not None else None
        for index, starts in dated.missing([v.valid_from for v in measure.versions],
                                           [(v["valid_from"], v["valid_to"]) for v in versions],
                                           first_free):
            values = versions[index]
            added.append(add_version(measure, starts, values["valid_to"], values, user))
    return added
