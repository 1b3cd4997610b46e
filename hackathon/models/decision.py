"""The selection: decisions per proposal, their amendments, adopted weightings, the audit log,
the outbox of messages to teams."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, event, select
from sqlalchemy import inspect as inspect_state
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from hackathon.enums import Outcome
from hackathon.extensions import db
from hackathon.models.common import enum_column, utcnow
from hackathon.models.event import Event
from hackathon.models.organisation import Organisation
from hackathon.models.person import Person
from hackathon.models.proposal import Proposal


class Decision(db.Model):
    """The outcome for one proposal, with its rationale and (when selected) owners and the first
    trial action. Staged until the event's decision is published; amended after that."""

    __tablename__ = "decision"
    __table_args__ = (UniqueConstraint("proposal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    outcome: Mapped[Outcome] = mapped_column(enum_column(Outcome))
    rationale: Mapped[str] = mapped_column(Text, default="")
    # Required when a proposal outside the ranking's top k is selected.
    justification: Mapped[str] = mapped_column(Text, default="")
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposal.id", ondelete="SET NULL")
    )
    problem_owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    trial_action: Mapped[str] = mapped_column(Text, default="")
    trial_date: Mapped[date | None]
    # Optimistic lock: two facilitators saving the same decision cannot overwrite each other.
    version: Mapped[int] = mapped_column(default=1)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal: Mapped[Proposal] = relationship(foreign_keys=[proposal_id])
    merged_into: Mapped[Proposal | None] = relationship(foreign_keys=[merged_into_id])
    problem_owner: Mapped[Organisation | None] = relationship()
    decided_by: Mapped[Person | None] = relationship()
    process_owners: Mapped[list[ProcessOwner]] = relationship(
        back_populates="decision", cascade="all, delete-orphan", order_by="ProcessOwner.id"
    )
    amendments: Mapped[list[DecisionAmendment]] = relationship(
        back_populates="decision", cascade="all, delete-orphan", order_by="DecisionAmendment.id"
    )


class ProcessOwner(db.Model):
    """An organisation that owns the trial's process, with its contact person."""

    __tablename__ = "process_owner"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decision.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    contact_name: Mapped[str] = mapped_column(String(120))
    contact_email: Mapped[str] = mapped_column(String(254), default="")

    decision: Mapped[Decision] = relationship(back_populates="process_owners")
    organisation: Mapped[Organisation] = relationship()


class DecisionAmendment(db.Model):
    """A change of a published decision: old and new, who, when and why."""

    __tablename__ = "decision_amendment"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decision.id", ondelete="CASCADE"), index=True
    )
    old: Mapped[dict[str, Any]] = mapped_column(JSON)
    new: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    decision: Mapped[Decision] = relationship(back_populates="amendments")
    changed_by: Mapped[Person | None] = relationship()


class WeightingAdoption(db.Model):
    """An alternative weighting (and method) the facilitators adopted as the official ranking,
    with the recorded reason. The latest one for an event is in force."""

    __tablename__ = "weighting_adoption"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    weights: Mapped[dict[str, float]] = mapped_column(JSON)
    method: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    adopted_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    adopted_at: Mapped[datetime] = mapped_column(default=utcnow)

    adopted_by: Mapped[Person | None] = relationship()


class PublishedRanking(db.Model):
    """The official ranking exactly as it was when the event's decision was published: the
    record the decision rests on. Written once at publication, never changed or deleted by the
    app (a flush that tries to is refused); later changes of a decision are amendments."""

    __tablename__ = "published_ranking"
    __table_args__ = (UniqueConstraint("event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    published_at: Mapped[datetime]
    method: Mapped[str] = mapped_column(String(16))
    model_key: Mapped[str] = mapped_column(String(100))
    # Normalised weights in force at publication (the frozen model's, or an adopted weighting).
    weights: Mapped[dict[str, float]] = mapped_column(JSON)
    samples: Mapped[int] = mapped_column(default=0)
    seed: Mapped[int | None]
    adoption_id: Mapped[int | None] = mapped_column(
        ForeignKey("weighting_adoption.id", ondelete="SET NULL")
    )
    model_snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The ranked proposals in the order they were ranked, and the score rows used
    # ([proposal, reviewer, criterion, value]), so that ``hackathon rank`` reproduces the record.
    proposal_ids: Mapped[list[int]] = mapped_column(JSON)
    score_rows: Mapped[list[list[Any]]] = mapped_column(JSON)
    # rank_scores' output: per proposal values, score, rank, robustness; warnings; agreement.
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    adoption: Mapped[WeightingAdoption | None] = relationship()


class AuditEntry(db.Model):
    """One line of an event's audit log. Written by services, never changed or deleted by the
    app (a flush that tries to is refused)."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # e.g. "phase", "score", "decision", "amendment", "publish", "weighting", "release".
    action: Mapped[str] = mapped_column(String(32))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id", ondelete="SET NULL"))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[Person | None] = relationship()
    proposal: Mapped[Proposal | None] = relationship()


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete an audit entry."""


class DecisionRecordIsLocked(RuntimeError):
    """Raised when code tries to change the published ranking record, or the status of (or
    delete) a proposal whose decision is published, outside the amendment path. The services
    refuse these with a clear message first; this is the backstop for any path they miss."""


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, _context, _instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry) and (
            obj in session.deleted or session.is_modified(obj, include_collections=False)
        ):
            raise AuditLogIsAppendOnly("audit entries cannot be changed or deleted")
        if isinstance(obj, PublishedRanking) and (
            obj in session.deleted or session.is_modified(obj, include_collections=False)
        ):
            raise DecisionRecordIsLocked("the published ranking cannot be changed or deleted")
        if isinstance(obj, Proposal) and (
            obj in session.deleted or inspect_state(obj).attrs.status.history.deleted
        ) and _has_published_decision(session, obj.id):
            raise DecisionRecordIsLocked(
                f"proposal {obj.id}: its decision is published; amend the decision instead"
            )


def _has_published_decision(session: Session, proposal_id: int) -> bool:
    """True when the proposal has a decision and its event's decision is published."""
    with session.no_autoflush:
        return session.scalar(
            select(Decision.id)
            .join(Event, Event.id == Decision.event_id)
            .where(Decision.proposal_id == proposal_id, Event.decision_published_at.is_not(None))
        ) is not None


class OutboxMessage(db.Model):
    """A message to a person (the team's outcome): sent by SMTP when configured, otherwise
    listed on the outbox page."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    recipient_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    email: Mapped[str] = mapped_column(String(254), default="")
    language: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    error: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event] = relationship()
    recipient: Mapped[Person | None] = relationship()
