"""home counts from indexes alone: a district's persons with their casework facts, and the
proposed referrals with the version they were judged under

Revision ID: home_counts
Revises: withdrawn_versions
Create Date: 2026-12-07 13:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'home_counts'
down_revision = 'withdrawn_versions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index('ix_person_district_facts', ['district_id', 'status', 'caseworker_id', 'next_due_on', 'provider_wait_from', 'follow_up_due_on', 'awaiting_approval'], unique=False, postgresql_include=['id'])

    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index('ix_referral_proposed', ['person_id', 'measure_code', 'rules_version'], unique=False, sqlite_where=sa.text("status = 'proposed'"), postgresql_where=sa.text("status = 'proposed'"))


def downgrade():
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index('ix_referral_proposed', sqlite_where=sa.text("status = 'proposed'"), postgresql_where=sa.text("status = 'proposed'"))

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index('ix_person_district_facts', postgresql_include=['id'])
