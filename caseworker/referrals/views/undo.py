"""The referral page's door to undoing its last step (`corrections.undo_last_step`): a reason
and a tick, then the page again, saying what came of it. The route hangs on the referrals
blueprint."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user, login_required

from caseworker.referrals import corrections
from caseworker.referrals.views import back, bp, editable_referral
from caseworker.referrals.views.outcomes import void_with


@bp.route("/referrals/<int:referral_id>/steps/undo", methods=["POST"])
@login_required
def undo_step(referral_id: int):
    referral = editable_referral(referral_id)
    void_with(lambda form: corrections.undo_last_step(referral, current_user,
                                                      reason=form.reason.data,
                                                      confirmed=form.confirm.data),
              _("The step is undone: the referral is back where it stood before it."))
    return back(referral, "#events-heading")
