"""a person has at most one open registration episode and one transfer request waiting

Partial unique indexes, so that two submissions arriving at once cannot both pass the check
the operation makes first. Rows that already break them (left by such races) are put right
first: a person's later open episodes are removed (the first one stays open, as a sequential
second submission would have left it), and a later waiting request is closed as rejected.

Revision ID: people_open_once
Revises: calendar_days
Create Date: 2026-12-07 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'people_open_once'
down_revision = 'calendar_days'
branch_labels = None
depends_on = None

OPEN = "deregistered_on IS NULL"
PENDING = "status = 'pending'"


def upgrade():
    op.execute(
        "DELETE FROM registration_episode WHERE deregistered_on IS NULL AND EXISTS ("
        "SELECT 1 FROM registration_episode e WHERE e.person_id = "
        "registration_episode.person_id AND e.deregistered_on IS NULL "
        "AND e.id < registration_episode.id)")
    op.execute(
        "UPDATE transfer_request SET status = 'rejected', "
        "decision_note = 'Повторный запрос: первый ждёт решения' "
        "WHERE status = 'pending' AND EXISTS ("
        "SELECT 1 FROM transfer_request t WHERE t.person_id = transfer_request.person_id "
        "AND t.status = 'pending' AND t.id < transfer_request.id)")
    op.create_index('uq_registration_episode_open', 'registration_episode', ['person_id'],
                    unique=True, sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
    op.create_index('uq_transfer_request_pending', 'transfer_request', ['person_id'],
                    unique=True, sqlite_where=sa.text(PENDING),
                    postgresql_where=sa.text(PENDING))


def downgrade():
    op.drop_index('uq_transfer_request_pending', table_name='transfer_request')
    op.drop_index('uq_registration_episode_open', table_name='registration_episode')
