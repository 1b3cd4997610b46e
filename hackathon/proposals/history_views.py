"""A proposal's history: every saved change with a per-field difference, and a facilitator's
restore (routes of the ``proposals`` blueprint, registered in ``views.py``)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hackathon.auth.forms import ConfirmForm
from hackathon.extensions import db
from hackathon.models import ProposalRevision
from hackathon.proposals import permissions, queries, services
from hackathon.proposals.access import me, proposal_or_404
from hackathon.proposals.fields import BY_NAME
from hackathon.proposals.values import display, word_diff


@login_required
def history(proposal_id: int):
    """Every saved change: who, when, which fields; with a per-field difference."""
    proposal = proposal_or_404(proposal_id)
    if not permissions.can_view_proposal(current_user, proposal):
        abort(403)
    revisions = queries.revisions_of(proposal)
    selected = request.args.get("revision", type=int)
    revision = next((r for r in revisions if r.id == selected), revisions[0] if revisions else None)
    organisations = queries.organisation_names()
    diffs = []
    if revision is not None:
        for name, (old, new) in revision.changes.items():
            label = BY_NAME[name].label if name in BY_NAME else _field_label(name)
            diffs.append(
                (label, word_diff(display(name, old, organisations) if name in BY_NAME else old,
                                  display(name, new, organisations) if name in BY_NAME else new))
            )
    return render_template(
        "proposals/history.html",
        proposal=proposal,
        event=proposal.event,
        revisions=revisions,
        revision=revision,
        diffs=diffs,
        field_label=lambda name: BY_NAME[name].label if name in BY_NAME else _field_label(name),
        is_facilitator=permissions.can_manage_proposals(current_user, proposal.event),
        is_author=permissions.is_author(current_user, proposal),
        can_edit=permissions.can_edit_proposal(current_user, proposal),
        confirm_form=ConfirmForm(),
    )


def _field_label(name: str) -> str:
    return {"status": _("Status"), "reopened_until": _("Reopened until")}.get(name, name)


@login_required
def restore(proposal_id: int, revision_id: int):
    """A facilitator restores the fields as they were at an earlier revision."""
    proposal = proposal_or_404(proposal_id)
    if not permissions.can_manage_proposals(current_user, proposal.event):
        abort(403)
    revision = db.get_or_404(ProposalRevision, revision_id)
    if revision.proposal_id != proposal.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        restored = services.restore(proposal=proposal, facilitator=me(), revision=revision)
    except services.ProposalError as error:
        db.session.rollback()
        flash(str(error.detail), "error")
        return redirect(url_for("proposals.history", proposal_id=proposal.id))
    db.session.commit()
    if restored:
        flash(_("Restored as it was at version %(n)d. This is saved as a new version.",
                n=revision.version), "success")
    else:
        flash(_("Nothing to restore: the proposal already looks like that."), "info")
    return redirect(url_for("proposals.history", proposal_id=proposal.id))
