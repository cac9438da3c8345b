"""A referral's answer link through the API: a new link for the letter in force (a letter
issued before links existed has none; a link given away by mistake is replaced), returned
with its code so that it can be sent to the organisation. The same use case as the referral
page's button (`partners.operations.renew_link`)."""
from __future__ import annotations

from flask_login import current_user
from marshmallow import fields

from caseworker import policy
from caseworker.api import routes
from caseworker.api.schemas import Strict
from caseworker.partners import operations
from caseworker.referrals import answer_links
from caseworker.refusals import committed


class AnswerLinkSchema(Strict):
    referral_id = fields.Integer(required=True)
    letter_number = fields.String(required=True)
    code = fields.String(required=True, metadata={"description": "as printed: groups of five"})
    url = fields.String(required=True)


@routes.endpoint("POST", "/referrals/<int(max=2147483647):referral_id>/answer-link",
                 AnswerLinkSchema, status=201, tags=["referrals"])
def referral_answer_link(referral_id: int):
    """A new answer link for the organisation the referral's letter in force is addressed to
    (the link before it stops working); 409 no_letter_in_force when the referral has no letter
    in force or is closed"""
    referral = policy.get_referral_or_404(referral_id, current_user)
    policy.require(current_user, "referral.create", referral.person)
    link = committed(lambda: operations.renew_link(referral, current_user))
    code = answer_links.code_of(link)
    return {"referral_id": referral.id, "letter_number": link.letter.number,
            "code": answer_links.grouped(code), "url": answer_links.url_of(code)}
