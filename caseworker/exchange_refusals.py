"""The coded refusals of the labour exchange side (the organisations' register, vacancies and
their import): code -> (HTTP status, message, field). `caseworker.refusals.REFUSALS` holds
them with the others; they live here to keep that module readable."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

EXCHANGE = {
    # the organisations' register
    "bin_length": (422, _l("A BIN has exactly 12 digits."), "bin"),
    "bin_month": (422, _l("The 3rd and 4th digits of a BIN are the month of registration, 01 "
                          "to 12."), "bin"),
    "bin_entity_type": (422, _l("The 5th digit of a BIN is the type of the organisation: 4 (a "
                                "resident legal entity), 5 (a non-resident) or 6 (individual "
                                "entrepreneurs in joint enterprise)."), "bin"),
    "bin_attribute": (422, _l("The 6th digit of a BIN is 0 (head office), 1 (branch), 2 "
                              "(representative office) or 3 (farm in joint enterprise)."), "bin"),
    "bin_check_digit": (422, _l("The check digit of this BIN does not match."), "bin"),
    "kinds_required": (422, _l("Choose at least one kind of organisation."), "kinds"),
    "district_outside": (422, _l("Choose a district of your region."), "district_id"),
    "organisation_inactive": (409, _l("This organisation is deactivated already.")),
    "deactivation_reason_required": (422, _l("Say why the organisation is deactivated."),
                                     "reason"),
    "confirm_deactivation": (422, _l("Tick the confirmation: the organisation's open vacancies "
                                     "are closed with it."), "confirm"),
    "organisation_active": (409, _l("This organisation is active already.")),
    # a person's desired occupations
    "occupation_unknown": (422, _l("Not a code of the classifier of occupations: %(codes)s."),
                           "occupation_codes"),
    # vacancies
    "not_employer": (422, _l("Vacancies are entered for employers: this organisation is not "
                             "marked as an employer."), "organisation_id"),
    "employer_inactive": (422, _l("This employer is deactivated: its vacancies cannot be "
                                  "entered."), "organisation_id"),
    "employer_outside": (422, _l("Choose an employer of your region's register."),
                         "organisation_id"),
    "occupation_not_unit": (422, _l("Choose a unit group of the classifier (a four-digit "
                                    "code), not a group above it."), "occupation_code"),
    "vacancy_district": (422, _l("Vacancies are entered for your own district."),
                         "district_id"),
    "vacancy_places": (422, _l("A vacancy has at least one place."), "places"),
    "vacancy_hours": (422, _l("Hours a week: from 1 to 60."), "hours_per_week"),
    "wage_below_minimum": (422, _l("The wage is below the minimum wage of the opening date for "
                                   "these hours: at least %(minimum)s tenge a month."), "wage"),
    "closes_before_opens": (422, _l("The closing date is before the opening date."),
                            "closes_on"),
    "measure_not_subsidised": (422, _l("Only a measure of subsidised jobs can pay this job."),
                               "measure_code"),
    "vacancy_not_open": (409, _l("This vacancy is not open any more: nothing was changed.")),
    "vacancy_reason_required": (422, _l("Say why the vacancy is closed or cancelled."),
                                "reason"),
    "vacancy_end_before_open": (422, _l("This date is before the vacancy opened."), "on"),
    "vacancy_open": (409, _l("This vacancy is open: there is nothing to open again.")),
    "employer_inactive_reopen": (409, _l("Its employer is deactivated: make the organisation "
                                         "active again first, then open the vacancy.")),
    "import_unknown_employer": (422, _l("No organisation with this BIN in the register of the "
                                        "district's region."), "bin"),
}
