"""caseload registered on: the index of a caseworker's casework facts holds the day of
registration too, which the count of persons with no contact in 30 days reads, so that the
team's counts (the supervisor's review, a caseload's figures) are read from the index alone

Revision ID: caseload_registered_on
Revises: allocation_use
Create Date: 2026-12-08 01:40:00

"""
from alembic import op


revision = 'caseload_registered_on'
down_revision = 'allocation_use'
branch_labels = None
depends_on = None

BEFORE = ["caseworker_id", "status", "next_due_on", "last_contact_at", "provider_wait_from",
          "follow_up_due_on", "awaiting_approval", "follow_ups_checked", "follow_ups_verified",
          "placed_on"]


def upgrade():
    op.drop_index("ix_person_caseload", table_name="person")
    op.create_index("ix_person_caseload", "person", BEFORE + ["registered_on"])


def downgrade():
    op.drop_index("ix_person_caseload", table_name="person")
    op.create_index("ix_person_caseload", "person", BEFORE)
