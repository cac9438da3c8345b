"""The OpenAPI document states the rules every door checks: an IIN's form, a phone number's,
and the window of every date sent."""
from __future__ import annotations

import re

from caseworker.api.spec import IIN_PATTERN


def test_the_document_states_patterns_and_windows(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    person = schemas["PersonCreate"]["properties"]
    assert person["iin"]["pattern"] == IIN_PATTERN
    assert (person["consent_date"]["x-earliest"], person["consent_date"]["x-latest"]) == (
        "1900-01-01", "2199-12-31")
    assert "not before birth" in person["on"]["description"]  # its own words are kept
    assert "2199-12-31" in person["on"]["description"]
    assert "+7" in person["phone"]["description"]
    for typed in ("950412443215", "9504 1244 3215", "950412-443215"):
        assert re.fullmatch(IIN_PATTERN, typed)
    for typed in ("95041244321", "9504124432155", "95041244321x"):
        assert not re.fullmatch(IIN_PATTERN, typed)
