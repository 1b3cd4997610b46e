"""Reads about proposals that several views need, with bounded query counts."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from hackathon.enums import ProposalStatus, Sector
from hackathon.extensions import db
from hackathon.models import (
    Event,
    Organisation,
    Person,
    Proposal,
    ProposalAuthor,
    ProposalOrganisation,
    ProposalRevision,
)

_LOAD_TEAM_AND_ORGS = (
    selectinload(Proposal.authors).joinedload(ProposalAuthor.person),
    selectinload(Proposal.organisations).joinedload(ProposalOrganisation.organisation),
    joinedload(Proposal.problem_owner),
)


def proposal_with_team(proposal_id: int) -> Proposal | None:
    """A proposal with its authors, organisations and event loaded."""
    return db.session.scalar(
        select(Proposal)
        .where(Proposal.id == proposal_id)
        .options(*_LOAD_TEAM_AND_ORGS, joinedload(Proposal.event))
    )


def proposal_for_saving(proposal_id: int) -> Proposal | None:
    """A proposal with what an autosave needs (event, author ids, organisation links), without
    the people and organisations behind them: the lightest load for the hottest route."""
    return db.session.scalar(
        select(Proposal)
        .where(Proposal.id == proposal_id)
        .options(
            joinedload(Proposal.event),
            selectinload(Proposal.authors),
            selectinload(Proposal.organisations),
        )
    )


def my_proposals(person: Person, event: Event) -> list[Proposal]:
    """The proposals of ``event`` whose team ``person`` is on, newest first."""
    return list(
        db.session.scalars(
            select(Proposal)
            .join(ProposalAuthor, ProposalAuthor.proposal_id == Proposal.id)
            .where(Proposal.event_id == event.id, ProposalAuthor.person_id == person.id)
            .options(*_LOAD_TEAM_AND_ORGS)
            .order_by(Proposal.created_at.desc(), Proposal.id.desc())
        )
    )


def proposal_by_team_code(event: Event, code: str) -> Proposal | None:
    """The proposal of ``event`` with this team code."""
    return db.session.scalar(
        select(Proposal).where(
            Proposal.event_id == event.id, Proposal.team_code == code.strip().upper()
        )
    )


def event_proposals(
    event: Event,
    status: ProposalStatus | None = None,
    sector: Sector | None = None,
    search: str = "",
) -> list[Proposal]:
    """The event's proposals, filtered, with team and organisations loaded (3 queries)."""
    query = select(Proposal).where(Proposal.event_id == event.id)
    if status is not None:
        query = query.where(Proposal.status == status)
    if sector is not None:
        query = query.where(
            Proposal.id.in_(
                select(ProposalOrganisation.proposal_id)
                .join(Organisation, Organisation.id == ProposalOrganisation.organisation_id)
                .where(Organisation.sector == sector)
            )
        )
    if search.strip():
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(Proposal.title).like(pattern),
                func.lower(Proposal.summary).like(pattern),
            )
        )
    return list(
        db.session.scalars(query.options(*_LOAD_TEAM_AND_ORGS).order_by(Proposal.title))
    )


def revisions_of(proposal: Proposal) -> list[ProposalRevision]:
    """All revisions of ``proposal``, newest first, with their authors."""
    return list(
        db.session.scalars(
            select(ProposalRevision)
            .where(ProposalRevision.proposal_id == proposal.id)
            .options(joinedload(ProposalRevision.author))
            .order_by(ProposalRevision.version.desc())
        )
    )


def organisation_names() -> dict[int, Organisation]:
    """All organisations by id (for showing organisation fields in diffs and exports)."""
    return {org.id: org for org in db.session.scalars(select(Organisation))}
