"""The files an import takes, their columns (named as the API names the fields) and how each
cell is read. A file's kind is found from its header: the first kind whose required columns it
has (a sheet or a file named after its kind, e.g. `persons.csv`, is taken as that kind)."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Response, abort

# how a cell is read: see caseworker.domain.imports (text, day, moment, whole, yes_no, items,
# iin); "district" is a district's id or its KATO code


@dataclass(frozen=True)
class Column:
    name: str
    reader: str = "text"
    required: bool = False


def _c(name: str, reader: str = "text", required: bool = False) -> Column:
    return Column(name, reader, required)


KINDS: dict[str, tuple[Column, ...]] = {
    "persons": (
        _c("iin", "iin", True), _c("registered_on", "day", True), _c("district_id", "district"),
        _c("last_name", required=True), _c("first_name", required=True), _c("patronymic"),
        _c("phone"), _c("email"), _c("address"), _c("rural", "yes_no"),
        _c("household_size", "whole"), _c("education_level"), _c("specialty"),
        _c("graduation_year", "whole"), _c("experience_months", "whole"),
        _c("last_job_ended", "day"), _c("disability_group", "whole"),
        _c("target_groups", "items"), _c("desired_occupations"),
        _c("occupation_codes", "items"), _c("skills"),
        _c("languages", "items"), _c("business_idea"), _c("consent_date", "day", True),
        _c("consent_basis", required=True), _c("confirm_duplicate", "yes_no")),
    "referrals": (
        _c("external_id", required=True), _c("iin", "iin", True),
        _c("measure_code", required=True), _c("on", "day", True), _c("provider_id", "whole"),
        _c("project_id", "whole"), _c("destination_region_id", "whole"),
        _c("amount_kzt", "whole"), _c("start_on", "day"), _c("comment"),
        _c("override_reason")),
    "steps": (
        _c("external_id", required=True), _c("referral_external_id", required=True),
        _c("to", required=True), _c("on", "day", True), _c("reason"), _c("note"),
        _c("letter_number")),
    "outcomes": (
        _c("external_id", required=True), _c("referral_external_id", required=True),
        _c("kind", required=True), _c("start_on", "day", True), _c("employer"),
        _c("wage_kzt", "whole")),
    "contacts": (
        _c("external_id", required=True), _c("iin", "iin", True), _c("at", "moment", True),
        _c("channel", required=True), _c("topic", required=True), _c("note"),
        _c("next_action"), _c("due_on", "day")),
    # an extract of the labour exchange: the employer by its BIN in the region's register
    "vacancies": (
        _c("external_id", required=True), _c("bin", required=True),
        _c("occupation_code", required=True), _c("title"), _c("district_id", "district"),
        _c("locality"), _c("places", "whole", True), _c("wage", "whole", True),
        _c("hours_per_week", "whole", True), _c("schedule", required=True),
        _c("education_level"), _c("experience_months", "whole"), _c("languages", "items"),
        _c("duties"), _c("measure_code"), _c("quota_groups", "items"),
        _c("opened_on", "day", True), _c("closes_on", "later_day")),
    # what follows: a job's checks (`POST /follow-ups/<id>`), leaving the register and coming
    # back (`POST /persons/<id>/deregistration`, `/return`); a check names its outcome by the
    # outcome's external id and its months (3, 6 or 12)
    "follow_ups": (
        _c("external_id", required=True), _c("outcome_external_id", required=True),
        _c("months", "whole", True), _c("on", "day", True), _c("still_employed", "yes_no"),
        _c("source", required=True)),
    "deregistrations": (
        _c("external_id", required=True), _c("iin", "iin", True), _c("reason", required=True),
        _c("on", "day", True)),
    "returns": (
        _c("external_id", required=True), _c("iin", "iin", True), _c("on", "day", True)),
}
# The order the kinds are applied in on one day: a row's record exists before its history
# does; a day's deregistration comes after its other events, and a return after that.
ORDER = tuple(KINDS)


def names(kind: str) -> list[str]:
    return [c.name for c in KINDS[kind]]


def required(kind: str) -> set[str]:
    return {c.name for c in KINDS[kind] if c.required}


def kind_of(header: list[str], name: str = "") -> str | None:
    """The kind of a file or sheet: by its name (`persons`, `referrals.csv`), else by the
    required columns its header has."""
    stem = name.rsplit("/", 1)[-1].split(".", 1)[0].strip().casefold()
    if stem in KINDS:
        return stem
    found = set(header)
    # the kinds' required columns tell them apart; of two that fit, the one that asks more
    # (a referral's columns hold a return's)
    fitting = [kind for kind in ORDER if required(kind) <= found]
    return max(fitting, key=lambda kind: len(required(kind)), default=None)


def template(kind: str) -> str:
    """The header line of a kind's file: its template."""
    return ",".join(names(kind)) + "\r\n"


def template_response(kind: str) -> Response:
    """A kind's template to download: its header line (the columns the README documents)."""
    if kind not in KINDS:
        abort(404)
    response = Response("\ufeff" + template(kind), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{kind}.csv"'
    return response
