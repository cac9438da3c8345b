"""The access matrix: the expected answer of every route x every role x, for routes about one
record, every relation of that record to the user (own district, another district of the same
region, another region). One table per area; MATRIX is all of them, and a route without an
entry fails `test_every_route_is_in_the_matrix`, so a new route has to be thought about here.
What a probe sends beyond its token (a body, a header) is in tests/access/sent.py.

GETs are plain; POSTs carry a valid CSRF token and nothing else (the API: a bearer token and an
empty or refused JSON body), so a role that may act gets a validation answer. No case may
change data, but for the few bare POSTs that are complete requests (MAY_CHANGE) made by a role
that may make them."""
from __future__ import annotations

import pytest

from tests.access.world import LOGIN, RELATIONS, ROLES


def rel(own, same_region, other_region) -> dict:
    return {"own": own, "same_region": same_region, "other_region": other_region}


def everyone(logged_in, anonymous=LOGIN) -> dict:
    return {role: logged_in for role in ROLES[:-1]} | {"anonymous": anonymous}


def region_supervisor(answer, anonymous=LOGIN) -> dict:
    """A record of a region that its supervisors change (`answer`), the rest of its staff may
    not, and another region does not find."""
    return everyone(403, anonymous) | {"caseworker": rel(403, 403, 404),
                                       "supervisor": rel(answer, answer, 404),
                                       "regional_officer": rel(403, 403, 404)}


# Shapes that repeat: a person's file changed by its district (officers read, never write).
WRITE_IN_DISTRICT = {"caseworker": rel(302, 404, 404), "supervisor": rel(302, 404, 404),
                     "regional_officer": rel(403, 403, 404), "analyst": 404, "admin": 404,
                     "anonymous": LOGIN}
# ... whose form, sent empty, comes back with its mistakes (422) where it may be sent.
FORM_IN_DISTRICT = WRITE_IN_DISTRICT | {"caseworker": rel(422, 404, 404),
                                       "supervisor": rel(422, 404, 404)}
# ... and read by the district, or by the region's officer.
READ_IN_SCOPE = {"caseworker": rel(200, 404, 404), "supervisor": rel(200, 404, 404),
                 "regional_officer": rel(200, 200, 404), "analyst": 404, "admin": 404,
                 "anonymous": LOGIN}
DISTRICT_STAFF = {"caseworker": 200, "supervisor": 200, "regional_officer": 403,
                  "analyst": 403, "admin": 403, "anonymous": LOGIN}
SEES_PERSONS = {"caseworker": 200, "supervisor": 200, "regional_officer": 200,
                "analyst": 403, "admin": 403, "anonymous": LOGIN}
# The API's answer to a stale or refused write: 409 where a page would redirect.
API_WRITE_IN_DISTRICT = WRITE_IN_DISTRICT | {"caseworker": rel(409, 404, 404),
                                             "supervisor": rel(409, 404, 404), "anonymous": 401}
API_FORM_IN_DISTRICT = API_WRITE_IN_DISTRICT | {"caseworker": rel(422, 404, 404),
                                               "supervisor": rel(422, 404, 404)}
# Read by the staff of a region: their region's records only.
REGION_READERS = everyone(403) | {"caseworker": 200, "supervisor": 200,
                                  "regional_officer": 200, "anonymous": 401}
REGION_RECORD = everyone(403) | {role: rel(200, 200, 404) for role in (
    "caseworker", "supervisor", "regional_officer")} | {"anonymous": 401}
# Kept by the officers of the record's region.
OFFICER_IN_REGION = everyone(403) | {"regional_officer": rel(200, 200, 404)}
IMPORTERS = everyone(403) | {"supervisor": 200, "regional_officer": 200}
IMPORT_JOB = everyone(403) | {"supervisor": rel(404, 404, 404),
                              "regional_officer": rel(404, 404, 404)}
SUPERVISOR_ONLY = {"caseworker": 403, "supervisor": 200, "regional_officer": 403,
                   "analyst": 403, "admin": 403, "anonymous": LOGIN}
# A region's page of aggregates: any region for those who see no persons, their own region's
# for the staff who do.
REGION_PAGE = everyone(200) | {role: rel(200, 200, 404) for role in (
    "caseworker", "supervisor", "regional_officer")} | {role: rel(200, 200, 200) for role in (
    "analyst", "admin")}


# {"METHOD endpoint": {role: expected status, or {relation: expected status}}}. An endpoint
# served by more than one rule adds the rule: "METHOD endpoint /rule".
PUBLIC: dict[str, dict] = {
    # Public
    "GET auth.login": everyone(302, anonymous=200),
    "POST auth.login": everyone(302, anonymous=200),
    "POST auth.language": everyone(302, anonymous=302),
    "GET main.healthz": everyone(200, anonymous=200),
    "GET main.healthz_live": everyone(200, anonymous=200),
    "GET main.healthz_ready": everyone(200, anonymous=200),
    # the monitoring's: from the configured addresses (the test client is 127.0.0.1)
    "GET main.metrics": everyone(200, anonymous=200),
    "GET main.favicon": everyone(301, anonymous=301),
    "GET referrals.verify": everyone(200, anonymous=200),
    "GET referrals.verify_form": everyone(200, anonymous=200),
    "POST referrals.verify_holder": everyone(200, anonymous=200),  # sent empty: asks again
    # an organisation's answer page: only through a valid code (none here: "not valid")
    "GET partners.answer": everyone(404, anonymous=404),
    "POST partners.answer": everyone(404, anonymous=404),
    # Everyone signed in
    "POST auth.logout": everyone(302),
    "GET main.home": everyone(200),
    "GET measures.index": everyone(200),
    "GET auth.password": everyone(200),
    "POST auth.password": everyone(200),
    # the second step of a login: without a password typed first, back to the login
    "GET auth.login_code": everyone(302, anonymous=302),
    "POST auth.login_code": everyone(302, anonymous=302),
    # one's own sessions and second factor
    "GET auth.sessions_page": everyone(200),
    "POST auth.end_session": everyone(303),  # a session that does not exist: nothing ends
    "POST auth.end_other_sessions": everyone(303),
    "GET auth.second_factor_page": everyone(200),
    "POST auth.second_factor_start": everyone(303),
    "POST auth.second_factor_step": everyone(422),  # no code
    # Measures
    "GET measures.show": everyone(200),
    "GET measures.edit": everyone(403) | {"admin": 200},
    "POST measures.add_version": everyone(403) | {"admin": 422},
    "POST measures.withdraw_version": everyone(403) | {"admin": 302},  # no reason: flashed
    "POST measures.edit": everyone(403) | {"admin": 200},
    "GET measures.candidates": SEES_PERSONS,
    "GET measures.allocations": SEES_PERSONS,
    "POST measures.allocations": everyone(403) | {"regional_officer": 200},
}
PEOPLE: dict[str, dict] = {
    "GET people.index": SEES_PERSONS,
    "POST people.find": SEES_PERSONS | {"caseworker": 302, "supervisor": 302,
                                        "regional_officer": 302},
    "GET people.register": DISTRICT_STAFF,
    "POST people.register": DISTRICT_STAFF,
    "GET people.show": READ_IN_SCOPE,
    # (an officer reads the persons of the region, changes none: 403, as policy.require says)
    "GET people.edit": READ_IN_SCOPE | {"regional_officer": rel(403, 403, 404)},
    "POST people.edit": READ_IN_SCOPE | {"regional_officer": rel(403, 403, 404)},
    "POST people.deregister": FORM_IN_DISTRICT,
    "POST people.reregister": FORM_IN_DISTRICT,
    "POST people.segment": FORM_IN_DISTRICT,
    "GET people.segments": SUPERVISOR_ONLY,
    "GET people.access_history": {"caseworker": rel(403, 404, 404),
                                  "supervisor": rel(200, 404, 404),
                                  "regional_officer": rel(403, 403, 404), "analyst": 404,
                                  "admin": 404, "anonymous": LOGIN},
    "GET people.transfers": DISTRICT_STAFF,
    "POST people.transfer_request": DISTRICT_STAFF | {"caseworker": 400, "supervisor": 400},
    # A transfer's relation is that of the district it leaves; that district's supervisor decides.
    "POST people.decide": {"caseworker": rel(403, 404, 404), "supervisor": rel(400, 404, 404),
                           "regional_officer": 404, "analyst": 404, "admin": 404,
                           "anonymous": LOGIN},
}
CASEWORK: dict[str, dict] = {
    "GET casework.caseload": DISTRICT_STAFF,
    "POST casework.add_interaction": FORM_IN_DISTRICT,
    "POST casework.edit_note": WRITE_IN_DISTRICT,
    "POST casework.task_done": WRITE_IN_DISTRICT,
    "POST casework.void_contact": WRITE_IN_DISTRICT,  # no reason: the form's message
    "POST casework.reopen_task": WRITE_IN_DISTRICT,  # no reason: the form's message
    "POST casework.save_plan": FORM_IN_DISTRICT,
    "POST casework.add_step": FORM_IN_DISTRICT,
    "POST casework.step_done": WRITE_IN_DISTRICT,
    "POST casework.reopen_step": WRITE_IN_DISTRICT,
    "GET casework.plan_pdf": READ_IN_SCOPE,
    "GET casework.review": SUPERVISOR_ONLY,
    "GET casework.reassign": SUPERVISOR_ONLY,
    "POST casework.reassign": SUPERVISOR_ONLY,
}
REFERRALS: dict[str, dict] = {
    "GET referrals.create": WRITE_IN_DISTRICT | {"caseworker": rel(200, 404, 404),
                                                 "supervisor": rel(200, 404, 404)},
    "POST referrals.create": WRITE_IN_DISTRICT,
    "GET referrals.show": READ_IN_SCOPE,
    "POST referrals.outcome": WRITE_IN_DISTRICT,
    "POST referrals.transition": WRITE_IN_DISTRICT,
    "POST referrals.reissue": WRITE_IN_DISTRICT,
    "POST partners.new_link": WRITE_IN_DISTRICT,
    # what organisations answered through their links, and how fast they answer
    "GET partners.answers": DISTRICT_STAFF,
    "GET partners.waiting": SEES_PERSONS,
    "GET partners.responses": everyone(403) | {role: rel(200, 200, 404) for role in (
        "caseworker", "supervisor", "regional_officer")},
    "POST referrals.set_provider": WRITE_IN_DISTRICT,
    "POST referrals.follow_up": WRITE_IN_DISTRICT,
    "POST referrals.void_outcome": WRITE_IN_DISTRICT,  # no reason: the form's message
    "POST referrals.undo_step": WRITE_IN_DISTRICT,  # no reason: the form's message
    "POST referrals.void_follow_up": WRITE_IN_DISTRICT,
    "GET referrals.letter": READ_IN_SCOPE,
    "GET referrals.letters_today": SUPERVISOR_ONLY,
    "GET referrals.letters_batch": SUPERVISOR_ONLY,
    "POST referrals.letters_batch": SUPERVISOR_ONLY,
    "GET referrals.batch_pdf": SUPERVISOR_ONLY | {"supervisor": rel(200, 404, 404)},
    "GET referrals.follow_ups": DISTRICT_STAFF,
    "GET referrals.inbox": SUPERVISOR_ONLY,
}
INDICATORS: dict[str, dict] = {
    # Indicators: plans set by the region's officer, or loaded from a file by an admin.
    "GET indicators.plans": everyone(403) | {"regional_officer": 200},
    "POST indicators.plans": everyone(403) | {"regional_officer": 200},
    "GET indicators.upload": everyone(403) | {"admin": 200, "regional_officer": 200},
    "POST indicators.upload": everyone(403) | {"admin": 200, "regional_officer": 200},
    # Indicators: aggregates for everyone; a region's districts only for its own people (or
    # suppressed, for roles without persons); the persons behind a figure only in scope.
    "GET indicators.index": everyone(200),
    "GET indicators.region": REGION_PAGE,
    # a district's caseworkers: for those who may see the district's persons
    "GET indicators.district": READ_IN_SCOPE,
    # without a place the figure is national, which no one may list
    "GET indicators.referrals": SEES_PERSONS | {"caseworker": 404, "supervisor": 404,
                                                "regional_officer": 404},
    # the vacancies behind a figure of vacancies: the same, for those who see vacancies
    "GET indicators.vacancies": SEES_PERSONS | {"caseworker": 404, "supervisor": 404,
                                                "regional_officer": 404},
    "GET indicators.export": everyone(403) | {"regional_officer": 200, "analyst": 200},
    "GET indicators.execution_chart": everyone(200),
    "GET indicators.trend_chart": everyone(200),
    "GET indicators.briefing_pdf": everyone(200),
    # a region's money by month: aggregates, for whoever may open the region's page
    "GET indicators.money_chart": REGION_PAGE,
    # Employment Roadmap projects: read with the indicators, kept by the region's officer.
    "GET projects.index": everyone(200),
    "GET projects.edit /projects/new": everyone(403) | {"regional_officer": 200},
    "POST projects.edit /projects/new": everyone(403) | {"regional_officer": 200},
    "GET projects.edit /projects/<int:project_id>": OFFICER_IN_REGION,
    "POST projects.edit /projects/<int:project_id>": OFFICER_IN_REGION,
    "GET projects.progress": everyone(rel(200, 200, 200)),
    # sent empty: the form's mistakes, where the officer keeps the project
    "POST projects.add_progress": everyone(403) | {"regional_officer": rel(422, 422, 404)},
    "POST projects.reverse_progress": everyone(403) | {"regional_officer": rel(422, 422, 404)},
    # Providers: a register per region, read by its staff, edited by supervisors.
    "GET providers.index": SEES_PERSONS,
    "GET providers.edit /organisations/new": SUPERVISOR_ONLY,
    "POST providers.edit /organisations/new": SUPERVISOR_ONLY,
    "GET providers.edit /organisations/<int:provider_id>": region_supervisor(200),
    "POST providers.edit /organisations/<int:provider_id>": region_supervisor(200),
    # deactivation, sent without its reason and tick: the form's mistakes
    "POST providers.deactivate": region_supervisor(422),
    # reactivation, sent without the version read: stale
    "POST providers.reactivate": region_supervisor(409),
    # Vacancies: seen and entered by the district's team, read by the region's officer.
    "GET vacancies.index": SEES_PERSONS,
    "GET vacancies.edit /vacancies/new": DISTRICT_STAFF,
    "POST vacancies.edit /vacancies/new": DISTRICT_STAFF | {"caseworker": 422,
                                                             "supervisor": 422},
    "GET vacancies.show": READ_IN_SCOPE,
    "GET vacancies.edit /vacancies/<int:vacancy_id>/edit": WRITE_IN_DISTRICT | {
        "caseworker": rel(200, 404, 404), "supervisor": rel(200, 404, 404)},
    "POST vacancies.edit /vacancies/<int:vacancy_id>/edit": FORM_IN_DISTRICT,
    "POST vacancies.end": FORM_IN_DISTRICT,
    "POST vacancies.reopen": FORM_IN_DISTRICT,
}
ADMIN_AND_API: dict[str, dict] = {
    # The working-days calendar: kept by admins (a day that does not exist, so that nothing of
    # the reference data is removed); read through the API by every token.
    "GET calendar.index": everyone(403) | {"admin": 200},
    "GET calendar.day /admin/calendar/new": everyone(403) | {"admin": 200},
    "POST calendar.day /admin/calendar/new": everyone(403) | {"admin": 422},
    "GET calendar.day /admin/calendar/<int:day_id>": everyone(403) | {"admin": 404},
    "POST calendar.day /admin/calendar/<int:day_id>": everyone(403) | {"admin": 404},
    "POST calendar.remove": everyone(403) | {"admin": 404},
    "GET api.calendar_of_year": everyone(200, anonymous=401),
    # Users, managed by admins; the audit log.
    "GET admin.audit_export": everyone(403) | {"admin": 200},
    # Background jobs: seen by the user who started one and their district's supervisor (the
    # world's jobs have no result file left: 410); the schedule and maintenance: admins
    "GET jobs.index": everyone(200),
    "GET jobs.job": everyone(404) | {"caseworker": rel(200, 404, 404),
                                     "supervisor": rel(200, 404, 404)},
    "GET jobs.result": everyone(404) | {"caseworker": rel(410, 404, 404),
                                        "supervisor": rel(410, 404, 404)},
    "GET jobs.schedule_page": everyone(403) | {"admin": 200},
    "POST jobs.start": everyone(403) | {"admin": 303},
    "GET admin.users": everyone(403) | {"admin": 200},
    "GET admin.user /admin/users/new": everyone(403) | {"admin": 200},
    "POST admin.user /admin/users/new": everyone(403) | {"admin": 200},
    "GET admin.user /admin/users/<int:user_id>": everyone(403) | {"admin": rel(200, 200, 200)},
    "POST admin.user /admin/users/<int:user_id>": everyone(403) | {"admin": rel(200, 200, 200)},
    "POST admin.end_user_sessions": everyone(403) | {"admin": rel(303, 303, 303)},
    "POST admin.reset_second_factor": everyone(403) | {"admin": rel(303, 303, 303)},
    # API tokens: one's own, or anyone's for an admin. The relation is that of the caseworker
    # who holds the token; the caseworker's own is the first.
    "GET api_pages.tokens_page": everyone(200),
    "POST api_pages.tokens_page": everyone(200),
    # (sent without its tick: the page again, that row's tick marked)
    "POST api_pages.revoke": everyone(404) | {"caseworker": rel(400, 404, 404),
                                              "admin": rel(400, 400, 400)},
    "GET api_pages.openapi_json": everyone(200, anonymous=200),
    "GET api_pages.docs": everyone(200, anonymous=200),
    # The JSON API: a bearer token instead of a session; the pages' scopes.
    "GET api.measure_list": everyone(200, anonymous=401),
    "GET api.region_list": everyone(200, anonymous=401),
    "GET api.measure_candidates": SEES_PERSONS | {"anonymous": 401},
    "POST api.person_search": SEES_PERSONS | {"caseworker": 422, "supervisor": 422,
                                              "regional_officer": 422, "anonymous": 401},
    "POST api.person_register": everyone(422, anonymous=401),
    "GET api.person_show": READ_IN_SCOPE | {"anonymous": 401},
    "PATCH api.person_update": API_WRITE_IN_DISTRICT,
    "GET api.person_eligibility": READ_IN_SCOPE | {"anonymous": 401},
    "POST api.referral_create": everyone(422, anonymous=401),
    "GET api.referral_show": READ_IN_SCOPE | {"anonymous": 401},
    "POST api.referral_transition": API_WRITE_IN_DISTRICT,
    "POST api.referral_reissue": API_FORM_IN_DISTRICT,  # a day before the letter in force
    # a provider that does not exist: refused where the referral may be changed
    "PUT api.referral_provider": API_WRITE_IN_DISTRICT | {"caseworker": rel(422, 404, 404),
                                                         "supervisor": rel(422, 404, 404)},
    "GET api.referral_letter": READ_IN_SCOPE | {"anonymous": 401},
    "POST api.referral_answer_link": API_WRITE_IN_DISTRICT | {"caseworker": rel(201, 404, 404),
                                                             "supervisor": rel(201, 404, 404)},
    # the referral's outcome is recorded already; the check is dated before the job began
    "POST api.referral_outcome": API_WRITE_IN_DISTRICT,
    "POST api.follow_up_check": API_WRITE_IN_DISTRICT | {"caseworker": rel(422, 404, 404),
                                                         "supervisor": rel(422, 404, 404)},
    # the outcome was recorded by no caseworker: only the supervisor may void it, and is
    # refused a blank reason
    "POST api.referral_outcome_void": API_WRITE_IN_DISTRICT | {
        "caseworker": rel(403, 404, 404), "supervisor": rel(422, 404, 404)},
    # lists of what the user sees, with paging (the scope's own: see test_api_lists.py)
    "GET api.person_list": SEES_PERSONS | {"anonymous": 401},
    "GET api.referral_list": SEES_PERSONS | {"anonymous": 401},
    "GET api.referral_outcomes": READ_IN_SCOPE | {"anonymous": 401},
    # the check is not made yet: nothing to void
    "POST api.follow_up_void": API_WRITE_IN_DISTRICT,
    # a person's contacts; one dated before the person was registered is refused
    "GET api.contact_list": READ_IN_SCOPE | {"anonymous": 401},
    "POST api.contact_record": API_FORM_IN_DISTRICT,
    "POST api.contact_void": API_FORM_IN_DISTRICT,  # a blank reason
    "POST api.contact_task_reopen": API_FORM_IN_DISTRICT,  # a blank reason
    "POST api.contact_task_done": API_FORM_IN_DISTRICT,  # a day in the future
    "POST api.referral_undo_step": API_FORM_IN_DISTRICT,  # a blank reason
    # leaving the register before registering; coming back while on it
    "POST api.person_deregister": API_FORM_IN_DISTRICT,
    "POST api.person_return": API_WRITE_IN_DISTRICT,
    "PUT api.person_segment": API_FORM_IN_DISTRICT,  # a day before the registration
    "POST api.transfer_decide": {"caseworker": rel(403, 404, 404),
                                 "supervisor": rel(422, 404, 404), "regional_officer": 404,
                                 "analyst": 404, "admin": 404, "anonymous": 401},
    # the register of providers and the allocations of the user's region
    "GET api.organisation_list": REGION_READERS,
    "GET api.organisation_show": REGION_RECORD,
    "POST api.organisation_create": everyone(403) | {"supervisor": 422, "anonymous": 401},
    # a stale version
    "PATCH api.organisation_update": region_supervisor(409, anonymous=401),
    "POST api.organisation_deactivate": region_supervisor(409, anonymous=401),
    "POST api.organisation_reactivate": region_supervisor(409, anonymous=401),
    # vacancies: the district's team enters, the region's officer reads
    "GET api.vacancy_list": REGION_READERS,
    "GET api.vacancy_show": READ_IN_SCOPE | {"anonymous": 401},
    "POST api.vacancy_create": everyone(403) | {"caseworker": 422, "supervisor": 422,
                                                "anonymous": 401},
    "PATCH api.vacancy_update": API_WRITE_IN_DISTRICT,  # a stale version
    "POST api.vacancy_reopen": API_WRITE_IN_DISTRICT,  # a stale version
    "GET api.allocation_list": REGION_READERS,
    "GET api.allocation_show": REGION_RECORD,
    # Roadmap projects: read by everyone who reads the indicators, of any region
    "GET api.project_list": everyone(200, anonymous=401),
    "GET api.project_show": everyone(rel(200, 200, 200), anonymous=401),
    # kept by the region's officer through operations.save_project, as the page: a year out
    # of range (422), a change without the version read (409 stale)
    "POST api.project_create": everyone(403) | {"regional_officer": 422, "anonymous": 401},
    "PUT api.project_save": everyone(403) | {"regional_officer": rel(409, 409, 404),
                                             "anonymous": 401},
    # aggregates for every role, as on the pages (a region's districts: see below)
    "GET api.indicator_report": everyone(200, anonymous=401),
    # an admin loads any region's plans, an officer the own region's (see below); the body
    # names an unknown indicator
    "PUT api.plan_load": everyone(403) | {"admin": 422, "regional_officer": 422,
                                          "anonymous": 401},
    # Imports: written by a district's supervisor, checked (nothing written) by a supervisor
    # or the region's officer; the world's jobs are exports, so no import page shows them
    "GET imports.index": IMPORTERS,
    "POST imports.index": IMPORTERS,  # no file chosen: the form again with its message
    "GET imports.template": IMPORTERS,
    "GET imports.job": IMPORT_JOB,
    "GET imports.report": IMPORT_JOB,
    "POST api.import_start": everyone(422, anonymous=401),  # no files
    "GET api.import_show": IMPORT_JOB | {"anonymous": 401},
    "GET api.import_template": IMPORTERS | {"anonymous": 401},
}
# Matching and offers: vacancies are the region's records; offers are the person's file.
OFFERS: dict[str, dict] = {
    "GET offers.vacancies": READ_IN_SCOPE,
    "GET offers.candidates": everyone(403) | {role: rel(200, 200, 404) for role in (
        "caseworker", "supervisor", "regional_officer")},
    "POST offers.make": WRITE_IN_DISTRICT,  # no vacancy chosen: the form's message
    "POST offers.answer": WRITE_IN_DISTRICT,
    "POST offers.void": WRITE_IN_DISTRICT,
    "GET offers.proposals": SUPERVISOR_ONLY,
    "POST offers.decide": SUPERVISOR_ONLY | {"supervisor": rel(302, 404, 404)},  # no reason
    "GET api.person_vacancies": READ_IN_SCOPE | {"anonymous": 401},
    "GET api.vacancy_candidates": REGION_RECORD,
    "POST api.offer_create": everyone(404, anonymous=401),  # a person that does not exist
    "POST api.offer_answer": API_FORM_IN_DISTRICT,  # a day before the offer
    "POST api.offer_void": API_WRITE_IN_DISTRICT,  # nothing to void yet
}
MATRIX = PUBLIC | PEOPLE | CASEWORK | REFERRALS | INDICATORS | ADMIN_AND_API | OFFERS



def has_relations(entry: dict) -> bool:
    return any(isinstance(v, dict) for v in entry.values())


def cases(table: dict[str, dict]):
    for key, entry in table.items():
        for role in ROLES:
            for relation in (RELATIONS if has_relations(entry) else (None,)):
                yield pytest.param(key, role, relation,
                                   id="-".join(filter(None, (key, role, relation))))


def expected_of(entry: dict, role: str, relation: str | None):
    value = entry[role]
    return value[relation] if isinstance(value, dict) else value


def expected(key: str, role: str, relation: str | None):
    return expected_of(MATRIX[key], role, relation)
