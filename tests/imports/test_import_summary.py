"""What an import did is kept as words and values, and said in the language of whoever reads
it: started in Russian, the job's page and the API read it in English or in Russian."""
from __future__ import annotations

import io

from sqlalchemy import select

from caseworker.extensions import db
from caseworker.models import Job
from tests.conftest import login
from tests.imports.test_import_doors import doors, language, upload  # noqa: F401 (fixture)

RUSSIAN = "Загружено: записано строк 12."
ENGLISH = "Imported: 12 rows written."


def test_the_summary_is_said_in_the_readers_language(app, client, doors):  # noqa: F811
    login(client, "sup")
    language(client, "ru")
    assert RUSSIAN in upload(client, doors["files"]).get_data(as_text=True)
    with app.app_context():
        job = db.session.scalar(select(Job).order_by(Job.id.desc()))
        job_id, kept = job.id, job.message_said
    assert kept == {"msgid": "Imported: %(new)d rows written.", "params": {"new": 12}}
    language(client, "en")
    english = client.get(f"/imports/{job_id}").get_data(as_text=True)
    assert ENGLISH in english and RUSSIAN not in english
    assert ENGLISH in client.get("/imports/").get_data(as_text=True)  # the recent imports
    auth = {"Authorization": f"Bearer {doors['secrets']['sup']}"}
    said = {lang: client.get(f"/api/v1/imports/{job_id}", headers={
        **auth, "Accept-Language": lang}).get_json()["message"] for lang in ("en", "ru")}
    assert said == {"en": ENGLISH, "ru": RUSSIAN}


def test_a_job_of_an_earlier_version_shows_the_text_it_kept(app, client, doors):  # noqa: F811
    auth = {"Authorization": f"Bearer {doors['secrets']['sup']}"}
    data = {"files": [(io.BytesIO(body), name) for name, body in doors["files"].items()]}
    job_id = client.post("/api/v1/imports", data=data, headers=auth,
                         content_type="multipart/form-data").get_json()["id"]
    with app.app_context():
        job = db.session.get(Job, job_id)
        job.message, job.message_said = "Загружено (как было сохранено).", None
        db.session.commit()
    shown = client.get(f"/api/v1/imports/{job_id}", headers={**auth, "Accept-Language": "en"})
    assert shown.get_json()["message"] == "Загружено (как было сохранено)."
