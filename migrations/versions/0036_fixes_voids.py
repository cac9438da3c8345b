"""voids: an outcome, a follow-up check or a contact recorded by mistake is voided, kept

Each gets who voided it, when and why. An outcome also keeps what it changed (the person's
status before it, the registration episode it closed) so that voiding it puts them back; one
outcome not void per referral replaces one outcome per referral (a corrected outcome is
recorded after the voided one).

Revision ID: fixes_voids
Revises: measures_versions
Create Date: 2026-12-07 02:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'fixes_voids'
down_revision = 'measures_versions'
branch_labels = None
depends_on = None

TABLES = ('outcome', 'follow_up', 'interaction')
LIVE = sa.text('voided_at IS NULL')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('voided_at', sa.DateTime(), nullable=True))
            batch_op.add_column(sa.Column('voided_by_id', sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column('void_reason', sa.Text(), nullable=True))
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_voided_by_id_user'), 'user',
                                        ['voided_by_id'], ['id'])
    with op.batch_alter_table('outcome', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_before', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('closed_episode_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_outcome_closed_episode_id_registration_episode'),
                                    'registration_episode', ['closed_episode_id'], ['id'])
        batch_op.drop_constraint(batch_op.f('uq_outcome_referral_id'), type_='unique')
        batch_op.create_index(batch_op.f('ix_outcome_referral_id'), ['referral_id'], unique=False)
    op.create_index('uq_outcome_live', 'outcome', ['referral_id'], unique=True,
                    sqlite_where=LIVE, postgresql_where=LIVE)


def downgrade():
    # a referral with a voided outcome and its correction keeps the correction only
    op.execute('DELETE FROM follow_up WHERE outcome_id IN '
               '(SELECT id FROM outcome WHERE voided_at IS NOT NULL)')
    op.execute('DELETE FROM outcome WHERE voided_at IS NOT NULL')
    op.drop_index('uq_outcome_live', table_name='outcome')
    with op.batch_alter_table('outcome', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_referral_id'))
        batch_op.create_unique_constraint(batch_op.f('uq_outcome_referral_id'), ['referral_id'])
        batch_op.drop_constraint(batch_op.f('fk_outcome_closed_episode_id_registration_episode'),
                                 type_='foreignkey')
        batch_op.drop_column('closed_episode_id')
        batch_op.drop_column('status_before')
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_voided_by_id_user'),
                                     type_='foreignkey')
            batch_op.drop_column('void_reason')
            batch_op.drop_column('voided_by_id')
            batch_op.drop_column('voided_at')
