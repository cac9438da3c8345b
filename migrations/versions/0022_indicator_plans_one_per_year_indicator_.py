"""indicator plans: one per year, indicator and place

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-27 14:16:43.121635

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('indicator_plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('district_key', sa.Integer(), server_default='0', nullable=False))
        batch_op.drop_index(batch_op.f('ix_indicator_plan_key'))
    # Each plan's place; of plans that share a key (saved at the same instant) the latest stays.
    op.execute("UPDATE indicator_plan SET district_key = coalesce(district_id, 0)")
    op.execute("DELETE FROM indicator_plan WHERE id NOT IN (SELECT max(id) FROM indicator_plan "
               "GROUP BY year, indicator_code, region_id, district_key)")
    with op.batch_alter_table('indicator_plan', schema=None) as batch_op:
        batch_op.create_index('ux_indicator_plan_key', ['year', 'indicator_code', 'region_id', 'district_key'], unique=True)



def downgrade():
    with op.batch_alter_table('indicator_plan', schema=None) as batch_op:
        batch_op.drop_index('ux_indicator_plan_key')
        batch_op.create_index(batch_op.f('ix_indicator_plan_key'), ['year', 'indicator_code', 'region_id', 'district_id'], unique=False)
        batch_op.drop_column('district_key')

