"""The load of `make load`: caseworkers working their caseloads (the caseload, a person's page,
a contact, a registration, a referral, a letter), supervisors reviewing their district,
officers reading the indicators, and /healthz asked beside them as the floor of the same run.

Each user takes one of the servers in LOAD_HOSTS in turn. Every write carries the run's tag:
a contact's note, a registered person's IIN (one of the run's new IINs); what was answered as saved is
written to LOAD_OUT at the end, and `bench.load` counts the rows afterwards."""
from __future__ import annotations

import itertools
import json
import os
import random
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from locust import HttpUser, between, events, task

SUBJECTS = json.loads(Path(os.environ["LOAD_SUBJECTS"]).read_text())
HOSTS = os.environ["LOAD_HOSTS"].split(",")
TAG = os.environ["LOAD_TAG"]
PASSWORD = os.environ.get("LOAD_PASSWORD", "")
CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_token"[^>]*?value="([^"]+)"')
_host = itertools.cycle(HOSTS)
_iins = iter(SUBJECTS["new_iins"])  # IINs no one holds yet, made by bench.load for the run
ZONE = ZoneInfo(SUBJECTS.get("timezone", "Asia/Almaty"))  # the centres' clock, as the app's


def _now() -> datetime:
    return datetime.now(ZONE)
SAVED = {"contacts": 0, "registered": [], "referrals": 0}


@events.quitting.add_listener
def _write_saved(environment, **_kw):
    Path(os.environ["LOAD_OUT"]).write_text(json.dumps(SAVED))


def _token(text: str, pattern=CSRF) -> str:
    found = pattern.search(text)
    return found.group(1) if found else ""


class Staff(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    role = ""

    def on_start(self):
        self.host = self.client.base_url = next(_host)
        page = self.client.get("/login", name="login form")
        self.client.post("/login", name="login", data={
            "login": SUBJECTS["logins"][self.role], "password": PASSWORD,
            "csrf_token": _token(page.text)})

    def person_id(self) -> int:
        return random.choice(SUBJECTS["person_ids"])


class Caseworker(Staff):
    weight = 8
    role = "caseworker"

    @task(4)
    def caseload(self):
        self.client.get("/", name="caseload")

    @task(4)
    def person(self):
        self.client.get(f"/people/{self.person_id()}", name="person page")

    @task(2)
    def contact(self):
        person = self.person_id()
        page = self.client.get(f"/people/{person}", name="person page")
        answer = self.client.post(f"/people/{person}/interactions", name="contact (write)",
                                  allow_redirects=False, data={
            "csrf_token": _token(page.text), "at": _now().strftime("%Y-%m-%dT%H:%M"),
            "channel": "phone", "topic": "job_search", "note": f"load {TAG}"})
        if answer.status_code == 302:
            SAVED["contacts"] += 1

    @task(1)
    def register_and_refer(self):
        iin = next(_iins, None)
        if iin is None:
            return
        first = self.client.post("/people/register", name="registration (write)", data={
            "csrf_token": _token(self.client.get("/people/register", name="registration").text),
            "step": "iin", "iin": iin})
        answer = self.client.post("/people/register", name="registration (write)",
                                  allow_redirects=False, data={
            "csrf_token": _token(first.text), "step": "profile", "iin": iin,
            "last_name": "Нагрузова", "first_name": "Дана", "rural": "0",
            "education_level": "higher", "consent_date": _now().date().isoformat(),
            "consent_basis": "written", "languages": ["kk"],
            # every run's persons share one name, and an earlier run's may share a birth day:
            # the likely-duplicate check asks, and the crowd says each is a different person
            "confirm_duplicate": "y"})
        if answer.status_code != 302:
            return
        SAVED["registered"].append(iin)
        person = answer.headers["Location"].rstrip("/").split("/")[-1]
        url = f"/people/{person}/refer/public_works"
        form = self.client.get(url, name="referral form")
        providers = re.findall(r'value="(\d+)"', form.text.split('name="provider_id"')[-1]
                               .split("</select>")[0]) if 'name="provider_id"' in form.text else []
        referred = self.client.post(url, name="referral (write)", allow_redirects=False, data={
            "csrf_token": _token(form.text), "form_token": _token(form.text, FORM_TOKEN),
            "provider_id": providers[0] if providers else ""})
        if referred.status_code == 302:
            SAVED["referrals"] += 1

    @task(1)
    def letter(self):
        if SUBJECTS["letters"]:
            self.client.get(f"/referrals/{random.choice(SUBJECTS['letters'])}/letter.pdf",
                            name="letter PDF")


class Reader(Staff):
    """A user who reads a few pages, each in turn (`pages`: (url, name) as reported), so that
    a short run reads the first and a longer one each as often."""
    abstract = True
    pages: tuple[tuple[str, str], ...] = ()

    def on_start(self):
        super().on_start()
        self.turns = itertools.cycle(self.pages)

    @task
    def read(self):
        url, name = next(self.turns)
        self.client.get(url, name=name)


class Supervisor(Reader):
    weight = 1
    role = "supervisor"
    pages = (("/review", "supervisor review"), ("/referrals/inbox", "approvals"))


class Officer(Reader):
    weight = 1
    role = "regional_officer"
    pages = (("/indicators/", "plan against fact"), ("/measures/allocations", "allocation page"))


class Health(HttpUser):
    """The floor: the cheapest answer of the same servers, asked beside the load."""
    weight = 1
    wait_time = between(0.2, 0.5)

    def on_start(self):
        self.host = self.client.base_url = next(_host)

    @task
    def healthz(self):
        self.client.get("/healthz", name="/healthz")
