"""Reads for the qualification round, with bounded query counts."""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from hackathon.enums import Phase, ProposalStatus, Role
from hackathon.extensions import db
from hackathon.models import (
    Assignment,
    Conflict,
    Event,
    EventRole,
    Person,
    Proposal,
    ProposalAuthor,
    ProposalOrganisation,
    ProposalRevision,
    Review,
    ReviewRound,
    RoleAllowance,
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


# Revisions a facilitator writes (reopening, restoring) do not make them an author.
FACILITATOR_REVISIONS = ("reopen", "restore")


def author_pairs(event: Event) -> set[tuple[int, int]]:
    """(proposal id, person id) for everyone on a proposal's team or who ever wrote to it.

    Authorship is an automatic conflict that no one can override: it is derived, not stored,
    so joining a team after the round opened (or after scoring) counts at once, and leaving
    the team does not make a person's own work reviewable by them.
    """
    members = db.session.execute(
        select(ProposalAuthor.proposal_id, ProposalAuthor.person_id)
        .join(Proposal, Proposal.id == ProposalAuthor.proposal_id)
        .where(Proposal.event_id == event.id)
    )
    writers = db.session.execute(
        select(ProposalRevision.proposal_id, ProposalRevision.author_id)
        .join(Proposal, Proposal.id == ProposalRevision.proposal_id)
        .where(Proposal.event_id == event.id, ProposalRevision.author_id.is_not(None),
               ProposalRevision.kind.not_in(FACILITATOR_REVISIONS))
        .distinct()
    )
    return {(p, r) for p, r in members} | {(p, r) for p, r in writers}


def active_conflict_pairs(event: Event) -> set[tuple[int, int]]:
    """(proposal id, reviewer id) pairs that a conflict keeps apart: declared or organisation
    conflicts not overridden, and every author of a proposal (see ``author_pairs``)."""
    rows = db.session.execute(
        select(Conflict.proposal_id, Conflict.reviewer_id).where(
            Conflict.event_id == event.id, Conflict.overridden_at.is_(None)
        )
    )
    return {(p, r) for p, r in rows} | author_pairs(event)


def author_conflicts(event: Event) -> list[dict]:
    """The automatic authorship conflicts of the event's reviewers, for the overview:
    {"reviewer", "proposal", "review"} (the review, if any, is excluded from the results)."""
    pairs = author_pairs(event)
    if not pairs:
        return []
    reviewers = {r.id: r for r in reviewers_of(event)}
    pairs = {(p, r) for p, r in pairs if r in reviewers}
    if not pairs:
        return []
    proposals = {
        p.id: p for p in db.session.scalars(
            select(Proposal).where(Proposal.id.in_({p for p, _r in pairs}))
        )
    }
    reviews = reviews_by_pair(event)
    return sorted(
        ({"reviewer": reviewers[r], "proposal": proposals[p], "review": reviews.get((p, r))}
         for p, r in pairs),
        key=lambda item: (item["reviewer"].name, item["proposal"].title),
    )


def assignment_gaps(state: dict) -> dict[str, list]:
    """From ``progress``: the reviewers with nothing to review and the submitted proposals
    that nobody reviews (conflicts and the cap can leave some; the facilitator must see it)."""
    grid = state["grid"]
    counted = ("done", "in_progress", "todo")
    reviewers = [r for r in state["reviewers"]
                 if not any(grid[(p.id, r.id)] in counted for p in state["proposals"])]
    proposals = [p for p in state["proposals"]
                 if not any(grid[(p.id, r.id)] in counted for r in state["reviewers"])]
    return {"reviewers": reviewers, "proposals": proposals}


def assignment_alerts(event: Event, state: dict | None) -> list[dict]:
    """Alerts for the live dashboard while the round is open: {"kind": "unassigned_reviewer",
    "reviewer"} and {"kind": "unassigned_proposal", "proposal"}."""
    if state is None or event.phase != Phase.QUALIFICATION:
        return []
    gaps = assignment_gaps(state)
    return (
        [{"kind": "unassigned_reviewer", "reviewer": r} for r in gaps["reviewers"]]
        + [{"kind": "unassigned_proposal", "proposal": p} for p in gaps["proposals"]]
    )


def role_allowances(event: Event) -> list[RoleAllowance]:
    """The people a facilitator allowed to be both reviewer and participant, oldest first."""
    return list(
        db.session.scalars(
            select(RoleAllowance).where(RoleAllowance.event_id == event.id)
            .options(joinedload(RoleAllowance.person), joinedload(RoleAllowance.allowed_by))
            .order_by(RoleAllowance.created_at, RoleAllowance.id)
        )
    )


def people_for_allowance(event: Event) -> list[tuple[Person, set[Role]]]:
    """The event's reviewers and participants not yet allowed both roles, with their roles."""
    allowed = {a.person_id for a in role_allowances(event)}
    rows = db.session.execute(
        select(Person, EventRole.role)
        .join(EventRole, EventRole.person_id == Person.id)
        .where(EventRole.event_id == event.id,
               EventRole.role.in_((Role.REVIEWER, Role.PARTICIPANT)))
        .order_by(Person.name, Person.id)
    )
    people: dict[int, tuple[Person, set[Role]]] = {}
    for person, role in rows:
        if person.id not in allowed:
            people.setdefault(person.id, (person, set()))[1].add(role)
    return list(people.values())


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
