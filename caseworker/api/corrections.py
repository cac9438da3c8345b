"""Undoing a referral's last step through the API: the same use case as the referral page
(`referrals.corrections.undo_last_step`), its refusals with their codes."""
from __future__ import annotations

from flask_login import current_user

from caseworker import policy
from caseworker.api import routes, schemas
from caseworker.referrals import corrections
from caseworker.refusals import committed


@routes.endpoint("POST", "/referrals/<int(max=2147483647):referral_id>/steps/undo",
                 schemas.ReferralSchema, json=schemas.VoidSchema, tags=["referrals"])
def referral_undo_step(args, referral_id: int):
    """Undo the referral's last step, recorded by mistake, with a reason: the referral goes
    back to the status and day before it; the step is kept as undone, with who undid it and
    why, and counts nowhere. By whoever recorded the step or the district's supervisor (403
    not_yours_to_void; 409 first_step_stays, undo_outcome_first, undo_money_first,
    already_open, no_places, no_funds_final)"""
    referral = policy.get_referral_or_404(referral_id, current_user)
    policy.require(current_user, "referral.create", referral.person)
    committed(lambda: corrections.undo_last_step(referral, current_user,
                                                 reason=args["reason"], confirmed=True))
    return referral
