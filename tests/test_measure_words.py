"""A measure's notes and its versions' sources in Kazakh, Russian and English: loaded from the
reference files, shown in the reader's language (another language's text where the reader's
is empty), typed by an admin in the three, read by the API in the three; and a database from
before the three languages keeps its English text and gets the others from the loader."""
import json
from datetime import date

import pytest
from markupsafe import escape
from sqlalchemy import select, text as sql

from caseworker.extensions import db
from caseworker.models import Measure, MeasureVersion
from caseworker.reference_data import load_all, rows
from tests.conftest import csrf_from, login
from tests.test_measures import _seen
from tests.test_measure_versions import (  # noqa: F401
    catalogue_as_loaded, text, version_form, world)

LANGUAGES = ("kk", "ru", "en")
NOTES = {r["code"]: r for r in rows("measures.csv")}
SOURCES = {(r["code"], r["valid_from"]): r for r in rows("measure_versions.csv")}


def test_the_files_say_every_note_and_source_in_the_three_languages():
    assert len(NOTES) == 12 and len(SOURCES) == 16
    for said, stem in [(NOTES, "notes"), (SOURCES, "source")]:
        for key, row in said.items():
            filled = [bool(row[f"{stem}_{lang}"]) for lang in LANGUAGES]
            assert filled in ([True] * 3, [False] * 3), key
            kk, ru, en = (row[f"{stem}_{lang}"] for lang in LANGUAGES)
            assert len({kk, ru, en}) == 3 or not en, key  # translated, not copied


def test_the_loader_fills_the_three_languages(ctx):
    for measure in db.session.scalars(select(Measure)):
        row = NOTES[measure.code]
        assert [getattr(measure, f"notes_{lang}") for lang in LANGUAGES] == [
            row[f"notes_{lang}"] or None for lang in LANGUAGES]
        for version in measure.versions:
            row = SOURCES[(measure.code, version.valid_from.isoformat())]
            assert [getattr(version, f"source_{lang}") for lang in LANGUAGES] == [
                row[f"source_{lang}"] for lang in LANGUAGES]
    assert db.session.get(Measure, "state_grant").notes_kk == "шешімді комиссия қабылдайды"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_measure_page_speaks_the_reader_s_language(client, world, lang):
    login(client, "cw")
    page = text(client.get("/measures/state_grant", headers={"Accept-Language": lang}))
    others = [other for other in LANGUAGES if other != lang]
    for said in (NOTES["state_grant"], SOURCES[("state_grant", "2017-01-01")],
                 SOURCES[("state_grant", "2022-01-01")]):
        stem = "notes" if "notes_en" in said else "source"
        assert str(escape(said[f"{stem}_{lang}"])) in page
        assert not any(str(escape(said[f"{stem}_{other}"])) in page for other in others)


def test_an_admin_types_the_notes_in_each_language_and_the_page_falls_back(app, client,
                                                                          world):
    login(client, "ad")
    url = "/measures/public_works/edit"
    page = text(client.get(url))
    assert 'name="notes_kk"' in page and 'name="source_ru"' in page and "Notes in Kazakh" in page
    entry = {"csrf_token": csrf_from(page), "seen": _seen(page), "active": "y",
             "name_kk": "Қоғамдық жұмыстар", "name_ru": "Общественные работы",
             "name_en": "Public works", "notes_kk": " ", "notes_ru": "Только по-русски",
             "notes_en": "English too"}
    assert client.post(url, data=entry).status_code == 302
    with app.app_context():
        measure = db.session.get(Measure, "public_works")
        assert (measure.notes_kk, measure.notes_ru, measure.notes_en) == (
            None, "Только по-русски", "English too")
    shown = {lang: text(client.get("/measures/public_works", headers={"Accept-Language": lang}))
             for lang in LANGUAGES}
    assert "Только по-русски" in shown["kk"] and "English too" not in shown["kk"]
    assert "Только по-русски" in shown["ru"] and "English too" in shown["en"]


def test_a_version_typed_in_one_language_is_shown_in_it_to_every_reader(app, client, world):
    login(client, "ad")
    data = version_form(client, "youth_practice", valid_from="2027-01-01",
                        source_kk="", source_ru="", source_en="Decree No. 7 of 2026")
    assert client.post("/measures/youth_practice/versions", data=data).status_code == 302
    for lang in LANGUAGES:
        page = text(client.get("/measures/youth_practice", headers={"Accept-Language": lang}))
        assert "Decree No. 7 of 2026" in page


def test_the_loader_fills_the_words_of_a_database_from_before_them(app):
    """As the migration leaves it: English only. The loader gives the shipped measures and the
    versions the file seeded their Kazakh and Russian; an admin's version keeps its words."""
    with app.app_context():
        db.session.execute(sql("UPDATE measure SET notes_kk = NULL, notes_ru = NULL"))
        db.session.execute(sql("UPDATE measure_version SET source_kk = NULL, source_ru = NULL"))
        ours = db.session.scalar(select(MeasureVersion).where(
            MeasureVersion.measure_code == "public_works"))
        ours.source_en = "Changed by an admin"
        db.session.commit()
        tally = load_all()
        db.session.commit()
        assert tally.changed == 11 + 15  # job_placement has no notes; our version is left
        grant = db.session.get(Measure, "state_grant")
        assert grant.notes_ru == "решение принимает комиссия"
        assert grant.version_on(date(2020, 1, 1)).source_kk.startswith("«Еңбек» бойынша")
        ours = db.session.get(MeasureVersion, ours.id)
        assert (ours.source_kk, ours.source_ru) == (None, None)
    catalogue_as_loaded(app)


def test_the_api_reads_the_three_languages(client, analyst_headers):
    item = next(m for m in client.get("/api/v1/measures?on=2020-08-19", headers=analyst_headers)
                .get_json()["items"] if m["code"] == "state_grant")
    row, notes = SOURCES[("state_grant", "2017-01-01")], NOTES["state_grant"]
    assert [item[f"source_{lang}"] for lang in LANGUAGES] == [
        row[f"source_{lang}"] for lang in LANGUAGES]
    assert [item[f"notes_{lang}"] for lang in LANGUAGES] == [
        notes[f"notes_{lang}"] for lang in LANGUAGES]
    # `source` as before, in the language asked (the client's headers ask none: Russian first)
    assert item["source"] in {row[f"source_{lang}"] for lang in LANGUAGES} and "notes" not in item
    kazakh = next(m for m in client.get("/api/v1/measures?on=2020-08-19", headers={
        **analyst_headers, "Accept-Language": "kk"}).get_json()["items"]
        if m["code"] == "state_grant")
    assert kazakh["source"] == row["source_kk"]


def test_the_migration_keeps_the_english_and_goes_back(tmp_path):
    """Migration 0063 on SQLite (table copies): the notes and the source become the English
    ones, the other languages start empty, and a withdrawn version's record says `source_en`;
    going back restores the one column and the record as they were."""
    from flask_migrate import downgrade, upgrade

    from tests.old_schema import at_revision
    with at_revision(tmp_path, "summary_years"):
        for statement in (
                "INSERT INTO measure (code, kind, active, name_kk, name_ru, name_en, notes) "
                "VALUES ('public_works', 'public_works', 1, 'Қ', 'О', 'P', 'a note')",
                "INSERT INTO measure_version (measure_code, number, valid_from, rules, "
                "needs_approval, over_funds, benefit_unit, amount_by_region, source) VALUES "
                "('public_works', 1, '2017-01-01', '{}', 0, 'approval', 'none', '{}', 'Decree')",
                "INSERT INTO \"user\" (id, login, full_name, password_hash, role, active, "
                "session_counter, created_at) VALUES (1, 'ad', 'A', 'x', 'admin', 1, 0, "
                "'2026-01-01')",
                "INSERT INTO withdrawn_version (measure_code, number, valid_from, said, reason, "
                "withdrawn_at, withdrawn_by_id) VALUES ('public_works', 2, '2027-01-01', "
                "'{\"max_months\": 6, \"source\": \"Decree 2\"}', 'typo', '2026-01-01', 1)"):
            db.session.execute(sql(statement))
        db.session.commit()
        upgrade()
        assert db.session.execute(sql(
            "SELECT notes_kk, notes_ru, notes_en FROM measure")).one() == (None, None, "a note")
        assert db.session.execute(sql(
            "SELECT source_kk, source_ru, source_en FROM measure_version")).one() == (
            None, None, "Decree")
        assert json.loads(db.session.scalar(sql("SELECT said FROM withdrawn_version"))) == {
            "max_months": 6, "source_en": "Decree 2", "source_kk": None, "source_ru": None}
        downgrade(revision="summary_years")
        assert db.session.scalar(sql("SELECT notes FROM measure")) == "a note"
        assert db.session.scalar(sql("SELECT source FROM measure_version")) == "Decree"
        assert json.loads(db.session.scalar(sql("SELECT said FROM withdrawn_version"))) == {
            "max_months": 6, "source": "Decree 2"}
