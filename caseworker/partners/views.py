"""The partners' doors: the page where an organisation answers a referral through the link on
its letter (public, but only through a valid code), a caseworker's new link for a letter, the
answers organisations gave, and their response times (one organisation's, and those that keep
people waiting)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from caseworker import audit, clock, policy
from caseworker.extensions import db, limiter
from caseworker.forms import version_read
from caseworker.models import AnswerLink, Provider
from caseworker.models.referral import OPEN_STATUSES
from caseworker.partners import operations, pages, queries
from caseworker.partners.forms import AnswerForm, NewLinkForm
from caseworker.referrals import answer_links
from caseworker.refusals import Refused, committed
from caseworker.web import show_refusal

bp = Blueprint("partners", __name__)


def _private(response):
    """The answer page holds a person's name: kept by no cache, its address sent nowhere."""
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _link_or_404(code: str) -> AnswerLink:
    link = answer_links.find(code)
    if link is None:  # guessed, changed, revoked or closed: the same answer, nothing more
        abort(make_response(render_template("partners/not_valid.html"), 404))
    return link


def _answer_page(link: AnswerLink, form: AnswerForm, confirming: bool = False, status=200):
    return _private((render_template(
        "partners/answer.html", form=form, confirming=confirming,
        code=answer_links.code_of(link), **pages.answer_context(link)), status))


@bp.route("/a/<code>", methods=["GET", "POST"])
@limiter.limit("30 per minute")
@limiter.limit("10 per minute", methods=["POST"])
def answer(code: str):
    """Public: the organisation's answer to the referral of the letter it received. A first
    submission shows what would be recorded; the second, confirmed, records it."""
    link = _link_or_404(code)
    referral = link.letter.referral
    form = pages.answer_form(referral)
    provider_id = referral.provider_id
    if not form.is_submitted():
        audit.record("answer_link.view", "letter", link.letter_id, provider_id=provider_id)
        db.session.commit()
        return _answer_page(link, form)
    if not form.validate():
        return _answer_page(link, form, status=422)
    args = dict(seen_version=version_read(form.version),
                employer_reason=form.employer_reason.data or None)
    try:
        if not form.confirm.data:
            operations.check_answer(link, form.answer.data, form.on.data, **args)
            return _answer_page(link, form, confirming=True)
        committed(lambda: operations.answer(link, form.answer.data, form.on.data, **args))
    except Refused as refused:
        show_refusal(refused, form)
        link = _link_or_404(code)  # closed meanwhile: no longer valid
        if refused.field is None:  # answered meanwhile: the page as it is now
            form = pages.answer_form(link.letter.referral, fresh=True)
        return _answer_page(link, form, status=refused.status)
    flash(_("Thank you: your answer is recorded and the career centre is told."), "success")
    if referral.status in OPEN_STATUSES:
        return redirect(url_for(".answer", code=code), 303)
    return _private(render_template("partners/thanks.html"))


@bp.route("/referrals/<int:referral_id>/answer-link", methods=["POST"])
@login_required
def new_link(referral_id: int):
    """A new answer link for the letter in force (letters issued before links existed have
    none); the earlier link stops working."""
    referral = policy.get_referral_or_404(referral_id, current_user)
    policy.require(current_user, "referral.create", referral.person)
    if not NewLinkForm().validate_on_submit():
        abort(400)
    try:
        committed(lambda: operations.renew_link(referral, current_user))
    except Refused as refused:
        show_refusal(refused)
    else:
        flash(_("The answer link is made: print the letter again to give it to the "
                "organisation. An earlier link no longer works."), "success")
    return redirect(url_for("referrals.show", referral_id=referral.id))


@bp.route("/partners/answers")
@login_required
def answers():
    """The answers organisations gave through their links that nobody has opened yet."""
    policy.require(current_user, "caseload.view")
    rows = db.session.execute(queries.answers_list(current_user).limit(200)).all()
    audit.record("partner.answers", "district", current_user.district_id)
    db.session.commit()
    return render_template("partners/answers.html", rows=rows)


@bp.route("/organisations/waiting")
@login_required
def waiting():
    """The organisations that keep the user's persons waiting for an answer."""
    policy.require(current_user, "provider.responses")
    rows = pages.waiting_list(current_user, clock.today())
    return render_template("partners/waiting.html", rows=rows, term=pages.term(),
                           days=queries.PERIOD_DAYS)


@bp.route("/organisations/<int:provider_id>/responses")
@login_required
def responses(provider_id: int):
    # another region's: 404
    provider = policy.get_or_404(Provider, provider_id, current_user, "provider.responses")
    waiting = pages.waiting_referrals(current_user, provider)
    audit.record("provider.responses", "provider", provider.id)  # names of persons shown
    db.session.commit()
    return render_template("partners/responses.html", provider=provider, waiting=waiting,
                           figures=pages.provider_responses(current_user, provider),
                           term=pages.term(), days=queries.PERIOD_DAYS)


def template_globals() -> dict:
    """`provider_responses(provider)` for the include on an organisation's page."""
    def provider_responses(provider: Provider):
        if not policy.can(current_user, "provider.responses", provider):
            return None
        return pages.provider_responses(current_user, provider)
    return {"provider_responses": provider_responses, "answer_term": pages.term}
