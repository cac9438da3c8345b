"""The refusal type and the two doors' translation of it; policy.require."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from werkzeug.exceptions import Forbidden, NotFound

from caseworker import policy
from caseworker.api.errors import handle_refused
from caseworker.refusals import REFUSALS, Refused
from tests import factories as f

ROOT = Path(__file__).resolve().parent.parent


def test_a_known_code_takes_its_status_field_and_message():
    refused = Refused("future")
    assert (refused.code, refused.status, refused.field) == ("future", 422, "on")
    assert str(refused) == str(REFUSALS["future"].message)


def test_a_made_up_code_keeps_what_it_is_given():
    refused = Refused("made_up", "A made-up rule said no.", field="comment", status=422)
    assert (refused.code, refused.status, refused.field, str(refused)) == (
        "made_up", 422, "comment", "A made-up rule said no.")
    assert Refused("other").status == 409


def test_the_api_says_a_refusal_with_its_code_and_field(app):
    with app.test_request_context("/api/v1/x"):
        response = handle_refused(Refused("made_up", "No, because.", field="on", status=422))
    body = response.get_json()["error"]
    assert response.status_code == 422
    assert body["code"] == "made_up" and body["message"] == "No, because."
    assert body["fields"] == {"on": [{"code": "made_up", "message": "No, because."}]}


def test_require_answers_404_outside_the_scope_and_403_for_the_role(app, ctx):
    north, south = f.districts_of("710000000")[:2]
    caseworker = f.user("cw.req", policy.CASEWORKER, north)
    analyst = f.user("an.req", policy.ANALYST, region_kato="710000000")
    mine, theirs = f.person(north), f.person(south)
    policy.require(caseworker, "person.edit", mine)
    with pytest.raises(NotFound):
        policy.require(caseworker, "person.view", theirs)
    with pytest.raises(Forbidden):
        policy.require(caseworker, "users.manage")
    with pytest.raises(NotFound):  # no personal data at all: any person is "not found"
        policy.require(analyst, "person.view", mine)


def test_every_code_is_defined_in_one_place():
    """The registry is joined from several tables: a code written in two of them (or twice in
    one) would say only one of its messages, silently."""
    tables = ("refusals.py", "money_refusals.py", "import_refusals.py", "exchange_refusals.py")
    seen: dict[str, str] = {}
    twice = []
    for name in tables:
        tree = ast.parse((ROOT / "caseworker" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                for key in node.keys:
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        if key.value in seen:
                            twice.append((key.value, seen[key.value], name))
                        seen[key.value] = name
    assert twice == []
    assert set(seen) <= set(REFUSALS)
