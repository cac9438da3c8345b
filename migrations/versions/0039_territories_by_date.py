"""territories by date: regions and districts carry their first and last day; a district's
region by date; earlier names and KATO codes of regions and districts

Each district gets one membership, open at both ends, in the region it has now: the loader
(`flask load-reference`) replaces it with the dated history of the reference data.

Revision ID: territories
Revises: trust_user_version
Create Date: 2026-12-07 03:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'territories'
down_revision = 'trust_user_version'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('district_region',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('confidence', sa.String(length=20), nullable=True),
    sa.CheckConstraint('valid_from IS NULL OR valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_district_region_ends_after_start')),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_district_region_district_id_district')),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_district_region_region_id_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_district_region')),
    sa.UniqueConstraint('district_id', 'valid_from', name='uq_district_region_start')
    )
    with op.batch_alter_table('district_region', schema=None) as batch_op:
        batch_op.create_index('ix_district_region_day', ['valid_from', 'valid_to'], unique=False)
        batch_op.create_index(batch_op.f('ix_district_region_region_id'), ['region_id'], unique=False)

    op.create_table('territory_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kato', sa.String(length=9), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('confidence', sa.String(length=20), nullable=True),
    sa.CheckConstraint('(region_id IS NULL) <> (district_id IS NULL)', name=op.f('ck_territory_code_one_unit')),
    sa.CheckConstraint('valid_from IS NULL OR valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_territory_code_ends_after_start')),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_territory_code_district_id_district')),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_territory_code_region_id_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_territory_code'))
    )
    with op.batch_alter_table('territory_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_territory_code_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_territory_code_kato'), ['kato'], unique=False)
        batch_op.create_index(batch_op.f('ix_territory_code_region_id'), ['region_id'], unique=False)

    op.create_table('territory_name',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('confidence', sa.String(length=20), nullable=True),
    sa.Column('name_kk', sa.String(length=200), nullable=False),
    sa.Column('name_ru', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.CheckConstraint('(region_id IS NULL) <> (district_id IS NULL)', name=op.f('ck_territory_name_one_unit')),
    sa.CheckConstraint('valid_from IS NULL OR valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_territory_name_ends_after_start')),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_territory_name_district_id_district')),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_territory_name_region_id_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_territory_name'))
    )
    with op.batch_alter_table('territory_name', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_territory_name_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_territory_name_region_id'), ['region_id'], unique=False)

    with op.batch_alter_table('district', schema=None) as batch_op:
        batch_op.add_column(sa.Column('valid_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('valid_to', sa.Date(), nullable=True))

    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.add_column(sa.Column('valid_to', sa.Date(), nullable=True))

    op.execute(sa.text(
        "INSERT INTO district_region (district_id, region_id, source) "
        "SELECT id, region_id, 'as the district stood when territories were dated' FROM district"))


def downgrade():
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.drop_column('valid_to')

    with op.batch_alter_table('district', schema=None) as batch_op:
        batch_op.drop_column('valid_to')
        batch_op.drop_column('valid_from')

    with op.batch_alter_table('territory_name', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_territory_name_region_id'))
        batch_op.drop_index(batch_op.f('ix_territory_name_district_id'))

    op.drop_table('territory_name')
    with op.batch_alter_table('territory_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_territory_code_region_id'))
        batch_op.drop_index(batch_op.f('ix_territory_code_kato'))
        batch_op.drop_index(batch_op.f('ix_territory_code_district_id'))

    op.drop_table('territory_code')
    with op.batch_alter_table('district_region', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_district_region_region_id'))
        batch_op.drop_index('ix_district_region_day')

    op.drop_table('district_region')
