"""Who may read, write and manage a proposal. Each function is tested for every role."""

from __future__ import annotations

from datetime import datetime

from hackathon.enums import ProposalStatus, Role
from hackathon.events.permissions import can_manage_event, is_signed_in
from hackathon.events.phases import phase_allows
from hackathon.events.queries import roles_in
from hackathon.models import Event, Proposal, utcnow
from hackathon.proposals.decided import decision_published


def is_author(person, proposal: Proposal) -> bool:
    """True when ``person`` is on the proposal's team."""
    return is_signed_in(person) and any(a.person_id == person.id for a in proposal.authors)


def submission_open(event: Event, now: datetime | None = None) -> bool:
    """The event takes changes to proposals: submission phase and before the deadline."""
    now = now or utcnow()
    if not phase_allows(event.phase, "edit_proposals"):
        return False
    return event.submission_deadline is None or now < event.submission_deadline


def editing_open(proposal: Proposal, now: datetime | None = None) -> bool:
    """The proposal's text can change now (the event's deadline, or a facilitator reopened it)."""
    now = now or utcnow()
    if proposal.status == ProposalStatus.WITHDRAWN:
        return False
    if submission_open(proposal.event, now):
        return True
    return proposal.reopened_until is not None and now < proposal.reopened_until


def can_start_proposal(person, event: Event) -> bool:
    """Participants start proposals while submission is open."""
    return Role.PARTICIPANT in roles_in(person, event) and submission_open(event)


def can_join_team(person, event: Event) -> bool:
    """Participants join teams while submission is open."""
    return can_start_proposal(person, event)


def can_view_proposal(person, proposal: Proposal) -> bool:
    """Authors and the event's facilitators read a proposal at any time."""
    return is_author(person, proposal) or can_manage_event(person, proposal.event)


def can_edit_proposal(person, proposal: Proposal) -> bool:
    """Authors edit while editing is open."""
    return is_author(person, proposal) and editing_open(proposal)


def can_change_status(person, proposal: Proposal) -> bool:
    """Authors submit, withdraw or resume while editing is open (withdrawn: while open);
    never once the event's decision is published (it is a record)."""
    if not is_author(person, proposal) or decision_published(proposal):
        return False
    if proposal.status == ProposalStatus.WITHDRAWN:
        return submission_open(proposal.event) or (
            proposal.reopened_until is not None and utcnow() < proposal.reopened_until
        )
    return editing_open(proposal)


def can_leave_team(person, proposal: Proposal) -> bool:
    """Any author may leave the team."""
    return is_author(person, proposal)


def can_manage_proposals(person, event: Event) -> bool:
    """Facilitators list, export, reopen and restore proposals of their event."""
    return can_manage_event(person, event)
