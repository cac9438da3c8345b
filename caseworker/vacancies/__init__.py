"""Vacancies: an employer's open positions, entered by the district's team or imported from
the labour exchange's extract."""
