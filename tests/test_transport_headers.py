"""HSTS on answers served over HTTPS, and the methods an address takes on a 405."""
from __future__ import annotations


def test_hsts_only_over_https(client):
    plain = client.get("/login")
    assert "Strict-Transport-Security" not in plain.headers
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_hsts_can_be_turned_off(app, client):
    app.config["HSTS_SECONDS"] = 0
    try:
        secure = client.get("/login", base_url="https://localhost")
        assert "Strict-Transport-Security" not in secure.headers
    finally:
        app.config["HSTS_SECONDS"] = 31536000


def test_405_says_what_is_allowed(client):
    page = client.get("/logout")
    assert page.status_code == 405
    assert "POST" in page.headers["Allow"]
    api = client.delete("/api/v1/persons")
    assert api.status_code == 405 and "GET" in api.headers["Allow"]
