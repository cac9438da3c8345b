"""person counts: how many persons each district has in each status, kept by the database as
rows of +1 and -1 that triggers on person add (the home pages add them up instead of counting
every person)

Revision ID: person_counts
Revises: schedule_said
Create Date: 2026-12-07 19:05:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'person_counts'
down_revision = 'schedule_said'
branch_labels = None
depends_on = None

COLUMNS = "region_id, district_id, status, n"
CHANGED = ("OLD.status IS DISTINCT FROM NEW.status OR OLD.district_id IS DISTINCT FROM "
           "NEW.district_id OR OLD.region_id IS DISTINCT FROM NEW.region_id")

POSTGRESQL = [
    f"""CREATE FUNCTION person_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO person_count ({COLUMNS})
        VALUES (OLD.region_id, OLD.district_id, OLD.status, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO person_count ({COLUMNS})
        VALUES (NEW.region_id, NEW.district_id, NEW.status, 1);
    END IF;
    RETURN NULL;
END $$""",
    "CREATE TRIGGER person_counted AFTER INSERT OR DELETE ON person "
    "FOR EACH ROW EXECUTE FUNCTION person_counted()",
    "CREATE TRIGGER person_counted_change AFTER UPDATE OF status, district_id, region_id "
    f"ON person FOR EACH ROW WHEN ({CHANGED}) EXECUTE FUNCTION person_counted()",
]


def _row(of: str, n: int) -> str:
    return (f"INSERT INTO person_count ({COLUMNS}) "
            f"VALUES ({of}.region_id, {of}.district_id, {of}.status, {n});")


SQLITE = [
    f"CREATE TRIGGER person_counted AFTER INSERT ON person BEGIN {_row('NEW', 1)} END",
    f"CREATE TRIGGER person_counted_gone AFTER DELETE ON person BEGIN {_row('OLD', -1)} END",
    "CREATE TRIGGER person_counted_change AFTER UPDATE OF status, district_id, region_id "
    f"ON person WHEN {CHANGED.replace('IS DISTINCT FROM', 'IS NOT')} "
    f"BEGIN {_row('OLD', -1)} {_row('NEW', 1)} END",
]


def upgrade():
    op.create_table(
        'person_count',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('district_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_person_count')),
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL if postgresql else SQLITE:
        op.execute(statement)
    op.execute(f"INSERT INTO person_count ({COLUMNS}) SELECT region_id, district_id, status, "
               "count(*) FROM person GROUP BY region_id, district_id, status")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER person_counted_change ON person")
        op.execute("DROP TRIGGER person_counted ON person")
        op.execute("DROP FUNCTION person_counted()")
    else:
        for name in ("person_counted", "person_counted_gone", "person_counted_change"):
            op.execute(f"DROP TRIGGER {name}")
    op.drop_table('person_count')
