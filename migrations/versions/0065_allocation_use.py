"""allocation use: the places each allocation's referrals use, kept by the database as rows of
+1 and -1 that triggers on referral add (the person's page and the allocation pages add them
up instead of counting the referrals)

Revision ID: allocation_use
Revises: summary_region_rows
Create Date: 2026-12-07 22:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'allocation_use'
down_revision = 'summary_region_rows'
branch_labels = None
depends_on = None

# The statuses in which a referral uses a place, as they were when the triggers were made
# (the app's `USING_STATUSES` may change later; a change needs a migration of its own).
USING = "('approved', 'referred', 'started', 'completed')"


def _uses(of: str) -> str:
    return f"{of}.allocation_id IS NOT NULL AND {of}.status IN {USING}"


# Two rows at most: -1 for the allocation the referral used a place of, +1 for the one it
# uses now; none for a step between two using statuses of the same allocation.
CHANGED = (f"({_uses('OLD')}) IS DISTINCT FROM ({_uses('NEW')}) OR "
           f"(({_uses('OLD')}) AND OLD.allocation_id IS DISTINCT FROM NEW.allocation_id)")


def _row(of: str, n: int) -> str:
    return f"INSERT INTO allocation_use (allocation_id, n) VALUES ({of}.allocation_id, {n});"


POSTGRESQL = [
    f"""CREATE FUNCTION allocation_used() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF {_uses('OLD')} THEN
            {_row('OLD', -1)}
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        IF {_uses('NEW')} THEN
            {_row('NEW', 1)}
        END IF;
    END IF;
    RETURN NULL;
END $$""",
    f"CREATE TRIGGER allocation_used AFTER INSERT ON referral FOR EACH ROW "
    f"WHEN ({_uses('NEW')}) EXECUTE FUNCTION allocation_used()",
    f"CREATE TRIGGER allocation_used_gone AFTER DELETE ON referral FOR EACH ROW "
    f"WHEN ({_uses('OLD')}) EXECUTE FUNCTION allocation_used()",
    f"CREATE TRIGGER allocation_used_change AFTER UPDATE OF status, allocation_id ON referral "
    f"FOR EACH ROW WHEN ({CHANGED}) EXECUTE FUNCTION allocation_used()",
]


def _row_if(of: str, n: int) -> str:
    return (f"INSERT INTO allocation_use (allocation_id, n) "
            f"SELECT {of}.allocation_id, {n} WHERE {_uses(of)};")


SQLITE = [
    f"CREATE TRIGGER allocation_used AFTER INSERT ON referral WHEN {_uses('NEW')} "
    f"BEGIN {_row('NEW', 1)} END",
    f"CREATE TRIGGER allocation_used_gone AFTER DELETE ON referral WHEN {_uses('OLD')} "
    f"BEGIN {_row('OLD', -1)} END",
    "CREATE TRIGGER allocation_used_change AFTER UPDATE OF status, allocation_id ON referral "
    f"WHEN {CHANGED.replace('IS DISTINCT FROM', 'IS NOT')} "
    f"BEGIN {_row_if('OLD', -1)} {_row_if('NEW', 1)} END",
]


def upgrade():
    op.create_table(
        'allocation_use',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('allocation_id', sa.Integer(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['allocation_id'], ['allocation.id'],
                                name=op.f('fk_allocation_use_allocation_id_allocation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_allocation_use')),
    )
    op.create_index('ix_allocation_use_allocation', 'allocation_use', ['allocation_id', 'n'],
                    unique=False)
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL if postgresql else SQLITE:
        op.execute(statement)
    op.execute("INSERT INTO allocation_use (allocation_id, n) SELECT allocation_id, count(*) "
               f"FROM referral WHERE {_uses('referral')} GROUP BY allocation_id")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name in ("allocation_used_change", "allocation_used_gone", "allocation_used"):
            op.execute(f"DROP TRIGGER {name} ON referral")
        op.execute("DROP FUNCTION allocation_used()")
    else:
        for name in ("allocation_used", "allocation_used_gone", "allocation_used_change"):
            op.execute(f"DROP TRIGGER {name}")
    op.drop_index('ix_allocation_use_allocation', table_name='allocation_use')
    op.drop_table('allocation_use')
