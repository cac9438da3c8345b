"""jobs: background work with its progress and result, and the runs of the schedule

Revision ID: jobs_queue
Revises: referrals_open_once
Create Date: 2026-12-07 00:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'jobs_queue'
down_revision = 'referrals_open_once'
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade():
    op.create_table(
        'job',
        sa.Column('id', BIG_ID, nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('params', sa.JSON(), nullable=False),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=True),
        sa.Column('errors', sa.Integer(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('message', sa.Text(), nullable=True),
        sa.Column('worker', sa.String(length=120), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('heartbeat_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('result_path', sa.String(length=300), nullable=True),
        sa.Column('result_name', sa.String(length=200), nullable=True),
        sa.Column('result_expires_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_job_user_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_job')),
    )
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.create_index('ix_job_state', ['state'], unique=False)
        batch_op.create_index('ix_job_user_created', ['user_id', 'created_at'], unique=False)

    op.create_table(
        'scheduled_run',
        sa.Column('id', BIG_ID, nullable=False),
        sa.Column('task', sa.String(length=40), nullable=False),
        sa.Column('due_at', sa.DateTime(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('outcome', sa.String(length=10), nullable=False),
        sa.Column('message', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduled_run')),
    )
    with op.batch_alter_table('scheduled_run', schema=None) as batch_op:
        batch_op.create_index('ix_scheduled_run_slot', ['task', 'due_at'], unique=True)


def downgrade():
    with op.batch_alter_table('scheduled_run', schema=None) as batch_op:
        batch_op.drop_index('ix_scheduled_run_slot')
    op.drop_table('scheduled_run')
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_index('ix_job_user_created')
        batch_op.drop_index('ix_job_state')
    op.drop_table('job')
