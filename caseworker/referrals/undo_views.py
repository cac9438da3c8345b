"""The referral page's door to undoing its last step (`corrections.undo_last_step`): a reason
and a tick, then the page again, saying what came of it."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user, login_required

from caseworker.referrals import corrections
from caseworker.referrals.views import _back, _void, bp, editable_referral


@bp.route("/referrals/<int:referral_id>/steps/undo", methods=["POST"])
@login_required
def undo_step(referral_id: int):
    referral = editable_referral(referral_id)
    _void(lambda form: corrections.undo_last_step(referral, current_user,
                                                  reason=form.reason.data,
                                                  confirmed=form.confirm.data),
          _("The step is undone: the referral is back where it stood before it."))
    return _back(referral, "#events-heading")
