"""The working-days calendar: public holidays, days off and weekend days worked, kept by admins
(views, forms, operations), filled from the `holidays` package (source, commands) and read by
the working-days functions of `caseworker.domain.workdays` (queries)."""
