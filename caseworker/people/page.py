"""A person's page: the people feature's own sections, and those other features register.

A feature that shows something on the person's page (measures: eligibility and places left;
casework: contacts, the plan, a handover) registers a section, `fn(person, today, user) ->
dict` of what its part of `people/show.html` reads, with `add_section(app, fn)` when the app
is made. So the people feature, at the bottom, imports none of the features above it.

The page reads what it shows in a fixed number of statements, whatever the length of the file:
the person comes with its district, region, caseworker, episodes and transfers; what several
sections read (referrals with their steps and checks, the field changes) is read once per
request through `file_of(person)`; the pension ages and target groups are kept by the process
(people.profiling).
"""
from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Callable

from flask import current_app, flash, g, render_template
from flask_babel import gettext as _
from flask_login import current_user

from caseworker import clock, policy
from caseworker.domain.dates import age
from caseworker.domain.derived import months_unemployed
from caseworker.domain.profiling import unknowns
from caseworker.extensions import db
from caseworker.forms import unsent
from caseworker.models import FieldChange, Offer, Person, Referral, User
from caseworker.people import forms, queries
from caseworker.people.profiling import (
    derived_of, facts_of, profile_of, target_groups)

Section = Callable[[Person, date, User], dict]
SECTIONS = "person_page_sections"
REQUIRED_FOR_COMPLETE = ("phone", "address", "education_level", "experience_months",
                         "household_size", "desired_occupations", "consent_date")
HISTORY_SHOWN = 100


def add_section(app, section: Section) -> None:
    """Show `section`'s part on every person's page of `app` (once, however often added)."""
    sections = app.extensions.setdefault(SECTIONS, [])
    if section not in sections:
        sections.append(section)


class PersonFile:
    """The parts of a person's file that several sections read, each read once."""

    def __init__(self, person: Person):
        self.person = person

    @cached_property
    def referrals(self) -> list[Referral]:
        """Newest first, with measure, steps, outcome and follow-up checks."""
        return db.session.scalars(queries.referral_file(self.person.id)).unique().all()

    @cached_property
    def offers(self) -> list[Offer]:
        """Suitable-job offers, newest first, with their vacancies (the offers' section and
        the timeline read them)."""
        return db.session.scalars(queries.offers_of(self.person.id)).unique().all()

    @cached_property
    def changes(self) -> list[FieldChange]:
        """The latest field changes, newest first, with the users they name."""
        return [row[0] for row in db.session.execute(
            *queries.history(self.person.id, HISTORY_SHOWN))]


def file_of(person: Person) -> PersonFile:
    files = g.setdefault("person_files", {})
    if person.id not in files:
        files[person.id] = PersonFile(person)
    return files[person.id]


def load(person_id: int, user: User) -> Person:
    """The person for their page (404 outside the user's scope), with what it shows of it."""
    return policy.get_person_or_404(person_id, user, *queries.PAGE_OPTIONS)


def completeness(person: Person) -> tuple[int, list[str]]:
    missing = [f for f in REQUIRED_FOR_COMPLETE if getattr(person, f) in (None, "", [])]
    done = len(REQUIRED_FOR_COMPLETE) - len(missing)
    return round(100 * done / len(REQUIRED_FOR_COMPLETE)), missing


def profile_section(person: Person, today: date, _user: User) -> dict:
    """The people feature's part: the profile, profiling, registration episodes, referrals
    listed, history of changes and transfers, and the forms on them."""
    found, score, computed = profile_of(person, today)
    percent, missing = completeness(person)
    facts = facts_of(person)
    file = file_of(person)
    return {
        "person": person, "today": today, "age": age(person.birth_date, today),
        "months_unemployed": months_unemployed(facts, today),
        "derived": sorted(derived_of(person, today)), "groups": target_groups(),
        "factors": found, "score": score, "computed_segment": computed,
        "completeness": percent, "missing": missing,
        "segment_unknowns": unknowns(facts),
        "episodes": person.episodes, "history": file.changes, "transfers": person.transfers,
        "referrals": file.referrals,
        "segment_form": forms.SegmentForm(segment=person.segment_override or "",
                                          reason=person.segment_reason or ""),
        "deregister_form": forms.DeregisterForm(on=today),
        "return_form": forms.ReturnForm(on=today),
    }


def context(person: Person, today: date, user: User) -> dict:
    """Everything the person's page shows: the people section, then each registered one."""
    values = profile_section(person, today, user)
    for section in current_app.extensions.get(SECTIONS, ()):
        values.update(section(person, today, user))
    return values


def sent_with_mistakes(person: Person, **sent_forms):
    """The person's page again after one of its forms (of any feature) was sent with mistakes:
    the form as typed, open, each message beside its field; nothing is saved (422)."""
    flash(_("Nothing is saved: see the marked fields below."), "danger")
    with unsent():  # the page's other forms as they first stood, not with what was sent
        values = context(person, clock.today(), current_user)
    return render_template("people/show.html", **{**values, **sent_forms}), 422
