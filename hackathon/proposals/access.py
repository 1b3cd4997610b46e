"""Helpers the proposal views share: load a proposal or 404, the signed-in person, and why a
proposal or a team cannot be changed now."""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from hackathon.core.errors import fail
from hackathon.enums import ProposalStatus, Role
from hackathon.events.phases import phase_rules
from hackathon.events.queries import roles_in
from hackathon.models import Event, Proposal
from hackathon.proposals import queries


def proposal_or_404(proposal_id: int) -> Proposal:
    """The proposal with its team, or 404."""
    proposal = queries.proposal_with_team(proposal_id)
    if proposal is None:
        abort(404)
    return proposal


def me():
    """The signed-in person (the real object, not Flask-Login's proxy)."""
    return current_user._get_current_object()


def closed_message(proposal: Proposal) -> str:
    """Why ``proposal`` cannot be changed now, in the reader's language."""
    if proposal.status == ProposalStatus.WITHDRAWN:
        return _("The proposal is withdrawn. Take it up again to change it.")
    submission = phase_rules(proposal.event).submission
    if submission == "not_open":
        return _("Writing opens when the facilitators open submission. Until then the proposal "
                 "can only be read.")
    if submission == "closed":
        return _("Submission is closed: the proposal is read-only.")
    return _("The deadline for changes has passed. The proposal can no longer be changed.")


def refuse_team_change(event: Event) -> None:
    """A participant who may not start or join now is told why; anyone else gets a 403."""
    if Role.PARTICIPANT in roles_in(current_user, event):
        fail(409, _("Submission is closed: new proposals and teams are no longer possible.")
             if phase_rules(event).submission != "not_open"
             else _("You are not on a team yet. When the facilitators open submission, you can "
                    "start a proposal here or join a team with its code."))
    abort(403)
