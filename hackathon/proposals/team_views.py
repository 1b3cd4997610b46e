"""Starting a proposal, joining a team with its code, leaving a team (routes of the
``proposals`` blueprint, registered in ``views.py``)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hackathon.auth import throttle
from hackathon.auth.forms import ConfirmForm
from hackathon.core.errors import fail
from hackathon.extensions import db
from hackathon.models import Event
from hackathon.proposals import permissions, queries, services
from hackathon.proposals.access import me, proposal_or_404, refuse_team_change
from hackathon.proposals.forms import StartProposalForm, TeamCodeForm
from hackathon.review import roles as review_roles


@login_required
def start(event_id: int):
    """A participant starts a proposal and becomes its first author."""
    event = db.get_or_404(Event, event_id)
    if not permissions.can_start_proposal(current_user, event):
        refuse_team_change(event)
    form = StartProposalForm()
    if not form.validate_on_submit():
        for error in form.title.errors:
            flash(f"{form.title.label.text}: {error}", "error")
        return redirect(url_for("events.show", event_id=event.id, _anchor="mine"))
    proposal = services.start_proposal(event=event, author=me(), title=form.title.data)
    db.session.commit()
    return redirect(url_for("proposals.edit", proposal_id=proposal.id))


@login_required
def join_team(event_id: int):
    """Join a team with its code (a link with ?code= fills it in)."""
    event = db.get_or_404(Event, event_id)
    review_roles.ensure_may_author(event=event, person=current_user)  # a reviewer: clear 403
    if not permissions.can_join_team(current_user, event):
        refuse_team_change(event)
    form = TeamCodeForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"]
    if form.validate_on_submit():
        throttle.refuse_if_throttled("team", account=current_user.id)
        proposal = queries.proposal_by_team_code(event, form.code.data)
        throttle.settle(right=proposal is not None)
        if proposal is None:
            form.code.errors.append(_("No proposal in this event has that team code."))
        else:
            added = services.join_team(proposal=proposal, person=me())
            db.session.commit()
            if added:
                flash(_("You are now on the team of \u201c%(title)s\u201d.", title=proposal.title),
                      "success")
            return redirect(url_for("proposals.edit", proposal_id=proposal.id))
    return render_template("proposals/join.html", event=event, form=form)


@login_required
def leave(proposal_id: int):
    """An author leaves the team."""
    proposal = proposal_or_404(proposal_id)
    if not permissions.is_author(current_user, proposal):
        abort(403)
    if not permissions.can_leave_team(current_user, proposal):
        fail(409, _("The team is fixed once submission has closed."))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.leave_team(proposal=proposal, person=me())
    except services.ProposalError:
        flash(_("You are the last one on the team. Withdraw the proposal before you leave it."),
              "error")
        return redirect(url_for("proposals.show", proposal_id=proposal.id))
    db.session.commit()
    flash(_("You have left the team of \u201c%(title)s\u201d.", title=proposal.title), "success")
    return redirect(url_for("events.show", event_id=proposal.event_id))
