"""The coded refusals of a bulk import: the file as a whole, then each cell and row: code ->
(HTTP status, message, field). `caseworker.refusals.REFUSALS` holds them with the others; they
live here to keep that module readable."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

IMPORT = {
    "import_encoding": (422, _l("The file is neither UTF-8 nor Windows-1251 text: save it "
                                "as CSV (UTF-8) or XLSX.")),
    "import_unreadable": (422, _l("The file cannot be read as CSV or XLSX.")),
    "import_empty": (422, _l("The file has no rows under its header: nothing to import.")),
    "import_too_large": (413, _l("The file is larger than the limit of %(limit)s MB.")),
    "import_too_many_rows": (413, _l("The file has more than %(limit)s rows: split it.")),
    "import_no_files": (422, _l("Choose at least one file.")),
    "import_merged_cells": (422, _l("The sheet has merged cells: unmerge them so that every "
                                    "row has its own values.")),
    "import_formula": (422, _l("This cell holds a formula: paste its value instead.")),
    "import_unknown_kind": (422, _l("Which data this is cannot be told from its header: use "
                                    "the columns of a template.")),
    "import_unknown_columns": (422, _l("Columns no template has: %(names)s.")),
    "import_missing_columns": (422, _l("Required columns missing: %(names)s.")),
    "import_required": (422, _l("This column needs a value.")),
    "import_date": (422, _l("Not a date: write YYYY-MM-DD or DD.MM.YYYY.")),
    "import_date_too_early": (422, _l("A date before %(year)s: this register holds nothing "
                                      "older; check the year.")),
    "import_date_future": (422, _l("This date is in the future.")),
    "import_number": (422, _l("Not a whole number.")),
    "import_not_whole": (422, _l("A whole number is expected here (tenge, months, a count): "
                                 "this one has a fraction.")),
    "import_yes_no": (422, _l("Write 1 or 0 (yes or no).")),
    "import_choice": (422, _l("Not one of the values this column takes: %(names)s.")),
    "import_duplicate_iin": (422, _l("This IIN is in the file already (line %(line)s)."),
                             "iin"),
    "import_duplicate_id": (422, _l("This external id is in the file already (line "
                                    "%(line)s)."), "external_id"),
    "import_district": (422, _l("No district with this id or KATO code."), "district_id"),
    "import_other_district": (403, _l("This row is of another district: you import your "
                                      "district's persons only.")),
    "import_other_region": (403, _l("This row is of a district of another region.")),
    "import_unknown_person": (422, _l("No person with this IIN in your area or in the "
                                      "persons of this import."), "iin"),
    "import_unknown_referral": (422, _l("No referral with this external id in your district "
                                        "or in the referrals of this import."),
                                "referral_external_id"),
    "import_unknown_outcome": (422, _l("No outcome with this external id in your district "
                                       "or in the outcomes of this import before this "
                                       "day."), "outcome_external_id"),
    "import_no_follow_up": (422, _l("This outcome has no check of these months: checks are "
                                    "made of a job, at 3, 6 and 12 months."), "months"),
    "import_no_supervisor": (422, _l("The district has no supervisor whose rules a check "
                                     "could apply.")),
}
