"""dated changes: a person's field change keeps the day the event that made it happened
(a back-dated deregistration, return or job), and a job keeps its closing message as words
and values, said in the reader's language

Revision ID: dated_changes
Revises: secrets_at_rest
Create Date: 2026-12-07 09:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'dated_changes'
down_revision = 'secrets_at_rest'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('field_change') as batch:
        batch.add_column(sa.Column('happened_on', sa.Date(), nullable=True))
    with op.batch_alter_table('job') as batch:
        batch.add_column(sa.Column('message_said', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('job') as batch:
        batch.drop_column('message_said')
    with op.batch_alter_table('field_change') as batch:
        batch.drop_column('happened_on')
