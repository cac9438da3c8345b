"""referrals: at most one open referral per person and measure, one letter in force per
referral and one kept batch of letters per district, kept by the database (unique indexes)

Referrals made twice at the same moment before this revision are closed first: of a person's
open referrals to one measure the first made stays, the later ones are cancelled as duplicates
(with their letters, and an event in their history that says so); of a referral's genuine
letters the last issued stays; of a district's batches of letters the last made stays.

Revision ID: referrals_open_once
Revises: people_open_once
Create Date: 2026-12-07 10:00:00

"""
from datetime import date, datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'referrals_open_once'
down_revision = 'people_open_once'
branch_labels = None
depends_on = None

OPEN = "status IN ('proposed', 'approved', 'referred', 'started')"
GENUINE = "status = 'genuine'"
NOTE = "closed when one open referral per person and measure became a rule of the database"


def _cancel_duplicates(conn) -> None:
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    today = date.today()
    later = list(conn.execute(sa.text(
        f"SELECT r.id, r.person_id, r.status FROM referral AS r WHERE r.{OPEN} AND EXISTS ("
        "SELECT 1 FROM referral AS earlier WHERE earlier.person_id = r.person_id "
        f"AND earlier.measure_code = r.measure_code AND earlier.{OPEN} "
        "AND earlier.id < r.id)")))
    for referral_id, _person_id, status in later:
        conn.execute(sa.text(
            "INSERT INTO referral_event (referral_id, from_status, to_status, happened_on, "
            "recorded_at, reason, note) VALUES (:id, :status, 'cancelled', :today, :now, "
            "'duplicate', :note)"), {"id": referral_id, "status": status, "today": today,
                                     "now": now, "note": NOTE})
        conn.execute(sa.text(
            "UPDATE letter SET status = 'cancelled', cancelled_at = :now "
            f"WHERE referral_id = :id AND {GENUINE}"), {"id": referral_id, "now": now})
        conn.execute(sa.text(
            "UPDATE referral SET status = 'cancelled', reason = 'duplicate', status_on = :today, "
            "version = version + 1 WHERE id = :id"), {"id": referral_id, "today": today})
    conn.execute(sa.text(
        f"UPDATE letter SET status = 'cancelled', cancelled_at = :now WHERE {GENUINE} AND EXISTS ("
        "SELECT 1 FROM letter AS newer WHERE newer.referral_id = letter.referral_id "
        f"AND newer.{GENUINE} AND newer.id > letter.id)"), {"now": now})
    if later:  # the persons' casework facts count their open referrals
        from caseworker.casework.facts import refresh
        refresh(conn, sorted({person_id for _id, person_id, _status in later}), voids=False)


def upgrade():
    _cancel_duplicates(op.get_bind())
    op.execute("DELETE FROM letter_batch WHERE EXISTS (SELECT 1 FROM letter_batch AS later "
               "WHERE later.district_id = letter_batch.district_id AND later.id > letter_batch.id)")
    with op.batch_alter_table('letter_batch', schema=None) as batch_op:
        batch_op.drop_index('ix_letter_batch_district_id')
        batch_op.create_index('ix_letter_batch_district_id', ['district_id'], unique=True)
    op.create_index('uq_referral_open', 'referral', ['person_id', 'measure_code'], unique=True,
                    sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
    op.create_index('uq_letter_genuine', 'letter', ['referral_id'], unique=True,
                    sqlite_where=sa.text(GENUINE), postgresql_where=sa.text(GENUINE))


def downgrade():
    with op.batch_alter_table('letter_batch', schema=None) as batch_op:
        batch_op.drop_index('ix_letter_batch_district_id')
        batch_op.create_index('ix_letter_batch_district_id', ['district_id'], unique=False)
    op.drop_index('uq_letter_genuine', table_name='letter')
    op.drop_index('uq_referral_open', table_name='referral')
