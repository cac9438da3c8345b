"""The register of providers through the API: a supervisor adds and changes the region's
providers with the page's rules (the BIN's check digit, a BIN once, the version read), and
`flask api-token create/revoke` make and stop a token from the command line."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from caseworker.domain.iin import check_digit
from caseworker.extensions import db
from caseworker.models import ApiToken, Provider
from tests.api_world import world  # noqa: F401  (the fixture)
from tests.api_world import bearer, error_of


def a_bin(serial: int) -> str:
    while True:
        head = f"1204400{serial:04d}"
        digit = check_digit(head)
        if digit < 10:
            return head + str(digit)
        serial += 1


def providers(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Provider))


def create(client, world, who="sv", **body):
    return client.post("/api/v1/providers", headers=bearer(world, who), json={
        "name": "ТОО «Сыр Тоқыма»", "bin": a_bin(1), "kind": "training", **body})


def test_a_supervisor_adds_and_changes_a_provider(app, client, world):
    made = create(client, world, phone="+7 701 234 56 78")
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["kind"] == "training" and body["active"] and body["version"] == 1
    changed = client.patch(f"/api/v1/providers/{body['id']}", headers=bearer(world, "sv"),
                           json={"version": 1, "contact_person": "Ерлан"})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["contact_person"] == "Ерлан"
    assert changed.get_json()["name"] == "ТОО «Сыр Тоқыма»"  # the rest as it was
    error_of(client.patch(f"/api/v1/providers/{body['id']}", headers=bearer(world, "sv"),
                          json={"version": 1, "name": "X"}), 409, "stale")
    # found by name in the list, with its Kazakh letters or without
    assert client.get("/api/v1/providers?q=сыр", headers=bearer(world)).get_json()["total"] == 1


@pytest.mark.parametrize("body, field", [
    ({"bin": "123456789012"}, "bin"), ({"bin": "12 34"}, "bin"), ({"name": ""}, "name"),
    ({"kind": "bank"}, "kind"), ({"email": "нет"}, "email"), ({"phone": "12"}, "phone")])
def test_a_bad_provider_is_refused_with_its_field_and_nothing_is_saved(
        app, client, world, body, field):
    error = error_of(create(client, world, **body), 422, "validation_error")
    assert field in error["fields"], error
    assert providers(app) == 2


def test_a_bin_is_registered_once(app, client, world):
    assert create(client, world).status_code == 201
    error = error_of(create(client, world, name="Другое"), 409, "bin_taken")
    assert "bin" in error["fields"]
    assert providers(app) == 3


def test_only_a_supervisor_of_the_region_writes(app, client, world):
    for who in ("cw", "officer", "analyst", "admin"):
        error_of(create(client, world, who=who), 403)
    error_of(client.patch(f"/api/v1/providers/{world['far_provider']}",
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
    assert client.get("/api/v1/providers", headers=auth).status_code == 200
    assert runner.invoke(args=["api-token", "create", "nobody", "--name", "x"]).exit_code != 0
    assert runner.invoke(args=["api-token", "revoke"]).exit_code != 0
    revoked = runner.invoke(args=["api-token", "revoke", "--name", "ELE", "--login", "cw.cli"])
    assert revoked.exit_code == 0, revoked.output
    error_of(client.get("/api/v1/providers", headers=auth), 401, "token_revoked")
    with app.app_context():
        token = db.session.scalar(select(ApiToken).where(ApiToken.name == "ELE"))
        assert token.revoked_at is not None
    assert runner.invoke(args=["api-token", "revoke", str(token.id)]).exit_code == 0
    assert runner.invoke(args=["api-token", "revoke", "2147483647"]).exit_code != 0
