"""trust: sessions as rows, the second factor and its recovery codes, a password to change
after an admin's reset, the audit event's mark,
versions of calendar days and indicator plans

Revision ID: trust_sessions
Revises: dated_pages
Create Date: 2026-12-07 07:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'trust_sessions'
down_revision = 'dated_pages'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    op.create_table(
        'user_session',
        sa.Column('id', BigId, nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(), nullable=False),
        sa.Column('address', sa.String(length=45), nullable=True),
        sa.Column('agent', sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    op.create_index('ix_user_session_user_id', 'user_session', ['user_id'])
    op.create_index('ix_user_session_last_seen_at', 'user_session', ['last_seen_at'])
    op.create_table(
        'recovery_code',
        sa.Column('id', BigId, nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_recovery_code_user_id', 'recovery_code', ['user_id'])
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('totp_enabled', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('totp_step', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
    # events written before this revision have no mark: seal them before upgrading
    # (`flask audit seal`), or they are reported as forged
    op.add_column('audit_event', sa.Column('mac', sa.String(length=64), nullable=True))
    for table in ('calendar_day', 'indicator_plan'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1',
                                          nullable=False))


def downgrade():
    for table in ('indicator_plan', 'calendar_day'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')
    op.drop_column('audit_event', 'mac')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
        batch_op.drop_column('totp_step')
        batch_op.drop_column('totp_enabled')
        batch_op.drop_column('totp_secret')
    op.drop_index('ix_recovery_code_user_id', table_name='recovery_code')
    op.drop_table('recovery_code')
    op.drop_index('ix_user_session_last_seen_at', table_name='user_session')
    op.drop_index('ix_user_session_user_id', table_name='user_session')
    op.drop_table('user_session')
