"""measures: dated versions (rules, benefit, duration, approval from valid_from to valid_to)

A measure's rules, benefit, duration and approval move from its row to its versions. Every
existing measure gets its versions: one for each rules version it had (read back from the
saved copies of the catalogue entry this migration replaces), the first from 2017-01-01 (the
first year of the programmes the catalogue carries), each later one from the day it was first
saved, the last one open. A version keeps its rules version's number, so Referral.rules_version
still names the rules a referral was judged under.

Revision ID: measures_versions
Revises: money_payments
Create Date: 2026-11-28 12:00:00

"""
from datetime import date, timedelta
from decimal import Decimal

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'measures_versions'
down_revision = 'money_payments'
branch_labels = None
depends_on = None

MIGRATED_FROM = date(2017, 1, 1)
MOVED = ('rules', 'rules_version', 'needs_approval', 'benefit_amount', 'benefit_unit',
         'benefit_period', 'max_months')

measure = sa.table(
    'measure', sa.column('code', sa.String), sa.column('rules', sa.JSON),
    sa.column('rules_version', sa.Integer), sa.column('needs_approval', sa.Boolean),
    sa.column('benefit_amount', sa.Numeric(14, 2)), sa.column('benefit_unit', sa.String),
    sa.column('benefit_period', sa.String), sa.column('max_months', sa.Integer))
saved_copy = sa.table(
    'measure_version', sa.column('id', sa.Integer), sa.column('measure_code', sa.String),
    sa.column('rules_version', sa.Integer), sa.column('data', sa.JSON),
    sa.column('saved_at', sa.DateTime))
version = sa.table(
    'measure_version', sa.column('measure_code', sa.String), sa.column('number', sa.Integer),
    sa.column('valid_from', sa.Date), sa.column('valid_to', sa.Date),
    sa.column('rules', sa.JSON), sa.column('needs_approval', sa.Boolean),
    sa.column('benefit_amount', sa.Numeric(14, 2)), sa.column('benefit_unit', sa.String),
    sa.column('benefit_period', sa.String), sa.column('amount_by_region', sa.JSON),
    sa.column('max_months', sa.Integer), sa.column('source', sa.Text),
    sa.column('confidence', sa.String))


def _fields(data: dict) -> dict:
    amount = data.get('benefit_amount')
    return {'rules': data.get('rules') or {}, 'needs_approval': bool(data.get('needs_approval')),
            'benefit_amount': Decimal(str(amount)) if amount is not None else None,
            'benefit_unit': data.get('benefit_unit') or 'none',
            'benefit_period': data.get('benefit_period'), 'max_months': data.get('max_months')}


def versions_of(row, copies) -> list[dict]:
    """A measure's versions: one per rules version (the last saved copy of each, the row for
    the current one), dated from the day each was first saved, the first from MIGRATED_FROM."""
    first_saved, data = {}, {}
    for copy in copies:
        first_saved.setdefault(copy.rules_version, copy.saved_at.date())
        data[copy.rules_version] = copy.data
    data[row.rules_version] = {name: getattr(row, name) for name in MOVED}
    found = []
    for number in sorted(data):
        starts = MIGRATED_FROM
        if found:  # strictly after the one before, even when both were saved the same day
            starts = max(first_saved.get(number, starts), found[-1]['valid_from'] + timedelta(1))
            found[-1]['valid_to'] = starts - timedelta(1)
        found.append({'measure_code': row.code, 'number': number, 'valid_from': starts,
                      'valid_to': None, 'amount_by_region': {},
                      'source': 'the catalogue as it was before versions', 'confidence': None,
                      **_fields(data[number])})
    return found


def upgrade():
    conn = op.get_bind()
    rows = conn.execute(sa.select(measure)).all()
    copies = conn.execute(sa.select(saved_copy).order_by(saved_copy.c.id)).all()
    with op.batch_alter_table('measure_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_version_measure_code'))
    op.drop_table('measure_version')
    op.create_table(
        'measure_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('measure_code', sa.String(length=40), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('valid_from', sa.Date(), nullable=False),
        sa.Column('valid_to', sa.Date(), nullable=True),
        sa.Column('rules', sa.JSON(), nullable=False),
        sa.Column('needs_approval', sa.Boolean(), nullable=False),
        sa.Column('benefit_amount', sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column('benefit_unit', sa.String(length=30), nullable=False),
        sa.Column('benefit_period', sa.String(length=40), nullable=True),
        sa.Column('amount_by_region', sa.JSON(), nullable=False),
        sa.Column('max_months', sa.Integer(), nullable=True),
        sa.Column('source', sa.Text(), nullable=True),
        sa.Column('confidence', sa.String(length=20), nullable=True),
        sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from',
                           name=op.f('ck_measure_version_ends_after_start')),
        sa.ForeignKeyConstraint(['measure_code'], ['measure.code'],
                                name=op.f('fk_measure_version_measure_code_measure')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_version')),
        sa.UniqueConstraint('measure_code', 'number', name='uq_measure_version_number'),
        sa.UniqueConstraint('measure_code', 'valid_from', name='uq_measure_version_valid_from'),
    )
    op.create_index('uq_measure_version_open', 'measure_version', ['measure_code'], unique=True,
                    sqlite_where=sa.text('valid_to IS NULL'),
                    postgresql_where=sa.text('valid_to IS NULL'))
    made = [v for row in rows
            for v in versions_of(row, [c for c in copies if c.measure_code == row.code])]
    if made:
        conn.execute(version.insert(), made)
    with op.batch_alter_table('measure', schema=None) as batch_op:
        for name in MOVED:
            batch_op.drop_column(name)


def downgrade():
    """The measure row takes back the version in force today (else its latest); the saved
    copies of the catalogue entry start empty."""
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rules', sa.JSON(), server_default='{}', nullable=False))
        batch_op.add_column(sa.Column('rules_version', sa.Integer(), server_default='1',
                                      nullable=False))
        batch_op.add_column(sa.Column('needs_approval', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('benefit_amount', sa.Numeric(precision=14, scale=2),
                                      nullable=True))
        batch_op.add_column(sa.Column('benefit_unit', sa.String(length=30),
                                      server_default='none', nullable=False))
        batch_op.add_column(sa.Column('benefit_period', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('max_months', sa.Integer(), nullable=True))
    conn = op.get_bind()
    today = date.today()
    latest = {}
    for v in conn.execute(sa.select(version).order_by(version.c.valid_from)):
        if v.valid_from <= today or v.measure_code not in latest:
            latest[v.measure_code] = v
    for code, v in latest.items():
        conn.execute(measure.update().where(measure.c.code == code).values(
            rules=v.rules, rules_version=v.number, needs_approval=v.needs_approval,
            benefit_amount=v.benefit_amount, benefit_unit=v.benefit_unit,
            benefit_period=v.benefit_period, max_months=v.max_months))
    op.drop_index('uq_measure_version_open', table_name='measure_version',
                  sqlite_where=sa.text('valid_to IS NULL'),
                  postgresql_where=sa.text('valid_to IS NULL'))
    op.drop_table('measure_version')
    op.create_table(
        'measure_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('measure_code', sa.String(length=40), nullable=False),
        sa.Column('rules_version', sa.Integer(), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('changed', sa.JSON(), nullable=False),
        sa.Column('saved_at', sa.DateTime(), nullable=False),
        sa.Column('saved_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['measure_code'], ['measure.code'],
                                name=op.f('fk_measure_version_measure_code_measure')),
        sa.ForeignKeyConstraint(['saved_by_id'], ['user.id'],
                                name=op.f('fk_measure_version_saved_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_version')))
    with op.batch_alter_table('measure_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_version_measure_code'), ['measure_code'],
                              unique=False)
