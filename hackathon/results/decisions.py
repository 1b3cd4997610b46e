"""Writes for the decision: stage an outcome per proposal, publish them together, amend after.

Staged decisions may be incomplete (the facilitators fill them in during the meeting);
publishing checks every submitted proposal and lists exactly what is missing, and stores the
official ranking as the record the decision rests on. After publication a change is an
amendment with old, new, who, when and why, never an edit in place; the stored ranking never
changes, and the event cannot go back to a phase before the decision.
Functions flush only; the view commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select

from hackathon.audit import services as audit
from hackathon.enums import Outcome, Phase, ProposalStatus
from hackathon.events.services import PhaseError, register_phase_hook
from hackathon.extensions import db
from hackathon.models import (
    Decision,
    DecisionAmendment,
    Event,
    Person,
    ProcessOwner,
    Proposal,
    WeightingAdoption,
    utcnow,
)
from hackathon.proposals.services import lock_proposal
from hackathon.results import ranking
from hackathon.review import queries as review_queries
from hackathon.scoring import METHODS


class DecisionError(ValueError):
    """A decision that cannot be saved or published; ``code`` says why, ``problems`` what."""

    def __init__(self, code: str, problems: dict[int, list[str]] | None = None, **info: Any):
        super().__init__(code)
        self.code = code
        self.problems = problems or {}
        self.info = info


@dataclass
class OwnerInput:
    """One process-owner organisation with its contact person."""

    organisation_id: int
    contact_name: str
    contact_email: str = ""


@dataclass
class DecisionInput:
    """What the facilitator typed for one proposal."""

    outcome: Outcome
    rationale: str = ""
    justification: str = ""
    merged_into_id: int | None = None
    problem_owner_id: int | None = None
    process_owners: list[OwnerInput] = field(default_factory=list)
    trial_action: str = ""
    trial_date: date | None = None


def decisions_of(event: Event) -> dict[int, Decision]:
    """{proposal id: decision} for the event (staged or published)."""
    rows = db.session.scalars(select(Decision).where(Decision.event_id == event.id))
    return {d.proposal_id: d for d in rows}


def problems_of(data: DecisionInput | Decision, *, proposal_id: int, in_top_k: bool) -> list[str]:
    """What a decision still lacks before it can be published (codes; the view words them)."""
    found = []
    if not (data.rationale or "").strip():
        found.append("rationale")
    if data.outcome == Outcome.SELECTED:
        if not data.problem_owner_id:
            found.append("problem_owner")
        owners = [o for o in data.process_owners if o.organisation_id and o.contact_name.strip()]
        if not owners:
            found.append("process_owner")
        if not (data.trial_action or "").strip():
            found.append("trial_action")
        if data.trial_date is None:
            found.append("trial_date")
        if not in_top_k and not (data.justification or "").strip():
            found.append("justification")
    if data.outcome == Outcome.MERGED and (
        not data.merged_into_id or data.merged_into_id == proposal_id
    ):
        found.append("merged_into")
    return found


def blockers_of(event: Event, proposal: Proposal, *, in_top_k: bool) -> list[str]:
    """What the saved decision on ``proposal`` still lacks before publication (codes)."""
    decision = decisions_of(event).get(proposal.id)
    if decision is None:
        return ["no_decision"]
    return problems_of(decision, proposal_id=proposal.id, in_top_k=in_top_k)


def snapshot(decision: Decision) -> dict[str, Any]:
    """A decision as plain data (kept in amendments and the audit log)."""
    return {
        "outcome": decision.outcome.value,
        "rationale": decision.rationale,
        "justification": decision.justification,
        "merged_into_id": decision.merged_into_id,
        "problem_owner_id": decision.problem_owner_id,
        "process_owners": [
            {
                "organisation_id": o.organisation_id,
                "contact_name": o.contact_name,
                "contact_email": o.contact_email,
            }
            for o in decision.process_owners
        ],
        "trial_action": decision.trial_action,
        "trial_date": decision.trial_date.isoformat() if decision.trial_date else None,
    }


def selected_count(event: Event, *, excluding: int | None = None) -> int:
    """How many proposals the (staged) decision selects for testing. A decision staged on a
    proposal that has since left the round (withdrawn, or a draft again) does not count."""
    query = (
        select(func.count(Decision.id))
        .join(Proposal, Proposal.id == Decision.proposal_id)
        .where(Decision.event_id == event.id, Decision.outcome == Outcome.SELECTED,
               Proposal.status == ProposalStatus.SUBMITTED)
    )
    if excluding is not None:
        query = query.where(Decision.proposal_id != excluding)
    return db.session.scalar(query) or 0


def save_decision(
    *,
    event: Event,
    proposal: Proposal,
    actor: Person,
    data: DecisionInput,
    expected_version: int,
    in_top_k: bool,
    confirm_over_quota: bool = False,
    reason: str = "",
) -> Decision:
    """Stage (or, after publication, amend) the decision on ``proposal``.

    ``expected_version`` is the version the facilitator's form was made from (0 for a new
    decision). Raises DecisionError with code "stale" (someone saved meanwhile), "over_quota"
    (needs ``confirm_over_quota``), "incomplete" (an amendment must be publishable) or
    "reason" (an amendment needs a reason).
    """
    lock_proposal(proposal)  # serialises two facilitators deciding the same proposal
    decision = db.session.scalar(select(Decision).where(Decision.proposal_id == proposal.id))
    current_version = decision.version if decision is not None else 0
    if expected_version != current_version:
        raise DecisionError("stale", current_version=current_version)
    published = event.decision_published_at is not None
    if published:
        missing = problems_of(data, proposal_id=proposal.id, in_top_k=in_top_k)
        if missing:
            raise DecisionError("incomplete", {proposal.id: missing})
        if not reason.strip():
            raise DecisionError("reason")
    if (
        data.outcome == Outcome.SELECTED
        and selected_count(event, excluding=proposal.id) + 1 > event.selection_quota
        and not confirm_over_quota
    ):
        raise DecisionError("over_quota", quota=event.selection_quota)

    old = snapshot(decision) if decision is not None else None
    if decision is None:
        decision = Decision(event_id=event.id, proposal_id=proposal.id, outcome=data.outcome)
        db.session.add(decision)
    else:
        decision.version += 1
    decision.outcome = data.outcome
    decision.rationale = data.rationale.strip()
    decision.justification = data.justification.strip()
    decision.merged_into_id = data.merged_into_id if data.outcome == Outcome.MERGED else None
    decision.problem_owner_id = data.problem_owner_id
    decision.trial_action = data.trial_action.strip()
    decision.trial_date = data.trial_date
    decision.decided_by_id = actor.id
    decision.updated_at = utcnow()
    decision.process_owners = [
        ProcessOwner(
            organisation_id=o.organisation_id,
            contact_name=o.contact_name.strip(),
            contact_email=o.contact_email.strip(),
        )
        for o in data.process_owners
        if o.organisation_id and o.contact_name.strip()
    ]
    db.session.flush()
    new = snapshot(decision)
    if published:
        if new == old:
            return decision
        db.session.add(
            DecisionAmendment(
                decision_id=decision.id, old=old, new=new, reason=reason.strip(),
                changed_by_id=actor.id,
            )
        )
        audit.record(event=event, actor=actor, action="amendment", proposal=proposal,
                     old=old, new=new, reason=reason.strip())
        from hackathon.results import feedback

        feedback.queue_outcome_messages(event=event, proposals=[proposal], amended=True)
        db.session.flush()
        _follow_on_the_projector(event)
        from hackathon.followup import services as followup

        followup.follow_amendment(event=event, decision=decision, actor=actor,
                                  reason=reason.strip())
        from hackathon.bank import index as bank_index

        bank_index.refresh_entry(proposal)
    else:
        audit.record(event=event, actor=actor, action="decision", proposal=proposal,
                     old=old, new=new)
    db.session.flush()
    return decision


def _follow_on_the_projector(event: Event) -> None:
    """After an amendment: a published selection revealed on the projector shows the amended
    outcome (the list revealed before publication, the top k, stays as it was)."""
    if (
        event.projector_revealed_at is None
        or event.projector_reveal is None
        or event.decision_published_at is None
        or event.projector_revealed_at < event.decision_published_at
    ):
        return
    from hackathon.live.queries import compute_reveal

    rows = compute_reveal(event)
    if rows != event.projector_reveal:
        all_shown = event.projector_shown >= len(event.projector_reveal)
        event.projector_reveal = rows
        event.projector_shown = len(rows) if all_shown else min(event.projector_shown, len(rows))


def publication_problems(event: Event, top_k_ids: set[int]) -> dict[int, list[str]]:
    """{proposal id: what is missing} over every submitted proposal; empty when publishable."""
    decisions = decisions_of(event)
    found: dict[int, list[str]] = {}
    for proposal in review_queries.submitted_proposals(event):
        decision = decisions.get(proposal.id)
        if decision is None:
            found[proposal.id] = ["no_decision"]
            continue
        missing = problems_of(decision, proposal_id=proposal.id,
                              in_top_k=proposal.id in top_k_ids)
        if missing:
            found[proposal.id] = missing
    return found


def publish(
    *, event: Event, actor: Person, top_k_ids: set[int], confirm_over_quota: bool = False
) -> None:
    """Publish every staged decision at once, and queue the messages to the teams.

    Raises DecisionError "published" (already), "incomplete" (with problems per proposal) or
    "over_quota" (needs ``confirm_over_quota``).
    """
    if event.decision_published_at is not None:
        raise DecisionError("published")
    problems = publication_problems(event, top_k_ids)
    if problems:
        raise DecisionError("incomplete", problems)
    selected = selected_count(event)
    if selected > event.selection_quota and not confirm_over_quota:
        raise DecisionError("over_quota", quota=event.selection_quota, selected=selected)
    now = utcnow()
    # Computed before the event counts as published, so this is the ranking as it is now.
    official = ranking.official_ranking(event)
    if official is not None:
        ranking.store_record(event, official, published_at=now)
    event.decision_published_at = now
    event.decision_published_by_id = actor.id
    audit.record(event=event, actor=actor, action="publish", selected=selected,
                 quota=event.selection_quota)
    from hackathon.results import feedback

    feedback.queue_outcome_messages(event=event,
                                    proposals=review_queries.submitted_proposals(event))
    db.session.flush()
    from hackathon.followup import services as followup

    followup.start_prototypes(event=event, actor=actor)
    from hackathon.bank import index as bank_index

    bank_index.refresh_event(event)  # entries gain the decision and the prototype


def adopt_weighting(
    *, event: Event, actor: Person, weights: dict[str, float], method: str, reason: str
) -> WeightingAdoption:
    """Make another weighting (and method) the official ranking, with the recorded reason.

    Raises DecisionError "reason", "method" or "published" (the ranking a published decision
    rests on does not change under it).
    """
    if event.decision_published_at is not None:
        raise DecisionError("published")
    if not reason.strip():
        raise DecisionError("reason")
    if method not in METHODS:
        raise DecisionError("method")
    adoption = WeightingAdoption(
        event_id=event.id, weights=dict(weights), method=method, reason=reason.strip(),
        adopted_by_id=actor.id,
    )
    db.session.add(adoption)
    audit.record(event=event, actor=actor, action="weighting", weights=dict(weights),
                 method=method, reason=reason.strip())
    db.session.flush()
    return adoption


def _keep_the_decision_phase(*, event: Event, from_phase: Phase, to_phase: Phase, **_):
    """Once the decision is published the event does not go back before the decision phase:
    reopening the round or the submission would let the ranking's basis change under it."""
    if event.decision_published_at is not None and to_phase.index < Phase.DECISION.index:
        raise PhaseError("published")


register_phase_hook(_keep_the_decision_phase)


def set_results_released(*, event: Event, actor: Person, released: bool) -> None:
    """Let reviewers and observers see the results page (or stop it)."""
    if event.results_released != released:
        event.results_released = released
        audit.record(event=event, actor=actor, action="release", what="results",
                     released=released)
    db.session.flush()
