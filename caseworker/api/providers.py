"""The register of providers through the API: the user's region's, listed with filters and
paging, read, and (supervisors, as on the page) added and changed. The writes run the page's
form over the JSON and call the register's operation (providers.operations.save)."""
from __future__ import annotations

from flask import abort
from flask_login import current_user
from marshmallow import fields, validate

from caseworker import labels, policy
from caseworker.api import forms, schemas
from caseworker.api.spec import blp
from caseworker.extensions import db
from caseworker.models import Provider
from caseworker.models.provider import PROVIDER_KINDS
from caseworker.options import options
from caseworker.paging import listed
from caseworker.providers import operations, queries
from caseworker.providers.forms import ProviderForm
from caseworker.refusals import committed

TAG = {"tags": ["providers"]}
ID = "/providers/<int(max=2147483647):provider_id>"


class ProviderSchema(schemas.Strict):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    bin = fields.String(required=True)
    kind = fields.Function(lambda p: p.kinds[0] if p.kinds else None, required=True,
                           metadata={"description": "the first of the organisation's kinds"})
    region_id = fields.Integer(required=True)
    address = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    contact_person = fields.String(allow_none=True)
    active = fields.Boolean(required=True)
    version = fields.Integer(required=True)


class ProviderQuerySchema(schemas.PageQuerySchema):
    q = fields.String(validate=validate.Length(max=100), metadata={
        "description": "a part of the name (Kazakh letters optional), or the exact BIN"})
    kind = fields.String(validate=validate.OneOf(PROVIDER_KINDS))
    active = fields.Boolean()


class ProviderInSchema(schemas.Strict):
    """The provider form's fields; its rules apply (the BIN's check digit, the phone)."""
    name = fields.String(required=True, validate=validate.Length(max=300))
    bin = fields.String(required=True, validate=validate.Length(max=20))
    kind = fields.String(required=True, validate=validate.OneOf(PROVIDER_KINDS))
    address = fields.String(allow_none=True, validate=validate.Length(max=300))
    phone = fields.String(allow_none=True, validate=validate.Length(max=30))
    email = fields.String(allow_none=True, validate=validate.Length(max=120))
    contact_person = fields.String(allow_none=True, validate=validate.Length(max=200))


class ProviderPatchSchema(ProviderInSchema):
    name = fields.String(validate=validate.Length(max=300))
    bin = fields.String(validate=validate.Length(max=20))
    kind = fields.String(validate=validate.OneOf(PROVIDER_KINDS))
    version = fields.Integer(required=True, metadata={
        "description": "the version read; a stale one gives 409 stale"})


ProviderPageSchema = schemas.page_schema("ProviderPage", ProviderSchema)


def _kinds(form: ProviderForm) -> None:
    form.kind.choices = options([(k, str(labels.PROVIDER_KINDS[k])) for k in PROVIDER_KINDS])


def _values(args: dict) -> dict:
    form = forms.validated(ProviderForm, args, operations.FIELDS, _kinds)
    return {name: getattr(form, name).data or None for name in operations.FIELDS}


def _provider(provider_id: int, action: str) -> Provider:
    provider = db.session.get(Provider, provider_id)
    if provider is None:
        abort(404)
    policy.require(current_user, "provider.view", provider)  # another region's: 404
    policy.require(current_user, action, provider)
    return provider


@blp.route("/providers", methods=["GET"])
@blp.doc(summary="The providers of your region, by name, with filters and paging", **TAG)
@blp.arguments(ProviderQuerySchema, location="query")
@blp.response(200, ProviderPageSchema)
def provider_list(args):
    policy.require(current_user, "provider.view")
    stmt = queries.provider_list(current_user, args.get("q") or "", args.get("kind") or "",
                                 args.get("active"))
    return listed(stmt, args["page"], args["per_page"])


@blp.route(ID, methods=["GET"])
@blp.doc(summary="A provider of your region", **TAG)
@blp.response(200, ProviderSchema)
def provider_show(provider_id: int):
    return _provider(provider_id, "provider.view")


@blp.route("/providers", methods=["POST"])
@blp.doc(summary="Add a provider to your region's register (supervisors; 409 bin_taken when "
                 "the BIN is registered already)", **TAG)
@blp.arguments(ProviderInSchema)
@blp.response(201, ProviderSchema)
def provider_create(args):
    policy.require(current_user, "provider.edit")
    values = _values(args)
    return committed(lambda: operations.save(None, values, current_user)), 201


@blp.route(ID, methods=["PATCH"])
@blp.doc(summary="Change a provider of your region (supervisors); send the version you read "
                 "(409 stale when someone saved it since)", **TAG)
@blp.arguments(ProviderPatchSchema)
@blp.response(200, ProviderSchema)
def provider_update(args, provider_id: int):
    provider = _provider(provider_id, "provider.edit")
    operations.check_current(provider, args["version"])
    current = {name: getattr(provider, name) for name in operations.FIELDS if name != "kind"}
    current["kind"] = provider.kinds[0] if provider.kinds else None
    values = _values(current | {k: v for k, v in args.items() if k != "version"})
    return committed(lambda: operations.save(provider, values, current_user,
                                             args["version"]))
