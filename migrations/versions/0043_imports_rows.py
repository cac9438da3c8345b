"""imports: the external id of each imported history row, per district and kind

Revision ID: imports_rows
Revises: corrections_domain
Create Date: 2026-12-07 03:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'imports_rows'
down_revision = 'corrections_domain'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'imported_row',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('district_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('external_id', sa.String(length=100), nullable=False),
        sa.Column('record_id', sa.BigInteger(), nullable=True),
        sa.Column('job_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
        sa.Column('imported_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['district_id'], ['district.id'],
                                name=op.f('fk_imported_row_district_id_district')),
        sa.ForeignKeyConstraint(['job_id'], ['job.id'], name=op.f('fk_imported_row_job_id_job')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_row')),
    )
    op.create_index('ix_imported_row_external', 'imported_row',
                    ['district_id', 'kind', 'external_id'], unique=True)


def downgrade():
    op.drop_index('ix_imported_row_external', table_name='imported_row')
    op.drop_table('imported_row')
