"""What each phase allows. Later capabilities add their actions to ``PHASE_ACTIONS``."""

from __future__ import annotations

from hackathon.enums import Phase

# Action name -> the phases in which it is possible.
PHASE_ACTIONS: dict[str, frozenset[Phase]] = {
    # Late arrivals may still join during the qualification round, to follow the event;
    # writing proposals is only possible in the submission phase.
    "join": frozenset({Phase.SETUP, Phase.SUBMISSION, Phase.QUALIFICATION}),
    "edit_proposals": frozenset({Phase.SUBMISSION}),
    "review": frozenset({Phase.QUALIFICATION}),
    "decide": frozenset({Phase.DECISION}),
    "edit_event": frozenset(set(Phase) - {Phase.ARCHIVED}),
}


def phase_allows(phase: Phase, action: str) -> bool:
    """True when ``action`` is possible in ``phase``."""
    return phase in PHASE_ACTIONS[action]
