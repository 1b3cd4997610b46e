"""The qualification round: its settings, assignments, conflicts of interest and reviews."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackathon.extensions import db
from hackathon.models.common import utcnow
from hackathon.models.event import Event
from hackathon.models.person import Person
from hackathon.models.proposal import Proposal

VISIBILITY_NEVER = "never"
VISIBILITY_AFTER_OWN = "after_own"
VISIBILITY_ALWAYS = "always"
VISIBILITIES = (VISIBILITY_NEVER, VISIBILITY_AFTER_OWN, VISIBILITY_ALWAYS)

ASSIGN_ALL = "all"
ASSIGN_K = "k"

REVIEW_IN_PROGRESS = "in_progress"
REVIEW_COMPLETE = "complete"


class ReviewRound(db.Model):
    """How an event's qualification round runs (one per event)."""

    __tablename__ = "review_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), unique=True
    )
    # Who sees other reviewers' scores of a proposal: never, after their own review, always.
    visibility: Mapped[str] = mapped_column(String(16), default=VISIBILITY_AFTER_OWN)
    assignment: Mapped[str] = mapped_column(String(8), default=ASSIGN_ALL)
    reviewers_per_proposal: Mapped[int] = mapped_column(default=3)
    reviewer_cap: Mapped[int | None]
    # Weights adjusted for this event before the round opens: {criterion key: weight}.
    weights: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    opened_at: Mapped[datetime | None]
    scores_revealed: Mapped[bool] = mapped_column(default=False)
    feedback_released: Mapped[bool] = mapped_column(default=False)

    event: Mapped[Event] = relationship()


class Assignment(db.Model):
    """That a reviewer is to review a proposal."""

    __tablename__ = "assignment"
    __table_args__ = (UniqueConstraint("proposal_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal: Mapped[Proposal] = relationship()
    reviewer: Mapped[Person] = relationship()


class Conflict(db.Model):
    """A conflict of interest: automatic (the reviewer's organisation takes part) or declared."""

    __tablename__ = "conflict"
    __table_args__ = (UniqueConstraint("proposal_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(16))  # "organisation" | "declared"
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    overridden_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    override_reason: Mapped[str] = mapped_column(Text, default="")
    overridden_at: Mapped[datetime | None]

    proposal: Mapped[Proposal] = relationship()
    reviewer: Mapped[Person] = relationship(foreign_keys=[reviewer_id])
    overridden_by: Mapped[Person | None] = relationship(foreign_keys=[overridden_by_id])

    @property
    def active(self) -> bool:
        """True while the conflict keeps the reviewer away from the proposal."""
        return self.overridden_at is None


class Review(db.Model):
    """One reviewer's review of one proposal: scores per criterion and comments."""

    __tablename__ = "review"
    __table_args__ = (UniqueConstraint("proposal_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default=REVIEW_IN_PROGRESS)
    # {criterion key: score, or None for "ved ikke / undlader"}; a missing key is unanswered.
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    comment_internal: Mapped[str] = mapped_column(Text, default="")
    comment_team: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]

    proposal: Mapped[Proposal] = relationship()
    reviewer: Mapped[Person] = relationship()

    @property
    def complete(self) -> bool:
        """Counts in the results only once marked complete."""
        return self.status == REVIEW_COMPLETE


class ScoreChange(db.Model):
    """One change of one score: who, when, old -> new (kept until the round closes and after)."""

    __tablename__ = "score_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    criterion: Mapped[str] = mapped_column(String(64))
    # JSON so that "abstained" (null) and "not answered" (absent) stay distinct.
    old: Mapped[dict[str, Any]] = mapped_column(JSON)
    new: Mapped[dict[str, Any]] = mapped_column(JSON)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class RoleAllowance(db.Model):
    """A facilitator lets one person be both reviewer and participant in an event.

    Without it the two roles exclude each other; with it, the person's own team's proposals
    are automatic conflicts (see ``review.queries.author_pairs``).
    """

    __tablename__ = "role_allowance"
    __table_args__ = (UniqueConstraint("event_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    allowed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    allowed_by: Mapped[Person | None] = relationship(foreign_keys=[allowed_by_id])
