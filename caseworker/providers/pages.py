"""What the register's pages show: the choices of its forms and filters, the list's filters
read from the query string."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from caseworker import clock, labels
from caseworker.extensions import db
from caseworker.forms import record_id
from caseworker.models import District, User
from caseworker.models.provider import ORGANISATION_KINDS
from caseworker.options import options
from caseworker.paging import page_of
from caseworker.providers import queries
from caseworker.providers.forms import DeactivateForm, ReactivateForm
from caseworker.territories.queries import districts_of


def kind_choices() -> list:
    return options([(k, str(labels.PROVIDER_KINDS[k])) for k in ORGANISATION_KINDS])


def district_choices(user: User, empty: str = "—") -> list:
    """The districts of the user's region today, by name ("" first: none chosen)."""
    rows = db.session.scalars(select(District).where(
        District.id.in_(districts_of(user.region_id, clock.today())))).all()
    return options([("", empty)] + sorted(((d.id, d.name) for d in rows), key=lambda p: p[1]))


def prepare(form, user: User) -> None:
    form.kinds.choices = kind_choices()
    form.district_id.choices = district_choices(user)


def pairs(choices) -> list[tuple]:
    """Options as (value, label) pairs: what a filter's plain <select> lists."""
    return [(c.value, c.label) for c in choices]


def list_filters(args) -> dict:
    """The list's filters as typed: a part of the name or the BIN, a kind, a district, and
    whether deactivated ones are shown; nonsense is ignored, never a 500."""
    kind = args.get("kind") or ""
    try:
        district_id = record_id(args.get("district_id"))
    except ValueError:
        district_id = None
    return {"q": (args.get("q") or "")[:100], "kind": kind if kind in ORGANISATION_KINDS else "",
            "district_id": district_id, "all": args.get("all") == "1"}


def list_context(user: User, args) -> dict:
    """The register's list: its filters as typed, the page of organisations they find, and
    the choices of the filters."""
    filters = list_filters(args)
    stmt = queries.provider_list(user, filters["q"], filters["kind"],
                                 None if filters["all"] else True, filters["district_id"])
    return {"filters": filters, "result": page_of(stmt, args.get("page", 1, type=int)),
            "kinds": pairs(kind_choices()),
            "districts": pairs(district_choices(user, _("All districts")))}


def steps_context(provider, deactivate_form=None, reactivate_form=None) -> dict:
    """What the organisation's page shows below its form: its timeline (deactivated,
    reactivated, with the vacancies each deactivation closed), and the step it may take next:
    deactivation (with the open vacancies it would close, to confirm) or reactivation."""
    if provider is None:
        return {}
    found = {"timeline": db.session.scalars(queries.timeline(provider.id)).all()}
    if provider.active:
        found["deactivate"] = deactivate_form or DeactivateForm(version=provider.version)
        found["closing"] = db.session.scalars(queries.open_vacancies(provider.id)).all()
    else:
        found["reactivate"] = reactivate_form or ReactivateForm(version=provider.version)
    return found
