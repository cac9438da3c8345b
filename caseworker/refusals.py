"""A use case's coded "no": the one exception every operation raises when a rule refuses.

An operation (`<feature>/operations.py`) checks its rules and raises `Refused(code)`; the doors
only translate it: a page shows the message beside `field` (or as a flash), the API answers
`status` with `{"error": {"code", "message", "fields"}}`, an import writes it into its report
of bad rows. Because the code and its message are decided here and in the operation, two doors
can never disagree about a rule.

`REFUSALS` holds each known code's HTTP status, field and message; an operation may also
raise a code of its own with a message (tests do, to prove that the doors only translate).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from caseworker.domain.casework import STEP_MONTHS, TASK_MONTHS
from caseworker.domain.dates import FIRST_PLAN_YEAR
from caseworker.exchange_refusals import EXCHANGE
from caseworker.money_refusals import MONEY
from caseworker.extensions import db
from caseworker.import_refusals import IMPORT


@dataclass(frozen=True)
class Refusal:
    status: int
    message: object  # a lazy string: translated when shown, in the reader's language
    field: str | None = None


def _r(status: int, message, field: str | None = None) -> Refusal:
    return Refusal(status, message, field)


def reason_and_tick(correction: str, no_reason, no_tick) -> dict[str, Refusal]:
    """The two refusals of a correction that asks a reason and a tick (`voiding.reason_given`):
    `<correction>_reason_required` beside the reason, `confirm_<correction>` beside the tick."""
    return {f"{correction}_reason_required": _r(422, no_reason, "reason"),
            f"confirm_{correction}": _r(422, no_tick, "confirm")}


REFUSALS: dict[str, Refusal] = {
    # who may act
    "forbidden": _r(403, _l("Your role may not do this.")),
    "supervisor_only": _r(403, _l("Only a supervisor may approve or reject a referral.")),
    "override_supervisor_only": _r(403, _l(
        "Only a supervisor may refer despite the rules or a full quota.")),
    # registration
    "already_registered": _r(409, _l("This person is already registered in your area.")),
    "registered_elsewhere": _r(409, _l(
        "This person is registered in another district; a transfer can be requested on the "
        "registration page.")),
    "likely_duplicate": _r(409, _l(
        "A person with the same name and birth date or phone is registered in your district; "
        "confirm to register anyway.")),
    "too_young": _r(422, _l("The person is too young to be registered as unemployed."), "iin"),
    # a person's file: the register, the segment, transfers
    "on_register": _r(409, _l("The person is on the register already.")),
    "not_registered": _r(409, _l(
        "The person is not on the register now (placed in a job or deregistered): nothing to "
        "deregister.")),
    "before_registration": _r(422, _l(
        "This date is earlier than the last registration or deregistration."), "on"),
    "before_deregistration": _r(422, _l(
        "This date is earlier than the last registration or deregistration."), "on"),
    "segment_unknown": _r(422, _l("Choose segment A, B or C, or the computed one."), "segment"),
    "segment_reason_required": _r(422, _l("Say why you set the segment by hand."), "reason"),
    "not_elsewhere": _r(404, _l("No person with this IIN is registered in another district.")),
    "transfer_pending": _r(409, _l(
        "A request for this person is already waiting for the other district's decision; "
        "nothing new is sent.")),
    "transfer_decided": _r(409, _l("This request was decided already.")),
    "transfer_reason_required": _r(422, _l(
        "Say why the transfer is rejected: the other district reads it."), "reason"),
    # referrals
    "already_open": _r(409, _l("This person already has an open referral to this measure.")),
    "not_active": _r(409, _l(
        "Only a person registered as unemployed can be referred: this person is employed or "
        "deregistered. Register them again from their profile first.")),
    "not_eligible": _r(409, _l(
        "The person does not meet the rules of this measure. A supervisor may refer them with a "
        "recorded reason.")),
    "no_places": _r(409, _l(
        "No places are left in this allocation. A supervisor may refer beyond it with a "
        "recorded reason.")),
    "no_funds": _r(409, _l(
        "The amount is more than the funds left in this allocation. A supervisor may refer "
        "beyond them with a recorded reason."), "amount_kzt"),
    "no_funds_final": _r(409, _l(
        "The amount is more than the funds left in this allocation, and this measure is never "
        "referred beyond its funds."), "amount_kzt"),
    "referral_before_registration": _r(422, _l(
        "A referral is made on or after the day the person was registered."), "on"),
    "measure_not_in_force": _r(409, _l("The measure was not in force on that date.")),
    "duplicate_submit": _r(409, _l("This form was already sent; the referral exists once.")),
    "destination_required": _r(422, _l(
        "Choose the region the person moves to: not their own, and not a labour-surplus "
        "region."), "destination_region_id"),
    "free_measure": _r(422, _l(
        "This measure pays the person nothing (the course is free): leave the amount empty."),
        "amount_kzt"),
    "not_allowed": _r(409, _l("This step is not possible from the referral's current status.")),
    "future": _r(422, _l("The date cannot be in the future."), "on"),
    "before_birth": _r(422, _l("The date is before the person was born."), "on"),
    "before_previous": _r(422, _l("The date cannot be earlier than the previous step."), "on"),
    "reason_required": _r(422, _l("Choose a reason."), "reason"),
    "note_required": _r(422, _l("The reason is “Other”: say what it is in the note."), "note"),
    "no_provider": _r(409, _l(
        "Choose the provider first: the letter names where the person is sent.")),
    "letter_issued": _r(409, _l(
        "The letter is issued: the provider it names stays. Cancel the referral and refer the "
        "person again to send them elsewhere.")),
    "measure_not_found": _r(404, _l("No active measure with this code.")),
    # a value the form or the schema accepted, refused by the records (an unknown provider, a
    # project of another region...): the operation names the field and says why
    "validation_error": _r(422, _l("Some fields are not valid.")),
    # outcomes and follow-ups
    "outcome_recorded": _r(409, _l("An outcome is already recorded for this referral.")),
    "not_referred": _r(409, _l("An outcome is recorded once the person has been referred.")),
    "before_referral": _r(422, _l("The date is before the referral was made."), "start_on"),
    "already_checked": _r(409, _l("This check is already recorded.")),
    "before_job": _r(422, _l("A check cannot be earlier than the job began."), "on"),
    "not_started": _r(409, _l(
        "The person has not started taking part yet: only “Not employed” can be recorded "
        "before the participation starts."), "kind"),
    "confirm_employed": _r(422, _l(
        "This outcome deregisters the person as employed: tick the confirmation."), "confirm"),
    # voiding what was recorded by mistake
    **reason_and_tick("void", _l("Say why it is void."),
                      _l("Tick the confirmation to void it.")),
    "not_yours_to_void": _r(403, _l(
        "Only whoever recorded it, or the district's supervisor, may void it.")),
    "already_void": _r(409, _l("This is already void.")),
    # undoing a referral's last step (referrals.corrections)
    "first_step_stays": _r(409, _l("The proposal itself is not undone: cancel the referral "
                                   "instead (reason “entered in error”).")),
    "undo_outcome_first": _r(409, _l("An outcome is recorded on this referral: void the "
                                     "outcome first, then undo the step.")),
    "undo_money_first": _r(409, _l("Money was paid or a contract recorded on this referral: "
                                   "reverse the payments and ask finance to remove the "
                                   "contract before the step is undone.")),
    **reason_and_tick("undo", _l("Say why the step is undone."),
                      _l("Tick the confirmation to undo the step.")),
    "answer_required": _r(422, _l("Say whether the person is still in the job."),
                          "still_employed"),
    "not_checked": _r(409, _l("This check has not been made: there is nothing to void.")),
    # money: payments, reversals, commitments, contracts, timesheets, bank files; Roadmap
    # projects and their progress
    **{code: _r(*spec) for code, spec in MONEY.items()},
    # the measures catalogue: versions by date
    "version_ends_before_start": _r(422, _l("The version cannot end before it starts."),
                                    "valid_to"),
    "version_overlaps": _r(409, _l("These dates overlap another version of the measure."),
                           "valid_from"),
    "version_after_referrals": _r(409, _l(
        "Referrals to this measure were already made on or after this day under the version "
        "then in force: a new version may start only after the last of them."), "valid_from"),
    "version_unknown": _r(404, _l("The measure has no version of this number.")),
    "version_not_last": _r(409, _l("Only the latest version is withdrawn: withdraw the later "
                                   "ones first.")),
    "version_in_force": _r(409, _l("This version is in force already (or referrals were judged "
                                   "under it): it is never withdrawn; add a later version "
                                   "that corrects it.")),
    **reason_and_tick("withdraw", _l("Say why the version is withdrawn."),
                      _l("Tick the confirmation to withdraw the version.")),
    # concurrency
    "stale": _r(409, _l("Someone else saved this record first; read it again and repeat your "
                        "change.")),
    "busy": _r(409, _l("Someone else was saving at the same moment. Nothing was saved; try "
                       "again.")),
    # casework: contacts and their tasks, employment plans and their steps, reassignment
    "contact_future": _r(422, _l("This date is in the future."), "at"),
    "contact_year": _r(422, _l("Check the year: a contact is of %(year)d or later.",
                               year=FIRST_PLAN_YEAR), "at"),
    "contact_before_registration": _r(422, _l(
        "A contact is on or after the person's first registration."), "at"),
    "contact_empty": _r(422, _l("Write what was said or done, or the next action."), "note"),
    "due_date_required": _r(422, _l("Give the next action a due date."), "due_on"),
    "action_required": _r(422, _l("Say what is to be done by that date."), "next_action"),
    "task_before_contact": _r(422, _l("The next action cannot be due before the contact."),
                              "due_on"),
    "task_too_late": _r(422, _l("That is more than %(n)d months later: check the year.",
                                n=TASK_MONTHS), "due_on"),
    "not_a_task": _r(409, _l("This contact sets no task.")),
    "task_done": _r(409, _l("This task is already done.")),
    "plan_exists": _r(409, _l(
        "This person has an employment plan already (agreed a moment ago?): read it and "
        "change it there.")),
    "no_active_plan": _r(409, _l("The person has no active employment plan: agree one first.")),
    "plan_before_registration": _r(422, _l(
        "A plan is agreed on or after the person's registration."), "agreed_on"),
    "plan_before_current": _r(422, _l(
        "A new plan is agreed on or after the day the current plan was agreed."), "agreed_on"),
    "step_before_plan": _r(422, _l("A step cannot be due before the plan was agreed."),
                           "due_on"),
    "step_too_late": _r(422, _l("That is more than %(n)d months later: check the year.",
                                n=STEP_MONTHS), "due_on"),
    "step_done": _r(409, _l("This step is already done.")),
    # a task or a step marked done by mistake, opened again (casework.reopening)
    "task_not_done": _r(409, _l("This task is not marked done: there is nothing to open again.")),
    "step_not_done": _r(409, _l("This step is not marked done: there is nothing to open again.")),
    **reason_and_tick("reopen", _l("Say why it is opened again."),
                      _l("Tick the confirmation to open it again.")),
    "step_agreed_before_plan": _r(422, _l(
        "A step is agreed on or after the day the plan was agreed."), "on"),
    "done_before_step": _r(422, _l("A step is done on or after the day it was agreed."), "on"),
    "done_before_task": _r(422, _l("A task is done on or after the day of its contact."), "on"),
    "decided_before_request": _r(422, _l("A transfer is decided on or after the day it was "
                                         "requested."), "on"),
    "reissue_before_letter": _r(422, _l("A letter is reissued on or after the day the letter "
                                        "in force was issued."), "on"),
    "nobody_chosen": _r(422, _l("Select at least one person."), "persons"),
    "not_in_team": _r(422, _l("Choose a caseworker of your team."), "to"),
    "unknown_persons": _r(422, _l("Some of the persons ticked are not in your district."),
                          "persons"),
    # the register of providers
    "bin_taken": _r(409, _l("A provider with this BIN is already registered."), "bin"),
    # the working-days calendar
    "calendar_outside_year": _r(422, _l("The date is not in the calendar's year."), "day"),
    "calendar_year_range": _r(422, _l("The calendar holds the years 2000 to 2100."), "day"),
    "calendar_kind": _r(422, _l("Choose what the day is: a holiday, a day off or a working "
                                "day."), "kind"),
    "calendar_working_weekday": _r(422, _l(
        "A working day entered here is a Saturday or Sunday worked instead of a day off; "
        "Monday to Friday are working days anyway."), "kind"),
    "calendar_day_off_weekend": _r(422, _l(
        "A day off entered here falls on Monday to Friday; Saturday and Sunday are off anyway. "
        "A holiday that falls on a weekend is entered as a holiday."), "kind"),
    "calendar_names": _r(422, _l("Give the day's name in Kazakh, Russian and English."),
                         "name_ru"),
    "calendar_source": _r(422, _l("Say where the day comes from: the law, the decree or the "
                                  "page that announced it."), "source"),
    "calendar_day_taken": _r(409, _l("This date is in the calendar already: change that entry "
                                     "instead."), "day"),
    "calendar_duplicate": _r(422, _l("A date is in the file twice.")),
    # territories by date
    "territory_gap": _r(422, _l("A district would be left in no region on some day; nothing "
                                "was changed."), "on"),
    "territory_same_region": _r(409, _l("The district belongs to that region on that day "
                                        "already."), "region"),
    "territory_later_change": _r(409, _l(
        "A later change of this district's region is recorded: undo it first."), "on"),
    "territory_ends_before_start": _r(422, _l("A region cannot end before it begins."), "on"),
    "calendar_year_exists": _r(409, _l("The calendar of this year has days already.")),
    # letters numbered before (an import of past letters)
    "letter_number_taken": _r(409, _l("This letter number is used by another letter already."),
                              "letter_number"),
    "letter_number_unused": _r(422, _l("A letter number belongs to the step that refers the "
                                       "person (to: referred)."), "letter_number"),
    **{code: _r(*spec) for code, spec in IMPORT.items()},
    # plans
    "plan_region_not_in_year": _r(422, _l("This region did not exist in that year: a plan "
                                          "belongs to a region that existed in its year."),
                                  "year"),
    # the receiving organisation's answer through the link printed on the letter
    "link_not_valid": _r(404, _l("This link is not valid.")),
    "already_answered": _r(409, _l("This referral has been answered already: nothing is "
                                   "changed. Call the career centre to correct an answer.")),
    "employer_reason_required": _r(422, _l("Choose why the person was not hired."),
                                   "employer_reason"),
    "no_letter_in_force": _r(409, _l("The referral has no letter in force: an answer link "
                                     "belongs to a letter.")),
    # sessions and the second factor
    "session_not_found": _r(404, _l("This session has ended already.")),
    "code_wrong": _r(422, _l("This code is not right, or it was used already. Type the code "
                             "your authenticator shows now."), "code"),
    "second_factor_on": _r(409, _l("The second factor is on already.")),
    "second_factor_off": _r(409, _l("The second factor is not on.")),
    "second_factor_not_started": _r(409, _l("Start setting up the second factor first.")),
    "second_factor_required": _r(409, _l("Your role may not work without a second factor.")),
    "token_needs_second_factor": _r(403, _l(
        "An API token is made only in a session that logged in with the second factor: log out "
        "and log in again with your code.")),
    "second_factor_not_enrolled": _r(403, _l(
        "This token's user must set up a second factor before the token can be used: log in "
        "on the site and set it up.")),
    **{code: _r(*spec) for code, spec in EXCHANGE.items()},
    # suitable-job offers
    "vacancy_not_found": _r(422, _l("No vacancy with this id in your region."), "vacancy_id"),
    "offer_before_vacancy": _r(422, _l("The vacancy was not open yet on this day."), "on"),
    "answer_before_offer": _r(422, _l("The answer cannot be before the offer was made."), "on"),
    "offer_answered": _r(409, _l("This offer has its answer already: void it to enter another.")),
    "offer_not_answered": _r(409, _l("This offer has no answer to void.")),
    "offer_referral_moved": _r(409, _l("The job's referral has moved on: change it there.")),
    "refusal_reason_required": _r(422, _l("Choose why the offer was refused."), "reason"),
    "proposal_decided": _r(409, _l("This proposal has been decided already.")),
    "decision_reason_required": _r(422, _l("Say why the person stays on the register."),
                                   "reason"),
    "confirm_deregistration": _r(422, _l(
        "Tick that you checked the two refusals to deregister the person."), "confirm"),
}


class Refused(Exception):
    """A rule said no. `code` is stable (machines read it); `message` is for people; `detail`
    carries what a door may show beside it (the existing record's id, the likely duplicates),
    never personal data for the API to echo unasked. `keep`: what the operation wrote before
    saying no must stay (the audit of a look at a record, as when a registration finds the
    IIN registered already): the door commits it instead of rolling back (`settle`)."""

    def __init__(self, code: str, message=None, field: str | None = None,
                 status: int | None = None, detail: dict | None = None, keep: bool = False):
        known = REFUSALS.get(code)
        super().__init__(code)
        self.code, self.detail, self.keep = code, detail or {}, keep
        self.message = message if message is not None else (known.message if known else code)
        self.field = field if field is not None else (known.field if known else None)
        self.status = status if status is not None else (known.status if known else 409)

    def __str__(self) -> str:
        return str(self.message)


def settle(refused: Refused) -> None:
    """The door's end of a refused request: nothing of it is kept (rolled back), unless the
    refusal keeps what was written before it (an audited look)."""
    if refused.keep:
        db.session.commit()
    else:
        db.session.rollback()


def message_of(code: str) -> str:
    known = REFUSALS.get(code)
    return str(known.message) if known else code


def flushed(unique: str | None = None) -> None:
    """Flush what a use case wrote. A version that refuses (someone saved first) and, with
    `unique`, the unique index the write may meet become the refusal the request that came
    second gets: "stale", or `unique`."""
    from sqlalchemy.exc import IntegrityError
    from sqlalchemy.orm.exc import StaleDataError
    try:
        db.session.flush()
    except IntegrityError:
        if unique is None:
            raise
        raise Refused(unique) from None
    except StaleDataError:
        raise Refused("stale") from None


def committed(step):
    """A door's call of a use case: run it and commit what it wrote. A write that lost the
    race for the database's lock ("database is locked" on SQLite) is the refusal "busy";
    nothing of it is kept."""
    from sqlalchemy.exc import OperationalError

    from caseworker.extensions import db
    try:
        result = step()
        db.session.commit()
    except OperationalError:
        db.session.rollback()
        raise Refused("busy") from None
    return result
