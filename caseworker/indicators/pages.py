"""What the indicators views render: form choices, look-ups and page contexts, kept out of
views.py so the views stay a few lines each."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.indicators import upload
from caseworker.indicators.definitions import BY_CODE, INDICATORS
from caseworker.indicators.forms import PlanForm
from caseworker.models import District, IndicatorPlan, Region

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def plan_form(region: Region, year: int) -> PlanForm:
    form = PlanForm(year=year)
    form.indicator_code.choices = [(i.code, i.name) for i in INDICATORS]
    form.district_id.choices = [("", _("The whole region"))] + [
        (str(d.id), d.name) for d in region.districts]
    return form


def entry_of(form: PlanForm, region: Region) -> upload.Entry:
    district = int(form.district_id.data) if form.district_id.data else None
    return upload.Entry(form.indicator_code.data, region.id, district, form.year.data,
                        form.target.data)


def region_plans(region_id: int, year: int) -> list[IndicatorPlan]:
    """The region's plans for the year in the order of the indicators, the region's own
    first, then its districts'."""
    order = {code: n for n, code in enumerate(BY_CODE)}
    rows = db.session.scalars(select(IndicatorPlan).where(
        IndicatorPlan.region_id == region_id, IndicatorPlan.year == year)).all()
    return sorted(rows, key=lambda p: (order.get(p.indicator_code, 99), p.district_id is not None,
                                       p.district.kato if p.district else ""))


def read_upload(storage) -> tuple[list[upload.Entry], list[upload.Problem]]:
    """Every plan of the file, or every problem with it (then nothing is to be saved)."""
    data = storage.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        return [], [upload.Problem(0, _("The file is larger than 5 MB."))]
    regions = dict(db.session.execute(select(Region.kato, Region.id)).all())
    districts = {kato: (d, r) for kato, d, r in db.session.execute(
        select(District.kato, District.id, District.region_id))}
    try:
        entries, problems = upload.check(upload.read_rows(storage.filename or "", data),
                                         regions, districts)
    except upload.Unreadable as error:
        return [], [upload.Problem(0, str(error))]
    return (entries, []) if not problems else ([], problems)
