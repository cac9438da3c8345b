"""dated entries: each event keeps the day it happened beside when and by whom it was entered

A registration and a deregistration get when they were entered (opened_at, closed_at), a
follow-up check when it was entered (checked_at), an employment plan when it was first saved,
a plan's step the day it was agreed and when and by whom it was entered, and an audit event the
day the event it records happened. Rows written before keep these empty: nothing says they were
entered late.

Revision ID: dated_entries
Revises: fixes_voids
Create Date: 2026-12-07 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dated_entries'
down_revision = 'fixes_voids'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registration_episode', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opened_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checked_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('employment_plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('entered_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('plan_step', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agreed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('entered_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('entered_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_plan_step_entered_by_id_user'), 'user',
                                    ['entered_by_id'], ['id'])
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('happened_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_column('happened_on')
    with op.batch_alter_table('plan_step', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_plan_step_entered_by_id_user'),
                                 type_='foreignkey')
        batch_op.drop_column('entered_by_id')
        batch_op.drop_column('entered_at')
        batch_op.drop_column('agreed_on')
    with op.batch_alter_table('employment_plan', schema=None) as batch_op:
        batch_op.drop_column('entered_at')
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.drop_column('checked_at')
    with op.batch_alter_table('registration_episode', schema=None) as batch_op:
        batch_op.drop_column('closed_at')
        batch_op.drop_column('opened_at')
