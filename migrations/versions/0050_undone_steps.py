"""undone steps: a referral's last step recorded by mistake, undone with a reason, kept as it
was with who undid it

Revision ID: undone_steps
Revises: offers
Create Date: 2026-12-07 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'undone_steps'
down_revision = 'offers'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'undone_step',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('referral_id', sa.Integer(), nullable=False),
        sa.Column('from_status', sa.String(length=20), nullable=True),
        sa.Column('to_status', sa.String(length=20), nullable=False),
        sa.Column('happened_on', sa.Date(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('provider_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.String(length=40), nullable=True),
        sa.Column('note', sa.String(length=1000), nullable=True),
        sa.Column('undone_at', sa.DateTime(), nullable=False),
        sa.Column('undone_by_id', sa.Integer(), nullable=False),
        sa.Column('undo_reason', sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], ),
        sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], ),
        sa.ForeignKeyConstraint(['undone_by_id'], ['user.id'], ),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
        sa.PrimaryKeyConstraint('id'))
    with op.batch_alter_table('undone_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_undone_step_referral_id'), ['referral_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('undone_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_undone_step_referral_id'))
    op.drop_table('undone_step')
