"""calendar days: public holidays, transferred days off and weekend days worked; a district's
KATO source may say "unconfirmed"

Revision ID: calendar_days
Revises: casework_one_active_plan
Create Date: 2026-11-28 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'calendar_days'
down_revision = 'casework_one_active_plan'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_day',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('name_kk', sa.String(length=200), nullable=False),
    sa.Column('name_ru', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.CheckConstraint("kind IN ('holiday', 'day_off', 'working_day')", name=op.f('ck_calendar_day_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_day')),
    sa.UniqueConstraint('day', name=op.f('uq_calendar_day_day'))
    )
    with op.batch_alter_table('district', schema=None) as batch_op:
        batch_op.alter_column('kato_source', existing_type=sa.String(length=10),
                              type_=sa.String(length=20), existing_nullable=False)


def downgrade():
    with op.batch_alter_table('district', schema=None) as batch_op:
        batch_op.alter_column('kato_source', existing_type=sa.String(length=20),
                              type_=sa.String(length=10), existing_nullable=False)
    op.drop_table('calendar_day')
