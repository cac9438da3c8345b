"""domain corrections: receiving regions of resettlement by date, a graduate's diploma date and
experience in the specialty, career centres whose head and phone are demo values

Revision ID: corrections_domain
Revises: money_projects
Create Date: 2026-12-07 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'corrections_domain'
down_revision = 'money_projects'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'resettlement_rate',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('group', sa.String(length=20), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('valid_from', sa.Date(), nullable=False),
        sa.Column('valid_to', sa.Date(), nullable=True),
        sa.Column('mci_per_member', sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('confidence', sa.String(length=20), nullable=False),
        sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from',
                           name=op.f('ck_resettlement_rate_resettlement_ends_after_start')),
        sa.CheckConstraint("\"group\" IN ('resettler', 'kandas')",
                           name=op.f('ck_resettlement_rate_resettlement_group')),
        sa.ForeignKeyConstraint(['region_id'], ['region.id'],
                                name=op.f('fk_resettlement_rate_region_id_region')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_resettlement_rate')),
        sa.UniqueConstraint('group', 'region_id', 'valid_from',
                            name='uq_resettlement_rate_start'),
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('graduated_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('specialty_experience_months', sa.Integer(),
                                      nullable=True))
    with op.batch_alter_table('career_centre', schema=None) as batch_op:
        batch_op.add_column(sa.Column('demo_contacts', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('career_centre', schema=None) as batch_op:
        batch_op.drop_column('demo_contacts')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('specialty_experience_months')
        batch_op.drop_column('graduated_on')
    op.drop_table('resettlement_rate')
