"""casework facts: the latest placement

Revision ID: 0021
Revises: 0019
Create Date: 2026-11-27 13:36:48.187733

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('placed_on', sa.Date(), nullable=True))
        batch_op.drop_index(batch_op.f('ix_person_caseload'))
    # Placements this month are read from each person's latest placement, not found among
    # the month's outcomes; fill it for every person registered so far.
    from caseworker.casework.facts import refresh
    refresh(op.get_bind(), columns=('placed_on',), voids=False)
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index('ix_person_caseload', ['caseworker_id', 'status', 'next_due_on', 'last_contact_at', 'provider_wait_from', 'follow_up_due_on', 'awaiting_approval', 'follow_ups_checked', 'follow_ups_verified', 'placed_on'], unique=False)


def downgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index('ix_person_caseload')
        batch_op.create_index(batch_op.f('ix_person_caseload'), ['caseworker_id', 'status', 'next_due_on', 'last_contact_at', 'provider_wait_from', 'follow_up_due_on', 'awaiting_approval', 'follow_ups_checked', 'follow_ups_verified'], unique=False)
        batch_op.drop_column('placed_on')

