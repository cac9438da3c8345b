"""The three doors a history goes in by: the pages typed on the day (the clock moved to each
event's day), the API back-dated (today, with each event's day), and the bulk import (its
files of every kind: persons, referrals, steps, outcomes, contacts, follow-up checks,
deregistrations and returns).

Typing every event of a few hundred persons on the pages would take minutes, so the pages
take a sample of the persons (`PAGED`: the handcrafted ones and every eleventh generated
one), and the test compares them with the same sample imported; the API and the import take
every person."""
from __future__ import annotations

import re

from sqlalchemy import select

from caseworker.extensions import db
from caseworker.models import FollowUp, Outcome, Person, Referral, User
from tests.conftest import csrf_from, login
from tests.imports import world as imports_world
from tests.people_client import page, register
from tests.referrals.conftest import step_data
from tests.threeway import world as w
from tests.threeway.history import EVENTS, GENERATED, HANDCRAFTED, KYZYLORDA, PERSONS, SEMEY, Event

# every eleventh generated person: each of the ten stories (n % 10) is typed
PAGED = set(HANDCRAFTED) | {key for n, key in enumerate(GENERATED) if n % 11 == 0}

APPROVER = {"approved", "rejected"}  # steps a supervisor takes (workflow.APPROVER_ONLY)


def _who(event: Event) -> str:
    return "sv" if event.values.get("to") in APPROVER else "cw"


def _said(answer) -> str:
    """What a page that came back instead of a redirect says: its status, messages and text."""
    html = page(answer)
    found = re.findall(r'class="(?:invalid-feedback|alert[^"]*)"[^>]*>(.*?)</', html, re.S)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    return f"{answer.status_code}: {' | '.join(' '.join(m.split()) for m in found)} {text}"


def _new_id(answer, event: Event) -> int:
    assert answer.status_code == 302, (event, _said(answer))
    return int(answer.headers["Location"].rsplit("/", 1)[1])


def _destination(made: dict, event: Event) -> dict:
    """A move's destination region (a resettlement), by its id in this database."""
    kato = event.values.get("destination")
    return {"destination_region_id": made["region"][kato]} if kato else {}


def _job(values: dict) -> dict:
    """An outcome's employer and wage, when it has them (a certificate has none)."""
    return {k: values[k] for k in ("employer", "wage_kzt") if values.get(k) is not None}


def _follow_up(referral_id: int, months: int) -> int:
    return db.session.scalar(select(FollowUp.id).join(Outcome).where(
        Outcome.referral_id == referral_id, FollowUp.months == months))


class Pages:
    """Each event typed on its page on its day, by the user who would type it."""

    def __init__(self, app, client, made, monkeypatch):
        self.app, self.client, self.made, self.monkeypatch = app, client, made, monkeypatch
        self.persons: dict[str, int] = {}
        self.referrals: dict[str, int] = {}

    def enter(self) -> None:
        """The events of the sample's persons (`PAGED`), day by day."""
        for event in EVENTS:
            if event.person not in PAGED:
                continue
            w.at_day(self.monkeypatch, event.day)
            person = PERSONS[event.person]
            response = login(self.client, self.made["login"][(person.district, _who(event))])
            assert response.status_code == 200
            answer = getattr(self, "on_" + event.kind)(event)
            assert answer.status_code in (302, 303), (event, _said(answer))
            self._done(event)

    def _post(self, url: str, data: dict, form_url: str):
        html = page(self.client.get(form_url))
        return self.client.post(url, data={"csrf_token": csrf_from(html), **data})

    def on_register(self, event: Event):
        person = PERSONS[event.person]
        extra = {k: str(v) if isinstance(v, int) else v for k, v in person.profile.items()}
        answer = register(self.client, person.iin, **{
            "last_name": person.last, "first_name": "Айгүл", "patronymic": "", "phone": "",
            "target_groups": [], "languages": [],
            "consent_date": event.day.isoformat(), "on": event.day.isoformat(), **extra})
        self.persons[event.person] = _new_id(answer, event)
        return answer

    def on_refer(self, event: Event):
        url = f"/people/{self.persons[event.person]}/refer/{event.values['measure']}"
        html = page(self.client.get(url))
        token = html.split('name="form_token" type="hidden" value="')[1].split('"')[0]
        answer = self.client.post(url, data={
            "csrf_token": csrf_from(html), "form_token": token, "on": event.day.isoformat(),
            "provider_id": str(self.made["provider"][PERSONS[event.person].district]),
            **{k: str(v) for k, v in _destination(self.made, event).items()}})
        self.referrals[event.referral] = _new_id(answer, event)
        return answer

    def _referral_url(self, event: Event) -> str:
        return f"/referrals/{self.referrals[event.referral]}"

    def on_step(self, event: Event):
        url = self._referral_url(event)
        extra = {k: v for k, v in event.values.items() if k in ("reason", "note")}
        data = step_data(page(self.client.get(url)), event.values["to"], event.day, **extra)
        return self.client.post(url + "/transition", data=data)

    def on_outcome(self, event: Event):
        url = self._referral_url(event)
        values = event.values
        return self._post(url + "/outcome", {
            "kind": values["kind"], "start_on": event.day.isoformat(), "confirm": "y",
            **{k: str(v) for k, v in _job(values).items()}}, url)

    def _done(self, event: Event) -> None:
        """What the page said it did is in the database (a refusal redirects too)."""
        with self.app.app_context():
            if event.kind == "step":
                referral = db.session.get(Referral, self.referrals[event.referral])
                assert (referral.status, referral.status_on) == (event.values["to"],
                                                                 event.day), event
            if event.kind == "check":
                item = db.session.get(FollowUp, _follow_up(self.referrals[event.referral],
                                                           event.values["months"]))
                assert item.checked_on == event.day, event
            if event.kind in ("deregister", "return", "register"):
                person = db.session.get(Person, self.persons[event.person])
                assert person.status == ("deregistered" if event.kind == "deregister"
                                         else "active"), event

    def on_check(self, event: Event):
        with self.app.app_context():
            follow_up = _follow_up(self.referrals[event.referral], event.values["months"])
        return self._post(f"/follow-ups/{follow_up}", {
            "still_employed": "yes" if event.values["still_employed"] else "no",
            "source": "employer", "on": event.day.isoformat()}, self._referral_url(event))

    def on_contact(self, event: Event):
        url = f"/people/{self.persons[event.person]}"
        values = event.values
        return self._post(url + "/interactions", {
            "at": values["at"].strftime("%Y-%m-%dT%H:%M"), "channel": values["channel"],
            "topic": values["topic"], "note": values["note"]}, url)

    def on_deregister(self, event: Event):
        url = f"/people/{self.persons[event.person]}"
        html = page(self.client.get(url))
        return self.client.post(url + "/deregister", data={
            "leave-csrf_token": csrf_from(html), "leave-reason": event.values["reason"],
            "leave-on": event.day.isoformat()})

    def on_return(self, event: Event):
        url = f"/people/{self.persons[event.person]}"
        return self._post(url + "/return", {"on": event.day.isoformat()}, url)



class Api:
    """Each event sent to the API today, with the day it happened."""

    def __init__(self, app, client, made):
        self.app, self.client, self.made = app, client, made
        self.persons: dict[str, int] = {}
        self.referrals: dict[str, int] = {}

    def enter(self, events=EVENTS) -> None:
        for event in events:
            answer = getattr(self, "on_" + event.kind)(event)
            assert answer.status_code in (200, 201), (event, answer.get_json())

    def _send(self, event: Event, url: str, body: dict):
        login = self.made["login"][(PERSONS[event.person].district, _who(event))]
        return self.client.post("/api/v1" + url, json=body, headers={
            "Authorization": f"Bearer {self.made['tokens'][login]}", "Accept-Language": "en"})

    def on_register(self, event: Event):
        person = PERSONS[event.person]
        answer = self._send(event, "/persons", {
            "iin": person.iin, "last_name": person.last, "first_name": "Айгүл",
            "consent_date": event.day.isoformat(), "consent_basis": "written",
            "on": event.day.isoformat(), **person.profile})
        self.persons[event.person] = answer.get_json().get("id")
        return answer

    def on_refer(self, event: Event):
        answer = self._send(event, "/referrals", {
            "person_id": self.persons[event.person], "measure_code": event.values["measure"],
            "on": event.day.isoformat(), **_destination(self.made, event),
            "provider_id": self.made["provider"][PERSONS[event.person].district]})
        self.referrals[event.referral] = answer.get_json().get("id")
        return answer

    def _referral(self, event: Event) -> str:
        return f"/referrals/{self.referrals[event.referral]}"

    def on_step(self, event: Event):
        extra = {k: v for k, v in event.values.items() if k in ("reason", "note")}
        return self._send(event, self._referral(event) + "/transitions", {
            "to": event.values["to"], "on": event.day.isoformat(), **extra})

    def on_outcome(self, event: Event):
        values = event.values
        return self._send(event, self._referral(event) + "/outcome", {
            "kind": values["kind"], "start_on": event.day.isoformat(), **_job(values)})

    def on_check(self, event: Event):
        with self.app.app_context():
            follow_up = _follow_up(self.referrals[event.referral], event.values["months"])
        return self._send(event, f"/follow-ups/{follow_up}", {
            "still_employed": event.values["still_employed"], "source": "employer",
            "on": event.day.isoformat()})

    def on_contact(self, event: Event):
        values = event.values
        return self._send(event, f"/persons/{self.persons[event.person]}/contacts", {
            "at": values["at"].isoformat(), "channel": values["channel"],
            "topic": values["topic"], "note": values["note"]})

    def on_deregister(self, event: Event):
        return self._send(event, f"/persons/{self.persons[event.person]}/deregistration", {
            "reason": event.values["reason"], "on": event.day.isoformat()})

    def on_return(self, event: Event):
        return self._send(event, f"/persons/{self.persons[event.person]}/return",
                          {"on": event.day.isoformat()})


KINDS = {"register": "persons", "refer": "referrals", "step": "steps", "outcome": "outcomes",
         "contact": "contacts", "check": "follow_ups", "deregister": "deregistrations",
         "return": "returns"}


def _row(n: int, event: Event, provider_id: int, made: dict) -> dict:
    """An event as the row of its kind's file, each history row with its external id."""
    person = PERSONS[event.person]
    day, values, ref = event.day.isoformat(), event.values, event.referral
    if event.kind == "register":
        profile = {k: "|".join(v) if isinstance(v, list) else v
                   for k, v in person.profile.items()}
        return {"iin": person.iin, "registered_on": day, "last_name": person.last,
                "first_name": "Айгүл", "consent_date": day, "consent_basis": "written",
                **profile}
    if event.kind == "refer":
        return {"external_id": ref, "iin": person.iin, "on": day, "provider_id": provider_id,
                "measure_code": values["measure"], **_destination(made, event)}
    if event.kind == "step":
        return {"external_id": f"{ref}-{n}", "referral_external_id": ref, "to": values["to"],
                "on": day, "reason": values.get("reason", ""), "note": values.get("note", "")}
    if event.kind == "outcome":
        return {"external_id": f"{ref}-O", "referral_external_id": ref, "start_on": day,
                "kind": values["kind"], **_job(values)}
    if event.kind == "contact":
        return {"external_id": f"C{n}", "iin": person.iin,
                "at": values["at"].strftime("%Y-%m-%d %H:%M"), "channel": values["channel"],
                "topic": values["topic"], "note": values["note"]}
    if event.kind == "check":
        return {"external_id": f"{ref}-F{values['months']}", "outcome_external_id": f"{ref}-O",
                "months": values["months"], "on": day, "source": "employer",
                "still_employed": "1" if values["still_employed"] else "0"}
    if event.kind == "deregister":
        return {"external_id": f"D{n}", "iin": person.iin, "reason": values["reason"],
                "on": day}
    return {"external_id": f"B{n}", "iin": person.iin, "on": day}


def import_files(district: str, provider_id: int, made: dict,
                 persons=PERSONS) -> dict[str, bytes]:
    """The history of one district's `persons` as the import's files, one of each kind."""
    rows: dict[str, list[dict]] = {kind: [] for kind in KINDS.values()}
    for n, event in enumerate(EVENTS):
        if event.person in persons and PERSONS[event.person].district == district:
            rows[KINDS[event.kind]].append(_row(n, event, provider_id, made))
    return {f"{kind}.csv": imports_world.table(kind, found) for kind, found in rows.items()
            if found}


def imported(app, made, persons=PERSONS) -> None:
    """Each district's files (of `persons`: all, or the pages' sample) imported by its
    supervisor."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        for kato in (KYZYLORDA, SEMEY):
            user = db.session.scalar(select(User).where(
                User.login == made["login"][(kato, "sv")]))
            report = imports_world.run(import_files(kato, made["provider"][kato], made,
                                                    persons), user)
            assert not report.problems, [(p.source, p.line, p.column, p.value, p.code,
                                          str(p.message)) for p in report.problems[:20]]
