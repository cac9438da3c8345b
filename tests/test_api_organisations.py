"""The register of organisations through the API: a supervisor adds and changes the region's
organisations with the page's rules (the BIN's structure and check digit, a BIN once, the
version read), and
`flask api-token create/revoke` make and stop a token from the command line."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from caseworker.domain.bin import complete
from caseworker.extensions import db
from caseworker.models import ApiToken, Provider
from tests.api_world import world  # noqa: F401  (the fixture)
from tests.api_world import bearer, error_of


def a_bin(serial: int) -> str:
    while True:
        made = complete(f"1204400{serial:04d}")
        if made:
            return made
        serial += 1


def providers(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Provider))


def create(client, world, who="sv", **body):
    return client.post("/api/v1/organisations", headers=bearer(world, who), json={
        "name_ru": "ТОО «Сыр Тоқыма»", "bin": a_bin(1), "kinds": ["training"], **body})


def test_a_supervisor_adds_and_changes_a_provider(app, client, world):
    made = create(client, world, phone="+7 701 234 56 78")
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["kinds"] == ["training"] and body["active"] and body["version"] == 1
    changed = client.patch(f"/api/v1/organisations/{body['id']}", headers=bearer(world, "sv"),
                           json={"version": 1, "contact_person": "Ерлан"})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["contact_person"] == "Ерлан"
    assert changed.get_json()["name_ru"] == "ТОО «Сыр Тоқыма»"  # the rest as it was
    error_of(client.patch(f"/api/v1/organisations/{body['id']}", headers=bearer(world, "sv"),
                          json={"version": 1, "name_ru": "X"}), 409, "stale")
    # found by name in the list, with its Kazakh letters or without
    assert client.get("/api/v1/organisations?q=сыр", headers=bearer(world)).get_json()["total"] == 1


@pytest.mark.parametrize("body, field", [
    ({"name_ru": ""}, "name_ru"), ({"kinds": ["bank"]}, "kinds"), ({"kinds": []}, "kinds"),
    ({"email": "нет"}, "email"), ({"phone": "12"}, "phone")])
def test_a_bad_organisation_is_refused_with_its_field_and_nothing_is_saved(
        app, client, world, body, field):
    error = error_of(create(client, world, **body), 422)
    assert any(name.split(".")[0] == field for name in error["fields"]), error
    assert providers(app) == 2


@pytest.mark.parametrize("value, code", [
    ("123456789012", "bin_month"), ("12 34", "bin_length"), ("120430000016", "bin_entity_type"),
    ("120447000013", "bin_attribute"), ("120440000019", "bin_check_digit")])
def test_a_bin_that_fails_its_structure_or_check_is_refused(app, client, world, value, code):
    error = error_of(create(client, world, bin=value), 422, code)
    assert "bin" in error["fields"]
    assert providers(app) == 2


def test_a_bin_is_registered_once(app, client, world):
    assert create(client, world).status_code == 201
    error = error_of(create(client, world, name_ru="Другое"), 409, "bin_taken")
    assert "bin" in error["fields"]
    assert providers(app) == 3


def test_only_a_supervisor_of_the_region_writes(app, client, world):
    for who in ("cw", "officer", "analyst", "admin"):
        error_of(create(client, world, who=who), 403)
    error_of(client.patch(f"/api/v1/organisations/{world['far_provider']}",
                          headers=bearer(world, "sv"), json={"version": 1}), 404)
    assert providers(app) == 2


def test_api_token_create_prints_the_token_last_and_revoke_stops_it(app, runner, client):
    with app.app_context():
        from tests import factories as f
        f.user("cw.cli", "caseworker", f.districts_of("430000000")[0])
        db.session.commit()
    made = runner.invoke(args=["api-token", "create", "cw.cli", "--name", "ELE"])
    assert made.exit_code == 0, made.output
    secret = made.output.strip().splitlines()[-1]
    assert secret.startswith("cwk_") and " " not in secret
    auth = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/organisations", headers=auth).status_code == 200
    assert runner.invoke(args=["api-token", "create", "nobody", "--name", "x"]).exit_code != 0
    assert runner.invoke(args=["api-token", "revoke"]).exit_code != 0
    revoked = runner.invoke(args=["api-token", "revoke", "--name", "ELE", "--login", "cw.cli"])
    assert revoked.exit_code == 0, revoked.output
    error_of(client.get("/api/v1/organisations", headers=auth), 401, "token_revoked")
    with app.app_context():
        token = db.session.scalar(select(ApiToken).where(ApiToken.name == "ELE"))
        assert token.revoked_at is not None
    assert runner.invoke(args=["api-token", "revoke", str(token.id)]).exit_code == 0
    assert runner.invoke(args=["api-token", "revoke", "2147483647"]).exit_code != 0


def test_deactivated_with_a_reason_and_filtered_by_kind(app, client, world):
    made = create(client, world, kinds=["training", "employer"]).get_json()
    assert made["kinds"] == ["employer", "training"]
    error_of(client.post(f"/api/v1/organisations/{made['id']}/deactivate",
                         headers=bearer(world, "sv"), json={"reason": "", "confirm": True,
                                                             "version": 1}), 422)
    done = client.post(f"/api/v1/organisations/{made['id']}/deactivate",
                       headers=bearer(world, "sv"), json={"reason": "ликвидировано",
                                                           "confirm": True, "version": 1})
    assert done.status_code == 200 and not done.get_json()["active"], done.get_json()
    listed = client.get("/api/v1/organisations?kind=training&active=false",
                        headers=bearer(world)).get_json()
    assert [o["id"] for o in listed["items"]] == [made["id"]]
