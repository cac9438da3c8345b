"""The referral page's outcome and its follow-up checks at 3, 6 and 12 months: record, check,
void, and the list of checks due. The routes hang on the referrals blueprint."""
from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from caseworker import audit, clock, policy
from caseworker.extensions import db
from caseworker.forms import VoidForm
from caseworker.models import FollowUp, Referral
from caseworker.models.outcome import JOB_KINDS
from caseworker.referrals import outcomes, pages
from caseworker.referrals.views import back, bp, editable_referral, outcome_page
from caseworker.web import sent, submitted


def _follow_up(follow_up_id: int) -> tuple[FollowUp, Referral]:
    """A follow-up check and its referral, which the user may work on (404 / 403 otherwise)."""
    item = db.session.get(FollowUp, follow_up_id)
    if item is None:
        abort(404)
    return item, editable_referral(item.outcome.referral_id)


@bp.route("/referrals/<int:referral_id>/outcome", methods=["POST"])
@login_required
def outcome(referral_id: int):
    """Refused or mistyped, the page again with the outcome form as typed and each message
    beside its field (a redirect would put them at the top, out of sight of the form)."""
    referral = editable_referral(referral_id)
    form = pages.outcome_form()
    if submitted(form, lambda: outcomes.record_outcome(
            referral, current_user, kind=form.kind.data, start_on=form.start_on.data,
            employer=form.employer.data, wage_kzt=form.wage_kzt.data, confirmed=form.confirm.data),
            _("The outcome is recorded; follow-up checks are planned at 3, 6 and 12 months.")
            if form.kind.data in JOB_KINDS else _("The outcome is recorded.")):
        return back(referral, "#outcome")
    if referral.outcome is not None:  # recorded meanwhile: its page says so
        return back(referral, "#outcome")
    return outcome_page(referral, 422, outcome_form=form)


@bp.route("/follow-ups/<int:follow_up_id>", methods=["POST"])
@login_required
def follow_up(follow_up_id: int):
    item, referral = _follow_up(follow_up_id)
    form = pages.follow_up_form()
    sent(form, lambda: outcomes.check_follow_up(
        item, current_user, still_employed={"yes": True, "no": False}.get(
            form.still_employed.data), source=form.source.data, on=form.on.data),
        _("The check is recorded."))
    if form.back.data == "list":
        return redirect(url_for(".follow_ups"))
    return back(referral, "#outcome")


@bp.route("/referrals/<int:referral_id>/outcome/void", methods=["POST"])
@login_required
def void_outcome(referral_id: int):
    referral = editable_referral(referral_id)
    outcome = referral.outcome
    if outcome is None:
        abort(404)
    void_with(lambda form: outcomes.void_outcome(outcome, current_user, reason=form.reason.data,
                                             confirmed=form.confirm.data),
          _("The outcome is void. The right one can now be recorded."))
    return back(referral, "#outcome")


@bp.route("/follow-ups/<int:follow_up_id>/void", methods=["POST"])
@login_required
def void_follow_up(follow_up_id: int):
    item, referral = _follow_up(follow_up_id)
    void_with(lambda form: outcomes.void_follow_up(item, current_user, reason=form.reason.data,
                                               confirmed=form.confirm.data),
          _("The check is void. It can be recorded again."))
    return back(referral, "#outcome")


def void_with(step, done: str) -> None:
    """Reads the void form, calls `step(form)` and says what came of it."""
    form = VoidForm()
    sent(form, lambda: step(form), done)


@bp.route("/follow-ups")
@login_required
def follow_ups():
    policy.require(current_user, "referral.create")
    rows = db.session.scalars(outcomes.due(current_user, clock.today()).limit(500)).all()
    audit.record("referral.list", "follow_up", None)
    db.session.commit()
    return render_template("referrals/follow_ups.html", rows=rows, form=pages.follow_up_form())
