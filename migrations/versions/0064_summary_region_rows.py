"""one summary row per key for a whole region's figures too: a row of no district (a Roadmap
project of a whole region) had no key that held it, as NULL never equals NULL in the unique
index, so each add of such a cell inserted a row of its own; the rows of a key are merged into
one (their sums kept), and a unique index on the region's key of the rows of no district keeps
them one

Revision ID: summary_region_rows
Revises: measure_words
Create Date: 2026-12-08 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'summary_region_rows'
down_revision = 'measure_words'
branch_labels = None
depends_on = None

REGION_KEY = "year, indicator_code, region_id, grain, day"
WHOLE_REGION = "district_id IS NULL"


def upgrade():
    merge_region_rows(op.get_bind())
    op.create_index('ix_indicator_day_region_key', 'indicator_day',
                    ['year', 'indicator_code', 'region_id', 'grain', 'day'], unique=True,
                    sqlite_where=sa.text(WHOLE_REGION), postgresql_where=sa.text(WHOLE_REGION))


def downgrade():
    op.drop_index('ix_indicator_day_region_key', table_name='indicator_day')


def merge_region_rows(bind) -> None:
    """The rows of no district with the same region's key added into the first of them (the
    lowest id), and the others deleted."""
    bind.execute(sa.text(
        "UPDATE indicator_day SET value = merged.value, units = merged.units FROM ("
        "SELECT min(id) AS id, sum(value) AS value, sum(units) AS units FROM indicator_day "
        f"WHERE {WHOLE_REGION} GROUP BY {REGION_KEY} HAVING count(*) > 1) AS merged "
        "WHERE indicator_day.id = merged.id"))
    bind.execute(sa.text(
        f"DELETE FROM indicator_day WHERE {WHOLE_REGION} AND id NOT IN ("
        f"SELECT min(id) FROM indicator_day WHERE {WHOLE_REGION} GROUP BY {REGION_KEY})"))
