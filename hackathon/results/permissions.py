"""Who sees the results and who decides. Each function is tested for every role."""

from __future__ import annotations

from hackathon.enums import Phase, Role
from hackathon.events.permissions import can_manage_event
from hackathon.events.queries import roles_in
from hackathon.models import Event

# Phases in which there are results to look at (the round has opened).
RESULT_PHASES = (Phase.QUALIFICATION, Phase.DECISION, Phase.FOLLOW_UP, Phase.ARCHIVED)
# Decisions are staged and published in the decision phase; amended afterwards too.
DECISION_PHASES = (Phase.DECISION, Phase.FOLLOW_UP)


def can_see_results(person, event: Event) -> bool:
    """Facilitators once the round is closed (or, during it, once they revealed the scores);
    reviewers and observers once the facilitators release the results; participants never
    see the ranking (they see their own outcome after publication)."""
    if event.phase not in RESULT_PHASES:
        return False
    roles = roles_in(person, event)
    if Role.FACILITATOR in roles:
        if event.phase != Phase.QUALIFICATION:
            return True
        from hackathon.review.queries import round_of

        review_round = round_of(event)
        return bool(review_round and review_round.scores_revealed)
    if roles & {Role.REVIEWER, Role.OBSERVER}:
        return event.results_released
    return False


def can_use_sandbox(person, event: Event) -> bool:
    """The what-if sandbox is the facilitators' tool."""
    return can_manage_event(person, event) and can_see_results(person, event)


def can_decide(person, event: Event) -> bool:
    """Facilitators stage, publish and amend decisions in the decision and follow-up phases."""
    return can_manage_event(person, event) and event.phase in DECISION_PHASES


def can_see_report(person, event: Event) -> bool:
    """The decision report and exports: whoever sees the results."""
    return can_see_results(person, event)


def can_see_audit_log(person, event: Event) -> bool:
    """Only the event's facilitators read its audit log."""
    return can_manage_event(person, event)
