"""money totals: an allocation keeps what its open referrals commit and what was paid on its
open and closed referrals; a Roadmap project's typed "jobs created" and "funds used" become
progress entries

The allocation page and the funds-left check read the running totals of each allocation
instead of adding up every referral and payment; they are worked out here from the rows.

A project's jobs created and funds used are what its dated progress entries add up to. The
figures once typed on the project itself are not lost: where they are above what its entries
add up to, the difference becomes one entry with a reason, dated the day the project was last
saved (within the project's year: its first or last day when saved before or after it), of
which permanent jobs on a project of permanent jobs. Then the two columns go.

Revision ID: money_totals
Revises: trust_sessions
Create Date: 2026-12-07 07:00:00

"""
from datetime import date, datetime

from alembic import op
import sqlalchemy as sa


revision = 'money_totals'
down_revision = 'trust_sessions'
branch_labels = None
depends_on = None

OPEN = "('proposed', 'approved', 'referred', 'started')"
TOTALS = f"""
UPDATE allocation SET
  committed_kzt = COALESCE((SELECT SUM(r.amount_kzt) FROM referral r
                            WHERE r.allocation_id = allocation.id AND r.status IN {OPEN}), 0),
  paid_open_kzt = COALESCE((SELECT SUM(p.amount_kzt) FROM payment p
                            JOIN referral r ON r.id = p.referral_id
                            WHERE r.allocation_id = allocation.id AND r.status IN {OPEN}), 0),
  paid_closed_kzt = COALESCE((SELECT SUM(p.amount_kzt) FROM payment p
                              JOIN referral r ON r.id = p.referral_id
                              WHERE r.allocation_id = allocation.id
                                AND r.status NOT IN {OPEN}), 0)
"""
CARRIED = ("Перенесено из полей проекта, заполненных вручную (создано рабочих мест, освоено "
           "средств) / Жобаның қолмен толтырылған өрістерінен көшірілді")

project = sa.table(
    'roadmap_project', sa.column('id', sa.Integer), sa.column('region_id', sa.Integer),
    sa.column('district_id', sa.Integer), sa.column('year', sa.Integer),
    sa.column('jobs_kind', sa.String), sa.column('jobs_created', sa.Integer),
    sa.column('funds_used_kzt', sa.BigInteger), sa.column('updated_at', sa.DateTime),
    sa.column('updated_by_id', sa.Integer))
progress = sa.table(
    'project_progress', sa.column('id', sa.Integer), sa.column('project_id', sa.Integer),
    sa.column('on', sa.Date), sa.column('funds_used_kzt', sa.BigInteger),
    sa.column('jobs_created', sa.Integer), sa.column('permanent_jobs', sa.Integer),
    sa.column('reverses_id', sa.Integer), sa.column('reason', sa.Text),
    sa.column('region_id', sa.Integer), sa.column('district_id', sa.Integer),
    sa.column('entered_at', sa.DateTime), sa.column('entered_by_id', sa.Integer))


def _day(saved, year: int) -> date:
    """The day the typed figures were saved, within the project's year."""
    if isinstance(saved, str):  # (SQLite hands back text where the table is a plain one)
        saved = datetime.fromisoformat(saved)
    day = saved.date() if saved is not None else date(year, 12, 31)
    return min(max(day, date(year, 1, 1)), date(year, 12, 31))


def _carry_typed_figures(conn) -> None:
    reported = {pid: (int(funds or 0), int(jobs or 0)) for pid, funds, jobs in conn.execute(
        sa.select(progress.c.project_id, sa.func.sum(progress.c.funds_used_kzt),
                  sa.func.sum(progress.c.jobs_created)).group_by(progress.c.project_id))}
    typed = conn.execute(sa.select(project).where(
        (project.c.jobs_created > 0) | (project.c.funds_used_kzt > 0))).all()
    for row in typed:
        funds_before, jobs_before = reported.get(row.id, (0, 0))
        funds = max(int(row.funds_used_kzt or 0) - funds_before, 0)
        jobs = max(int(row.jobs_created or 0) - jobs_before, 0)
        if not (funds or jobs):
            continue  # its entries already hold as much
        conn.execute(progress.insert().values(
            project_id=row.id, on=_day(row.updated_at, row.year), funds_used_kzt=funds,
            jobs_created=jobs, permanent_jobs=jobs if row.jobs_kind == "permanent" else 0,
            reverses_id=None, reason=CARRIED, region_id=row.region_id,
            district_id=row.district_id, entered_at=row.updated_at or datetime.utcnow(),
            entered_by_id=row.updated_by_id))


def upgrade():
    with op.batch_alter_table('allocation', schema=None) as batch_op:
        for name in ('committed_kzt', 'paid_open_kzt', 'paid_closed_kzt'):
            batch_op.add_column(sa.Column(name, sa.BigInteger(), nullable=False,
                                          server_default='0'))
    op.execute(TOTALS)
    _carry_typed_figures(op.get_bind())
    with op.batch_alter_table('roadmap_project', schema=None) as batch_op:
        batch_op.drop_column('jobs_created')
        batch_op.drop_column('funds_used_kzt')


def downgrade():
    with op.batch_alter_table('roadmap_project', schema=None) as batch_op:
        batch_op.add_column(sa.Column('jobs_created', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('funds_used_kzt', sa.BigInteger(), nullable=False,
                                      server_default='0'))
    # the typed figures again: what the entries add up to; the carried-over entries go
    # (those no reversal names)
    for column in ('jobs_created', 'funds_used_kzt'):
        op.execute(f"UPDATE roadmap_project SET {column} = COALESCE((SELECT SUM("
                   f"project_progress.{column}) FROM project_progress WHERE "
                   "project_progress.project_id = roadmap_project.id), 0)")
    op.execute(progress.delete().where(
        progress.c.reverses_id.is_(None), progress.c.reason == CARRIED,
        ~progress.c.id.in_(sa.select(progress.c.reverses_id).where(
            progress.c.reverses_id.is_not(None)).scalar_subquery())))
    with op.batch_alter_table('allocation', schema=None) as batch_op:
        for name in ('paid_closed_kzt', 'paid_open_kzt', 'committed_kzt'):
            batch_op.drop_column(name)
