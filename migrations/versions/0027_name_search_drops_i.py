"""a search by name reads і and и as nothing: the folded order key of every name again

Revision ID: 0027
Revises: 0026
Create Date: 2026-11-28 05:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade():
    # "Абдрахманова" (as Russian documents write it) finds "Әбдірахманова": the key changed.
    from caseworker.domain.names import fold_key
    from caseworker.models.backfill import fill_person_name_key
    fill_person_name_key(op.get_bind(), 'name_fold', fold_key)


def downgrade():
    # the keys as the fold made them before (і read as и, neither dropped)
    from caseworker.domain.names import order_key
    from caseworker.models.backfill import fill_person_name_key
    before = str.maketrans("әғқңөұүһіёaeopcxykimthb", "агкноуухиеаеорсхукимтнв")
    fill_person_name_key(op.get_bind(), 'name_fold', lambda key: order_key(key.translate(before)))
