"""Demo answers of organisations through the links on their letters: about half of the
referrals still waiting for an answer are answered by their organisation a few working days
after the letter (some late), hired, not hired with the employer's reason, or the person did
not come; so that response times show answers of both kinds and organisations that are slow."""
from __future__ import annotations

import random
from datetime import date

from sqlalchemy import select

from caseworker.calendar.queries import work_calendar
from caseworker.domain.workdays import add_working_days
from caseworker.domain.workflow import EMPLOYER_REASONS
from caseworker.extensions import db
from caseworker.models import Letter, Referral
from caseworker.partners import operations
from caseworker.referrals import answer_links
from caseworker.refusals import Refused

ANSWERS = (("started", 5), ("not_hired", 3), ("did_not_come", 2))
# working days an organisation takes: most within the 14-day term, some well past it
DELAYS = (1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 22)


def answer_some(today: date, rng: random.Random, share: float = 0.5) -> int:
    letters = db.session.scalars(
        select(Letter).join(Referral, Referral.id == Letter.referral_id)
        .where(Referral.status == "referred", Referral.provider_id.is_not(None),
               Letter.status == "genuine").order_by(Letter.id)).all()
    calendar = work_calendar(min((l.issued_on for l in letters), default=today), today)
    made = 0
    for letter in letters:
        link = answer_links.live_link(letter.id)
        if link is None or rng.random() > share:
            continue
        on = add_working_days(letter.referral.status_on, rng.choice(DELAYS), calendar)
        if on > today:
            continue  # not answered yet: the organisation still has time, or keeps waiting
        given = rng.choices([a for a, _ in ANSWERS], [w for _, w in ANSWERS])[0]
        try:
            operations.answer(link, given, on, seen_version=letter.referral.version,
                              employer_reason=rng.choice(EMPLOYER_REASONS[:-1])
                              if given == "not_hired" else None)
        except Refused:
            continue
        made += 1
    return made
