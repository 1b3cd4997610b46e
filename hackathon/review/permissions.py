"""Who may do what in the qualification round. Each function is tested for every role."""

from __future__ import annotations

from hackathon.enums import Phase, ProposalStatus, Role
from hackathon.events.permissions import can_manage_event
from hackathon.events.queries import roles_in
from hackathon.models import (
    VISIBILITY_AFTER_OWN,
    VISIBILITY_ALWAYS,
    Event,
    Proposal,
    Review,
    ReviewRound,
)

ROUND_PHASES = (Phase.QUALIFICATION, Phase.DECISION, Phase.FOLLOW_UP, Phase.ARCHIVED)


def can_follow_round(person, event: Event) -> bool:
    """Facilitators follow the round's progress and conflicts at any time."""
    return can_manage_event(person, event)


def is_reviewer(person, event: Event) -> bool:
    """True for the event's reviewers."""
    return Role.REVIEWER in roles_in(person, event)


def can_see_own_reviews(person, event: Event) -> bool:
    """Reviewers see their list once the round has opened (read-only after it closes)."""
    return is_reviewer(person, event) and event.phase in ROUND_PHASES


def scoring_refusal(
    person,
    proposal: Proposal,
    assigned: bool,
    conflicted: bool,
    for_writing: bool,
    authored: bool = False,
) -> tuple[int, str] | None:
    """Why this reviewer may not open (or write) this proposal's review, or None if they may.

    Returns (HTTP status, reason code): 403 for an author of the proposal, not assigned /
    conflicted / not a reviewer, 409 for a withdrawn proposal or a round that is not open for
    writing.
    """
    event = proposal.event
    if not is_reviewer(person, event):
        return 403, "not_reviewer"
    if authored:
        return 403, "author"
    if conflicted:
        return 403, "conflicted"
    if not assigned:
        return 403, "not_assigned"
    if proposal.status != ProposalStatus.SUBMITTED:
        return 409, "withdrawn"
    if event.phase not in ROUND_PHASES:
        return 409, "not_open"
    if for_writing and event.phase != Phase.QUALIFICATION:
        return 409, "closed"
    return None


def can_see_other_scores(
    person, event: Event, review_round: ReviewRound | None, own: Review | None
) -> bool:
    """The independence rule: reviewers see others' scores per the round's setting;
    facilitators once they reveal them."""
    if can_manage_event(person, event):
        return bool(review_round and review_round.scores_revealed)
    if not is_reviewer(person, event) or review_round is None:
        return False
    if review_round.visibility == VISIBILITY_ALWAYS:
        return True
    if review_round.visibility == VISIBILITY_AFTER_OWN:
        return own is not None and own.complete
    return False
