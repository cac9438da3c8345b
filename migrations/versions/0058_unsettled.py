"""a bank file's row settled by mistake, opened again: who, when, why, the day it had been
settled, and who had settled it and what they had said

Revision ID: unsettled
Revises: home_counts
Create Date: 2026-12-07 16:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'unsettled'
down_revision = 'home_counts'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('unmatched_row', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reopened_resolution', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('reopened_resolved_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reopened_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('reopened_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reopen_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('reopened_done_on', sa.Date(), nullable=True))
        for column in ('reopened_resolved_by_id', 'reopened_by_id'):
            batch_op.create_foreign_key(batch_op.f(f'fk_unmatched_row_{column}_user'), 'user',
                                        [column], ['id'])


def downgrade():
    with op.batch_alter_table('unmatched_row', schema=None) as batch_op:
        for column in ('reopened_by_id', 'reopened_resolved_by_id'):
            batch_op.drop_constraint(batch_op.f(f'fk_unmatched_row_{column}_user'),
                                     type_='foreignkey')
        for column in ('reopened_done_on', 'reopen_reason', 'reopened_by_id', 'reopened_at',
                       'reopened_resolved_by_id', 'reopened_resolution'):
            batch_op.drop_column(column)
