"""Bulk import of persons and their histories from CSV or XLSX files: every row goes through
the same operation a typed entry calls (people, referrals, outcomes, casework), all or nothing
per import, as a background job with its progress and a report of every bad row."""
