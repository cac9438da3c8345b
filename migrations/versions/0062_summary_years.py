"""indicator summary by year: each district's and indicator's sum of the year (grain "y",
dated the 1st of January), added up from its months, so that a page at today's date reads one
row a district and indicator instead of every month and day of the year

Revision ID: summary_years
Revises: person_counts
Create Date: 2026-12-07 19:30:00

"""
from alembic import op


revision = 'summary_years'
down_revision = 'person_counts'
branch_labels = None
depends_on = None

JANUARY_FIRST = {"postgresql": "make_date(year, 1, 1)", "sqlite": "printf('%04d-01-01', year)"}


def upgrade():
    first = JANUARY_FIRST[op.get_bind().dialect.name]
    # one row a year, indicator and district (the summary's key); a row of no district (a
    # Roadmap project of a whole region) stays with its region
    op.execute("INSERT INTO indicator_day (year, indicator_code, region_id, district_id, grain, "
               f"day, value, units) SELECT year, indicator_code, max(region_id), district_id, "
               f"'y', {first}, sum(value), sum(units) FROM indicator_day WHERE grain = 'm' "
               "GROUP BY year, indicator_code, district_id, "
               "CASE WHEN district_id IS NULL THEN region_id END")


def downgrade():
    op.execute("DELETE FROM indicator_day WHERE grain = 'y'")
