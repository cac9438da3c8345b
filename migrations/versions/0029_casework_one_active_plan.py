"""employment plans: closed on a day; at most one active plan per person

Revision ID: casework_one_active_plan
Revises: 0028
Create Date: 2026-11-28 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'casework_one_active_plan'
down_revision = '0028'
branch_labels = None
depends_on = None

ACTIVE = sa.text('closed_on IS NULL')


def upgrade():
    with op.batch_alter_table('employment_plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_on', sa.Date(), nullable=True))
    # Two first plans saved at the same moment made two plans of one person: the last one
    # saved stays active, an earlier one is closed as replaced by it, on the day it was agreed;
    # its steps are no longer anyone's next action.
    plan = sa.table('employment_plan', sa.column('id', sa.Integer),
                    sa.column('person_id', sa.Integer), sa.column('agreed_on', sa.Date),
                    sa.column('closed_on', sa.Date))
    last = plan.alias('last')
    replaced = sa.exists().where(last.c.person_id == plan.c.person_id, last.c.id > plan.c.id)
    conn = op.get_bind()
    persons = sorted(set(conn.scalars(sa.select(plan.c.person_id).where(replaced))))
    if persons:
        conn.execute(plan.update().where(replaced).values(
            closed_on=sa.select(last.c.agreed_on).where(last.c.person_id == plan.c.person_id)
            .order_by(last.c.id.desc()).limit(1).scalar_subquery()))
        from caseworker.casework.facts import refresh
        refresh(conn, persons, columns=('next_due_on',), voids=False)
    op.create_index('uq_employment_plan_active', 'employment_plan', ['person_id'],
                    unique=True, sqlite_where=ACTIVE, postgresql_where=ACTIVE)


def downgrade():
    op.drop_index('uq_employment_plan_active', table_name='employment_plan',
                  sqlite_where=ACTIVE, postgresql_where=ACTIVE)
    with op.batch_alter_table('employment_plan', schema=None) as batch_op:
        batch_op.drop_column('closed_on')
