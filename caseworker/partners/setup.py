"""How the partners' feature joins the app: its blueprint, the work queue's count of the
answers organisations gave, and the helper the organisation's page includes."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from caseworker.casework import worklist
from caseworker.partners import queries, views

ANSWERS = worklist.Item("partner_answers", _l("Answers from partners this week"),
                        "partners.answers")


def register(app: Flask) -> None:
    app.register_blueprint(views.bp)
    app.context_processor(views.template_globals)
    worklist.register((ANSWERS,), _answers)


def _answers(user, today) -> dict:
    """The partners' answers of the last days the user may act on (none: nothing to count)."""
    stmt = queries.recent_answers(user, today)
    return {} if stmt is None else {ANSWERS.key: stmt}
