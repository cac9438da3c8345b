"""Translatable labels for codes stored in the database."""
from caseworker.translating import lazy_gettext as _l

ROLES = {
    "caseworker": _l("Caseworker"),
    "supervisor": _l("Supervisor"),
    "regional_officer": _l("Regional officer"),
    "analyst": _l("Analyst"),
    "admin": _l("Administrator"),
    "finance": _l("Finance officer"),
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


def file_action(code: str | None) -> str:
    """What was done to a person's file, as its access history says it (a referral's step by
    the status it reached)."""
    status = (code or "").removeprefix("referral.")
    if code not in FILE_ACTIONS and status in REFERRAL_STATUSES:
        return str(_l("Moved a referral to: %(status)s", status=REFERRAL_STATUSES[status]))
    return label(FILE_ACTIONS, code)

FIELDS = {
    "last_name": _l("Last name"), "first_name": _l("First name"), "patronymic": _l("Patronymic"),
    "phone": _l("Phone"), "email": _l("Email"), "address": _l("Address"),
    "rural": _l("Locality"), "household_size": _l("Household size"),
    "education_level": _l("Education"), "specialty": _l("Specialty"),
    "graduation_year": _l("Graduation year"), "experience_months": _l("Work experience, months"),
    "graduated_on": _l("Diploma awarded on"),
    "specialty_experience_months": _l("Experience in the specialty, months"),
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
    "found_work": _l("Found work on their own"), "moved": _l("Moved to another locality"),
    "refused_services": _l("Refused the services"), "pension": _l("Retired on pension"),
    "education": _l("Went into full-time education"),
    "military_service": _l("Called up for military service"),
    "no_contact": _l("No contact for a long time"), "death": _l("Died"), "other": _l("Other"),
    "placed": _l("Employed through a measure"),
    "refused_two_offers": _l("Refused two offers of suitable work"),
    "entrepreneur": _l("Registered as an entrepreneur"),
    "imprisoned": _l("Sentenced to imprisonment"),
    "moved_abroad": _l("Moved abroad for permanent residence"),
}
LANGUAGES = {"kk": _l("Kazakh"), "ru": _l("Russian"), "en": _l("English"), "other": _l("Other")}
ELIGIBILITY_REASONS = {
    "age_at_least": _l("Is at least %(limit)s years old"),
    "age_below": _l("Is younger than %(limit)s"),
    "age_at_most": _l("Is not older than %(limit)s"),
    "age_at_most_soon": _l("Is not older than %(limit)s, but turns %(next)s within 3 months"),
    "age_above": _l("Is older than %(limit)s"),
    "in_groups": _l("Belongs to: %(groups)s"),
    "no_group": _l("Belongs to none of: %(groups)s"),
    "has_idea": _l("Has a business idea"),
    "idea_unknown": _l("No business idea is recorded"),
    "completed_first": _l("Has completed %(limit)s"),
    "not_completed_first": _l("Must first complete %(limit)s"),
    "graduation_unknown": _l("The date of the diploma is not recorded"),
    "graduation_date_needed": _l("Graduated in %(year)s: the date of the diploma decides "
                                 "whether it is within %(limit)s years"),
    "graduated_recently": _l("Diploma of %(since)s: within %(limit)s years of it"),
    "graduated_long_ago": _l("Diploma of %(since)s: more than %(limit)s years ago"),
    "graduated_year_recently": _l("Graduated in %(year)s: within %(limit)s years, whatever "
                                  "the day"),
    "graduated_year_long_ago": _l("Graduated in %(year)s: more than %(limit)s years ago"),
    "experience_unknown": _l("Work experience is not recorded"),
    "no_experience": _l("Has no work experience"),
    "has_experience": _l("Has %(months)s months of work experience"),
    "specialty_experience_unknown": _l("Experience in the specialty is not recorded"),
    "no_specialty_experience": _l("Has no experience in the specialty (other work does not "
                                  "count)"),
    "has_specialty_experience": _l("Has %(months)s months of experience in the specialty"),
    "below_pension": _l("Is below the pension age (%(pension_age)s)"),
    "pension_age": _l("Has reached the pension age (%(pension_age)s)"),
    "surplus_region": _l("Lives in a labour-surplus region"),
    "not_surplus_region": _l("Does not live in a labour-surplus region"),
    "kandas_any_region": _l("Is a kandas: may resettle from any region"),
    "no_recent_referral": _l("No referral of this kind in the last %(limit)s years"),
    "recent_referral": _l("Was referred to a measure of this kind on %(last)s (within %(limit)s years)"),
}
# What each rule of a measure asks, said before a failed or unknown outcome, so that the
# sentence about the person is never read as the rule.
ELIGIBILITY_RULES = {
    "min_age": _l("Rule: at least %(limit)s years old"),
    "max_age": _l("Rule: at most %(limit)s years old"),
    "target_groups_any": _l("Rule: one of the measure's target groups"),
    "requires_business_idea": _l("Rule: a business idea"),
    "requires_completed": _l("Rule: another measure completed first"),
    "max_years_since_graduation": _l("Rule: a diploma within %(limit)s years"),
    "requires_no_experience": _l("Rule: no work experience"),
    "requires_no_specialty_experience": _l("Rule: no experience in the specialty"),
    "below_pension_age": _l("Rule: below the pension age"),
    "labour_surplus_region_only": _l("Rule: from a labour-surplus region"),
    "cooldown_years": _l("Rule: no referral of this kind in the last %(limit)s years"),
}
VERDICTS = {"passed": _l("Eligible"), "failed": _l("Not eligible"),
            "unknown": _l("Data missing")}
REFERRAL_STATUSES = {
    "proposed": _l("Proposed"), "approved": _l("Approved"), "referred": _l("Referred"),
    "started": _l("Started"), "completed": _l("Completed"), "rejected": _l("Rejected"),
    "declined": _l("Declined"), "cancelled": _l("Cancelled"),
}
TRANSITION_ACTIONS = {
    "approved": _l("Approve"), "referred": _l("Issue the letter"), "started": _l("Started"),
    "completed": _l("Completed"), "rejected": _l("Reject"), "declined": _l("Person declined"),
    "cancelled": _l("Cancel"),
}
WORKFLOW_REASONS = {
    "not_eligible": _l("Not eligible"), "no_places": _l("No places left"),
    "incomplete_documents": _l("Documents incomplete"),
    "commission_refused": _l("The commission refused"), "other": _l("Other"),
    "found_work": _l("Found work"), "unsuitable_offer": _l("The offer does not suit"),
    "health": _l("Health"), "moved": _l("Moved away"), "no_answer": _l("Could not be reached"),
    "entered_in_error": _l("Entered in error"), "duplicate": _l("Duplicate"),
    "measure_closed": _l("The measure was closed"),
    "employer_refused": _l("The employer refused"), "did_not_come": _l("Did not come"),
}
# The receiving organisation's own reason of a "not hired" (domain.workflow.EMPLOYER_REASONS).
EMPLOYER_REASONS = {
    "qualification": _l("Qualification does not fit"), "experience": _l("Not enough experience"),
    "position_filled": _l("The position is filled"), "documents": _l("Documents incomplete"),
    "conditions_refused": _l("The person refused the conditions"), "other": _l("Other"),
}
# What the organisation answers through its link (domain.workflow.ANSWERS).
PARTNER_ANSWERS = {"started": _l("Hired or started"), "not_hired": _l("Not hired"),
                   "did_not_come": _l("The person did not come")}
PROVIDER_KINDS = {"employer": _l("Employer"), "training": _l("Training provider"),
                  "microfinance": _l("Microfinance organisation"),
                  "grant_commission": _l("Grant commission"), "akimat": _l("Akimat")}
PROJECT_JOBS = {"permanent": _l("Permanent jobs"), "temporary": _l("Temporary jobs")}
BENEFIT_PERIODS = {
    "one_off": _l("one-off"), "monthly": _l("a month"), "monthly_minimum": _l("a month, at least"),
    "loan_maximum": _l("loan of at most"), "course": _l("the course is free"),
    "one_off_per_family_member": _l("one-off, per family member"),
}
# What was done to a person's file, as its access history says it.
FILE_ACTIONS = {
    "person.view": _l("Opened the profile"), "person.update": _l("Changed the profile"),
    "person.create": _l("Registered the person"), "person.list": _l("Saw the person in a list"),
    "person.search_iin": _l("Found the person by IIN"),
    "person.exists_elsewhere": _l("Checked the IIN from another district"),
    "person.eligibility": _l("Looked at the measures for the person"),
    "person.deregister": _l("Deregistered the person"),
    "person.reregister": _l("Registered the person again"),
    "person.reassign": _l("Handed the case to another caseworker"),
    "person.segment": _l("Changed the segment by hand"), "person.segments": _l("Saw the segments"),
    "person.access_history": _l("Looked at this access history"),
    "interaction.create": _l("Recorded a contact"), "interaction.update": _l("Corrected a contact"),
    "task.done": _l("Marked a task done"),
    "plan.save": _l("Saved the employment plan"), "plan.step": _l("Added a plan step"),
    "plan.step_done": _l("Marked a plan step done"),
    "plan.pdf": _l("Printed the employment plan"),
    "referral.create": _l("Made a referral"), "referral.view": _l("Opened a referral"),
    "referral.provider": _l("Chose a referral's provider"),
    "referral.money": _l("Looked at a referral's payments"),
    "outcome.record": _l("Recorded a referral's outcome"),
    "letter.issue": _l("Issued a letter"), "letter.cancel": _l("Cancelled a letter"),
    "letter.pdf": _l("Printed a letter"), "follow_up.check": _l("Recorded a follow-up check"),
    "outcome.void": _l("Voided a referral's outcome"),
    "follow_up.void": _l("Voided a follow-up check"), "interaction.void": _l("Voided a contact"),
    "letter.holder_match": _l("A receiver checked the holder's IIN: it matched"),
    "letter.holder_mismatch": _l("A receiver checked the holder's IIN: it did not match"),
}
OUTCOMES = {"permanent_job": _l("Permanent job"), "temporary_job": _l("Temporary job"),
            "business_opened": _l("Business opened"),
            "training_certificate": _l("Training completed with a certificate"),
            "not_employed": _l("Not employed"), "other": _l("Other")}
SOURCES = {"employer": _l("Employer confirmed"), "client_call": _l("Call to the person"),
           "record": _l("Record (pension contributions)"),
           "could_not_verify": _l("Could not verify")}
CHANNELS = {"visit": _l("Visit to the centre"), "phone": _l("Phone call"), "sms": _l("SMS"),
            "email": _l("Email"), "egov": _l("Through eGov"), "outreach": _l("Home or field visit")}
TOPICS = {"registration": _l("Registration"), "job_search": _l("Job search"),
          "measure": _l("Employment measure"), "documents": _l("Documents"),
          "follow_up": _l("Follow-up"), "plan": _l("Employment plan"), "other": _l("Other")}
REVIEW = {"active": _l("Active cases"), "overdue": _l("Cases with an overdue action"),
          "stale": _l("No contact in 30 days"),
          "referrals_waiting": _l("Cases with a referral not sent yet"),
          "waiting_provider": _l("Waiting for a provider"),
          "placements": _l("Placements this month"), "follow_ups_due": _l("Cases with a follow-up due"),
          "follow_ups_verified": _l("Follow-ups verified")}
PASSWORD_PROBLEMS = {
    "too_short": _l("Use at least 10 characters."),
    "contains_login": _l("The password must not contain your login."),
    "common": _l("This password is too common; choose another."),
}
PASSWORD_PROBLEMS_OF_OTHERS = {
    "contains_login": _l("The password must not contain the user's login."),
}
INDICATOR_STATUSES = {"on_track": _l("On track"), "behind": _l("Behind"),
                      "lagging": _l("Lagging"), "no_plan": _l("No plan")}
INDICATOR_TIERS = {"high": _l("High dynamics"), "average": _l("Average rates"),
                   "lagging": _l("Lagging")}
INDICATOR_UNITS = {"persons": _l("persons"), "referrals": _l("referrals"), "kzt": _l("tenge"),
                   "jobs": _l("jobs"), "vacancies": _l("vacancies")}
VACANCY_STATUSES = {"open": _l("Open"), "filled": _l("Filled"), "closed": _l("Closed"),
                    "cancelled": _l("Cancelled")}
SCHEDULES = {"full_day": _l("Full day"), "part_time": _l("Part time"), "shift": _l("Shifts"),
             "rotation": _l("Rotation (shift camp)"), "flexible": _l("Flexible hours"),
             "remote": _l("Remote")}
# The groups the Social Code has job quotas set for (domain.vacancies.QUOTA_GROUPS).
QUOTA_GROUPS = {"disability": _l("Persons with disabilities"),
                "probation": _l("Persons registered with the probation service"),
                "released_from_prison": _l("Persons released from prison"),
                "orphan_youth": _l("Young people left without parental care, graduates of "
                                   "educational organisations")}
