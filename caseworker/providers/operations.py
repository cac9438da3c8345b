"""The register's one write: a provider added or changed (the page and the API call it)."""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from caseworker import audit
from caseworker.domain.names import search_key
from caseworker.extensions import db
from caseworker.models import Provider, User
from caseworker.refusals import Refused

FIELDS = ("name", "bin", "kind", "address", "phone", "email", "contact_person")


def check_current(provider: Provider, version: int | None) -> None:
    """Refused ("stale") when the provider was saved since `version` was read."""
    if version != provider.version:
        raise Refused("stale")


def save(provider: Provider | None, values: dict, user: User,
         version: int | None = None) -> Provider:
    """Add a provider to the user's region (`provider` None) or change one, from the
    `version` it was read at: a save over a later one is refused ("stale"), and so is a BIN
    registered already ("bin_taken"). `values` are checked by the provider form."""
    if provider is not None:
        check_current(provider, version)
    saved = provider or Provider(region_id=user.region_id, active=True)
    if "kind" in values:
        saved.kinds = [values["kind"]]
    for name in FIELDS:
        if name in values and name != "kind":
            setattr(saved, name, values[name])
    saved.name_search = search_key(saved.name)
    db.session.add(saved)
    try:
        db.session.flush()
    except IntegrityError:
        raise Refused("bin_taken") from None
    except StaleDataError:  # saved by someone else between the check and this flush
        raise Refused("stale") from None
    audit.record("provider.save", "provider", saved.id, user=user)
    return saved
