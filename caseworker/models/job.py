"""Background work: a job a user started (its progress and result file), and the runs of the
schedule (which periodic task ran for which due time, and how it ended)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.extensions import db
from caseworker.models.types import BigId, utcnow
from caseworker.models.user import User

JOB_STATES = ("queued", "running", "done", "failed")


class Job(db.Model):
    """One unit of background work. The worker writes what the job changes and its `done`
    state in one transaction at the end; progress (done of total, errors so far) is written
    on the side while it runs. A job whose worker died is queued again or failed
    (`caseworker.jobs.operations.recover`), never left half done."""
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    state: Mapped[str] = mapped_column(String(10), default="queued")
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int | None] = mapped_column(Integer)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text)
    # the message as its words and values (caseworker.spoken), said in the reader's language;
    # None: `message` is all there is (a text of the worker, or a job of an earlier version)
    message_said: Mapped[dict | None] = mapped_column(JSON)
    # host:pid of the worker running it, and when it last said it was alive
    worker: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    # the result: a file under CASEWORKER_FILES_DIR, kept until it expires
    result_path: Mapped[str | None] = mapped_column(String(300))
    result_name: Mapped[str | None] = mapped_column(String(200))
    result_expires_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User | None] = relationship()

    __table_args__ = (Index("ix_job_user_created", "user_id", "created_at"),
                      Index("ix_job_state", "state"))

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    @property
    def percent(self) -> int | None:
        if not self.total:
            return 100 if self.state == "done" else None
        return min(100, self.done * 100 // self.total)


class ScheduledRun(db.Model):
    """One run of a periodic task for one due time: unique, so that two schedulers (two
    machines) never run the same slot twice."""
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    task: Mapped[str] = mapped_column(String(40))
    due_at: Mapped[datetime] = mapped_column(DateTime)  # UTC, the slot it ran for
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    outcome: Mapped[str] = mapped_column(String(10), default="running")  # ok|mismatch|failed
    message: Mapped[str | None] = mapped_column(Text)
    # the message's first line as its words and values (caseworker.spoken), said in the
    # reader's language; None: `message` is all there is (a failure, or an earlier run)
    message_said: Mapped[dict | None] = mapped_column(JSON)

    __table_args__ = (Index("ix_scheduled_run_slot", "task", "due_at", unique=True),)
