"""The register of organisations through the API: the user's region's, listed with filters
and paging, read, and (supervisors, as on the page) added, changed, deactivated (confirmed:
its open vacancies close with it) and reactivated. The writes run the page's form over the
JSON and call the register's operations (providers.operations.save, deactivate,
reactivate), so a BIN is judged the same way at both doors."""
from __future__ import annotations

from flask_login import current_user
from marshmallow import fields, validate

from caseworker import policy
from caseworker.api import forms, routes, schemas
from caseworker.models import Provider
from caseworker.models.provider import ORGANISATION_KINDS
from caseworker.paging import listed
from caseworker.providers import operations, pages, queries
from caseworker.providers.forms import ProviderForm
from caseworker.refusals import committed

TAG = {"tags": ["organisations"]}
ID = "/organisations/<int(max=2147483647):provider_id>"


OrganisationSchema = schemas.mirror(
    "OrganisationSchema", Provider,
    """id name_ru name_kk bin kinds region_id district_id legal_address phone email
    contact_person active deactivated_on deactivation_reason version""",
    kinds=schemas.strings())


class OrganisationQuerySchema(schemas.PageQuerySchema):
    q = fields.String(validate=validate.Length(max=100), metadata={
        "description": "a part of either name (Kazakh letters optional), or the exact BIN"})
    kind = fields.String(validate=validate.OneOf(ORGANISATION_KINDS))
    district_id = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    active = fields.Boolean()


class OrganisationInSchema(schemas.Strict):
    """The organisation form's fields; the register's rules apply (the BIN's structure and
    check digit, at least one kind, a district of your region)."""
    name_ru = fields.String(required=True, validate=validate.Length(max=300))
    name_kk = fields.String(allow_none=True, validate=validate.Length(max=300))
    bin = fields.String(required=True, validate=validate.Length(max=20))
    kinds = fields.List(fields.String(validate=validate.OneOf(ORGANISATION_KINDS)),
                        required=True, validate=validate.Length(min=1, max=5))
    district_id = fields.Integer(allow_none=True, validate=validate.Range(1, 2**31 - 1))
    legal_address = fields.String(allow_none=True, validate=validate.Length(max=300))
    phone = fields.String(allow_none=True, validate=validate.Length(max=30))
    email = fields.String(allow_none=True, validate=validate.Length(max=120))
    contact_person = fields.String(allow_none=True, validate=validate.Length(max=200))


class OrganisationPatchSchema(OrganisationInSchema):
    name_ru = fields.String(validate=validate.Length(max=300))
    bin = fields.String(validate=validate.Length(max=20))
    kinds = fields.List(fields.String(validate=validate.OneOf(ORGANISATION_KINDS)),
                        validate=validate.Length(min=1, max=5))
    version = fields.Integer(required=True, metadata={
        "description": "the version read; a stale one gives 409 stale"})


class DeactivateSchema(schemas.Strict):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000))
    confirm = fields.Boolean(required=True, metadata={
        "description": "true: the organisation's open vacancies are closed with this reason "
                       "(false: 422 confirm_deactivation, nothing changed)"})
    version = fields.Integer(required=True)


class ReactivateSchema(schemas.Strict):
    reason = fields.String(allow_none=True, validate=validate.Length(max=1000))
    version = fields.Integer(required=True)


OrganisationPageSchema = schemas.page_schema("OrganisationPage", OrganisationSchema)


def _values(args: dict) -> dict:
    form = forms.validated(ProviderForm, args, operations.FIELDS,
                           lambda f: pages.prepare(f, current_user))
    return {name: getattr(form, name).data for name in operations.FIELDS}


def _provider(provider_id: int, action: str) -> Provider:
    # another region's: 404 (provider.view), then the action's role
    return policy.get_or_404(Provider, provider_id, current_user, "provider.view", action)


@routes.endpoint("GET", "/organisations", OrganisationPageSchema, query=OrganisationQuerySchema,
                 **TAG)
def organisation_list(args):
    """The organisations of your region, by name, with filters and paging"""
    policy.require(current_user, "provider.view")
    stmt = queries.provider_list(current_user, args.get("q") or "", args.get("kind") or "",
                                 args.get("active"), args.get("district_id"))
    return listed(stmt, args["page"], args["per_page"])


@routes.endpoint("GET", ID, OrganisationSchema, **TAG)
def organisation_show(provider_id: int):
    """An organisation of your region"""
    return _provider(provider_id, "provider.view")


@routes.endpoint("POST", "/organisations", OrganisationSchema, json=OrganisationInSchema,
                 status=201, **TAG)
def organisation_create(args):
    """Add an organisation to your region's register (supervisors; 409 bin_taken when the BIN
    is registered already, 422 bin_... when it is not a BIN)"""
    policy.require(current_user, "provider.edit")
    values = _values(args)
    return committed(lambda: operations.save(None, values, current_user)), 201


@routes.endpoint("PATCH", ID, OrganisationSchema, json=OrganisationPatchSchema, **TAG)
def organisation_update(args, provider_id: int):
    """Change an organisation of your region (supervisors); send the version you read (409
    stale when someone saved it since)"""
    provider = _provider(provider_id, "provider.edit")
    operations.check_current(provider, args["version"])
    current = {name: getattr(provider, name) for name in operations.FIELDS}
    current["kinds"] = list(provider.kinds)
    values = _values(current | {k: v for k, v in args.items() if k != "version"})
    return committed(lambda: operations.save(provider, values, current_user,
                                             args["version"]))


@routes.endpoint("POST", ID + "/deactivate", OrganisationSchema, json=DeactivateSchema, **TAG)
def organisation_deactivate(args, provider_id: int):
    """Deactivate an organisation of your region, with the reason and the confirmation
    (supervisors); its referrals stay, its open vacancies are closed with the same reason"""
    provider = _provider(provider_id, "provider.edit")
    return committed(lambda: operations.deactivate(provider, args["reason"], current_user,
                                                   args["version"], confirmed=args["confirm"]))


@routes.endpoint("POST", ID + "/reactivate", OrganisationSchema, json=ReactivateSchema, **TAG)
def organisation_reactivate(args, provider_id: int):
    """Make a deactivated organisation of your region active again (supervisors; 409
    organisation_active when it is); the vacancies its deactivation closed stay closed"""
    provider = _provider(provider_id, "provider.edit")
    return committed(lambda: operations.reactivate(provider, current_user, args["version"],
                                                   args.get("reason")))
