"""a bank file's row not recorded keeps why as words to be said in the reader's language (each
reason's column and the catalogue's words), besides the text it was first said in

Revision ID: unmatched_words
Revises: unsettled
Create Date: 2026-12-07 16:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'unmatched_words'
down_revision = 'unsettled'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('unmatched_row', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reasons_said', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('unmatched_row', schema=None) as batch_op:
        batch_op.drop_column('reasons_said')
