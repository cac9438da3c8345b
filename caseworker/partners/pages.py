"""What the partners' pages show: the organisation's answer page, and the response times of
the organisations (one organisation's, and those that keep people waiting)."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask import current_app

from caseworker import clock, labels
from caseworker.calendar.queries import work_calendar
from caseworker.casework.queries import waited_since
from caseworker.domain.response_times import AnswerTimes, answer_times, keeps_waiting
from caseworker.domain.workdays import working_days_between
from caseworker.extensions import db
from caseworker.models import AnswerLink, Provider, User
from caseworker.options import options
from caseworker.partners import queries


def term() -> int:
    """The organisations' term to answer, in working days: the one after which a person is
    flagged as waiting for the provider on the caseload (`casework.queries.waited_since`)."""
    return current_app.config["PROVIDER_WAIT_DAYS"]


@dataclass
class Responses:
    """One organisation's answers to the referrals sent to it in the period."""
    provider_id: int
    received: int = 0
    waiting: int = 0  # unanswered past the term, still referred
    pending: int = 0  # unanswered within the term
    times: AnswerTimes = field(default_factory=lambda: answer_times([], 0))
    outcomes: Counter = field(default_factory=Counter)  # (step, reason, employer reason) -> n
    provider: Provider | None = None

    def outcome_lines(self) -> list[tuple[str, int]]:
        """(what came of the referrals, how many): hired first, then the reasons."""
        lines = []
        for (to, reason, employer_reason), n in sorted(
                self.outcomes.items(), key=lambda item: (item[0][0] != "started", -item[1])):
            if to == "started":
                text = str(labels.PARTNER_ANSWERS["started"])
            elif reason == "employer_refused":
                text = "{}: {}".format(labels.PARTNER_ANSWERS["not_hired"],
                                       labels.label(labels.EMPLOYER_REASONS, employer_reason))
            else:
                text = "{}: {}".format(labels.label(labels.REFERRAL_STATUSES, to),
                                       labels.label(labels.WORKFLOW_REASONS, reason))
            lines.append((text, n))
        return lines


def responses(user: User, today: date, provider_id: int | None = None) -> dict[int, Responses]:
    """Organisation id -> its figures over the persons the user sees: one statement for the
    rows, one for the calendar; working days counted once per distinct pair of days."""
    rows = db.session.execute(queries.response_rows(user, today, provider_id)).all()
    if not rows:
        return {}
    calendar = work_calendar(min(row[1] for row in rows), today)
    cutoff, days_of = waited_since(today), {}
    found: dict[int, Responses] = {}
    answered: defaultdict[int, Counter] = defaultdict(Counter)
    for pid, sent_on, answered_on, to, reason, employer_reason, status, n in rows:
        figures = found.setdefault(pid, Responses(pid))
        figures.received += n
        if answered_on is not None:
            key = (sent_on, answered_on)
            if key not in days_of:
                days_of[key] = working_days_between(sent_on, answered_on, calendar)
            answered[pid][days_of[key]] += n
            figures.outcomes[(to, reason, employer_reason)] += n
        elif status == "referred":
            if sent_on <= cutoff:
                figures.waiting += n
            else:
                figures.pending += n
    for pid, figures in found.items():
        figures.times = answer_times(answered[pid].items(), term())
    return found


def provider_responses(user: User, provider: Provider) -> Responses:
    figures = responses(user, clock.today(), provider.id).get(provider.id)
    return figures or Responses(provider.id)


def waiting_referrals(user: User, provider: Provider, limit: int = 100) -> list:
    """(referral, person) of the persons the user sees who wait past the term for the
    organisation's answer, the longest first."""
    stmt = queries.waiting_for(user, provider.id, waited_since(clock.today()))
    return db.session.execute(stmt.limit(limit)).all()


def waiting_list(user: User, today: date) -> list[Responses]:
    """The organisations that keep the user's persons waiting (`keeps_waiting`), with their
    names: the most people waiting past the term first, then the slowest."""
    slow = [r for r in responses(user, today).values()
            if keeps_waiting(r.waiting, r.times, term())]
    named = {p.id: p for p in db.session.scalars(
        queries.providers_named([r.provider_id for r in slow]))} if slow else {}
    for figures in slow:
        figures.provider = named.get(figures.provider_id)
    return sorted(slow, key=lambda r: (-r.waiting, -(r.times.p90 or 0), r.provider_id))


# --- the organisation's answer page -----------------------------------------------------------

def answer_context(link: AnswerLink) -> dict:
    """The least the organisation needs: who was sent, to what, from when; nothing else of
    the person (no IIN, no contacts)."""
    letter = link.letter
    referral = letter.referral
    return {"letter": letter, "referral": referral, "person_name": referral.person.full_name,
            "measure": referral.measure, "provider": referral.provider,
            "answered": next((e for e in reversed(referral.events)
                              if e.from_status == "referred"), None)}


def answer_form(referral, fresh: bool = False):
    """The answer form, as sent (a POST) or, `fresh`, as it starts: today and the version of
    the referral now."""
    from caseworker.partners.forms import AnswerForm
    form = AnswerForm(formdata=None) if fresh else AnswerForm()
    form.answer.choices = list(labels.PARTNER_ANSWERS.items())
    form.employer_reason.choices = options(
        [("", "—")] + [(k, str(v)) for k, v in labels.EMPLOYER_REASONS.items()])
    if fresh or not form.is_submitted():
        form.on.data = clock.today()
        form.version.data = str(referral.version)
    return form
