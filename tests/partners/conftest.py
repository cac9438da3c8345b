"""The partners' tests: the referral tests' world (two districts of Kyzylorda region, a
caseworker and a supervisor each, a graduate, a provider of the region) and the code of a
referral's answer link, as printed on its letter."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.models import AnswerLink, Letter, Referral
from caseworker.referrals import answer_links
from tests.referrals.conftest import (  # noqa: F401  (fixtures and helpers shared)
    TODAY, proposed, referred, started, text, world)


def code_of(app, referral_id: int) -> str:
    """The printed code of the live answer link of the referral's letter in force."""
    with app.app_context():
        link = db.session.scalar(
            select(AnswerLink).join(Letter, Letter.id == AnswerLink.letter_id)
            .where(Letter.referral_id == referral_id, Letter.status == "genuine",
                   AnswerLink.revoked_at.is_(None)))
        return answer_links.code_of(link)


def status_of(app, referral_id: int) -> str:
    with app.app_context():
        return db.session.get(Referral, referral_id).status


@pytest.fixture
def anonymous(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
