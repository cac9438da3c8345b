"""Roadmap projects' progress entries; the funds rule of a measure's version

A project reports funds used and jobs created (of which permanent) on a date, entry by entry;
a mistaken entry is reversed by one that names it, with a reason. The indicator summary holds
figures of a whole region (a project of no one district): its district may be empty. A
measure's version says whether a referral over the funds left may be made with a
supervisor's reason ("approval") or never ("refuse"). The summary gains an index by
indicator and region (a region's money by month).

Revision ID: money_projects
Revises: api_idempotency
Create Date: 2026-12-07 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'money_projects'
down_revision = 'api_idempotency'
branch_labels = None
depends_on = None

REFUSE = ('state_grant', 'microcredit', 'resettlement')


def upgrade():
    op.create_table(
        'project_progress',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('on', sa.Date(), nullable=False),
        sa.Column('funds_used_kzt', sa.BigInteger(), nullable=False),
        sa.Column('jobs_created', sa.Integer(), nullable=False),
        sa.Column('permanent_jobs', sa.Integer(), nullable=False),
        sa.Column('reverses_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('district_id', sa.Integer(), nullable=True),
        sa.Column('entered_at', sa.DateTime(), nullable=False),
        sa.Column('entered_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint(
            '(reverses_id IS NULL AND funds_used_kzt >= 0 AND jobs_created >= 0 '
            'AND permanent_jobs >= 0 AND permanent_jobs <= jobs_created) OR '
            '(reverses_id IS NOT NULL AND funds_used_kzt <= 0 AND jobs_created <= 0 '
            'AND permanent_jobs <= 0 AND reason IS NOT NULL)',
            name=op.f('ck_project_progress_figures')),
        sa.ForeignKeyConstraint(['district_id'], ['district.id'],
                                name=op.f('fk_project_progress_district_id_district')),
        sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'],
                                name=op.f('fk_project_progress_entered_by_id_user')),
        sa.ForeignKeyConstraint(['project_id'], ['roadmap_project.id'],
                                name=op.f('fk_project_progress_project_id_roadmap_project')),
        sa.ForeignKeyConstraint(['region_id'], ['region.id'],
                                name=op.f('fk_project_progress_region_id_region')),
        sa.ForeignKeyConstraint(['reverses_id'], ['project_progress.id'],
                                name=op.f('fk_project_progress_reverses_id_project_progress')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_project_progress')),
        sa.UniqueConstraint('reverses_id', name=op.f('uq_project_progress_reverses_id')),
    )
    op.create_index('ix_project_progress_project', 'project_progress', ['project_id', 'on'])
    op.create_index('ix_project_progress_place', 'project_progress', ['region_id', 'on'])
    with op.batch_alter_table('indicator_day', schema=None) as batch_op:
        batch_op.alter_column('district_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index('ix_indicator_day_region',
                              ['indicator_code', 'region_id', 'year', 'grain', 'day'])
    with op.batch_alter_table('measure_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('over_funds', sa.String(length=10), nullable=False,
                                      server_default='approval'))
    version = sa.table('measure_version', sa.column('measure_code'), sa.column('over_funds'))
    op.execute(version.update().where(version.c.measure_code.in_(REFUSE))
               .values(over_funds='refuse'))


def downgrade():
    with op.batch_alter_table('measure_version', schema=None) as batch_op:
        batch_op.drop_column('over_funds')
    op.execute("DELETE FROM indicator_day WHERE district_id IS NULL")
    with op.batch_alter_table('indicator_day', schema=None) as batch_op:
        batch_op.drop_index('ix_indicator_day_region')
        batch_op.alter_column('district_id', existing_type=sa.Integer(), nullable=False)
    op.drop_index('ix_project_progress_place', table_name='project_progress')
    op.drop_index('ix_project_progress_project', table_name='project_progress')
    op.drop_table('project_progress')
