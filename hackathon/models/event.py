"""Events, people's roles in them, phase changes and invitations."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackathon.enums import Phase, Role
from hackathon.extensions import db
from hackathon.models.common import enum_column, utcnow
from hackathon.models.organisation import Organisation
from hackathon.models.person import Person

# No 0/O, 1/I/L: a code read from a projector must not be ambiguous.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# Long enough for the event's lifetime at any guessing speed (odds in hackathon/auth/throttle.py).
# Codes made before were 8 characters long and keep working.
JOIN_CODE_LENGTH = 10


def new_join_code() -> str:
    """A random join code of unambiguous characters (31^10, about 8.2e14 possibilities)."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def display_code(code: str) -> str:
    """A code in groups people can read and type: ABCD-EFGH, ABCDE-FGHJK, ABCD-EFGH-JKMN."""
    size = next((size for size in (4, 5, 3) if len(code) % size == 0 and len(code) > size), 0)
    if not size:
        return code
    return "-".join(code[i : i + size] for i in range(0, len(code), size))


class Event(db.Model):
    """A hackathon with its qualification round and decision."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    theme: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    venue: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    phase: Mapped[Phase] = mapped_column(enum_column(Phase), default=Phase.SETUP)
    submission_deadline: Mapped[datetime | None]
    review_deadline: Mapped[datetime | None]
    join_code: Mapped[str] = mapped_column(String(16), unique=True, default=new_join_code)

    @property
    def join_code_display(self) -> str:
        """The join code in groups, as shown on the projector."""
        return display_code(self.join_code)

    # How many proposals go on to testing.
    selection_quota: Mapped[int] = mapped_column(default=2)
    scoring_model_key: Mapped[str | None] = mapped_column(String(100))
    # The model as it was when the round opened; later edits of the file cannot change results.
    scoring_model_snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The decision: staged until published; after that, changes are amendments.
    decision_published_at: Mapped[datetime | None]
    decision_published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    # Reviewers and observers see the results page once the facilitators release it.
    results_released: Mapped[bool] = mapped_column(default=False)
    # The projector page opens with the facilitator's session or this revocable token.
    projector_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    # When the facilitators revealed the results on the projector (None: nothing shown).
    projector_revealed_at: Mapped[datetime | None]
    # The list the projector reveals (best first: place, title, team, organisations), fixed at
    # the reveal, so that every app server shows the same list; and how many places of it are
    # shown so far, counted from the last place up (the facilitator paces the reveal).
    projector_reveal: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    projector_shown: Mapped[int] = mapped_column(default=0, server_default="0")
    # Follow-up: every this many weeks the prototypes' contacts are asked for an update.
    checkin_weeks: Mapped[int] = mapped_column(default=4, server_default="4")
    # The knowledge bank: "none" (private), "network" (signed-in people) or "public".
    bank_policy: Mapped[str] = mapped_column(String(16), default="none", server_default="none")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    roles: Mapped[list[EventRole]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )
    phase_changes: Mapped[list[PhaseChange]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="PhaseChange.id"
    )

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.title!r} {self.phase.value}>"


class EventRole(db.Model):
    """That a person is facilitator, reviewer, participant or observer in an event."""

    __tablename__ = "event_role"
    __table_args__ = (UniqueConstraint("event_id", "person_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship(back_populates="roles")
    person: Mapped[Person] = relationship()


class PhaseChange(db.Model):
    """One move of an event from one phase to another: who, when, and from where to where."""

    __tablename__ = "phase_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    from_phase: Mapped[Phase] = mapped_column(enum_column(Phase))
    to_phase: Mapped[Phase] = mapped_column(enum_column(Phase))
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship(back_populates="phase_changes")
    changed_by: Mapped[Person | None] = relationship()


class Invitation(db.Model):
    """A personal, expiring link that gives its holder a role in an event."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    # Signed into the link together with the id, so links cannot be made from ids alone.
    nonce: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_urlsafe(12))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None]

    event: Mapped[Event] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    accepted_by: Mapped[Person | None] = relationship(foreign_keys=[accepted_by_id])

    @property
    def is_open(self) -> bool:
        """True while the link can still be used."""
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > utcnow()
