"""a measure's version added by mistake, withdrawn before its first day: what it said, who
withdrew it, when and why

Revision ID: withdrawn_versions
Revises: reopened
Create Date: 2026-12-07 13:15:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'withdrawn_versions'
down_revision = 'reopened'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('withdrawn_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_code', sa.String(length=40), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('said', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=False),
    sa.Column('withdrawn_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['measure_code'], ['measure.code'], name=op.f('fk_withdrawn_version_measure_code_measure')),
    sa.ForeignKeyConstraint(['withdrawn_by_id'], ['user.id'], name=op.f('fk_withdrawn_version_withdrawn_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_withdrawn_version'))
    )
    with op.batch_alter_table('withdrawn_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_withdrawn_version_measure_code'), ['measure_code'], unique=False)


def downgrade():
    with op.batch_alter_table('withdrawn_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_withdrawn_version_measure_code'))
    op.drop_table('withdrawn_version')
