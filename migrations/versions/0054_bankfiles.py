"""bank files as imported (who, when, name, hash, rows matched) and their unmatched rows until
resolved; a referral's commitment raised after it was made

Revision ID: bankfiles
Revises: seen
Create Date: 2026-12-07 09:21:38.787878

"""
from alembic import op
import sqlalchemy as sa


revision = 'bankfiles'
down_revision = 'seen'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('bank_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('file_hash', sa.String(length=64), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('matched', sa.Integer(), nullable=False),
    sa.Column('accepted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_bank_import_district_id_district')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_bank_import_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_import'))
    )
    with op.batch_alter_table('bank_import', schema=None) as batch_op:
        batch_op.create_index('ix_bank_import_district', ['district_id', 'imported_at'], unique=False)

    op.create_table('unmatched_row',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=60), nullable=True),
    sa.Column('document_number', sa.String(length=60), nullable=True),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('amount_kzt', sa.BigInteger(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_by_import_id', sa.Integer(), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_unmatched_row_district_id_district')),
    sa.ForeignKeyConstraint(['import_id'], ['bank_import.id'], name=op.f('fk_unmatched_row_import_id_bank_import')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user.id'], name=op.f('fk_unmatched_row_resolved_by_id_user')),
    sa.ForeignKeyConstraint(['resolved_by_import_id'], ['bank_import.id'], name=op.f('fk_unmatched_row_resolved_by_import_id_bank_import')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unmatched_row'))
    )
    with op.batch_alter_table('unmatched_row', schema=None) as batch_op:
        batch_op.create_index('ix_unmatched_row_document', ['district_id', 'document_number'], unique=False)
        batch_op.create_index('ix_unmatched_row_open', ['district_id', 'resolved_at'], unique=False)

    op.create_table('commitment_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('from_kzt', sa.BigInteger(), nullable=True),
    sa.Column('to_kzt', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('entered_at', sa.DateTime(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('to_kzt > 0', name=op.f('ck_commitment_change_raised')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'], name=op.f('fk_commitment_change_entered_by_id_user')),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_commitment_change_referral_id_referral')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitment_change'))
    )
    with op.batch_alter_table('commitment_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitment_change_referral_id'), ['referral_id'], unique=False)



def downgrade():
    with op.batch_alter_table('commitment_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitment_change_referral_id'))

    op.drop_table('commitment_change')
    with op.batch_alter_table('unmatched_row', schema=None) as batch_op:
        batch_op.drop_index('ix_unmatched_row_open')
        batch_op.drop_index('ix_unmatched_row_document')

    op.drop_table('unmatched_row')
    with op.batch_alter_table('bank_import', schema=None) as batch_op:
        batch_op.drop_index('ix_bank_import_district')

    op.drop_table('bank_import')
