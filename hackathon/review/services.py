"""Writes for the qualification round. Functions flush; the caller commits.

The round opens when the event moves to the qualification phase (the model is frozen as a
snapshot, conflicts are found and proposals assigned) and closes when it moves on to the
decision phase (unfinished reviews must be confirmed first).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from hackathon.audit import services as audit
from hackathon.enums import Phase, Role
from hackathon.events.services import PhaseError, register_phase_hook
from hackathon.extensions import db
from hackathon.models import (
    ASSIGN_ALL,
    REVIEW_COMPLETE,
    REVIEW_IN_PROGRESS,
    Assignment,
    Conflict,
    Event,
    Person,
    Proposal,
    Review,
    ReviewRound,
    RoleAllowance,
    ScoreChange,
    utcnow,
)
from hackathon.proposals.services import lock_proposal
from hackathon.review import queries
from hackathon.review.assignment import assign_all, assign_balanced, balance_moves
from hackathon.review.roles import allowance_of, check_role_combination
from hackathon.scoring import ScoringModel


class ReviewError(ValueError):
    """A write that is not possible; ``code`` names the rule."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def ensure_round(*, event: Event) -> ReviewRound:
    """The event's round settings, created with the defaults on first use."""
    review_round = queries.round_of(event)
    if review_round is None:
        review_round = ReviewRound(event_id=event.id, weights={})
        db.session.add(review_round)
        db.session.flush()
    return review_round


def update_settings(
    *,
    event: Event,
    visibility: str,
    assignment: str,
    reviewers_per_proposal: int,
    reviewer_cap: int | None,
    scoring_model_key: str | None = None,
    weights: dict[str, float] | None = None,
) -> ReviewRound:
    """Change how the round runs. The model and its weights only change before it opens."""
    review_round = ensure_round(event=event)
    review_round.visibility = visibility
    review_round.assignment = assignment
    review_round.reviewers_per_proposal = reviewers_per_proposal
    review_round.reviewer_cap = reviewer_cap
    if event.scoring_model_snapshot is None:
        if scoring_model_key is not None and scoring_model_key != event.scoring_model_key:
            event.scoring_model_key = scoring_model_key
            review_round.weights = {}
        elif weights is not None:
            review_round.weights = dict(weights)
    db.session.flush()
    return review_round


def freeze_model(*, event: Event) -> ScoringModel:
    """Store the model (with the event's weights) on the event; later file edits do not count."""
    if event.scoring_model_snapshot is not None:
        return ScoringModel.from_snapshot(event.scoring_model_snapshot)
    model = queries.scoring_model(event)
    if model is None:
        raise PhaseError("no_model")
    event.scoring_model_snapshot = model.to_snapshot()
    db.session.flush()
    return model


def organisation_conflict_pairs(
    proposals: list[Proposal], reviewers: list[Person]
) -> set[tuple[int, int]]:
    """Pairs where the reviewer's organisation takes part in (or owns) the proposal."""
    pairs = set()
    for proposal in proposals:
        involved = {link.organisation_id for link in proposal.organisations}
        if proposal.problem_owner_id:
            involved.add(proposal.problem_owner_id)
        for reviewer in reviewers:
            if reviewer.organisation_id and reviewer.organisation_id in involved:
                pairs.add((proposal.id, reviewer.id))
    return pairs


def refresh_assignments(*, event: Event) -> int:
    """Record automatic conflicts and give every submitted proposal its reviewers.

    Safe to run again (new reviewers, newly submitted proposals): existing assignments and
    reviews stay. Returns the number of new assignments.
    """
    review_round = ensure_round(event=event)
    proposals = queries.submitted_proposals(event)
    reviewers = queries.reviewers_of(event)
    known_conflicts = {(c.proposal_id, c.reviewer_id) for c in queries.conflicts_of(event)}
    for proposal_id, reviewer_id in organisation_conflict_pairs(proposals, reviewers):
        if (proposal_id, reviewer_id) not in known_conflicts:
            db.session.add(Conflict(event_id=event.id, proposal_id=proposal_id,
                                    reviewer_id=reviewer_id, source="organisation"))
    db.session.flush()
    conflicts = queries.active_conflict_pairs(event)
    existing = queries.assignment_pairs(event)
    proposal_ids = [p.id for p in proposals]
    reviewer_ids = [r.id for r in reviewers]
    if review_round.assignment == ASSIGN_ALL:
        pairs = assign_all(proposal_ids, reviewer_ids, conflicts, existing)
    else:
        pairs = assign_balanced(
            proposal_ids, reviewer_ids, conflicts, review_round.reviewers_per_proposal,
            review_round.reviewer_cap,
            existing=[pair for pair in existing if pair not in conflicts],
        )
    for proposal_id, reviewer_id in pairs:
        db.session.add(Assignment(event_id=event.id, proposal_id=proposal_id,
                                  reviewer_id=reviewer_id))
    db.session.flush()
    if review_round.assignment != ASSIGN_ALL:
        _even_out(event, proposal_ids, reviewer_ids, conflicts, review_round.reviewer_cap)
    return len(pairs)


def _even_out(event: Event, proposal_ids: list[int], reviewer_ids: list[int],
              conflicts: set[tuple[int, int]], cap: int | None) -> None:
    """Hand unstarted assignments from the busiest reviewers to the least busy (a reviewer
    who arrived late gets their share); started reviews never move."""
    in_round = set(proposal_ids)
    assignments = [
        a for a in db.session.scalars(select(Assignment).where(Assignment.event_id == event.id))
        if a.proposal_id in in_round and (a.proposal_id, a.reviewer_id) not in conflicts
    ]
    started = set(queries.reviews_by_pair(event))
    moves = balance_moves([(a.proposal_id, a.reviewer_id) for a in assignments], reviewer_ids,
                          conflicts, started, cap)
    by_pair = {(a.proposal_id, a.reviewer_id): a for a in assignments}
    for proposal_id, heavy, light in moves:
        assignment = by_pair.pop((proposal_id, heavy))
        assignment.reviewer_id = light
        assignment.created_at = utcnow()
        by_pair[(proposal_id, light)] = assignment
    db.session.flush()


def assign_late_reviewer(*, event: Event, person: Person) -> int:
    """Give a reviewer who arrives after the round opened their share at once.

    All-on-all rounds give them every proposal they have no conflict with; balanced rounds
    give them unstarted assignments from the busiest reviewers (the loads stay even, the cap
    holds). Returns the number of proposals now on their list; 0 before the round opens.
    """
    if event.phase != Phase.QUALIFICATION:
        return 0
    refresh_assignments(event=event)
    return len(queries.my_list(event, person))


def assign_late_proposal(*, proposal: Proposal) -> int:
    """Give a proposal submitted (or resubmitted after a reopening) during the round its
    reviewers. Returns the number of new assignments; 0 outside the round."""
    if proposal.event.phase != Phase.QUALIFICATION or proposal.event.scoring_model_snapshot is None:
        return 0
    return refresh_assignments(event=proposal.event)


def after_role_granted(*, event: Event, person: Person, role: Role) -> None:
    """Called by ``auth.services.grant_role`` after it added a role.

    Refuses (RoleConflict) a reviewer who becomes participant or a participant who becomes
    reviewer without the facilitator's allowance; the caller does not commit then. A reviewer
    who arrives while the round is open gets their share of the proposals at once.
    """
    check_role_combination(event=event, person=person, role=role)
    if role == Role.REVIEWER:
        assign_late_reviewer(event=event, person=person)


def allow_both_roles(*, event: Event, person: Person, facilitator: Person,
                     reason: str) -> RoleAllowance:
    """Let ``person`` be both reviewer and participant in ``event``; recorded in the audit log.

    Their own team's proposals stay automatic conflicts. Allowing twice changes nothing.
    """
    allowance = allowance_of(event, person)
    if allowance is not None:
        return allowance
    allowance = RoleAllowance(event_id=event.id, person_id=person.id,
                              allowed_by_id=facilitator.id, reason=reason.strip())
    db.session.add(allowance)
    audit.record(event=event, actor=facilitator, action="roles", person=person.name,
                 reason=reason.strip())
    db.session.flush()
    return allowance


def _on_phase_change(*, event: Event, from_phase: Phase, to_phase: Phase, actor, confirmed):
    """Open the round on entering qualification; close it (with confirmation) on leaving."""
    if to_phase == Phase.QUALIFICATION and from_phase == Phase.SUBMISSION:
        freeze_model(event=event)
        review_round = ensure_round(event=event)
        if review_round.opened_at is None:
            review_round.opened_at = utcnow()
        refresh_assignments(event=event)
    elif from_phase == Phase.QUALIFICATION and to_phase == Phase.DECISION:
        if queries.progress(event)["unfinished"] and not confirmed:
            raise PhaseError("unfinished_reviews")


register_phase_hook(_on_phase_change)


def declare_conflict(
    *, event: Event, proposal: Proposal, reviewer: Person, reason: str
) -> Conflict:
    """A reviewer declares a conflict of interest; the proposal leaves their list."""
    conflict = db.session.scalar(
        select(Conflict).where(Conflict.proposal_id == proposal.id,
                               Conflict.reviewer_id == reviewer.id)
    )
    if conflict is None:
        conflict = Conflict(event_id=event.id, proposal_id=proposal.id, reviewer_id=reviewer.id,
                            source="declared", reason=reason.strip())
        db.session.add(conflict)
    else:
        conflict.reason = reason.strip()
        conflict.overridden_at = None
        conflict.overridden_by_id = None
        conflict.override_reason = ""
    db.session.flush()
    return conflict


def override_conflict(*, conflict: Conflict, facilitator: Person, reason: str) -> None:
    """A facilitator lets a reviewer review despite a conflict, with a recorded reason."""
    conflict.overridden_at = utcnow()
    conflict.overridden_by_id = facilitator.id
    conflict.override_reason = reason.strip()
    exists = db.session.scalar(
        select(Assignment.id).where(Assignment.proposal_id == conflict.proposal_id,
                                    Assignment.reviewer_id == conflict.reviewer_id)
    )
    if exists is None:
        db.session.add(Assignment(event_id=conflict.event_id, proposal_id=conflict.proposal_id,
                                  reviewer_id=conflict.reviewer_id))
    db.session.flush()


def save_review(
    *,
    event: Event,
    proposal: Proposal,
    reviewer: Person,
    scores: dict[str, Any],
    comment_internal: str,
    comment_team: str,
    complete: bool,
    model: ScoringModel,
) -> Review:
    """Store a reviewer's scores (None = abstain) and comments; keep each change of a score.

    ``complete`` marks the review as counting; it needs every criterion answered (a score or
    an abstention) and raises ReviewError("unanswered") otherwise. Sending the same review
    again changes nothing and records nothing.
    """
    lock_proposal(proposal)  # two copies of the same review (a double click) are saved once
    review = db.session.scalar(
        select(Review).where(Review.proposal_id == proposal.id, Review.reviewer_id == reviewer.id)
    )
    if review is None:
        review = Review(event_id=event.id, proposal_id=proposal.id, reviewer_id=reviewer.id,
                        scores={}, status=REVIEW_IN_PROGRESS)
        db.session.add(review)
        db.session.flush()
    merged = dict(review.scores)
    merged.update(scores)
    if complete and set(model.criterion_keys) - set(merged):
        raise ReviewError("unanswered")
    now = utcnow()
    changed: dict[str, list[Any]] = {}
    for key, value in scores.items():
        answered = key in review.scores
        if answered and review.scores[key] == value:
            continue
        changed[key] = [review.scores.get(key) if answered else "-", value]
        db.session.add(ScoreChange(
            review_id=review.id, criterion=key,
            old={"answered": answered, "value": review.scores.get(key)},
            new={"answered": True, "value": value},
            changed_by_id=reviewer.id, changed_at=now,
        ))
    if merged != review.scores:
        review.scores = merged
        review.updated_at = now
    review.comment_internal = comment_internal
    review.comment_team = comment_team
    became_complete = complete and review.status != REVIEW_COMPLETE
    if became_complete:
        review.status = REVIEW_COMPLETE
        review.completed_at = now
    if changed or became_complete:
        audit.record(event=event, actor=reviewer, action="score", proposal=proposal,
                     changes=changed, complete=review.status == REVIEW_COMPLETE)
    db.session.flush()
    return review


def set_revealed(*, event: Event, revealed: bool) -> None:
    """Show or hide the scores in the facilitator's live view."""
    ensure_round(event=event).scores_revealed = revealed
    db.session.flush()


def set_feedback_released(*, event: Event, released: bool) -> None:
    """Let the teams see the reviewers' comments to them (without names), or stop it."""
    ensure_round(event=event).feedback_released = released
    db.session.flush()
