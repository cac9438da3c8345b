"""What the person views show: form choices and preparation, and page contexts. No rule is
decided here (people.operations does), nothing is rendered, flashed or committed (the views
do). The person's own page is people.page."""
from __future__ import annotations

import json
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from caseworker import policy
from caseworker.domain import merge
from caseworker.domain.derived import COMPUTED_ONLY
from caseworker.domain.iin import IINInfo
from caseworker.extensions import db
from caseworker.models import Person, TargetGroup, User
from caseworker.options import options
from caseworker.people import forms, operations, queries
from caseworker.people.profiling import target_groups

DERIVED = (*COMPUTED_ONLY, "disability")  # worked out from the profile, never ticked


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


def filter_choices(user: User) -> dict:
    caseworkers = (db.session.scalars(queries.district_caseworkers(user.district_id)).all()
                   if user.district_id else [])
    districts = user.region.districts if policy.sees_region(user) and user.region else []
    groups = sorted(target_groups().values(), key=lambda group: group.code)
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


def _as_form(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, bool):
        return ["1" if value else "0"]
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(value, date):
        return [value.isoformat()]
    return [str(value)]


def form_data(values: dict, names) -> MultiDict:
    """Plain values (the API's JSON, an imported row) as the data a form would be posted."""
    data = MultiDict()
    for name in names:
        for item in _as_form(values.get(name)):
            data.add(name, item)
    return data


def profile_form(district_id: int, translations=None):
    """A profile form with the district's choices, to check many rows with
    (`checked_profile(..., form=)`): its choices are read once, not once a row.
    `translations`: how its fields say their own messages (WTForms' `gettext`, `ngettext`),
    e.g. as words to translate later, for a report read in another language."""
    meta = {"csrf": False}
    if translations is not None:
        meta["get_translations"] = lambda _form: translations
    form = forms.ProfileForm(formdata=None, meta=meta)
    prepare_profile_form(form, district_id, None)
    return form


def checked_profile(values: dict, district_id: int, birth_date: date | None, form=None
                    ) -> tuple[dict | None, dict[str, tuple[bool, list]]]:
    """The profile form run over plain values (the API's JSON, an imported row): the values
    the operations take, or for each field in error whether it was left empty and its
    messages. Whatever the door, the form's rules apply. `form`: one made by `profile_form`
    for the same district, filled again with these values."""
    data = form_data(values, operations.PROFILE_FIELDS)
    if form is None:
        form = forms.ProfileForm(formdata=data, meta={"csrf": False})
        prepare_profile_form(form, district_id, birth_date)
    else:
        form.process(formdata=data)
        form.birth_year = birth_date.year if birth_date else None
    if form.validate():
        return form_values(form), {}
    return None, {name: (not any(v.strip() for v in data.getlist(name)), messages)
                  for name, messages in form.errors.items()}


def version_of(form) -> int | None:
    """The version the edit form was opened on (None: none that a save could match)."""
    return _int(form.version.data)


def profile_text(person: Person) -> dict:
    return {name: operations.as_text(getattr(person, name))
            for name in operations.PROFILE_FIELDS}


def _began(typed: str | None) -> dict | None:
    try:
        began = json.loads(typed or "")
    except ValueError:
        return None
    return began if isinstance(began, dict) else None


def conflict(current: Person, form) -> dict:
    """Someone saved first: the edit page on the record as saved now with this editor's own
    changes kept in it, and what the other one changed."""
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
    return {"form": again, "person": current, "theirs": theirs, "conflict": True}


def new_profile(info: IINInfo, user: User, today: date) -> dict:
    """The registration's second step: the profile form of a person with this IIN."""
    profile = forms.RegisterForm(iin=info.iin, consent_date=today)
    prepare_profile_form(profile, user.district_id, info.birth_date)
    if policy.can(user, "caseload.own"):
        profile.caseworker_id.data = str(user.id)
    return {"form": profile, "info": info}


def found_at_registration(iin: str, person_id: int | None) -> dict:
    """The registration's first step again, saying where the IIN is registered: the person
    of the user's area (opened by id), or only that it is elsewhere, with a transfer form."""
    if person_id is not None:
        return {"form": forms.IINForm(formdata=None),
                "existing": db.session.get(Person, person_id)}
    return {"form": forms.IINForm(formdata=None), "elsewhere": True,
            "transfer_form": forms.TransferRequestForm(iin=iin)}


def segment_tables(user: User, today: date) -> dict:
    tables = {}
    for dimension in ("sex", "age", "disability", "rural"):
        counts: dict[str, dict[str, int]] = {}
        for value, seg, n in db.session.execute(queries.segments_by(user, dimension, today)):
            counts.setdefault(str(value), {})[seg or "?"] = n
        tables[dimension] = dict(sorted(counts.items()))
    return tables
