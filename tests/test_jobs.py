"""Background jobs with the queue run at once (the tests' mode): a large export becomes a job
with a page, a progress bar and a result file; who sees a job; results expire; a job that
fails, or whose worker stopped, is failed or started again, never half done."""
from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select, text as sql

from caseworker import audit, clock
from caseworker.extensions import db
from caseworker.jobs import files, kinds, operations
from caseworker.jobs.kinds import Outcome
from caseworker.jobs.tasks import submit
from caseworker.models import AuditEvent, AuditSeal, Job, Person
from tests import factories as f
from tests.conftest import csrf_from, login

KYZYLORDA, SHYMKENT = "430000000", "790000000"
ROLES_SEEING = {"cw": 200, "sup": 200, "cw2": 404, "sup.other": 404, "cw.sh": 404,
                "off": 404, "an": 404, "ad": 404}


def graduate(district, last="Жақсылықова"):
    born = date(clock.today().year - 24, 1, 15)
    return f.person(district, last=last, first="Мөлдір", sex="F", born=born,
                    graduation_year=clock.today().year - 1, experience_months=0,
                    education_level="higher")


@pytest.fixture
def world(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "FILES_DIR", str(tmp_path / "files"))
    monkeypatch.setitem(app.config, "EXPORT_JOB_ROWS", 2)
    with app.app_context():
        kz, sh = f.districts_of(KYZYLORDA), f.districts_of(SHYMKENT)
        for last in ("Жақсылықова", "Сейітова", "Омарова"):
            graduate(kz[0], last)
        graduate(sh[0], "Иванова")
        f.user("cw", "caseworker", kz[0])
        f.user("cw2", "caseworker", kz[0])
        f.user("sup", "supervisor", kz[0])
        f.user("sup.other", "supervisor", kz[1])
        f.user("cw.sh", "caseworker", sh[0])
        f.user("off", "regional_officer", region_kato=KYZYLORDA)
        f.user("an", "analyst")
        f.user("ad", "admin")
        db.session.commit()
    return tmp_path / "files"


def page(response) -> str:
    return response.get_data(as_text=True)


def export_job(client) -> int:
    login(client, "cw")
    response = client.get("/measures/youth_practice/candidates?format=csv")
    assert response.status_code == 303 and "/jobs/" in response.location
    return int(response.location.rstrip("/").rsplit("/", 1)[1])


def test_a_large_export_runs_as_a_job_and_its_result_downloads(app, client, world):
    job_id = export_job(client)
    shown = page(client.get(f"/jobs/{job_id}"))
    assert "Export of a measure&#39;s candidates" in shown and "Done" in shown
    assert "3 of 3" in shown and '<progress id="job-progress"' in shown
    assert "3 rows written." in shown and "Download the result" in shown
    assert "data-refresh" not in shown  # a finished job's page stays still
    response = client.get(f"/jobs/{job_id}/result")
    assert response.status_code == 200
    assert "candidates-youth_practice-" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(page(response).lstrip("\ufeff"))))
    assert rows[0][:2] == ["No.", "Last name"] and len(rows) == 4
    assert "Иванова" not in page(response)  # the scope of the user who asked
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert (job.state, job.done, job.total, job.errors) == ("done", 3, 3, 0)
        assert job.result_expires_at > clock.utcnow() + timedelta(hours=23)
        assert (world / job.result_path).stat().st_mode & 0o777 == 0o600
        actions = set(db.session.scalars(select(AuditEvent.action)))
        assert {"person.export", "job.start", "job.download"} <= actions
    assert "Export of a measure&#39;s candidates" in page(client.get("/jobs/"))


def test_a_small_export_is_still_streamed(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "EXPORT_JOB_ROWS", 3)
    login(client, "cw")
    response = client.get("/measures/youth_practice/candidates?format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    with app.app_context():
        assert db.session.scalar(select(func.count(Job.id))) == 0


def test_an_xlsx_export_as_a_job(app, client, world):
    login(client, "cw")
    response = client.get("/measures/youth_practice/candidates?format=xlsx")
    job_id = int(response.location.rsplit("/", 1)[1])
    from openpyxl import load_workbook
    sheet = load_workbook(io.BytesIO(client.get(f"/jobs/{job_id}/result").data)).active
    assert sheet.max_row == 4


@pytest.mark.parametrize("who,status", ROLES_SEEING.items())
def test_only_the_owner_and_their_supervisor_see_a_job(app, client, world, who, status):
    job_id = export_job(client)
    login(client, who)
    assert client.get(f"/jobs/{job_id}").status_code == status
    assert client.get(f"/jobs/{job_id}/result").status_code == status
    listed = page(client.get("/jobs/"))
    assert (f"/jobs/{job_id}\"" in listed) == (status == 200)


def test_a_missing_job_is_404_and_the_list_needs_a_login(client, world):
    assert client.get("/jobs/").status_code == 302
    login(client, "cw")
    assert client.get("/jobs/999999").status_code == 404
    assert client.get("/jobs/999999/result").status_code == 404


def test_an_expired_result_is_removed_and_says_so(app, client, world, monkeypatch):
    job_id = export_job(client)
    with app.app_context():
        stored = world / db.session.get(Job, job_id).result_path
    assert stored.exists()
    later = clock.utc_now() + timedelta(hours=25)
    monkeypatch.setattr(clock, "utc_now", lambda: later)
    login(client, "cw")  # a day later: the session has ended by itself, a new one
    assert client.get(f"/jobs/{job_id}/result").status_code == 410  # expired, not yet swept
    with app.app_context():
        assert operations.remove_expired() == 1
        db.session.commit()
        assert db.session.get(Job, job_id).result_path is None
    assert not stored.exists()
    response = client.get(f"/jobs/{job_id}/result")
    assert response.status_code == 410 and "has been removed" in page(response)
    assert "has been removed" in page(client.get(f"/jobs/{job_id}"))


def test_stray_files_of_a_dead_worker_are_swept(app, world):
    with app.app_context():
        with files.writing(1, ".csv") as (out, name):
            out.write(b"left behind")
        old = (datetime.now(timezone.utc) - timedelta(days=3)).timestamp()
        os.utime(world / name, (old, old))
        operations.remove_expired()
        assert not (world / name).exists()


def _start(app, kind: str, user_login: str = "cw") -> int:
    return f.start_job(app, kind, user_login)


def test_a_failing_job_is_failed_with_its_reason_and_keeps_nothing(app, world, monkeypatch):
    def boom(job, progress):
        audit.record("test.half_done", "job", job.id)
        db.session.flush()
        raise RuntimeError("the file server is away")
    monkeypatch.setitem(kinds.KINDS, "test.boom", kinds.Kind("test.boom", "Boom", boom))
    job_id = _start(app, "test.boom")
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job.state == "failed" and job.finished_at is not None
        assert "RuntimeError: the file server is away" in job.message
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "test.half_done")) is None


def _written(job, progress):
    progress(1, total=1)
    with files.writing(job.id, ".txt") as (out, name):
        out.write(b"ok\n")
    return Outcome("written", name, "result.txt")


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_job_whose_worker_died_is_started_again_or_failed(app, world, monkeypatch):
    monkeypatch.setitem(kinds.KINDS, "test.write", kinds.Kind("test.write", "W", _written))
    host, dead = socket.gethostname(), _dead_pid()
    now = clock.utcnow()
    with app.app_context():
        left = [Job(kind="test.write", state="running", params={"locale": "en"}, done=5,
                    total=10, errors=1, attempts=attempts, worker=worker, heartbeat_at=beat)
                for attempts, worker, beat in (
                    (1, f"{host}:{dead}", now),                   # this machine, process gone
                    (2, f"{host}:{dead}", now),                   # and out of attempts
                    (1, "elsewhere:1", now - timedelta(hours=2)),  # silent for too long
                    (1, "elsewhere:1", now),                      # still reporting
                    (1, f"{host}:{os.getpid()}", now - timedelta(hours=2)))]  # alive here
        db.session.add_all(left)
        db.session.commit()
        ids = [j.id for j in left]
        again = operations.recover()
        db.session.commit()
        assert again == [ids[0], ids[2]]
        for job_id in again:
            submit(job_id)
        db.session.expire_all()
        states = [db.session.get(Job, i) for i in ids]
        assert [j.state for j in states] == ["done", "failed", "done", "running", "running"]
        assert states[0].attempts == 2 and states[0].done == 1 and states[0].errors == 0
        assert "stopped before the end" in states[1].message


def test_an_attempt_that_lost_its_job_keeps_nothing(app, world, monkeypatch):
    monkeypatch.setitem(kinds.KINDS, "test.write", kinds.Kind("test.write", "W", _written))
    with app.app_context():
        job = Job(kind="test.write", state="queued", params={"locale": "en"}, done=0,
                  errors=0, attempts=0)
        db.session.add(job)
        db.session.commit()
        attempt = operations.claim(job.id)
        assert attempt == 1 and operations.claim(job.id) is None  # delivered twice: runs once
        with files.writing(job.id, ".txt") as (out, name):
            out.write(b"late")
        db.session.execute(sql("UPDATE job SET state = 'queued' WHERE id = :id"), {"id": job.id})
        db.session.commit()  # given up as stopped meanwhile
        assert not operations.finish(job.id, attempt, Outcome("late", name, "late.txt"))
        assert files.path_of(name) is None
        assert db.session.get(Job, job.id).state == "queued"


def test_an_admin_runs_the_seal_as_a_job(app, client, world):
    with app.app_context():
        audit.record("test.event")
        db.session.commit()
    login(client, "ad")
    schedule_page = client.get("/jobs/schedule")
    assert schedule_page.status_code == 200
    token = csrf_from(page(schedule_page))
    response = client.post("/jobs/start/audit.seal", data={"csrf_token": token})
    assert response.status_code == 303
    shown = page(client.get(response.location))
    assert "Seal the audit log" in shown and "audit events sealed." in shown
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditSeal.event_id))) >= 1
    assert client.post("/jobs/start/nothing", data={"csrf_token": token}).status_code == 404


@pytest.mark.parametrize("who", ["cw", "sup", "off", "an"])
def test_only_admins_see_the_schedule_and_start_maintenance(client, world, who):
    login(client, who)
    assert client.get("/jobs/schedule").status_code == 403
    token = csrf_from(page(client.get("/jobs/")))
    assert client.post("/jobs/start/audit.seal", data={"csrf_token": token}).status_code == 403


def test_the_facts_check_as_a_job_lists_what_differs(app, client, world):
    with app.app_context():
        person_id = db.session.scalar(select(Person.id).limit(1))
        db.session.execute(sql("UPDATE person SET open_referrals = 7 WHERE id = :id"),
                           {"id": person_id})
        db.session.commit()
    login(client, "ad")
    token = csrf_from(page(client.get("/jobs/schedule")))
    response = client.post("/jobs/start/casework.facts.check", data={"csrf_token": token})
    job_id = int(response.location.rsplit("/", 1)[1])
    shown = page(client.get(f"/jobs/{job_id}"))
    assert "The casework facts of 1 persons differ" in shown
    assert page(client.get(f"/jobs/{job_id}/result")).strip() == f"person {person_id}"
    with app.app_context():
        assert db.session.get(Job, job_id).errors == 1


def test_a_running_job_page_reloads_itself_and_shows_its_progress(app, client, world):
    with app.app_context():
        from caseworker.models import User
        owner = db.session.scalar(select(User).where(User.login == "cw"))
        job = Job(kind="export.candidates", user_id=owner.id, state="running",
                  params={"locale": "en"}, done=250, total=1000, errors=3, attempts=1)
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    login(client, "cw")
    shown = page(client.get(f"/jobs/{job_id}"))
    assert 'data-refresh="3"' in shown and "js/job.js" in shown
    assert 'max="1000" value="250"' in shown and "250 of 1,000" in shown
    assert "(25%)" in shown and "Errors so far" in shown and "Reload now" in shown
    assert client.get(f"/jobs/{job_id}/result").status_code == 410


def test_a_queue_that_cannot_take_a_job_fails_it(app, world, monkeypatch):
    from caseworker.jobs import tasks

    def refuse(_job_id):
        raise ConnectionError("redis is away")
    monkeypatch.setattr(tasks, "run_job", refuse)
    monkeypatch.setitem(kinds.KINDS, "test.write", kinds.Kind("test.write", "W", _written))
    job_id = _start(app, "test.write")
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job.state == "failed" and "could not be put on the queue" in job.message


def test_files_refuse_names_that_are_not_theirs(app, world):
    with app.app_context():
        Path(world).mkdir(parents=True, exist_ok=True)
        (world / "secret.txt").write_text("no")
        assert files.path_of("secret.txt") is None
        assert files.path_of("../secret.txt") is None
        assert files.path_of("") is None
