"""casework facts on person: last contact, next due, referrals and follow-ups waiting

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-27 13:20:45.506203

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_contact_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('next_due_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('open_referrals', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('awaiting_approval', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('provider_wait_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('follow_up_due_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('follow_ups_checked', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('follow_ups_verified', sa.Integer(), server_default='0', nullable=False))
        batch_op.drop_index(batch_op.f('ix_person_caseworker'))
    # The facts of every person registered so far, from their history: only the columns
    # this revision adds.
    from caseworker.casework.facts import refresh
    refresh(op.get_bind(), columns=(
        'last_contact_at', 'next_due_on', 'open_referrals', 'awaiting_approval',
        'provider_wait_from', 'follow_up_due_on', 'follow_ups_checked', 'follow_ups_verified'), voids=False)
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index('ix_person_caseload', ['caseworker_id', 'status', 'next_due_on', 'last_contact_at', 'provider_wait_from', 'follow_up_due_on', 'awaiting_approval', 'follow_ups_checked', 'follow_ups_verified'], unique=False)


def downgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index('ix_person_caseload')
        batch_op.create_index(batch_op.f('ix_person_caseworker'), ['caseworker_id', 'status'], unique=False)
        batch_op.drop_column('follow_ups_verified')
        batch_op.drop_column('follow_ups_checked')
        batch_op.drop_column('follow_up_due_on')
        batch_op.drop_column('provider_wait_from')
        batch_op.drop_column('awaiting_approval')
        batch_op.drop_column('open_referrals')
        batch_op.drop_column('next_due_on')
        batch_op.drop_column('last_contact_at')
