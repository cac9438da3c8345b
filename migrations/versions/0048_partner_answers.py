"""partner answers: the answer link of a letter (its code hashed), and steps and audit events
attributed to the organisation that answered through it

Revision ID: partner_answers
Revises: exchange
Create Date: 2026-12-07 06:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'partner_answers'
down_revision = 'exchange'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'answer_link',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('letter_id', sa.Integer(), nullable=False),
        sa.Column('nonce', sa.String(length=32), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['letter_id'], ['letter.id'],
                                name=op.f('fk_answer_link_letter_id_letter')),
        sa.ForeignKeyConstraint(['created_by_id'], ['user.id'],
                                name=op.f('fk_answer_link_created_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_link')),
        sa.UniqueConstraint('code_hash', name=op.f('uq_answer_link_code_hash')),
    )
    op.create_index(op.f('ix_answer_link_letter_id'), 'answer_link', ['letter_id'])
    live = sa.text('revoked_at IS NULL')
    op.create_index('uq_answer_link_live', 'answer_link', ['letter_id'], unique=True,
                    sqlite_where=live, postgresql_where=live)
    with op.batch_alter_table('referral_event') as batch:
        batch.add_column(sa.Column('provider_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('employer_reason', sa.String(length=40), nullable=True))
        batch.create_foreign_key(op.f('fk_referral_event_provider_id_provider'), 'provider',
                                 ['provider_id'], ['id'])
        batch.create_index('ix_referral_event_provider', ['provider_id', 'recorded_at'])
    with op.batch_alter_table('audit_event') as batch:
        batch.add_column(sa.Column('provider_id', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('audit_event') as batch:
        batch.drop_column('provider_id')
    with op.batch_alter_table('referral_event') as batch:
        batch.drop_index('ix_referral_event_provider')
        batch.drop_constraint(op.f('fk_referral_event_provider_id_provider'), type_='foreignkey')
        batch.drop_column('employer_reason')
        batch.drop_column('provider_id')
    op.drop_index('uq_answer_link_live', table_name='answer_link')
    op.drop_index(op.f('ix_answer_link_letter_id'), table_name='answer_link')
    op.drop_table('answer_link')
