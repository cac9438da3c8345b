"""Lists, searches, counts and exports never show a record out of the user's scope: a
distinctive surname of a person out of scope never appears in them, nor a link to that person;
and a form that names a record out of scope changes nothing."""
from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest

from caseworker import clock
from caseworker.domain.names import search_key
from tests.access.world import (
    INDICATOR, LETTER_CODES, MEASURE, OUT_OF_SCOPE, PROVIDERS, RELATIONS, SURNAMES,
    VACANCY_INDICATOR, snapshot)


def list_urls(world: dict) -> list[str]:
    """Every page that lists, searches, counts or exports persons, with filters that aim
    at records out of scope."""
    candidates = f"/measures/{MEASURE}/candidates"
    urls = ["/", "/people/", "/people/?sort=registered", "/caseload", "/caseload?flag=overdue",
            "/review", "/reassign", "/people/segments", "/people/transfers", "/follow-ups",
            "/referrals/inbox", "/referrals/letters/today.pdf", "/referrals/letters/today",
            "/organisations/", candidates,
            candidates + "?format=csv", candidates + "?format=xlsx"]
    for relation in RELATIONS:
        worker, district = world["user"][relation], world["districts"][relation]
        behind = f"/indicators/{INDICATOR}/referrals"
        vacancies = f"/indicators/{VACANCY_INDICATOR}/vacancies"
        urls += [f"{vacancies}?district={district}",
                 f"{vacancies}?region={world['region'][relation]}"]
        urls += [f"{behind}?district={district}", f"{behind}?region={world['region'][relation]}",
                 f"/indicators/regions/{world['region'][relation]}",
                 f"/indicators/districts/{district}",
                 f"{behind}?district={district}&caseworker={worker}",
                 f"{behind}?district={district}&caseworker=0"]
        # a search is a prefix of the folded name, so the echoed query differs from the name
        urls += [f"/people/?name={search_key(SURNAMES[relation])[:5]}",
                 f"/people/?caseworker={worker}", f"/people/?district={district}",
                 f"/caseload?caseworker={worker}", f"/reassign?caseworker={worker}",
                 f"/organisations/?q={search_key(PROVIDERS[relation])[:3]}"]
    return urls


def body_text(response) -> str | None:
    """The text of a page, CSV, XLSX or PDF (None for a PDF without pdftotext to read it)."""
    if response.mimetype == "application/pdf":
        if not shutil.which("pdftotext"):
            return None
        return subprocess.run(["pdftotext", "-", "-"], input=response.data,
                              capture_output=True, check=True).stdout.decode()
    if response.mimetype.endswith("spreadsheetml.sheet"):
        from openpyxl import load_workbook
        book = load_workbook(io.BytesIO(response.data), read_only=True)
        return "\n".join(" ".join(str(v) for v in row if v is not None)
                         for sheet in book for row in sheet.iter_rows(values_only=True))
    return response.get_data(as_text=True)


def person_links(page: str, person_id: int) -> list[str]:
    return re.findall(rf"/people/{person_id}(?!\d)", page)


@pytest.mark.parametrize("role", OUT_OF_SCOPE)
def test_lists_never_show_a_person_out_of_scope(app, client, world, sign_in, role):
    sign_in(role)
    leaks = []
    for url in list_urls(world):
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), f"{url} as {role}"
        page = body_text(response) if response.status_code == 200 else None
        if page is None:
            continue
        for relation in OUT_OF_SCOPE[role]:
            if SURNAMES[relation] in page or person_links(page, world["person"][relation]):
                leaks.append(f"{url}: {relation} person")
            if LETTER_CODES[relation] in page:
                leaks.append(f"{url}: {relation} letter")
        # providers are kept per region
        if "other_region" in OUT_OF_SCOPE[role] and PROVIDERS["other_region"] in page:
            leaks.append(f"{url}: provider of another region")
    assert not leaks, f"{role} sees records out of scope: {leaks}"


@pytest.mark.parametrize("role, url, relations", [
    ("caseworker", "/people/", ("own",)),
    ("caseworker", "/caseload", ("own",)),
    ("caseworker", "/follow-ups", ("own",)),
    ("caseworker", f"/measures/{MEASURE}/candidates?format=csv", ("own",)),
    ("supervisor", "/referrals/inbox", ("own",)),
    ("supervisor", "/referrals/letters/today.pdf", ("own",)),
    ("supervisor", f"/measures/{MEASURE}/candidates?format=xlsx", ("own",)),
    ("regional_officer", "/people/", ("own", "same_region")),
    ("regional_officer", f"/measures/{MEASURE}/candidates", ("own", "same_region")),
    ("regional_officer", f"/indicators/{INDICATOR}/referrals?region={{region}}",
     ("own", "same_region")),
    ("supervisor", f"/indicators/{INDICATOR}/referrals?district={{district}}", ("own",)),
    ("supervisor", f"/indicators/{INDICATOR}/referrals?district={{district}}&caseworker={{worker}}",
     ("own",)),
])
def test_lists_show_the_persons_in_scope(client, world, sign_in, role, url, relations):
    """The other side of the check above: the lists are not empty for want of data."""
    sign_in(role)
    url = url.format(region=world["region"]["own"], district=world["districts"]["own"],
                     worker=world["user"]["own"])
    response = client.get(url)
    assert response.status_code == 200
    page = body_text(response)
    if page is None:
        pytest.skip("pdftotext is not installed")
    for relation in relations:
        assert SURNAMES[relation] in page, f"{url} as {role} misses the {relation} person"


@pytest.mark.parametrize("role", OUT_OF_SCOPE)
@pytest.mark.parametrize("relation", RELATIONS)
def test_search_by_iin_stays_in_scope(client, world, sign_in, role, relation):
    token = sign_in(role)
    response = client.post("/people/find", data={"csrf_token": token,
                                                 "iin": world["iin"][relation]})
    if role in ("analyst", "admin"):
        assert response.status_code == 403
    elif relation in OUT_OF_SCOPE[role]:
        assert response.status_code == 302 and response.location == "/people/"
    else:
        assert response.location == f"/people/{world['person'][relation]}"


@pytest.mark.parametrize("role", ["caseworker", "supervisor"])
@pytest.mark.parametrize("relation", ["same_region", "other_region"])
def test_registering_an_iin_of_elsewhere_reveals_no_name(client, world, sign_in, role, relation):
    token = sign_in(role)
    response = client.post("/people/register", data={
        "csrf_token": token, "step": "iin", "iin": world["iin"][relation]})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "another district" in page
    assert SURNAMES[relation] not in page
    assert not person_links(page, world["person"][relation])


@pytest.mark.parametrize("relation", RELATIONS)
def test_letter_verification_is_public_and_impersonal(client, world, sign_in, relation):
    page = client.get(f"/verify/{LETTER_CODES[relation]}").get_data(as_text=True)
    assert "Genuine letter" in page
    assert SURNAMES[relation] not in page and world["iin"][relation] not in page


def _reassign(w, person="own", to="colleague"):
    return {"persons": str(w["person"][person]),
            "to": str(w["colleague"] if to == "colleague" else w["user"][to])}


def _allocation(w, where="own"):
    return {"measure_code": MEASURE, "district_id": str(w["districts"][where]),
            "year": str(clock.today().year), "places": "10", "funds_kzt": "0"}


def _plan(w, where="own"):
    return {"indicator_code": INDICATOR, "district_id": str(w["districts"][where]),
            "year": str(clock.today().year), "target": "10"}


def _referral(w, provider="own"):
    return {"provider_id": str(w["provider"][provider])}


# (role, url, a valid form, the same form naming a record out of the role's scope)
FORM_PROBES = {
    "reassign a person of another district": (
        "supervisor", lambda w: "/reassign", _reassign,
        lambda w: _reassign(w, person="same_region")),
    "reassign to a caseworker of another district": (
        "supervisor", lambda w: "/reassign", _reassign,
        lambda w: _reassign(w, to="same_region")),
    "allocate places in another region": (
        "regional_officer", lambda w: "/measures/allocations",
        lambda w: _allocation(w, "elsewhere_in_region"),
        lambda w: _allocation(w, "other_region")),
    "plan an indicator in another region": (
        "regional_officer", lambda w: "/indicators/plans", _plan,
        lambda w: _plan(w, "other_region")),
    "refer to a provider of another region": (
        "caseworker", lambda w: f"/people/{w['person']['own']}/refer/{MEASURE}", _referral,
        lambda w: _referral(w, "other_region")),
}


@pytest.mark.parametrize("probe", FORM_PROBES)
def test_a_form_naming_a_record_out_of_scope_changes_nothing(app, client, shared, world,
                                                             sign_in, probe):
    role, url, good, bad = FORM_PROBES[probe]
    token = sign_in(role)
    before = snapshot(app)
    refused = client.post(url(world), data={"csrf_token": token, **bad(world)})
    assert refused.status_code in (200, 400, 403, 404, 422), refused.status_code
    assert snapshot(app) == before, f"{probe}: done"
    # the same form with a record in scope goes through: the refusal was for the record
    accepted = client.post(url(world), data={"csrf_token": token, **good(world)})
    shared["dirty"] = True
    assert accepted.status_code == 302 and snapshot(app) != before, f"{probe}: control failed"
