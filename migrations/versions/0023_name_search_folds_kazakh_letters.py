"""a search by name folds Kazakh letters: the folded order key of every name

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-27 22:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_fold', sa.String(length=2800), nullable=True))
        # nothing reads the casefolded names by their text any more
        batch_op.drop_index('ix_person_district_name')
        batch_op.drop_index('ix_person_name_search')
    _fill()
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.alter_column('name_fold', existing_type=sa.String(length=2800), nullable=False)
        batch_op.create_index('ix_person_district_fold', ['district_id', 'name_fold'], unique=False)
        batch_op.create_index('ix_person_name_fold', ['name_fold'], unique=False)
        batch_op.create_index('ix_person_region_fold', ['region_id', 'name_fold'], unique=False)


def _fill() -> None:
    """The folded order key of every person registered so far."""
    from caseworker.domain.names import fold_key
    from caseworker.models.backfill import fill_person_name_key
    fill_person_name_key(op.get_bind(), 'name_fold', fold_key)


def downgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index('ix_person_region_fold')
        batch_op.drop_index('ix_person_name_fold')
        batch_op.drop_index('ix_person_district_fold')
        batch_op.drop_column('name_fold')
        batch_op.create_index('ix_person_name_search', ['name_search'], unique=False,
                              postgresql_ops={'name_search': 'text_pattern_ops'})
        batch_op.create_index('ix_person_district_name', ['district_id', 'name_search'],
                              unique=False, postgresql_ops={'name_search': 'text_pattern_ops'})
