"""scheduled runs: the closing message as its words and values, said in the reader's language

Revision ID: schedule_said
Revises: unmatched_words
Create Date: 2026-12-07 16:05:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'schedule_said'
down_revision = 'unmatched_words'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('scheduled_run', schema=None) as batch:
        batch.add_column(sa.Column('message_said', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('scheduled_run', schema=None) as batch:
        batch.drop_column('message_said')
