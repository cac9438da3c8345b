"""money: payments against referrals (reversals, one payment a month), contracts and
timesheets of subsidised jobs

Revision ID: money_payments
Revises: jobs_queue
Create Date: 2026-12-07 00:18:33.783218

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'money_payments'
down_revision = 'jobs_queue'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('contract',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.String(length=200), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('monthly_wage_kzt', sa.BigInteger(), nullable=False),
    sa.Column('entered_at', sa.DateTime(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_contract_dates')),
    sa.CheckConstraint('monthly_wage_kzt > 0', name=op.f('ck_contract_wage')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'], name=op.f('fk_contract_entered_by_id_user')),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_contract_referral_id_referral')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract')),
    sa.UniqueConstraint('referral_id', name=op.f('uq_contract_referral_id'))
    )
    op.create_table('payment',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('amount_kzt', sa.BigInteger(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('document_number', sa.String(length=60), nullable=True),
    sa.Column('month', sa.Date(), nullable=True),
    sa.Column('month_round', sa.Integer(), nullable=True),
    sa.Column('reverses_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('measure_code', sa.String(length=40), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('entered_at', sa.DateTime(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(reverses_id IS NULL AND amount_kzt > 0) OR (reverses_id IS NOT NULL AND amount_kzt < 0 AND reason IS NOT NULL)', name=op.f('ck_payment_reversal')),
    sa.CheckConstraint('amount_kzt <> 0', name=op.f('ck_payment_amount')),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_payment_district_id_district')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'], name=op.f('fk_payment_entered_by_id_user')),
    sa.ForeignKeyConstraint(['measure_code'], ['measure.code'], name=op.f('fk_payment_measure_code_measure')),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_payment_referral_id_referral')),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_payment_region_id_region')),
    sa.ForeignKeyConstraint(['reverses_id'], ['payment.id'], name=op.f('fk_payment_reverses_id_payment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment')),
    sa.UniqueConstraint('referral_id', 'document_number', name='uq_payment_document'),
    sa.UniqueConstraint('referral_id', 'month', 'month_round', name='uq_payment_month'),
    sa.UniqueConstraint('reverses_id', name=op.f('uq_payment_reverses_id'))
    )
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.create_index('ix_payment_paid_on', ['paid_on'], unique=False)
        batch_op.create_index('ix_payment_place', ['region_id', 'district_id', 'measure_code', 'paid_on'], unique=False)
        batch_op.create_index('ix_payment_referral', ['referral_id', 'paid_on'], unique=False)

    op.create_table('timesheet',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('days_worked', sa.Integer(), nullable=False),
    sa.Column('working_days', sa.Integer(), nullable=False),
    sa.Column('subsidy_kzt', sa.BigInteger(), nullable=False),
    sa.Column('entered_at', sa.DateTime(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('days_worked >= 0 AND days_worked <= working_days', name=op.f('ck_timesheet_days')),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], name=op.f('fk_timesheet_contract_id_contract')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'], name=op.f('fk_timesheet_entered_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timesheet')),
    sa.UniqueConstraint('contract_id', 'month', name='uq_timesheet_month')
    )


def downgrade():
    op.drop_table('timesheet')
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_referral')
        batch_op.drop_index('ix_payment_place')
        batch_op.drop_index('ix_payment_paid_on')

    op.drop_table('payment')
    op.drop_table('contract')
