"""dated pages: the day a transfer was decided, the day a segment set by hand holds from

Revision ID: dated_pages
Revises: imports_rows
Create Date: 2026-12-07 07:05:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'dated_pages'
down_revision = 'imports_rows'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('transfer_request') as batch_op:
        batch_op.add_column(sa.Column('decided_on', sa.Date(), nullable=True))
    with op.batch_alter_table('person') as batch_op:
        batch_op.add_column(sa.Column('segment_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('person') as batch_op:
        batch_op.drop_column('segment_on')
    with op.batch_alter_table('transfer_request') as batch_op:
        batch_op.drop_column('decided_on')
