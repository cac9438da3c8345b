"""The doors of an import: the page (upload, the job's page with its progress and bad rows,
the templates), the API (start, follow, templates) and `flask import`; a job that stops
half-way keeps nothing."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from caseworker.api import tokens
from caseworker.extensions import db
from caseworker.imports import columns, operations
from caseworker.models import Interaction, Job, Person, User
from tests.conftest import csrf_from, login
from tests.imports import world as w


@pytest.fixture
def doors(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "FILES_DIR", str(tmp_path / "files"))
    with app.app_context():
        made = w.world()
        secrets = {name: tokens.create(made[name], "test")[1] for name in ("sup", "off", "cw")}
        files = w.history(2, made["provider"].id)
        db.session.commit()
        return {"files": files, "secrets": secrets, "provider": made["provider"].id}


def persons(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Person))


def upload(client, files: dict[str, bytes], check_only=False):
    page = client.get("/imports/")
    data = {"csrf_token": csrf_from(page.get_data(as_text=True)),
            "files": [(io.BytesIO(body), name) for name, body in files.items()]}
    if check_only:
        data["check_only"] = "y"
    return client.post("/imports/", data=data, content_type="multipart/form-data",
                       follow_redirects=True)


def test_a_supervisor_imports_through_the_page_and_sees_the_outcome(app, client, doors):
    login(client, "sup")
    page = upload(client, doors["files"])
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Imported: 12 rows written" in text
    assert persons(app) == 2
    again = upload(client, doors["files"]).get_data(as_text=True)
    assert "Nothing changed: all 12 rows were imported before." in again
    assert persons(app) == 2


def test_the_page_lists_the_bad_rows_and_the_report_downloads(app, client, doors):
    login(client, "sup")
    files = dict(doors["files"])
    files["persons.csv"] = files["persons.csv"].replace(b"written", b"handshake", 1)
    page = upload(client, files)
    text = page.get_data(as_text=True)
    assert "nothing was written" in text and "consent_basis" in text and "handshake" in text
    assert persons(app) == 0
    with app.app_context():
        job = db.session.scalar(select(Job).order_by(Job.id.desc()))
        job_id, errors = job.id, job.errors
    assert errors >= 1 and f"/imports/{job_id}/report.csv" in text
    report = client.get(f"/imports/{job_id}/report.csv")
    assert report.status_code == 200
    body = report.get_data(as_text=True)
    assert body.startswith("\ufeffFile,Line,Column,Value,Code,Reason")
    assert "persons.csv,2,consent_basis,handshake,validation_error" in body


def test_the_report_speaks_the_users_language(app, client, doors):
    login(client, "sup")
    client.post("/language", data={"csrf_token": csrf_from(client.get("/").get_data(
        as_text=True)), "lang": "ru"})
    files = {"persons.csv": w.table("persons", [w.person_row(0, registered_on="0001-01-01")])}
    text = upload(client, files).get_data(as_text=True)
    assert "Дата раньше 2015" in text


def language(client, lang: str) -> None:
    client.post("/language", data={"csrf_token": csrf_from(client.get("/").get_data(
        as_text=True)), "lang": lang})


def test_the_report_speaks_the_language_of_whoever_reads_it(app, client, doors):
    """Started in Russian, read in English: the report keeps codes and parameters, and each
    reader reads the reasons (a refusal of the catalogue, a message with a value, the form's
    own words) in their own language."""
    login(client, "sup")
    language(client, "ru")
    rows = [w.person_row(0, registered_on="0001-01-01"),
            w.person_row(1, consent_basis="handshake"), w.person_row(1)]
    page = upload(client, {"persons.csv": w.table("persons", rows)}).get_data(as_text=True)
    assert "Дата раньше 2015" in page
    with app.app_context():
        job_id = db.session.scalar(select(Job.id).order_by(Job.id.desc()))
    language(client, "en")
    english = client.get(f"/imports/{job_id}/report.csv").get_data(as_text=True)
    assert "A date before 2015" in english and "(line 3)" in english
    assert "Not a valid choice" in english and "Дата раньше" not in english
    assert "A date before 2015" in client.get(f"/imports/{job_id}").get_data(as_text=True)
    language(client, "kk")
    kazakh = client.get(f"/imports/{job_id}/report.csv").get_data(as_text=True)
    assert "A date before" not in kazakh and "Дата раньше" not in kazakh


def test_a_regional_officer_may_only_check(app, client, doors):
    login(client, "off")
    page = client.get("/imports/").get_data(as_text=True)
    assert "nothing is written" in page and 'name="check_only"' not in page
    files = dict(doors["files"])
    with app.app_context():
        district = db.session.get(User, db.session.scalar(
            select(User.id).where(User.login == "sup"))).district
        kato = district.kato
    files["persons.csv"] = w.table("persons", [w.person_row(n, district_id=kato)
                                               for n in range(2)])
    text = upload(client, files).get_data(as_text=True)
    assert "Checked, nothing written: all 12 rows can be imported" in text
    assert persons(app) == 0


def test_a_caseworker_has_no_import(client, doors):
    login(client, "cw")
    assert client.get("/imports/").status_code == 403


def test_no_file_chosen_is_said_beside_the_field(client, doors):
    login(client, "sup")
    page = client.get("/imports/")
    answer = client.post("/imports/", data={"csrf_token": csrf_from(page.get_data(
        as_text=True))}, content_type="multipart/form-data")
    assert answer.status_code == 200 and "Choose at least one file." in answer.get_data(
        as_text=True)


@pytest.mark.parametrize("kind", list(columns.KINDS))
def test_each_template_downloads_from_the_page_and_the_api(client, doors, kind):
    auth = {"Authorization": f"Bearer {doors['secrets']['sup']}"}
    by_api = client.get(f"/api/v1/imports/templates/{kind}.csv", headers=auth)
    login(client, "sup")
    by_page = client.get(f"/imports/templates/{kind}.csv")
    assert by_api.status_code == by_page.status_code == 200
    assert by_api.get_data() == by_page.get_data()
    assert by_page.get_data(as_text=True).lstrip("\ufeff").strip().split(",") == \
        columns.names(kind)


def test_the_api_starts_an_import_and_follows_it(app, client, doors):
    auth = {"Authorization": f"Bearer {doors['secrets']['sup']}"}
    data = {"files": [(io.BytesIO(body), name) for name, body in doors["files"].items()]}
    started = client.post("/api/v1/imports", data=data, headers=auth,
                          content_type="multipart/form-data")
    assert started.status_code == 202, started.get_data(as_text=True)
    body = started.get_json()
    assert body["state"] == "done" and body["check_only"] is False and body["problems"] == []
    shown = client.get(f"/api/v1/imports/{body['id']}", headers=auth).get_json()
    assert shown["done"] == shown["total"] == 12 and "Imported" in shown["message"]
    assert persons(app) == 2


def test_the_api_lists_the_bad_rows_and_an_officer_may_only_check(app, client, doors):
    auth = {"Authorization": f"Bearer {doors['secrets']['off']}"}
    files = {"persons.csv": w.table("persons", [w.person_row(0, iin="9005 17301008")])}
    refused = client.post("/api/v1/imports", headers=auth, content_type="multipart/form-data",
                          data={"files": [(io.BytesIO(files["persons.csv"]), "persons.csv")]})
    assert refused.status_code == 403
    checked = client.post("/api/v1/imports", headers=auth, content_type="multipart/form-data",
                          data={"check_only": "true",
                                "files": [(io.BytesIO(files["persons.csv"]), "persons.csv")]})
    assert checked.status_code == 202
    assert [(p["line"], p["column"], p["code"]) for p in checked.get_json()["problems"]] == [
        ("2", "iin", "invalid_iin")]


def test_the_command_imports_and_says_what_it_did(app, runner, doors, tmp_path):
    paths = []
    for name, body in doors["files"].items():
        (tmp_path / name).write_bytes(body)
        paths.append(str(tmp_path / name))
    result = runner.invoke(args=["import", *paths, "--user", "sup"])
    assert result.exit_code == 0, result.output
    assert "Imported: 12 rows written" in result.output
    result = runner.invoke(args=["import", *paths, "--user", "sup"])
    assert "Nothing changed" in result.output and persons(app) == 2


def test_the_command_refuses_with_its_report_and_exit_code(app, runner, doors, tmp_path):
    bad = tmp_path / "persons.csv"
    bad.write_bytes(w.table("persons", [w.person_row(0, registered_on="0001-01-01")]))
    report = tmp_path / "report.csv"
    result = runner.invoke(args=["import", str(bad), "--user", "sup", "--report", str(report)])
    assert result.exit_code == 1 and "nothing was written" in result.output
    assert "import_date_too_early" in report.read_text(encoding="utf-8-sig")
    result = runner.invoke(args=["import", str(bad), "--user", "cw"])
    assert result.exit_code != 0 and "may not import.run" in result.output


def test_a_job_that_stops_half_way_keeps_nothing_and_can_run_again(app, client, doors,
                                                                   monkeypatch):
    def broken(*_args):
        raise RuntimeError("the worker was stopped")
    monkeypatch.setitem(operations.BATCH, "contacts", broken)
    login(client, "sup")
    text = upload(client, doors["files"]).get_data(as_text=True)
    assert "The job stopped with an error" in text
    assert persons(app) == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Interaction)) == 0
    monkeypatch.undo()
    text = upload(client, doors["files"]).get_data(as_text=True)
    assert "Imported: 12 rows written" in text and persons(app) == 2


def test_a_running_jobs_page_shows_the_progress_kept_beside_a_busy_database(app, client,
                                                                             doors):
    from caseworker import clock
    from caseworker.imports import work
    from caseworker.jobs import files
    with app.app_context():
        sup = db.session.scalar(select(User).where(User.login == "sup"))
        job = Job(kind=work.KIND, user_id=sup.id, state="running", params={"files": []},
                  done=0, total=None, errors=0, attempts=1, started_at=clock.utcnow())
        db.session.add(job)
        db.session.commit()
        job_id = job.id
        files.note_progress(job_id, {"done": 1200, "total": 2400, "errors": 3})
    login(client, "sup")
    text = client.get(f"/imports/{job_id}").get_data(as_text=True)
    assert "1,200 of 2,400" in text and "(50%)" in text
    with app.app_context():
        assert db.session.get(Job, job_id).done == 0  # shown, never saved
        files.forget_progress(job_id)
