"""The knowledge bank's rows: one entry per consented proposal (a denormalised copy kept in sync
by ``hackathon.bank.index``), and organisations' interest in an entry."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackathon.extensions import db
from hackathon.models.common import utcnow
from hackathon.models.event import Event
from hackathon.models.organisation import Organisation
from hackathon.models.person import Person
from hackathon.models.proposal import Proposal

# Event.bank_policy values: the facilitator's choice of how far the event's entries are shared.
POLICY_NONE = "none"
POLICY_NETWORK = "network"  # signed-in people of the network
POLICY_PUBLIC = "public"  # everyone, and the open-data export
POLICIES = (POLICY_NONE, POLICY_NETWORK, POLICY_PUBLIC)


class BankEntry(db.Model):
    """One proposal in the bank, with the text and facets search needs.

    List-valued facets are stored as ``|a|b|`` strings so one ``contains('|a|')`` test filters
    on SQLite and PostgreSQL alike. The searchable text lives only in the full-text index
    (SQLite: the FTS5 table ``bank_fts`` of Snowball stems; PostgreSQL: ``search_vector``, a
    ``danish`` tsvector), so rows stay narrow. ``ix_bank_entry_facets`` covers what a search
    reads for its facet counts, so counting 10,000 entries never reads the long texts."""

    __tablename__ = "bank_entry"
    __table_args__ = (
        UniqueConstraint("proposal_id"),
        Index("ix_bank_entry_visibility_updated", "visibility", "updated_at"),
        Index("ix_bank_entry_facets", "visibility", "updated_at", "id", "event_id", "year",
              "stage", "status", "outcome", "f_target", "f_sectors", "f_orgs", "f_themes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    # "network" or "public" (entries without consent are not stored at all).
    visibility: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    target_group: Mapped[str] = mapped_column(Text, default="")
    problem: Mapped[str] = mapped_column(Text, default="")
    idea: Mapped[str] = mapped_column(Text, default="")
    trial_action: Mapped[str] = mapped_column(Text, default="")
    value: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(String(16))
    rationale: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str | None] = mapped_column(String(16))
    # What was learned (the prototype's learning notes and trial actions' lessons), for lists.
    learned: Mapped[str] = mapped_column(Text, default="")
    # The authors' names when the team chose to be named, else "".
    authors: Mapped[str] = mapped_column(Text, default="")
    event_title: Mapped[str] = mapped_column(String(200), default="")
    year: Mapped[int | None]
    f_target: Mapped[str] = mapped_column(Text, default="|")
    f_sectors: Mapped[str] = mapped_column(Text, default="|")
    f_orgs: Mapped[str] = mapped_column(Text, default="|")
    f_themes: Mapped[str] = mapped_column(Text, default="|")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship()
    proposal: Mapped[Proposal] = relationship()

    @property
    def public_id(self) -> str:
        """The stable public id (survives reindexing; the proposal's id never changes)."""
        return f"hk-{self.proposal_id}"

    @staticmethod
    def split(value: str) -> list[str]:
        """A ``|a|b|`` facet column as a list."""
        return [v for v in (value or "").split("|") if v]


class BankInterest(db.Model):
    """That an organisation marked an entry as relevant ("Kan det virke hos os?")."""

    __tablename__ = "bank_interest"
    __table_args__ = (UniqueConstraint("proposal_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE")
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    person: Mapped[Person | None] = relationship()
