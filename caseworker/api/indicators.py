"""Plan against fact through the API, computed by the indicators pages' own tables (the same
scope and suppression per role), and plans loaded as JSON rows with the plan file's checks."""
from __future__ import annotations


from flask_babel import lazy_gettext as _l
from flask_login import current_user

from caseworker import clock, policy
from caseworker.api import indicator_schemas, routes
from caseworker.api.errors import ApiError
from caseworker.extensions import db
from caseworker.indicators import access, operations, pages, tables, upload

TAG = {"tags": ["indicators"]}


@routes.endpoint("GET", "/indicators", indicator_schemas.IndicatorReportSchema,
                 query=indicator_schemas.IndicatorsQuerySchema, **TAG)
def indicator_report(args):
    """Plan, fact, execution, pace, forecast and status per region and indicator, the regions'
    tiers and the country's totals; with region, that region's districts and its total. Counts
    under 5 are hidden for roles that do not see persons, as on the pages"""
    policy.require(current_user, "indicators.view")
    period = tables.period(args.get("year"), args.get("as_of"), clock.today())
    table = pages.table_for(period, args.get("region"))  # 404 where the page answers 404
    db.session.commit()
    return {"year": period.year, "as_of": period.as_of, "share_of_year": table.share,
            "months_left": table.months_left, "region": table.region,
            "suppressed": table.suppressed, "frozen_at": table.frozen_at,
            "thresholds": tables.thresholds(), "indicators": table.indicators,
            "rows": table.rows, "total": table.total}


@routes.endpoint("PUT", "/plans", indicator_schemas.PlanLoadedSchema,
                 json=indicator_schemas.PlanLoadSchema, **TAG)
def plan_load(args):
    """Load plans (the columns of the plan file). All or nothing: if any row is wrong, nothing
    is saved and every wrong row is listed, in fields named plans.<row>.<column> (rows counted
    from 0). A plan already set for the same indicator, place and year is replaced. An admin
    loads any region's plans, a regional officer those of the own region"""
    policy.require(current_user, "plan.load")
    regions = access.plan_regions(current_user)
    records = ((n, {c: upload.cell(row.get(c)) for c in upload.COLUMNS})
               for n, row in enumerate(args["plans"]))
    entries, problems = upload.check_records(records, *pages.kato_codes(), allowed=regions)
    if problems:
        raise ApiError(422, "validation_error", _l("Nothing was saved: some plans are not "
                                                   "valid."), _problem_fields(problems))
    count = operations.load_plans(entries, current_user)
    db.session.commit()
    return {"loaded": count}


def _problem_fields(problems: list[upload.Problem]) -> dict:
    fields: dict = {}
    for problem in problems:
        name = ".".join(str(p) for p in ("plans", problem.row, problem.column) if p is not None)
        fields.setdefault(name, []).append({"code": "invalid", "message": problem.message})
    return fields
