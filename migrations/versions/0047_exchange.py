"""the labour exchange side: the provider register becomes the organisations' (names in kk and
ru, kinds as a set, district, legal address, deactivation), the classifier of occupations, and
vacancies

Every provider and its referrals stay; each provider's kinds start as the one kind it had.

Revision ID: exchange
Revises: money_totals
Create Date: 2026-12-07 06:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'exchange'
down_revision = 'money_totals'
branch_labels = None
depends_on = None

KINDS = "kind IN ('employer', 'training', 'microfinance', 'grant_commission', 'akimat')"


def upgrade():
    op.create_table(
        'occupation',
        sa.Column('code', sa.String(length=10), nullable=False),
        sa.Column('level', sa.String(length=10), nullable=False),
        sa.Column('parent_code', sa.String(length=10), nullable=True),
        sa.Column('name_kk', sa.String(length=300), nullable=False),
        sa.Column('name_ru', sa.String(length=300), nullable=False),
        sa.Column('name_en', sa.String(length=300), nullable=False),
        sa.CheckConstraint("level IN ('major', 'sub_major', 'minor', 'unit')",
                           name=op.f('ck_occupation_occupation_level')),
        sa.ForeignKeyConstraint(['parent_code'], ['occupation.code'],
                                name=op.f('fk_occupation_parent_code_occupation')),
        sa.PrimaryKeyConstraint('code', name=op.f('pk_occupation')),
    )
    op.create_index('ix_occupation_parent', 'occupation', ['parent_code'], unique=False)

    op.create_table(
        'provider_kind',
        sa.Column('provider_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.CheckConstraint(KINDS, name=op.f('ck_provider_kind_organisation_kind')),
        sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], ondelete='CASCADE',
                                name=op.f('fk_provider_kind_provider_id_provider')),
        sa.PrimaryKeyConstraint('provider_id', 'kind', name=op.f('pk_provider_kind')),
    )
    op.create_index('ix_provider_kind_kind', 'provider_kind', ['kind', 'provider_id'],
                    unique=False)
    op.execute("INSERT INTO provider_kind (provider_id, kind) SELECT id, kind FROM provider")

    with op.batch_alter_table('provider', schema=None) as batch_op:
        batch_op.alter_column('name', new_column_name='name_ru',
                              existing_type=sa.String(length=300), existing_nullable=False)
        batch_op.alter_column('address', new_column_name='legal_address',
                              existing_type=sa.String(length=300), existing_nullable=True)
        batch_op.alter_column('name_search', type_=sa.String(length=610),
                              existing_type=sa.String(length=300), existing_nullable=False)
        batch_op.add_column(sa.Column('name_kk', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('district_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('deactivated_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('deactivation_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_provider_district_id_district'),
                                    'district', ['district_id'], ['id'])
        batch_op.create_index('ix_provider_district', ['district_id'], unique=False)
        batch_op.drop_column('kind')

    op.create_table(
        'vacancy',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('occupation_code', sa.String(length=10), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=True),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('district_id', sa.Integer(), nullable=False),
        sa.Column('locality', sa.String(length=200), nullable=True),
        sa.Column('places', sa.Integer(), nullable=False),
        sa.Column('wage', sa.Integer(), nullable=False),
        sa.Column('hours_per_week', sa.Integer(), nullable=False),
        sa.Column('schedule', sa.String(length=20), nullable=False),
        sa.Column('education_level', sa.String(length=30), nullable=True),
        sa.Column('experience_months', sa.Integer(), nullable=True),
        sa.Column('languages', sa.JSON(), nullable=False),
        sa.Column('duties', sa.Text(), nullable=True),
        sa.Column('measure_code', sa.String(length=40), nullable=True),
        sa.Column('quota_groups', sa.JSON(), nullable=False),
        sa.Column('opened_on', sa.Date(), nullable=False),
        sa.Column('closes_on', sa.Date(), nullable=True),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('status_on', sa.Date(), nullable=True),
        sa.Column('status_reason', sa.Text(), nullable=True),
        sa.Column('status_at', sa.DateTime(), nullable=True),
        sa.Column('status_by_id', sa.Integer(), nullable=True),
        sa.Column('external_id', sa.String(length=40), nullable=True),
        sa.Column('entered_at', sa.DateTime(), nullable=False),
        sa.Column('entered_by_id', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.CheckConstraint('places >= 1', name=op.f('ck_vacancy_vacancy_places')),
        sa.CheckConstraint('wage >= 0', name=op.f('ck_vacancy_vacancy_wage')),
        sa.CheckConstraint('hours_per_week BETWEEN 1 AND 60',
                           name=op.f('ck_vacancy_vacancy_hours')),
        sa.CheckConstraint('closes_on IS NULL OR closes_on >= opened_on',
                           name=op.f('ck_vacancy_vacancy_dates')),
        sa.CheckConstraint("status IN ('open', 'filled', 'closed', 'cancelled')",
                           name=op.f('ck_vacancy_vacancy_status')),
        sa.ForeignKeyConstraint(['organisation_id'], ['provider.id'],
                                name=op.f('fk_vacancy_organisation_id_provider')),
        sa.ForeignKeyConstraint(['occupation_code'], ['occupation.code'],
                                name=op.f('fk_vacancy_occupation_code_occupation')),
        sa.ForeignKeyConstraint(['region_id'], ['region.id'],
                                name=op.f('fk_vacancy_region_id_region')),
        sa.ForeignKeyConstraint(['district_id'], ['district.id'],
                                name=op.f('fk_vacancy_district_id_district')),
        sa.ForeignKeyConstraint(['measure_code'], ['measure.code'],
                                name=op.f('fk_vacancy_measure_code_measure')),
        sa.ForeignKeyConstraint(['status_by_id'], ['user.id'],
                                name=op.f('fk_vacancy_status_by_id_user')),
        sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'],
                                name=op.f('fk_vacancy_entered_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vacancy')),
        sa.UniqueConstraint('external_id', name=op.f('uq_vacancy_external_id')),
    )
    op.create_index('ix_vacancy_district_status', 'vacancy',
                    ['district_id', 'status', 'occupation_code'], unique=False)
    op.create_index('ix_vacancy_region_status', 'vacancy', ['region_id', 'status'],
                    unique=False)
    op.create_index('ix_vacancy_organisation', 'vacancy', ['organisation_id', 'status'],
                    unique=False)


def downgrade():
    op.drop_index('ix_vacancy_organisation', table_name='vacancy')
    op.drop_index('ix_vacancy_region_status', table_name='vacancy')
    op.drop_index('ix_vacancy_district_status', table_name='vacancy')
    op.drop_table('vacancy')
    with op.batch_alter_table('provider', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), nullable=True))
    # One kind back: the first in the register's order of those the organisation has.
    op.execute(
        "UPDATE provider SET kind = (SELECT kind FROM provider_kind WHERE provider_id = "
        "provider.id ORDER BY CASE kind WHEN 'employer' THEN 1 WHEN 'training' THEN 2 "
        "WHEN 'microfinance' THEN 3 WHEN 'grant_commission' THEN 4 ELSE 5 END LIMIT 1)")
    op.execute("UPDATE provider SET kind = 'employer' WHERE kind IS NULL")
    with op.batch_alter_table('provider', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(length=20), nullable=False)
        batch_op.drop_index('ix_provider_district')
        batch_op.drop_constraint(batch_op.f('fk_provider_district_id_district'),
                                 type_='foreignkey')
        batch_op.drop_column('deactivation_reason')
        batch_op.drop_column('deactivated_on')
        batch_op.drop_column('district_id')
        batch_op.drop_column('name_kk')
        batch_op.alter_column('name_search', type_=sa.String(length=300),
                              existing_type=sa.String(length=610), existing_nullable=False)
        batch_op.alter_column('legal_address', new_column_name='address',
                              existing_type=sa.String(length=300), existing_nullable=True)
        batch_op.alter_column('name_ru', new_column_name='name',
                              existing_type=sa.String(length=300), existing_nullable=False)
    op.drop_index('ix_provider_kind_kind', table_name='provider_kind')
    op.drop_table('provider_kind')
    op.drop_table('occupation')
