"""a task or a plan step marked done by mistake, opened again: who, when, why and the day it
had been marked done

Revision ID: reopened
Revises: bankfiles
Create Date: 2026-12-07 13:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'reopened'
down_revision = 'bankfiles'
branch_labels = None
depends_on = None

TABLES = ('interaction', 'plan_step')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('reopened_at', sa.DateTime(), nullable=True))
            batch_op.add_column(sa.Column('reopened_by_id', sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column('reopen_reason', sa.Text(), nullable=True))
            batch_op.add_column(sa.Column('reopened_done_on', sa.Date(), nullable=True))
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_reopened_by_id_user'), 'user',
                                        ['reopened_by_id'], ['id'])


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_reopened_by_id_user'),
                                     type_='foreignkey')
            for column in ('reopened_done_on', 'reopen_reason', 'reopened_by_id',
                           'reopened_at'):
                batch_op.drop_column(column)
