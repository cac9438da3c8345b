"""How the partners' feature joins the app: its blueprint, the work queue's count of the
answers organisations gave, and the helper the organisation's page includes."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from caseworker.casework import worklist
from caseworker.partners import operations, queries, views
from caseworker.referrals import pages as referral_pages

ANSWERS = worklist.Item("partner_answers", _l("Answers from partners not opened yet"),
                        "partners.answers")


def register(app: Flask) -> None:
    app.register_blueprint(views.bp)
    app.context_processor(views.template_globals)
    worklist.register((ANSWERS,), _answers)
    referral_pages.on_open(_opened)


def _opened(referral, user) -> None:
    """Opening the referral: its organisations' answers are seen, and no longer counted."""
    if operations.mark_seen(referral, user):
        worklist.forget()


def _answers(user, today) -> dict:
    """The partners' answers the user may act on and nobody has opened (none: nothing)."""
    stmt = queries.unseen_answers(user)
    return {} if stmt is None else {ANSWERS.key: stmt}
