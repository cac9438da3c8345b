"""One JSON shape for every error of the API: {"error": {"code", "message", "fields"}}.

`fields` maps a field name to a list of {"code", "message"}; it is empty unless the input
was at fault. Nothing here ever shows a stack trace or an HTML page."""
from __future__ import annotations

import logging
import re

from flask import g, jsonify
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from caseworker import audit
from caseworker.extensions import db
from caseworker.refusals import Refused, settle

log = logging.getLogger("caseworker")

CODES = {
    400: ("bad_request", _l("The request could not be read.")),
    401: ("unauthorized", _l("A valid API token is required: Authorization: Bearer <token>.")),
    403: ("forbidden", _l("Your role may not do this.")),
    404: ("not_found", _l("Not found, or outside your area.")),
    405: ("method_not_allowed", _l("This method is not allowed here.")),
    409: ("conflict", _l("The request conflicts with the current state of the record.")),
    413: ("too_large", _l("The request is too large.")),
    415: ("unsupported_media_type", _l("Send JSON (Content-Type: application/json).")),
    422: ("validation_error", _l("Some fields are not valid.")),
    429: ("too_many_requests", _l("Too many requests; try again later.")),
    500: ("server_error", _l("Something went wrong on our side; nothing was saved.")),
}


# marshmallow's own messages, said in the client's language (the code beside stays the same)
SAID = {
    "Missing data for required field.": _l("This field is required."),
    "Field may not be null.": _l("This field may not be null."),
    "Invalid value.": _l("The value is not valid."),
    "Not a valid integer.": _l("Give a whole number."),
    "Not a valid date.": _l("Give a date as YYYY-MM-DD."),
    "Not a valid datetime.": _l("Give a date and time as YYYY-MM-DDTHH:MM:SS."),
    "Not a valid boolean.": _l("Give true or false."),
    "Not a valid string.": _l("Give text."),
    "Unknown field.": _l("This field is not known here."),
    "Invalid input type.": _l("Send a JSON object."),
}
SAID_WITH = (
    (re.compile(r"Must be one of: (?P<values>.*)\.$"), _l("Must be one of: %(values)s.")),
    (re.compile(r"Longer than maximum length (?P<n>\d+)\.$"), _l("At most %(n)s characters.")),
    (re.compile(r"Shorter than minimum length (?P<n>\d+)\.$"), _l("At least %(n)s characters.")),
    (re.compile(r"Must be greater than or equal to (?P<low>\S+) and less than or equal to "
                r"(?P<high>\S+)\.$"), _l("Must be from %(low)s to %(high)s.")),
)


def said(message) -> str:
    """A validation message of marshmallow in the request's language."""
    text = str(message)
    if text in SAID:
        return str(SAID[text])
    for pattern, translated in SAID_WITH:
        found = pattern.match(text)
        if found:
            return str(translated) % found.groupdict()
    return text


class ApiError(Exception):
    """Raised by API views for a JSON error with a specific code and fields."""

    def __init__(self, status: int, code: str | None = None, message: str | None = None,
                 fields: dict | None = None, headers: dict | None = None):
        super().__init__(code or str(status))
        self.status, self.code, self.message = status, code, message
        self.fields, self.headers = fields or {}, headers or {}


def error_response(status: int, code: str | None = None, message: str | None = None,
                   fields: dict | None = None, headers: dict | None = None):
    status = status if status in CODES else (500 if status >= 500 else 400)
    default_code, default_message = CODES[status]
    response = jsonify({"error": {"code": code or default_code,
                                  "message": str(message or default_message),
                                  "fields": fields or {}}})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="caseworker"'
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _messages_to_fields(messages, prefix: str = "") -> dict:
    """webargs/marshmallow messages ({"json": {"field": ["..."]}}) as {"field": [{code,
    message}]}; nested names are joined with dots."""
    fields: dict = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, dict):
                fields.update(_messages_to_fields(value, name))
            else:
                items = value if isinstance(value, list) else [value]
                fields[name] = [{"code": "required" if "Missing data" in str(m) else "invalid",
                                 "message": said(m)} for m in items]
    return fields


def _locations_stripped(messages) -> dict:
    if isinstance(messages, dict) and set(messages) <= {"json", "query", "headers", "path",
                                                       "form", "files", "cookies"}:
        merged: dict = {}
        for part in messages.values():
            if isinstance(part, dict):
                merged.update(part)
        return merged
    return messages


def handle_http(error: HTTPException):
    audit.keep_refused()
    data = getattr(error, "data", None) or {}
    fields = {}
    messages = data.get("errors") or data.get("messages")
    if messages:
        fields = _messages_to_fields(_locations_stripped(messages))
    headers = dict(data.get("headers") or {})
    return error_response(error.code or 500, message=data.get("message"), fields=fields,
                          headers=headers)


def handle_api_error(error: ApiError):
    if error.status >= 400:
        db.session.rollback()
    return error_response(error.status, error.code, error.message, error.fields, error.headers)


def handle_refused(refused: Refused):
    """An operation's coded refusal, as the API says it: its status, code and message, and
    the field it concerns. Rolled back, but what the refusal keeps (an audited look)."""
    settle(refused)
    fields = ({refused.field: [{"code": refused.code, "message": str(refused.message)}]}
              if refused.field else {})
    return error_response(refused.status, refused.code, refused.message, fields)


def handle_stale(_error):
    db.session.rollback()
    return error_response(409, "stale", _l("Someone else saved this record first; "
                                           "read it again and repeat your change."))


def handle_unexpected(error: Exception):
    db.session.rollback()
    log.exception("unhandled API error, request %s", g.get("request_id"))
    return error_response(500)


def register(bp) -> None:
    bp.register_error_handler(ApiError, handle_api_error)
    bp.register_error_handler(HTTPException, handle_http)
    bp.register_error_handler(StaleDataError, handle_stale)
    bp.register_error_handler(Refused, handle_refused)
    bp.register_error_handler(Exception, handle_unexpected)
