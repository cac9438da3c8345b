"""the organisations' answers a caseworker has opened (seen, by whom), the organisations' own
timeline (deactivated, reactivated), and the vacancies a deactivation closed

Revision ID: seen
Revises: dated_changes
Create Date: 2026-12-07 10:00:00

"""
from datetime import datetime, timedelta

from alembic import op
import sqlalchemy as sa


revision = 'seen'
down_revision = 'dated_changes'
branch_labels = None
depends_on = None

UNSEEN = "provider_id IS NOT NULL AND seen_at IS NULL"


def upgrade():
    op.create_table(
        'organisation_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('provider_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('happened_on', sa.Date(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('deactivated', 'reactivated')",
                           name='organisation_event_kind'),
        sa.ForeignKeyConstraint(['provider_id'], ['provider.id']),
        sa.ForeignKeyConstraint(['user_id'], ['user.id']),
        sa.PrimaryKeyConstraint('id'))
    with op.batch_alter_table('organisation_event', schema=None) as batch_op:
        batch_op.create_index('ix_organisation_event_provider', ['provider_id', 'recorded_at'],
                              unique=False)
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_by_event_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_vacancy_closed_by_event_id_organisation_event'),
                                    'organisation_event', ['closed_by_event_id'], ['id'])
    with op.batch_alter_table('referral_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seen_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('seen_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_referral_event_seen_by_id_user'), 'user',
                                    ['seen_by_id'], ['id'])
        batch_op.create_index('ix_referral_event_unseen', ['referral_id'], unique=False,
                              postgresql_where=sa.text(UNSEEN), sqlite_where=sa.text(UNSEEN))
    # The work queue counted an answer for a week: those older are no news any more (seen,
    # by nobody recorded); the last week's stay news until their referral is opened.
    op.execute(sa.text("UPDATE referral_event SET seen_at = recorded_at WHERE provider_id IS "
                       "NOT NULL AND recorded_at < :since").bindparams(
        since=datetime.utcnow() - timedelta(days=7)))


def downgrade():
    with op.batch_alter_table('referral_event', schema=None) as batch_op:
        batch_op.drop_index('ix_referral_event_unseen')
        batch_op.drop_constraint('fk_referral_event_seen_by_id_user', type_='foreignkey')
        batch_op.drop_column('seen_by_id')
        batch_op.drop_column('seen_at')
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.drop_constraint('fk_vacancy_closed_by_event_id_organisation_event',
                                 type_='foreignkey')
        batch_op.drop_column('closed_by_event_id')
    with op.batch_alter_table('organisation_event', schema=None) as batch_op:
        batch_op.drop_index('ix_organisation_event_provider')
    op.drop_table('organisation_event')
