"""The coded refusals of money (payments, reversals, a referral's commitment, contracts and
timesheets of subsidised jobs, bank files) and of the Roadmap projects: code -> (HTTP status,
message, field). `caseworker.refusals.REFUSALS` holds them with the others; they live here to
keep that module readable."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

MONEY = {
    "not_payable": (409, _l(
        "Payments are recorded on a referral once the person was referred: not on one that is "
        "proposed, waiting for its letter, or closed without taking place.")),
    "pays_nothing": (409, _l("This measure pays nothing: no payment is recorded on it.")),
    "amount_not_positive": (422, _l(
        "Enter an amount above zero. A payment is corrected by reversing it."), "amount_kzt"),
    "fraction_of_tenge": (422, _l(
        "Money is recorded in whole tenge: enter the amount without tiyn."), "amount_kzt"),
    "amount_too_large": (422, _l("The amount is too large for one payment."), "amount_kzt"),
    "paid_in_future": (422, _l("The payment date cannot be in the future."), "paid_on"),
    "paid_before_referral": (422, _l(
        "The payment date cannot be before the day the person was referred."), "paid_on"),
    "document_required": (422, _l("Enter the payment document's number."),
                            "document_number"),
    "document_used": (409, _l(
        "A payment with this document number is already recorded on this referral."),
        "document_number"),
    "kind_not_of_measure": (422, _l("This measure does not make payments of this kind."),
                              "kind"),
    "month_required": (422, _l("Choose the month the wage subsidy is for."), "month"),
    "no_contract": (409, _l(
        "Enter the employer's contract first: the subsidy is worked out from its wage.")),
    "month_outside_contract": (422, _l(
        "The month is outside the contract's dates."), "month"),
    "no_timesheet": (409, _l(
        "Enter the month's timesheet first: the subsidy is worked out from the days worked."),
        "month"),
    "amount_not_subsidy": (422, _l(
        "The amount is not the month's subsidy by its timesheet."), "amount_kzt"),
    "month_paid": (409, _l(
        "This month is already paid. To correct it, reverse its payment first."), "month"),
    "approved_by_you": (403, _l(
        "You approved this referral, so you may not record its payments: the finance officer "
        "or another supervisor records them.")),
    "already_reversed": (409, _l("This payment is already reversed.")),
    "progress_date_missing": (422, _l("Enter the date the figures were reported on."), "on"),
    "progress_future": (422, _l("The date cannot be in the future."), "on"),
    "progress_other_year": (422, _l(
        "The date is outside the project's year: enter it under the project of that year."),
        "on"),
    "progress_negative": (422, _l(
        "Figures are entered as reported: zero or more. To correct an entry, reverse it."),
        "funds_used_kzt"),
    "progress_empty": (422, _l("Enter the funds used or the jobs created."),
                         "funds_used_kzt"),
    "progress_permanent_over_jobs": (422, _l(
        "The permanent jobs are part of the jobs created: not more than them."),
        "permanent_jobs"),
    "progress_already_reversed": (409, _l("This entry is already reversed.")),
    "progress_reversal_of_reversal": (409, _l(
        "A reversal is not reversed: enter the figures again instead.")),
    "progress_reason_missing": (422, _l("Say why the entry is reversed."), "reason"),
    "progress_reversal_before_entry": (422, _l(
        "A reversal cannot be dated before the entry it reverses."), "on"),
    "reversal_of_reversal": (409, _l(
        "A reversal is not reversed: record the payment again instead.")),
    "reason_missing": (422, _l("Say why the payment is reversed."), "reason"),
    "reversal_before_payment": (422, _l(
        "A reversal cannot be dated before the payment it reverses."), "paid_on"),
    "not_subsidised": (409, _l(
        "Contracts and timesheets are kept for subsidised jobs (youth practice, social jobs, "
        "public works, first job, silver age and the like): this referral is not one.")),
    "contract_paid": (409, _l(
        "The contract cannot be changed any more: a payment was made under it.")),
    "contract_dates": (422, _l("The contract cannot end before it starts."), "ends_on"),
    "contract_too_long": (422, _l(
        "The contract is longer than the measure allows."), "ends_on"),
    "wage_not_positive": (422, _l("Enter the monthly wage in whole tenge, above zero."),
                            "monthly_wage_kzt"),
    "timesheets_outside": (409, _l(
        "Timesheets are entered for months these dates leave out."), "starts_on"),
    "month_in_future": (422, _l("The month has not begun yet."), "month"),
    "too_many_days": (422, _l(
        "More days worked than the month has working days."), "days_worked"),
    "days_invalid": (422, _l("Enter the days worked: a whole number, zero or more."),
                       "days_worked"),
    "import_rejected": (422, _l(
        "The file was not imported: nothing was saved. Correct the rows listed below and send "
        "the whole file again.")),
    # (a bank file that cannot be read is refused as every imported file is: import_unreadable)
    # a payment never beyond what its referral committed; the commitment raised first
    "over_commitment": (409, _l(
        "The payment is more than what is left of the referral's commitment. To pay more, "
        "raise the commitment first."), "amount_kzt"),
    "no_funds_closed": (409, _l(
        "The referral is closed and its allocation has less left than this payment."),
        "amount_kzt"),
    "commitment_not_raised": (422, _l(
        "Enter the new whole commitment: more than the present one."), "amount_kzt"),
    "commitment_closed": (409, _l(
        "The referral is closed or has not taken place: its commitment is not raised.")),
    "commitment_reason_required": (422, _l("Say why the commitment is raised."), "reason"),
    # bank files: the rows that were not recorded
    "unmatched_resolved": (409, _l("This row is already resolved.")),
    "resolution_required": (422, _l("Say how the row was settled."), "resolution"),
    "unmatched_not_settled": (409, _l(
        "This row is not settled (opened again a moment ago?): there is nothing to open "
        "again.")),
    "unmatched_taken_up": (409, _l(
        "A later file took this row up (recorded it, or carries it as its own row): it is "
        "not opened again.")),
    # Roadmap projects
    "project_name_required": (422, _l("Enter the project's name."), "name"),
    "project_year": (422, _l("Check the project's year."), "year"),
    "project_negative": (422, _l("Jobs planned and funds allocated are zero or more."),
                         "jobs_planned"),
    "project_kind": (422, _l("Choose whether the jobs are permanent or temporary."),
                     "jobs_kind"),
    "project_district": (422, _l("Choose a district of your region."), "district_id"),
}
