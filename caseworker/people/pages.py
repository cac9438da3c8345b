"""What the person views render: form preparation, the registration steps, page contexts.
Kept out of views.py so the views stay a few lines each."""
from __future__ import annotations

import json
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from caseworker import audit, clock
from caseworker.domain import merge
from caseworker.domain.dates import age
from caseworker.domain.derived import months_unemployed, too_young_to_register
from caseworker.domain.iin import parse, InvalidIIN
from caseworker.extensions import db
from caseworker.models import Person, Referral, TargetGroup
from caseworker.casework.pages import profile_context as casework_context
from caseworker.measures.allocations import left_for_district
from caseworker.measures.eligibility import verdicts
from caseworker.measures.queries import catalogue
from caseworker.people import forms, operations, queries
from caseworker.people.profiling import derived_of, facts_of, profile_of
from caseworker.options import options

DERIVED = ("youth", "pre_retirement", "long_term_unemployed", "rural", "disability")
REQUIRED_FOR_COMPLETE = ("phone", "address", "education_level", "experience_months",
                         "household_size", "desired_occupations", "consent_date")


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def filters_from(args) -> queries.Filters:
    return queries.Filters(
        name=(args.get("name") or "")[:100], status=args.get("status", "")[:20],
        segment=args.get("segment", "")[:1], target_group=args.get("group", "")[:40],
        caseworker_id=_int(args.get("caseworker")), district_id=_int(args.get("district")),
        sort=args.get("sort", "name")[:20])


def tickable_groups() -> list[TargetGroup]:
    return db.session.scalars(select(TargetGroup).where(TargetGroup.code.not_in(DERIVED))
                              .order_by(TargetGroup.code)).all()


def filter_choices(user) -> dict:
    caseworkers = (db.session.scalars(queries.district_caseworkers(user.district_id)).all()
                   if user.district_id else [])
    districts = user.region.districts if user.role == "regional_officer" and user.region else []
    groups = db.session.scalars(select(TargetGroup).order_by(TargetGroup.code)).all()
    return {"caseworkers": caseworkers, "districts": districts, "groups": groups}


def prepare_profile_form(form, district_id: int, birth_date: date | None) -> None:
    form.target_groups.choices = options([(g.code, g.name) for g in tickable_groups()])
    form.caseworker_id.choices = options([("", _("Not assigned"))] + [
        (str(u.id), u.full_name) for u in
        db.session.scalars(queries.district_caseworkers(district_id))])
    form.birth_year = birth_date.year if birth_date else None


def fill_form(form, person: Person) -> None:
    form.version.data = str(person.version)
    form.began.data = json.dumps(profile_text(person), ensure_ascii=False)
    form.rural.data = "1" if person.rural else "0"
    form.disability_group.data = str(person.disability_group or "")
    form.caseworker_id.data = str(person.caseworker_id or "")
    form.education_level.data = person.education_level or ""
    form.target_groups.data = list(person.target_groups or [])
    form.languages.data = list(person.languages or [])


def form_values(form) -> dict:
    values = {name: getattr(form, name).data for name in operations.PROFILE_FIELDS}
    for name in ("patronymic", "phone", "email", "address", "specialty",
                 "desired_occupations", "skills", "business_idea", "education_level"):
        values[name] = (values[name] or "").strip() or None
    values["rural"] = form.rural.data == "1"
    values["disability_group"] = _int(form.disability_group.data)
    values["caseworker_id"] = _int(form.caseworker_id.data)
    return values


def completeness(person: Person) -> tuple[int, list[str]]:
    missing = [f for f in REQUIRED_FOR_COMPLETE if getattr(person, f) in (None, "", [])]
    done = len(REQUIRED_FOR_COMPLETE) - len(missing)
    return round(100 * done / len(REQUIRED_FOR_COMPLETE)), missing


def profile_context(person: Person, today: date) -> dict:
    found, score, computed = profile_of(person, today)
    percent, missing = completeness(person)
    segment_form = forms.SegmentForm(segment=person.segment_override or "",
                                     reason=person.segment_reason or "")
    groups = {g.code: g for g in db.session.scalars(select(TargetGroup))}
    return {
        "person": person, "today": today, "age": age(person.birth_date, today),
        "months_unemployed": months_unemployed(facts_of(person), today),
        "derived": sorted(derived_of(person, today)), "groups": groups,
        "factors": found, "score": score, "computed_segment": computed,
        "completeness": percent, "missing": missing,
        "episodes": db.session.scalars(queries.episodes(person.id)).all(),
        "history": db.session.scalars(queries.history(person.id).limit(100)).all(),
        "transfers": db.session.scalars(queries.transfers_of_person(person.id)).all(),
        "segment_form": segment_form, "deregister_form": forms.DeregisterForm(on=today),
        "return_form": forms.ReturnForm(on=today),
        "left": left_for_district(person.district, today.year),
        "referrals": db.session.scalars(select(Referral).where(
            Referral.person_id == person.id).order_by(Referral.proposed_on.desc(),
                                                      Referral.id.desc())).all(),
        **casework_context(person, today),
        "matches": verdicts(person, db.session.scalars(catalogue(active_only=True)).all(),
                            today),
    }


def sent_with_mistakes(person: Person, **forms):
    """The person's page again after one of its forms was sent with mistakes: the form as
    typed, open, each message beside its field; nothing is saved (422)."""
    flash(_("Nothing is saved: see the marked fields below."), "danger")
    return render_template("people/show.html",
                           **{**profile_context(person, clock.today()), **forms}), 422


def profile_text(person: Person) -> dict:
    return {name: operations.as_text(getattr(person, name))
            for name in operations.PROFILE_FIELDS}


def _began(typed: str | None) -> dict | None:
    try:
        began = json.loads(typed or "")
    except ValueError:
        return None
    return began if isinstance(began, dict) else None


def conflict(current: Person, form):
    """409: someone saved first; nothing of ours is written. The form again, on the record as
    saved now with this editor's own changes kept in it, and what the other one changed."""
    saved = profile_text(current)
    typed = {name: operations.as_text(value) for name, value in form_values(form).items()}
    began = _began(form.began.data)
    found = merge.edits(began, saved, typed)
    again = forms.ProfileForm(formdata=None, obj=current)
    prepare_profile_form(again, current.district_id, current.birth_date)
    fill_form(again, current)
    for name in found.mine:
        getattr(again, name).data = getattr(form, name).data
    theirs = [(name, (began or {}).get(name), saved[name], name in found.both, typed[name])
              for name in found.theirs]
    return render_template("people/edit.html", form=again, person=current, theirs=theirs,
                           conflict=True), 409


def registration(today: date):
    step = forms.RegistrationStep().step.data if request.method == "POST" else None
    if step == "profile":
        return _register_profile(today)
    form = forms.RegistrationIINForm()
    if step == "iin" and form.validate_on_submit():
        return _after_iin(form.iin.data, form.iin.info, today)
    return render_template("people/register.html", form=form)


def _after_iin(iin: str, info, today: date):
    mine = db.session.scalar(queries.by_iin(current_user, iin))
    if mine is not None:
        audit.record("person.search_iin", "person", mine.id)
        db.session.commit()
        return render_template("people/register.html", form=forms.IINForm(), existing=mine)
    elsewhere = db.session.execute(queries.iin_anywhere(iin)).first()
    if elsewhere is not None:
        # The one deliberate look outside the scope: say only that it exists, and audit it.
        audit.record("person.exists_elsewhere", "person", elsewhere.id)
        db.session.commit()
        return render_template("people/register.html", form=forms.IINForm(), elsewhere=True,
                               transfer_form=forms.TransferRequestForm(iin=iin))
    profile = forms.RegisterForm(iin=iin, consent_date=today)
    prepare_profile_form(profile, current_user.district_id, info.birth_date)
    if current_user.role == "caseworker":
        profile.caseworker_id.data = str(current_user.id)
    return render_template("people/register_profile.html", form=profile, info=info)


def _register_profile(today: date):
    form = forms.RegisterForm()
    try:
        info = parse(form.iin.data or "", today)
    except InvalidIIN:
        return render_template("people/register.html", form=forms.RegistrationIINForm()), 400
    if too_young_to_register(info.birth_date, today):
        form = forms.RegistrationIINForm(formdata=None, iin=info.iin)
        form.iin.errors = [str(forms.too_young_message())]
        return render_template("people/register.html", form=form), 422
    prepare_profile_form(form, current_user.district_id, info.birth_date)
    if not form.validate_on_submit():
        return render_template("people/register_profile.html", form=form, info=info), 422
    if db.session.execute(queries.iin_anywhere(info.iin)).first() is not None:
        return _after_iin(info.iin, info, today)
    values = form_values(form)
    duplicates = db.session.scalars(queries.likely_duplicates(
        current_user, values["last_name"], values["first_name"], info.birth_date,
        values["phone"])).all()
    if duplicates and not form.confirm_duplicate.data:
        return render_template("people/register_profile.html", form=form, info=info,
                               duplicates=duplicates)
    try:
        person = operations.register(info, values, current_user, today)
        db.session.commit()
    except IntegrityError:  # the same IIN saved a moment ago (a double submit)
        db.session.rollback()
        return _after_iin(info.iin, info, today)
    flash(_("The person is registered."), "success")
    return redirect(url_for("people.show", person_id=person.id))


def segment_tables(user, today: date) -> dict:
    tables = {}
    for dimension in ("sex", "age", "disability", "rural"):
        counts: dict[str, dict[str, int]] = {}
        for value, seg, n in db.session.execute(queries.segments_by(user, dimension, today)):
            counts.setdefault(str(value), {})[seg or "?"] = n
        tables[dimension] = dict(sorted(counts.items()))
    audit.record("person.segments", "person", None)
    return tables
