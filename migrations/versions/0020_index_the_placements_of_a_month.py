"""index: the placements of a month

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-27 13:28:17.490438

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outcome', schema=None) as batch_op:
        batch_op.create_index('ix_outcome_start', ['start_on', 'kind', 'referral_id'], unique=False)



def downgrade():
    with op.batch_alter_table('outcome', schema=None) as batch_op:
        batch_op.drop_index('ix_outcome_start')

