"""The flask-smorest Api and the blueprint every JSON operation hangs on: bearer-token
authentication before each call, JSON errors of one shape, a rate limit per token.

The route modules (persons, referrals, measures, indicators, ...) hang their views on `blp`
through `routes.endpoint`; this module imports none of them: `api/views.py` imports them
before it calls `init`."""
from __future__ import annotations

import hashlib

from flask import Flask, current_app, request
from flask_limiter.util import get_remote_address
from flask_smorest import Api as SmorestApi
from flask_smorest import Blueprint
from marshmallow import fields as ma_fields
from webargs.flaskparser import FlaskParser

from caseworker import web
from caseworker.domain import inputs
from caseworker.api import errors, idempotency, schemas, tokens
from caseworker.extensions import csrf, limiter

TITLE, VERSION = "caseworker API", "1.0.0"


class Api(SmorestApi):
    ERROR_SCHEMA = schemas.ErrorSchema

    def _register_error_handlers(self):
        """Errors are handled by the API blueprint itself (errors.register): an app-wide
        handler would turn the HTML pages' errors into JSON."""


class StrictParser(FlaskParser):
    """A query parameter the endpoint does not know is refused (422 with its name), as an
    unknown field of a body is: a misspelt filter must not silently list everything."""
    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
                                   "query": None, "querystring": None}


blp = Blueprint("api", __name__, url_prefix="/api/v1",
                description="Persons, eligibility, measures, referrals, indicators and plans.")
blp.ARGUMENTS_PARSER = StrictParser()
errors.register(blp)
csrf.exempt(blp)  # token-authenticated JSON: no cookies, so no cross-site forgery


def _rate_key() -> str:
    header = request.headers.get("Authorization", "")
    if header:
        return "api:" + hashlib.sha256(header.encode()).hexdigest()[:32]
    return get_remote_address()


limiter.limit(lambda: current_app.config.get("API_RATELIMIT", "600/minute"),
              key_func=_rate_key)(blp)


@blp.before_request
def _authenticate():
    tokens.user_from_request()


blp.before_request(idempotency.before)  # after the token: keys are kept per token
blp.after_request(idempotency.after)


IDEMPOTENCY_HEADER = {
    "name": idempotency.HEADER, "in": "header", "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 200},
    "description": "optional: the same key and body sent again by the same token gets the "
                   "first answer again (header Idempotent-Replayed: true) and writes nothing; "
                   "the same key with another request is refused (409 "
                   "idempotency_key_reused); kept 24 hours"}


IIN_PATTERN = r"^[ -]*(?:[0-9][ -]*){12}$"  # 12 digits, grouped with spaces or dashes
PHONE_RULE = ("a Kazakhstan mobile or city number: +7 followed by ten digits starting with 7 "
              "(also written 8 7XX..., with spaces, dashes, dots or brackets)")


def _stated_rules(_converter, field, **_kw) -> dict:
    """The rules every door checks, stated in the document where a client reads them: the
    window of every date sent, the form of an IIN and of a phone number."""
    if field.dump_only:
        return {}
    said = field.metadata.get("description")
    extra: dict = {}
    if isinstance(field, ma_fields.Date) and not isinstance(field, ma_fields.DateTime):
        window = f"{inputs.EARLIEST.isoformat()} to {inputs.LATEST.isoformat()}"
        extra = {"x-earliest": inputs.EARLIEST.isoformat(), "x-latest": inputs.LATEST.isoformat(),
                 "description": f"{said}; {window}" if said else f"a day from {window}"}
    elif isinstance(field, ma_fields.String) and field.name == "iin":
        extra = {"pattern": IIN_PATTERN}
    elif isinstance(field, ma_fields.String) and field.name == "phone":
        extra = {"description": f"{said}; {PHONE_RULE}" if said else PHONE_RULE}
    return extra


def document(api: SmorestApi) -> dict:
    """The OpenAPI document, every POST with the optional Idempotency-Key header."""
    doc = api.spec.to_dict()
    for item in doc.get("paths", {}).values():
        operation = item.get("post")
        if operation is None:
            continue
        params = operation.setdefault("parameters", [])
        if not any(p.get("name") == idempotency.HEADER for p in params):
            params.append(IDEMPOTENCY_HEADER)
    return doc


def init(app: Flask) -> Api:
    """The Api with `blp` and every route already hung on it (imported by the caller)."""
    app.config.setdefault("API_TITLE", TITLE)
    app.config.setdefault("API_VERSION", VERSION)
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("API_SPEC_OPTIONS", {
        "security": [{"bearerAuth": []}],
        "info": {"description": "Token-authenticated JSON API of the career centres. "
                               "The same roles and scopes apply as on the pages."},
    })
    api = Api(app)
    api.ma_plugin.converter.add_attribute_function(_stated_rules)
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer",
                       "description": "a token made on the API tokens page"})
    api.register_blueprint(blp)
    app.extensions["caseworker_api"] = api
    # errors outside the blueprint's routes (an unknown /api/ path) answered in JSON too
    app.extensions[web.API_ERRORS] = (errors.error_response, errors.handle_refused)
    return api
