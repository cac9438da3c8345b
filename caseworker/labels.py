"""Translatable labels for codes stored in the database."""
from flask_babel import lazy_gettext as _l

ROLES = {
    "caseworker": _l("Caseworker"),
    "supervisor": _l("Supervisor"),
    "regional_officer": _l("Regional officer"),
    "analyst": _l("Analyst"),
    "admin": _l("Administrator"),
}
STATUSES = {
    "active": _l("Active"),
    "employed": _l("Employed"),
    "deregistered": _l("Deregistered"),
}
SEXES = {"M": _l("Male"), "F": _l("Female")}
EDUCATION = {
    "none": _l("No formal education"),
    "basic": _l("Basic secondary"),
    "secondary": _l("General secondary"),
    "vocational": _l("Technical and vocational"),
    "higher": _l("Higher"),
}


def label(table: dict, code: str | None) -> str:
    if code is None:
        return "—"
    return str(table.get(code, code))

FIELDS = {
    "last_name": _l("Last name"), "first_name": _l("First name"), "patronymic": _l("Patronymic"),
    "phone": _l("Phone"), "email": _l("Email"), "address": _l("Address"),
    "rural": _l("Locality"), "household_size": _l("Household size"),
    "education_level": _l("Education"), "specialty": _l("Specialty"),
    "graduation_year": _l("Graduation year"), "experience_months": _l("Work experience, months"),
    "last_job_ended": _l("Last job ended on"), "disability_group": _l("Disability group"),
    "target_groups": _l("Target groups"), "desired_occupations": _l("Desired occupations"),
    "skills": _l("Skills"), "languages": _l("Languages"), "business_idea": _l("Business idea"),
    "consent_date": _l("Consent given on"), "consent_basis": _l("Basis of consent"),
    "caseworker_id": _l("Caseworker"), "status": _l("Status"), "segment": _l("Segment"),
    "district": _l("District"),
}
FACTORS = {
    "unemployed_24": _l("Out of work for %(value)s months (two years or more)"),
    "unemployed_12": _l("Out of work for %(value)s months (a year or more)"),
    "unemployed_6": _l("Out of work for %(value)s months (half a year or more)"),
    "education_unknown": _l("Education is not recorded"),
    "education_low": _l("Low level of education"),
    "experience_unknown": _l("Work experience is not recorded"),
    "no_experience": _l("No work experience"),
    "little_experience": _l("Less than a year of work experience (%(value)s months)"),
    "disability": _l("Disability, group %(value)s"),
    "pre_retirement": _l("Pre-retirement age (%(value)s years)"),
    "age_50": _l("Aged 50 or over (%(value)s years)"),
    "age_under_25": _l("Under 25 (%(value)s years)"),
    "rural": _l("Lives in a rural locality"),
    "barrier_groups": _l("Belongs to groups that face barriers"),
}
SEGMENTS = {"A": _l("A: ready for work"), "B": _l("B: needs support"),
            "C": _l("C: needs intensive support")}
TRANSFER_STATUSES = {"pending": _l("Waiting for a decision"), "approved": _l("Approved"),
                     "rejected": _l("Rejected")}
REASONS = {
    "found_work": _l("Found work on their own"), "moved": _l("Moved away"),
    "refused_services": _l("Refused the services"), "pension": _l("Retired on pension"),
    "education": _l("Went into full-time education"),
    "military_service": _l("Called up for military service"),
    "no_contact": _l("No contact for a long time"), "death": _l("Died"), "other": _l("Other"),
}
