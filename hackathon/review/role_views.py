"""Reviewer or participant: the refusal page, and the facilitator's allowance of both roles."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from hackathon import labels
from hackathon.core.errors import render_error
from hackathon.extensions import db
from hackathon.models import Event, Person
from hackathon.review import permissions, queries, services
from hackathon.review.forms import AllowRolesForm
from hackathon.review.roles import RoleConflict

bp = Blueprint("review_roles", __name__, url_prefix="/events/<int:event_id>/review")

ROLE_REFUSALS = {
    "reviewer_joins": lambda: _(
        "You are a reviewer in this event, so you cannot also take part as a participant or "
        "join a team. If you should do both, ask the facilitator to allow it; you will then "
        "never review your own team's proposals."),
    "participant_reviews": lambda: _(
        "You take part in this event as a participant, so you cannot also be a reviewer. If "
        "you should do both, ask the facilitator to allow it; you will then never review your "
        "own team's proposals."),
}


@bp.app_errorhandler(RoleConflict)
def role_conflict(error: RoleConflict):
    """Any page that would make someone both reviewer and participant says why it cannot
    (nothing of the refused request is saved)."""
    db.session.rollback()
    return render_error(403, ROLE_REFUSALS[error.code]())


def roles_form(event: Event) -> AllowRolesForm:
    """The allowance form, offering the event's reviewers and participants not yet allowed."""
    form = AllowRolesForm()
    form.person_id.choices = [
        SelectChoice(person.id, "{} ({})".format(
            person.name, ", ".join(sorted(str(labels.ROLE[role]) for role in roles))))
        for person, roles in queries.people_for_allowance(event)
    ]
    return form


@bp.post("/roles")
@login_required
def allow(event_id: int):
    """Let one person be both reviewer and participant; recorded in the audit log."""
    event = db.get_or_404(Event, event_id)
    if not permissions.can_follow_round(current_user, event):
        abort(403)
    form = roles_form(event)
    if not form.validate_on_submit():
        flash(_("Choose a person and give a reason."), "error")
        return redirect(url_for("review.dashboard", event_id=event.id, _anchor="roles"))
    person = db.session.get(Person, form.person_id.data)
    services.allow_both_roles(event=event, person=person,
                              facilitator=current_user._get_current_object(),
                              reason=form.reason.data)
    db.session.commit()
    flash(_("%(name)s may now be both reviewer and participant. Their own team's proposals "
            "are conflicts.", name=person.name), "success")
    return redirect(url_for("review.dashboard", event_id=event.id, _anchor="roles"))
