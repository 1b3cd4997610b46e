"""Reads of the published decision, for pages outside the results capability."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hackathon.enums import Outcome, ProposalStatus
from hackathon.extensions import db
from hackathon.models import Decision, Event, ProcessOwner, Proposal


def published_selection(event: Event) -> list[Decision]:
    """The proposals selected for testing, once the decision is published (else empty; a
    decision staged on a proposal that left the round before publication does not count);
    with their proposal, problem owner and process owners loaded in three queries."""
    if event.decision_published_at is None:
        return []
    return list(db.session.scalars(
        select(Decision)
        .join(Proposal, Proposal.id == Decision.proposal_id)
        .where(Decision.event_id == event.id, Decision.outcome == Outcome.SELECTED,
               Proposal.status == ProposalStatus.SUBMITTED)
        .options(
            selectinload(Decision.proposal),
            selectinload(Decision.problem_owner),
            selectinload(Decision.process_owners).selectinload(ProcessOwner.organisation),
        )
        .order_by(Proposal.title)
    ))
