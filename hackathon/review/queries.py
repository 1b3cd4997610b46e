"""Reads for the qualification round, with bounded query counts."""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from hackathon.enums import ProposalStatus, Role
from hackathon.extensions import db
from hackathon.models import (
    Assignment,
    Conflict,
    Event,
    EventRole,
    Person,
    Proposal,
    ProposalOrganisation,
    Review,
    ReviewRound,
)
from hackathon.scoring import ModelError, ScoringModel, load_model


def round_of(event: Event) -> ReviewRound | None:
    """The event's round settings, if they exist yet."""
    return db.session.scalar(select(ReviewRound).where(ReviewRound.event_id == event.id))


def scoring_model(event: Event, review_round: ReviewRound | None = None) -> ScoringModel | None:
    """The model the round uses: the frozen snapshot once open, else the chosen file with the
    event's adjusted weights. None when no valid model is chosen."""
    if event.scoring_model_snapshot:
        return ScoringModel.from_snapshot(event.scoring_model_snapshot)
    if not event.scoring_model_key:
        return None
    path = Path(current_app.config["SCORING_MODELS_DIR"]) / f"{event.scoring_model_key}.toml"
    try:
        model = load_model(path)
    except (ModelError, OSError):
        return None
    review_round = review_round or round_of(event)
    if review_round and review_round.weights:
        known = {k: w for k, w in review_round.weights.items() if k in model.criterion_keys}
        model = model.with_weights(known)
    return model


def reviewers_of(event: Event) -> list[Person]:
    """The event's reviewers, with their organisations, by name."""
    return list(
        db.session.scalars(
            select(Person)
            .join(EventRole, EventRole.person_id == Person.id)
            .where(EventRole.event_id == event.id, EventRole.role == Role.REVIEWER)
            .options(joinedload(Person.organisation))
            .order_by(Person.name)
        )
    )


def submitted_proposals(event: Event) -> list[Proposal]:
    """The proposals in the round (submitted), with organisations, by title."""
    return list(
        db.session.scalars(
            select(Proposal)
            .where(Proposal.event_id == event.id, Proposal.status == ProposalStatus.SUBMITTED)
            .options(selectinload(Proposal.organisations).joinedload(
                ProposalOrganisation.organisation))
            .order_by(Proposal.title)
        )
    )


def conflicts_of(event: Event) -> list[Conflict]:
    """Every conflict of the event with reviewer and proposal loaded."""
    return list(
        db.session.scalars(
            select(Conflict)
            .where(Conflict.event_id == event.id)
            .options(joinedload(Conflict.reviewer), joinedload(Conflict.proposal),
                     joinedload(Conflict.overridden_by))
            .order_by(Conflict.created_at)
        )
    )


def active_conflict_pairs(event: Event) -> set[tuple[int, int]]:
    """(proposal id, reviewer id) pairs that a conflict keeps apart."""
    rows = db.session.execute(
        select(Conflict.proposal_id, Conflict.reviewer_id).where(
            Conflict.event_id == event.id, Conflict.overridden_at.is_(None)
        )
    )
    return {(p, r) for p, r in rows}


def assignment_pairs(event: Event) -> set[tuple[int, int]]:
    """(proposal id, reviewer id) of every assignment in the event."""
    rows = db.session.execute(
        select(Assignment.proposal_id, Assignment.reviewer_id).where(
            Assignment.event_id == event.id
        )
    )
    return {(p, r) for p, r in rows}


def reviews_by_pair(event: Event) -> dict[tuple[int, int], Review]:
    """Every review of the event by (proposal id, reviewer id)."""
    reviews = db.session.scalars(select(Review).where(Review.event_id == event.id))
    return {(r.proposal_id, r.reviewer_id): r for r in reviews}


def my_list(event: Event, reviewer: Person) -> list[tuple[Proposal, Review | None]]:
    """The reviewer's proposals to review (assigned, submitted, not conflicted), by title."""
    conflicts = active_conflict_pairs(event)
    assigned = {p for p, r in assignment_pairs(event) if r == reviewer.id}
    reviews = {
        r.proposal_id: r
        for r in db.session.scalars(
            select(Review).where(Review.event_id == event.id, Review.reviewer_id == reviewer.id)
        )
    }
    return [
        (proposal, reviews.get(proposal.id))
        for proposal in submitted_proposals(event)
        if proposal.id in assigned and (proposal.id, reviewer.id) not in conflicts
    ]


def progress(event: Event) -> dict:
    """The facilitator's live view: per reviewer and proposal, its state; no scores."""
    reviewers = reviewers_of(event)
    proposals = submitted_proposals(event)
    assigned = assignment_pairs(event)
    conflicts = active_conflict_pairs(event)
    reviews = reviews_by_pair(event)
    grid: dict[tuple[int, int], str] = {}
    done = total = 0
    for proposal in proposals:
        for reviewer in reviewers:
            pair = (proposal.id, reviewer.id)
            review = reviews.get(pair)
            if pair in conflicts:
                state = "conflict"
            elif pair not in assigned:
                state = "none"
            elif review is not None and review.complete:
                state = "done"
            elif review is not None:
                state = "in_progress"
            else:
                state = "todo"
            grid[pair] = state
            if state in ("done", "in_progress", "todo"):
                total += 1
                done += state == "done"
    unfinished = [
        (proposal, reviewer, grid[(proposal.id, reviewer.id)])
        for reviewer in reviewers
        for proposal in proposals
        if grid[(proposal.id, reviewer.id)] in ("in_progress", "todo")
    ]
    return {
        "reviewers": reviewers,
        "proposals": proposals,
        "grid": grid,
        "done": done,
        "total": total,
        "unfinished": unfinished,
        "reviews": reviews,
    }


def team_comments(proposal: Proposal) -> list[str]:
    """The non-empty comments to the team from the proposal's complete reviews (no names)."""
    rows = db.session.scalars(
        select(Review.comment_team)
        .where(Review.proposal_id == proposal.id, Review.status == "complete")
        .order_by(Review.id)
    )
    return [comment.strip() for comment in rows if comment.strip()]


def complete_scores(event: Event) -> list[tuple[int, int, str, float | None]]:
    """(proposal, reviewer, criterion, value) of every complete, unconflicted review of a
    submitted proposal; value None is an abstention. The input of the ranking."""
    conflicts = active_conflict_pairs(event)
    submitted = {p.id for p in submitted_proposals(event)}
    rows = []
    for review in db.session.scalars(
        # In id order: the reviewer bootstrap depends on the order reviewers are first met.
        select(Review)
        .where(Review.event_id == event.id, Review.status == "complete")
        .order_by(Review.id)
    ):
        pair = (review.proposal_id, review.reviewer_id)
        if pair in conflicts or review.proposal_id not in submitted:
            continue
        for criterion, value in review.scores.items():
            rows.append((review.proposal_id, review.reviewer_id, criterion, value))
    return rows
