"""What a probe of the access matrix sends. GETs are plain; POSTs carry a valid CSRF token and
nothing else (the API: a bearer token and an empty or refused JSON body), so a role that may act
gets a validation answer; the exceptions are here, and MAY_CHANGE names the bare POSTs that are
complete requests."""
from __future__ import annotations

from datetime import timedelta

from caseworker import clock
from tests.access.world import KYZYLORDA

# POSTs carry a CSRF token and nothing else, except where that would be a valid request of a
# role that may make it: then a value that fails validation.
POST_DATA = {
    # a measure form without its fields would be saved from the stored values
    "POST measures.edit": {"name_en": ""},
    "POST admin.user /admin/users/<int:user_id>": {"login": ""},
}
# The API takes JSON: an empty body, or one that is well formed but refused by the records.
API_BODY = {
    "POST api.project_create": {"name": "x", "year": 2099, "jobs_kind": "permanent",
                                "jobs_planned": 1, "funds_allocated_kzt": 1},
    "PUT api.project_save": {"name": "x", "year": 2026, "jobs_kind": "permanent",
                             "jobs_planned": 1, "funds_allocated_kzt": 1},
    "PATCH api.person_update": {"version": 0},  # a stale version
    # the referral is referred already
    "POST api.referral_transition": {"to": "referred", "on": clock.today().isoformat()},
    "PUT api.referral_provider": {"provider_id": 2147483647},
    "POST api.referral_reissue": {"on": (clock.today() - timedelta(days=1)).isoformat()},
    "POST api.referral_outcome": {"kind": "not_employed",
                                  "start_on": clock.today().isoformat()},
    "POST api.referral_outcome_void": {"reason": " "},
    "POST api.follow_up_check": {"source": "employer", "on": (
        clock.today().replace(month=1, day=1) - timedelta(days=1)).isoformat()},
    "POST api.follow_up_void": {"reason": "by mistake"},
    "POST api.contact_record": {"at": "2001-01-01T10:00:00", "channel": "visit",
                                "topic": "other", "note": "early"},
    "POST api.contact_void": {"reason": " "},
    "POST api.contact_task_reopen": {"reason": " "},
    "POST api.contact_task_done": {"on": "2199-01-01"},
    "POST api.referral_undo_step": {"reason": " "},
    "POST api.person_deregister": {"reason": "moved", "on": "2001-01-01"},
    "POST api.person_return": {"on": "2001-01-01"},
    "PUT api.person_segment": {"segment": "C", "reason": "matrix", "on": "2001-01-01"},
    "POST api.transfer_decide": {"decision": "approve", "on": "2001-01-01"},
    "POST api.organisation_create": {"name_ru": "Жаңа", "bin": "123", "kinds": ["employer"]},
    "PATCH api.organisation_update": {"version": 0},
    "POST api.organisation_deactivate": {"reason": "closed", "confirm": True, "version": 0},
    "POST api.organisation_reactivate": {"version": 0},
    "POST api.vacancy_create": {"organisation_id": 2147483647, "occupation_code": "1",
                                "places": 0, "wage": 0, "opened_on": "2026-01-05"},
    "PATCH api.vacancy_update": {"version": 0},
    "POST api.offer_create": {"person_id": 2147483647, "vacancy_id": 1},
    "POST api.offer_answer": {"answer": "refused", "reason": "wage", "on": "2001-01-01"},
    "POST api.offer_void": {"reason": "by mistake"},
    "PUT api.plan_load": {"plans": [{"indicator": "no_such", "region": KYZYLORDA,
                                     "year": clock.today().year, "target": 1}]},
}
API_HEADERS = {"POST api.referral_create": {"Idempotency-Key": "matrix"}}
# A bare POST that is a complete, valid request: a role that may make it changes data.
MAY_CHANGE = {"POST casework.task_done", "POST casework.step_done", "POST referrals.reissue",
              "POST partners.new_link", "POST api.referral_answer_link",
              "POST referrals.create", "POST jobs.start",
              "POST auth.logout",  # it ends the user's session
              "POST auth.end_other_sessions", "POST auth.second_factor_start",
              "POST admin.end_user_sessions", "POST admin.reset_second_factor"}
