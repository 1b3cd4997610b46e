"""What each phase allows, and what is true now: the one place pages and permissions ask.

``PHASE_ACTIONS`` says in which phases an action is possible at all. ``phase_rules(event, now)``
adds the clock: writing, starting proposals and changing teams close at the submission deadline
even while the event is still in the submission phase. Templates reach the same object through
the ``phase_rules`` template global, so a page cannot say "open" where the rules say "closed".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hackathon.enums import Phase
from hackathon.models import Event, utcnow

# Action name -> the phases in which it is possible.
PHASE_ACTIONS: dict[str, frozenset[Phase]] = {
    # Late arrivals may still join during the qualification round, to follow the event;
    # writing proposals is only possible in the submission phase.
    "join": frozenset({Phase.SETUP, Phase.SUBMISSION, Phase.QUALIFICATION}),
    "edit_proposals": frozenset({Phase.SUBMISSION}),
    # Starting a proposal, joining a team, inviting members (showing the team code) and
    # leaving a team: the team is fixed once submission closes (authorship decides conflicts).
    "start_proposal": frozenset({Phase.SUBMISSION}),
    "join_team": frozenset({Phase.SUBMISSION}),
    "invite_members": frozenset({Phase.SUBMISSION}),
    "leave_team": frozenset({Phase.SUBMISSION}),
    "review": frozenset({Phase.QUALIFICATION}),
    "declare_conflict": frozenset({Phase.QUALIFICATION}),
    "decide": frozenset({Phase.DECISION}),
    "reveal": frozenset({Phase.DECISION, Phase.FOLLOW_UP, Phase.ARCHIVED}),
    "edit_event": frozenset(set(Phase) - {Phase.ARCHIVED}),
}

# Actions that also close when the submission deadline passes.
CLOSE_AT_SUBMISSION_DEADLINE = frozenset(
    {"edit_proposals", "start_proposal", "join_team", "invite_members", "leave_team"}
)

# Each deadline belongs to one phase: it runs only while the event is in that phase.
DEADLINE_PHASE: dict[str, Phase] = {
    "submission": Phase.SUBMISSION,
    "review": Phase.QUALIFICATION,
}

# A deadline's state: not yet running (its phase is ahead), running, passed (its phase is
# still on), closed (the event has moved past its phase).
UPCOMING, RUNNING, PASSED, CLOSED = "upcoming", "running", "passed", "closed"


def phase_allows(phase: Phase, action: str) -> bool:
    """True when ``action`` is possible in ``phase`` (ignoring deadlines)."""
    return phase in PHASE_ACTIONS[action]


@dataclass(frozen=True)
class DeadlineState:
    """One of the event's deadlines as it stands now."""

    kind: str  # "submission" or "review"
    at: datetime  # UTC
    state: str  # UPCOMING, RUNNING, PASSED or CLOSED

    @property
    def running(self) -> bool:
        """True while the deadline's phase is on and the time is not up: count down to it."""
        return self.state == RUNNING


@dataclass(frozen=True)
class PhaseRules:
    """What is open in one event at one moment, and which deadline (if any) is running."""

    phase: Phase
    now: datetime
    open: frozenset[str]
    deadlines: tuple[DeadlineState, ...]

    def allows(self, action: str) -> bool:
        """True when ``action`` is open now."""
        if action not in PHASE_ACTIONS:
            raise KeyError(action)
        return action in self.open

    def deadline(self, kind: str) -> DeadlineState | None:
        """The deadline of ``kind`` ("submission" or "review"), or None when not set."""
        return next((d for d in self.deadlines if d.kind == kind), None)

    @property
    def current_deadline(self) -> DeadlineState | None:
        """The deadline of the phase the event is in (running or passed), if set."""
        return next(
            (d for d in self.deadlines if d.state in (RUNNING, PASSED)), None
        )

    @property
    def running_deadline(self) -> DeadlineState | None:
        """The deadline that is counting down now, or None: never one of a phase that is over."""
        current = self.current_deadline
        return current if current is not None and current.running else None

    @property
    def submission(self) -> str:
        """Where writing stands: "not_open" (setup), "open", "passed" (deadline passed, phase
        still on) or "closed" (the event has moved on)."""
        if self.phase.index < Phase.SUBMISSION.index:
            return "not_open"
        if self.phase == Phase.SUBMISSION:
            return "open" if "edit_proposals" in self.open else "passed"
        return "closed"


def _deadline_state(kind: str, at: datetime, phase: Phase, now: datetime) -> DeadlineState:
    own = DEADLINE_PHASE[kind]
    if phase.index < own.index:
        state = UPCOMING
    elif phase == own:
        state = RUNNING if now < at else PASSED
    else:
        state = CLOSED
    return DeadlineState(kind, at, state)


def phase_rules(event: Event, now: datetime | None = None) -> PhaseRules:
    """What is open in ``event`` at ``now`` (default: the current time)."""
    now = now or utcnow()
    deadlines = tuple(
        _deadline_state(kind, at, event.phase, now)
        for kind, at in (
            ("submission", event.submission_deadline),
            ("review", event.review_deadline),
        )
        if at is not None
    )
    submission_passed = event.submission_deadline is not None and now >= event.submission_deadline
    open_now = frozenset(
        action
        for action, phases in PHASE_ACTIONS.items()
        if event.phase in phases
        and not (submission_passed and action in CLOSE_AT_SUBMISSION_DEADLINE)
    )
    return PhaseRules(phase=event.phase, now=now, open=open_now, deadlines=deadlines)
