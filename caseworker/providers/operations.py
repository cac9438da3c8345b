"""The register's writes: an organisation added or changed, deactivated (confirmed, with why:
what features above do then, such as closing its open vacancies, is registered with
`on_deactivate` and runs in the same transaction) and reactivated (which reopens nothing);
the page and the API call them. Both steps go on the organisation's own timeline. The BIN is
checked here, whole (its structure and its check digit)."""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm.attributes import flag_modified

from caseworker import audit, clock
from caseworker.domain import bin as bin_rules
from caseworker.domain.names import search_key
from caseworker.extensions import db
from caseworker.models import District, OrganisationEvent, Provider, User
from caseworker.models.provider import ORGANISATION_KINDS
from caseworker.refusals import Refused, flushed

FIELDS = ("name_ru", "name_kk", "bin", "kinds", "district_id", "legal_address", "phone",
          "email", "contact_person")


def check_current(provider: Provider, version: int | None) -> None:
    """Refused ("stale") when the organisation was saved since `version` was read."""
    if version != provider.version:
        raise Refused("stale")


def checked_bin(value: str) -> str:
    """The BIN without its grouping, or refused with what is wrong with it."""
    try:
        return bin_rules.parse(value or "").bin
    except bin_rules.InvalidBIN as error:
        code = {"digits": "length", "never_issued": "check_digit"}.get(error.code, error.code)
        raise Refused(f"bin_{code}") from None


def _check(values: dict, user: User) -> dict:
    values = dict(values)
    if "bin" in values:
        values["bin"] = checked_bin(values["bin"])
    if "kinds" in values:
        kinds = [k for k in ORGANISATION_KINDS if k in set(values["kinds"] or ())]
        if not kinds or len(kinds) != len(set(values["kinds"])):
            raise Refused("kinds_required")
        values["kinds"] = kinds
    if values.get("district_id") is not None:
        district = db.session.get(District, values["district_id"])
        if district is None or district.region_id != user.region_id:
            raise Refused("district_outside")
    return values


def save(provider: Provider | None, values: dict, user: User,
         version: int | None = None) -> Provider:
    """Add an organisation to the user's region (`provider` None) or change one, from the
    `version` it was read at: a save over a later one is refused ("stale"), and so is a BIN
    registered already ("bin_taken") or one that is not a BIN (its structure or its check
    digit: "bin_..."), no kind, or a district of another region."""
    if provider is not None:
        check_current(provider, version)
    values = _check(values, user)
    saved = provider or Provider(region_id=user.region_id, active=True)
    for name in FIELDS:
        if name in values:
            setattr(saved, name, values[name])
    saved.name_search = search_key(" ".join(filter(None, (saved.name_ru, saved.name_kk))))
    if provider is not None:
        flag_modified(saved, "name_search")  # a change of kinds alone moves the version too
    db.session.add(saved)
    flushed("bin_taken")
    audit.record("provider.save", "provider", saved.id, user=user)
    return saved


_ON_DEACTIVATE: list = []


def on_deactivate(hook) -> None:
    """Register `hook(provider, event, user)`, called when an organisation is deactivated,
    after its step is written and in the same transaction (a `Refused` it raises refuses the
    whole deactivation). Registered once: a second registration of it changes nothing."""
    if hook not in _ON_DEACTIVATE:
        _ON_DEACTIVATE.append(hook)


def deactivate(provider: Provider, reason: str, user: User, version: int | None,
               on: date | None = None, *, confirmed: bool = False) -> Provider:
    """Take an organisation off the lists it is chosen from, with the day and why, once
    confirmed: its referrals stay, its open vacancies are closed with the same reason (the
    vacancies' hook)."""
    check_current(provider, version)
    if not provider.active:
        raise Refused("organisation_inactive")
    if not (reason or "").strip():
        raise Refused("deactivation_reason_required")
    if not confirmed:
        raise Refused("confirm_deactivation")
    provider.active = False
    provider.deactivated_on = on or clock.today()
    provider.deactivation_reason = reason.strip()
    event = _step(provider, "deactivated", provider.deactivation_reason, user)
    for hook in _ON_DEACTIVATE:
        hook(provider, event, user)
    audit.record("provider.deactivate", "provider", provider.id, user=user,
                 on=provider.deactivated_on)
    return provider


def reactivate(provider: Provider, user: User, version: int | None,
               reason: str | None = None) -> Provider:
    """Put a deactivated organisation back on the lists, today; the vacancies its
    deactivation closed stay closed (new ones are entered again)."""
    check_current(provider, version)
    if provider.active:
        raise Refused("organisation_active")
    provider.active = True
    provider.deactivated_on = provider.deactivation_reason = None
    _step(provider, "reactivated", (reason or "").strip() or None, user)
    audit.record("provider.reactivate", "provider", provider.id, user=user)
    return provider


def _step(provider: Provider, kind: str, reason: str | None, user: User) -> OrganisationEvent:
    flushed("bin_taken")
    event = OrganisationEvent(provider_id=provider.id, kind=kind, reason=reason,
                              happened_on=provider.deactivated_on or clock.today(),
                              user_id=user.id, recorded_at=clock.utcnow())
    db.session.add(event)
    flushed("bin_taken")
    return event
