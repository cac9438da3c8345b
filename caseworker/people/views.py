from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from caseworker import audit, policy
from caseworker.extensions import db

bp = Blueprint("people", __name__, url_prefix="/people")


@bp.route("/<int:person_id>")
@login_required
def show(person_id: int):
    person = policy.get_person_or_404(person_id, current_user)
    audit.record("person.view", "person", person.id)
    db.session.commit()
    return render_template("people/show.html", person=person)
