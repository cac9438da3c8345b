"""letters: who cancelled them

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-28 01:02:58.893227

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancelled_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_letter_cancelled_by_id_user'), 'user', ['cancelled_by_id'], ['id'])
    # Letters cancelled before: who cancelled them is in the audit log (by its record index).
    op.execute("UPDATE letter SET cancelled_by_id = (SELECT a.user_id FROM audit_event a "
               "WHERE a.record_type = 'letter' AND a.record_id = CAST(letter.id AS VARCHAR(40)) "
               "AND a.action = 'letter.cancel' ORDER BY a.id DESC LIMIT 1) "
               "WHERE status = 'cancelled'")


def downgrade():
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_letter_cancelled_by_id_user'), type_='foreignkey')
        batch_op.drop_column('cancelled_by_id')
