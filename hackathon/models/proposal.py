"""Prototype proposals written by cross-sector teams, with their authors and organisations."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackathon.enums import EvidenceKind, ProposalStatus
from hackathon.extensions import db
from hackathon.models.common import enum_column, utcnow
from hackathon.models.event import JOIN_CODE_ALPHABET, Event, display_code
from hackathon.models.organisation import Organisation
from hackathon.models.person import Person

# A team code gives read/write access to a team's drafts, so it must hold against guessing for
# weeks (odds in hackathon/auth/throttle.py). Codes made before were 6 characters and still work.
TEAM_CODE_LENGTH = 12


def new_team_code() -> str:
    """A code another participant types to join a proposal's team (31^12, about 7.9e17)."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(TEAM_CODE_LENGTH))


def new_team_code_for(event_id: int) -> str:
    """A team code no other proposal of the event uses."""
    while True:
        code = new_team_code()
        taken = db.session.scalar(
            select(Proposal.id).where(Proposal.event_id == event_id, Proposal.team_code == code)
        )
        if taken is None:
            return code


class Proposal(db.Model):
    """A prototype proposal, with the fields the seeds ask for (see DOMAIN.md)."""

    __tablename__ = "proposal"
    __table_args__ = (
        UniqueConstraint("event_id", "team_code"),
        # Counts by status (event page, dashboard, projector) read this index alone.
        Index("ix_proposal_event_id_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    status: Mapped[ProposalStatus] = mapped_column(
        enum_column(ProposalStatus), default=ProposalStatus.DRAFT
    )
    # Optimistic concurrency: every save increments it.
    version: Mapped[int] = mapped_column(default=1)
    team_code: Mapped[str] = mapped_column(String(12), default=new_team_code)

    @property
    def team_code_display(self) -> str:
        """The team code in groups of four, as shown to the team."""
        return display_code(self.team_code)

    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    target_group: Mapped[str] = mapped_column(Text, default="")
    problem: Mapped[str] = mapped_column(Text, default="")
    problem_owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    citizen_voice: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    evidence_kind: Mapped[EvidenceKind | None] = mapped_column(enum_column(EvidenceKind))
    idea: Mapped[str] = mapped_column(Text, default="")
    # [{"goal": str, "activities": [str, ...]}, ...]
    goals: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    trial_action_what: Mapped[str] = mapped_column(Text, default="")
    trial_action_where: Mapped[str] = mapped_column(Text, default="")
    trial_action_when: Mapped[date | None]
    value_citizens: Mapped[str] = mapped_column(Text, default="")
    value_organisations: Mapped[str] = mapped_column(Text, default="")
    measurement: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    risks: Mapped[str] = mapped_column(Text, default="")
    scaling: Mapped[str] = mapped_column(Text, default="")

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None]
    # A facilitator may reopen one proposal after the deadline, until this time.
    reopened_until: Mapped[datetime | None]
    # The knowledge bank: the team's consent, and whether the authors are named there.
    bank_consent: Mapped[bool] = mapped_column(default=False, server_default="0")
    bank_named: Mapped[bool] = mapped_column(default=False, server_default="0")
    # Started from a bank entry: the proposal it was copied from.
    bank_source_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposal.id", ondelete="SET NULL")
    )

    event: Mapped[Event] = relationship()
    problem_owner: Mapped[Organisation | None] = relationship()
    authors: Mapped[list[ProposalAuthor]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalAuthor.id"
    )
    organisations: Mapped[list[ProposalOrganisation]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalOrganisation.id"
    )

    @property
    def sectors(self) -> list:
        """The sectors taking part, derived from the participating organisations."""
        seen = []
        for link in self.organisations:
            if link.organisation.sector not in seen:
                seen.append(link.organisation.sector)
        return seen


class ProposalAuthor(db.Model):
    """A member of a proposal's team; every author may edit."""

    __tablename__ = "proposal_author"
    __table_args__ = (UniqueConstraint("proposal_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="authors")
    person: Mapped[Person] = relationship()


class ProposalOrganisation(db.Model):
    """An organisation taking part in a proposal, possibly as one of its process owners."""

    __tablename__ = "proposal_organisation"
    __table_args__ = (UniqueConstraint("proposal_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    is_process_owner: Mapped[bool] = mapped_column(default=False)
    contact_name: Mapped[str] = mapped_column(String(120), default="")

    proposal: Mapped[Proposal] = relationship(back_populates="organisations")
    organisation: Mapped[Organisation] = relationship()


class ProposalRevision(db.Model):
    """One saved change of a proposal: who, when, and each changed field's old and new value.

    ``changes`` maps a field name to ``[old, new]`` (both as the strings the form uses), so the
    state at any revision can be rebuilt by undoing later revisions from the current state.
    """

    __tablename__ = "proposal_revision"
    __table_args__ = (
        UniqueConstraint("proposal_id", "version"),
        UniqueConstraint("proposal_id", "save_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    # The proposal's version after this change.
    version: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    changes: Mapped[dict[str, list[str]]] = mapped_column(JSON)
    # "edit", "submit", "withdraw", "reopen", "restore", "create"
    kind: Mapped[str] = mapped_column(String(16), default="edit")
    # The browser's id for one save, so a retried request is stored once.
    save_id: Mapped[str | None] = mapped_column(String(64))

    proposal: Mapped[Proposal] = relationship()
    author: Mapped[Person | None] = relationship()
