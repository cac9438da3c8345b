"""Roadmap projects' progress entries: entered by the region's officer, never edited (a
mistaken one is reversed with a reason from the day of the correction), counted by the three
Roadmap indicators at every report date, in the summary as in the live figures, in the
plan-against-fact table, its drill-down and the briefing."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from caseworker.extensions import db
from caseworker.indicators import operations as indicator_ops, queries, summary, tables
from caseworker.models import IndicatorPlan, Person, ProjectProgress, RoadmapProject, User
from caseworker.projects import operations
from caseworker.refusals import Refused
from tests import factories as f
from tests.conftest import TODAY, csrf_from, login

KYZYLORDA, SHYMKENT = "430000000", "790000000"
CODES = ("project_funds_used", "project_jobs_created", "project_permanent_jobs")


@pytest.fixture
def world(app):
    with app.app_context():
        kz, _ = f.project_staff(KYZYLORDA, SHYMKENT)
        projects = {}
        for key, district in (("district", kz[0]), ("region", None)):
            project = RoadmapProject(region_id=kz[0].region_id,
                                     district_id=district.id if district else None,
                                     year=2026, name=f"Жоба {key}", jobs_kind="permanent",
                                     jobs_planned=40, funds_allocated_kzt=10**8)
            db.session.add(project)
            db.session.flush()
            projects[key] = project.id
        db.session.add(IndicatorPlan(indicator_code="project_jobs_created",
                                     region_id=kz[0].region_id, year=2026, target=40))
        db.session.commit()
        return {"projects": projects, "kz": kz[0].region_id, "kz0": kz[0].id}


def _enter(project_id: int, on: date, funds=0, jobs=0, permanent=0) -> ProjectProgress:
    user = db.session.scalar(select(User).where(User.login == "ro"))
    return operations.record_progress(db.session.get(RoadmapProject, project_id), user, on=on,
                                      funds_used_kzt=funds, jobs_created=jobs,
                                      permanent_jobs=permanent, today=TODAY)


def _facts(as_of: date, by_district: bool = False) -> dict:
    return summary.facts(queries.Period(as_of.year, as_of), by_district=by_district)


def test_entries_and_a_reversal_count_by_their_dates_in_summary_and_live(app, world):
    with app.app_context():
        p = world["projects"]
        first = _enter(p["district"], date(2026, 3, 10), funds=5_000_000, jobs=12, permanent=8)
        _enter(p["region"], date(2026, 4, 2), funds=1_000_000, jobs=3)
        user = db.session.scalar(select(User).where(User.login == "ro"))
        operations.reverse_progress(first, user, reason="typed twice", on=date(2026, 6, 1),
                                    today=TODAY)
        _enter(p["district"], date(2026, 6, 1), funds=500_000, jobs=2, permanent=2)
        db.session.commit()
        expected = {date(2026, 3, 31): (5_000_000, 12, 8), date(2026, 5, 31): (6_000_000, 15, 8),
                    date(2026, 6, 1): (1_500_000, 5, 2), date(2025, 12, 31): (0, 0, 0)}
        for as_of, figures in expected.items():
            kept = _facts(as_of).get(world["kz"], {})
            live = tables.facts(queries.Period(as_of.year, as_of), Person.region_id).get(
                world["kz"], {})
            for code, value in zip(CODES, figures):
                assert kept.get(code, (0, 0))[0] == value, (as_of, code)
                assert live.get(code, (0, 0))[0] == value, (as_of, code)
        # the district's own project only in its district; the whole region's in no district
        by_district = _facts(date(2026, 6, 30), by_district=True)
        assert by_district[world["kz0"]]["project_jobs_created"][0] == 2
        assert by_district[None]["project_jobs_created"][0] == 3
        assert indicator_ops.summary_differences(queries.Period(2026, date(2026, 6, 30))) == []
        before = db.session.scalar(select(func.count()).select_from(ProjectProgress))
        assert summary.rebuild(db.session.connection()) > 0
        assert indicator_ops.summary_differences(queries.Period(2026, date(2026, 6, 30))) == []
        assert db.session.scalar(select(func.count()).select_from(ProjectProgress)) == before


@pytest.mark.parametrize("values, code", [
    ({"on": None}, "progress_date_missing"),
    ({"on": date(2026, 12, 1)}, "progress_future"),
    ({"on": date(2025, 12, 31)}, "progress_other_year"),
    ({"funds": 0, "jobs": 0, "permanent": 0}, "progress_empty"),
    ({"funds": -5}, "progress_negative"),
    ({"jobs": 2, "permanent": 3}, "progress_permanent_over_jobs"),
])
def test_bad_entries_are_refused_and_change_nothing(app, world, values, code):
    with app.app_context():
        args = {"on": date(2026, 5, 1), "funds": 100, "jobs": 0, "permanent": 0} | values
        with pytest.raises(Refused) as refused:
            _enter(world["projects"]["district"], **args)
        assert refused.value.code == code
        assert db.session.scalar(select(func.count()).select_from(ProjectProgress)) == 0


def test_a_reversal_needs_a_reason_comes_once_and_never_before_its_entry(app, world):
    with app.app_context():
        entry = _enter(world["projects"]["district"], date(2026, 5, 1), funds=100)
        user = db.session.scalar(select(User).where(User.login == "ro"))
        for reason, on, code in (("", date(2026, 5, 2), "progress_reason_missing"),
                                 ("typo", date(2026, 4, 30), "progress_reversal_before_entry")):
            with pytest.raises(Refused) as refused:
                operations.reverse_progress(entry, user, reason=reason, on=on, today=TODAY)
            assert refused.value.code == code
        back = operations.reverse_progress(entry, user, reason="typo", on=date(2026, 5, 2),
                                           today=TODAY)
        for which, code in ((entry, "progress_already_reversed"),
                            (back, "progress_reversal_of_reversal")):
            with pytest.raises(Refused) as refused:
                operations.reverse_progress(which, user, reason="again", on=date(2026, 5, 3),
                                            today=TODAY)
            assert refused.value.code == code
        other = db.session.scalar(select(User).where(User.login == "ro2"))
        with pytest.raises(Refused) as refused:
            _project = db.session.get(RoadmapProject, world["projects"]["district"])
            operations.record_progress(_project, other, on=date(2026, 5, 1), funds_used_kzt=1,
                                       jobs_created=0, permanent_jobs=0, today=TODAY)
        assert refused.value.code == "forbidden"


def test_the_page_enters_shows_and_reverses_visibly(client, app, world):
    project = world["projects"]["district"]
    login(client, "ro")
    url = f"/projects/{project}/progress"
    page = client.get(url).get_data(as_text=True)
    sent = client.post(url, data={"add-on": "2026-05-04", "add-funds_used_kzt": "250000",
                                  "add-jobs_created": "4", "add-permanent_jobs": "5",
                                  "csrf_token": csrf_from(page)})
    assert sent.status_code == 422
    assert "The permanent jobs are part of the jobs created" in sent.get_data(as_text=True)
    sent = client.post(url, data={"add-on": "2026-05-04", "add-funds_used_kzt": "250000",
                                  "add-jobs_created": "4", "add-permanent_jobs": "3",
                                  "csrf_token": csrf_from(page)})
    assert sent.status_code == 302
    with app.app_context():
        entry = db.session.scalar(select(ProjectProgress.id))
    page = client.get(url).get_data(as_text=True)
    assert "250,000" in page or "250 000" in page or "250000" in page
    reverse = f"/projects/progress/{entry}/reverse"
    empty = client.post(reverse, data={f"reverse{entry}-on": "2026-05-05",
                                       f"reverse{entry}-reason": "",
                                       "csrf_token": csrf_from(page)})
    assert empty.status_code == 422 and "Say why the entry is reversed." in empty.get_data(
        as_text=True)
    done = client.post(reverse, data={f"reverse{entry}-on": "2026-05-05",
                                      f"reverse{entry}-reason": "the wrong project",
                                      "csrf_token": csrf_from(page)})
    assert done.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Reversed on" in page and "the wrong project" in page and "<del>" in page
    login(client, "an")  # reads it, may not enter
    page = client.get(url).get_data(as_text=True)
    assert "the wrong project" in page and "Enter progress" not in page
    assert client.post(url, data={"csrf_token": csrf_from(page)}).status_code == 403


def test_the_table_drill_down_and_briefing_show_the_roadmap_figures(client, app, world):
    with app.app_context():
        _enter(world["projects"]["district"], date(2026, 3, 10), funds=5_000_000, jobs=10,
               permanent=6)
        _enter(world["projects"]["region"], date(2026, 3, 11), jobs=2)
        db.session.commit()
    login(client, "an")  # no persons: the projects' figures are not suppressed
    page = client.get("/indicators/?year=2026&as_of=2026-06-30").get_data(as_text=True)
    for name in ("Use of funds for projects", "Jobs created by projects",
                 "Permanent jobs created by projects"):
        assert name in page
    link = f"/projects/?region={world['kz']}&amp;year=2026&amp;as_of=2026-06-30"
    assert link in page
    region = client.get(f"/indicators/regions/{world['kz']}?year=2026&as_of=2026-06-30")
    text = region.get_data(as_text=True)
    assert f"district={world['kz0']}" in text
    total = re.sub(r"\s+", " ", re.sub("<[^>]+>", " ", text.split("table-group-divider")[1]))
    assert "12 / 40" in total  # the district's 10 and the whole region's 2, against the plan
    drill = client.get(f"/projects/?region={world['kz']}&district={world['kz0']}&year=2026"
                       "&as_of=2026-03-10").get_data(as_text=True)
    assert "Жоба district" in drill and "Жоба region" not in drill
    redirect = client.get(f"/indicators/project_jobs_created/referrals?region={world['kz']}"
                          "&year=2026&as_of=2026-06-30")
    assert redirect.status_code == 302 and "/projects/" in redirect.headers["Location"]
    pdf = client.get("/indicators/briefing.pdf?year=2026&as_of=2026-06-30")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
