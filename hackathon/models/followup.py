"""The follow-up of selected proposals: prototypes moving through DIA (Discovery, Incubation,
Acceleration), their trial actions, milestones, indicators and measurements, business case,
learning notes, check-ins and the people who follow them."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackathon.enums import (
    DiaStage,
    IndicatorSide,
    MilestoneStatus,
    PrototypeStatus,
    TrialActionStatus,
)
from hackathon.extensions import db
from hackathon.models.common import enum_column, utcnow
from hackathon.models.decision import Decision
from hackathon.models.event import Event
from hackathon.models.organisation import Organisation
from hackathon.models.person import Person
from hackathon.models.proposal import Proposal


class Prototype(db.Model):
    """A selected proposal followed after the decision. Created when the decision is published;
    closed (status stopped) when an amendment deselects the proposal."""

    __tablename__ = "prototype"
    __table_args__ = (UniqueConstraint("proposal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decision.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(String(200))
    stage: Mapped[DiaStage] = mapped_column(enum_column(DiaStage), default=DiaStage.DISCOVERY)
    status: Mapped[PrototypeStatus] = mapped_column(
        enum_column(PrototypeStatus), default=PrototypeStatus.IN_PROGRESS
    )
    # Why the current status was set: the standby reason, what was learned when stopped, the
    # amendment's reason when a deselection closed it.
    status_reason: Mapped[str] = mapped_column(Text, default="")
    # On standby: when a restart is expected.
    restart_expected_on: Mapped[date | None]
    problem_owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    # The organisation that runs it in daily operation (required for Acceleration and for the
    # status "in operation").
    operation_owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    # Status "spread": the ids of the organisations it spread to.
    spread_to: Mapped[list[int]] = mapped_column(JSON, default=list)
    # Copied from the proposal at creation: [{"goal": str, "activities": [str, ...]}, ...] and
    # its "how is value measured" text.
    goals: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    value_measure: Mapped[str] = mapped_column(Text, default="")
    # Teams may add trial actions and learning notes when the facilitators allow it.
    team_may_contribute: Mapped[bool] = mapped_column(default=False)
    # The last update by anyone following it (trial action, measurement, note, check-in answer,
    # stage or status change): silence is measured from here.
    last_update_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The last check-in: when, and whom it asked (names, as shown on the board).
    last_checkin_at: Mapped[datetime | None]
    last_checkin_to: Mapped[str] = mapped_column(Text, default="")
    # Optimistic lock: two people saving the prototype cannot overwrite each other.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    proposal: Mapped[Proposal] = relationship()
    decision: Mapped[Decision | None] = relationship()
    problem_owner: Mapped[Organisation | None] = relationship(foreign_keys=[problem_owner_id])
    operation_owner: Mapped[Organisation | None] = relationship(
        foreign_keys=[operation_owner_id]
    )
    changes: Mapped[list[PrototypeChange]] = relationship(
        back_populates="prototype", cascade="all, delete-orphan", order_by="PrototypeChange.id"
    )
    trial_actions: Mapped[list[TrialAction]] = relationship(
        back_populates="prototype", cascade="all, delete-orphan", order_by="TrialAction.id"
    )
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="prototype", cascade="all, delete-orphan", order_by="Milestone.due_on"
    )
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="prototype", cascade="all, delete-orphan", order_by="Indicator.id"
    )
    business_lines: Mapped[list[BusinessCaseLine]] = relationship(
        back_populates="prototype", cascade="all, delete-orphan", order_by="BusinessCaseLine.id"
    )
    funding_items: Mapped[list[FundingItem]] = relationship(
        back_populates="prototype", cascade="all, delete-orphan", order_by="FundingItem.id"
    )
    notes: Mapped[list[LearningNote]] = relationship(
        back_populates="prototype", order_by="LearningNote.id"
    )
    contacts: Mapped[list[PrototypeContact]] = relationship(
        back_populates="prototype", cascade="all, delete-orphan", order_by="PrototypeContact.id"
    )
    updates: Mapped[list[PrototypeUpdate]] = relationship(
        back_populates="prototype", cascade="all, delete-orphan", order_by="PrototypeUpdate.id"
    )

    @property
    def funding_gap(self) -> int:
        """Funding still needed, in whole DKK: the sum of the funding items not yet secured."""
        return sum(item.amount for item in self.funding_items if not item.secured)

    def __repr__(self) -> str:
        return f"<Prototype {self.id} {self.title!r} {self.stage.value}/{self.status.value}>"


class PrototypeChange(db.Model):
    """A recorded decision on a prototype: a change of DIA stage or of status, with who, when
    and why. ``details`` holds what the status needs (restart date, operation owner id, the
    organisations it spread to, the amendment id that closed it)."""

    __tablename__ = "prototype_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    prototype_id: Mapped[int] = mapped_column(
        ForeignKey("prototype.id", ondelete="CASCADE"), index=True
    )
    # "stage", "status" or "created"
    kind: Mapped[str] = mapped_column(String(16))
    old: Mapped[str] = mapped_column(String(32), default="")
    new: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    prototype: Mapped[Prototype] = relationship(back_populates="changes")
    changed_by: Mapped[Person | None] = relationship()


class TrialAction(db.Model):
    """A trial action (prøvehandling): what is tried, with which citizens (a count and a
    description of the group, never names), where, when, by whom; once done, what happened and
    what was learned, and first-hand citizen input recorded as such."""

    __tablename__ = "trial_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    prototype_id: Mapped[int] = mapped_column(
        ForeignKey("prototype.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[TrialActionStatus] = mapped_column(
        enum_column(TrialActionStatus), default=TrialActionStatus.PLANNED
    )
    what: Mapped[str] = mapped_column(Text)
    citizen_group: Mapped[str] = mapped_column(Text, default="")
    citizen_count: Mapped[int | None]
    place: Mapped[str] = mapped_column(Text, default="")
    planned_on: Mapped[date | None]
    done_on: Mapped[date | None]
    by_whom: Mapped[str] = mapped_column(Text, default="")
    what_happened: Mapped[str] = mapped_column(Text, default="")
    learned: Mapped[str] = mapped_column(Text, default="")
    # The citizens' own words or accounts (first-hand input), kept apart from others' accounts.
    citizen_input: Mapped[str] = mapped_column(Text, default="")
    # The first trial action, copied from the decision.
    from_decision: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    prototype: Mapped[Prototype] = relationship(back_populates="trial_actions")
    created_by: Mapped[Person | None] = relationship()


class Milestone(db.Model):
    """A dated milestone of a prototype."""

    __tablename__ = "milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    prototype_id: Mapped[int] = mapped_column(
        ForeignKey("prototype.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date]
    status: Mapped[MilestoneStatus] = mapped_column(
        enum_column(MilestoneStatus), default=MilestoneStatus.PLANNED
    )
    done_on: Mapped[date | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    prototype: Mapped[Prototype] = relationship(back_populates="milestones")


class Indicator(db.Model):
    """A value measure: name, unit, baseline and target, on the citizens' or the organisations'
    side. ``higher_is_better`` says which way the target lies."""

    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    prototype_id: Mapped[int] = mapped_column(
        ForeignKey("prototype.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40), default="")
    side: Mapped[IndicatorSide] = mapped_column(enum_column(IndicatorSide))
    baseline: Mapped[float | None]
    target: Mapped[float | None]
    higher_is_better: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    prototype: Mapped[Prototype] = relationship(back_populates="indicators")
    measurements: Mapped[list[Measurement]] = relationship(
        back_populates="indicator",
        cascade="all, delete-orphan",
        order_by="(Measurement.measured_on, Measurement.id)",
    )


class Measurement(db.Model):
    """One measured value of an indicator on a date, optionally from a trial action."""

    __tablename__ = "measurement"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    measured_on: Mapped[date]
    value: Mapped[float]
    note: Mapped[str] = mapped_column(Text, default="")
    trial_action_id: Mapped[int | None] = mapped_column(
        ForeignKey("trial_action.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    indicator: Mapped[Indicator] = relationship(back_populates="measurements")
    trial_action: Mapped[TrialAction | None] = relationship()
    created_by: Mapped[Person | None] = relationship()


class BusinessCaseLine(db.Model):
    """Expected costs and savings of one organisation in one year, in whole DKK."""

    __tablename__ = "business_case_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    prototype_id: Mapped[int] = mapped_column(
        ForeignKey("prototype.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    year: Mapped[int]
    cost: Mapped[int] = mapped_column(default=0)
    saving: Mapped[int] = mapped_column(default=0)

    prototype: Mapped[Prototype] = relationship(back_populates="business_lines")
    organisation: Mapped[Organisation | None] = relationship()


class FundingItem(db.Model):
    """Money the prototype needs for one purpose, in whole DKK: secured (by ``source``) or still
    needed. The unsecured items make up the funding gap."""

    __tablename__ = "funding_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    prototype_id: Mapped[int] = mapped_column(
        ForeignKey("prototype.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(200))
    amount: Mapped[int]
    secured: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(200), default="")

    prototype: Mapped[Prototype] = relationship(back_populates="funding_items")


class LearningNote(db.Model):
    """A short note of what was learned, tagged with the seeds' themes (``LearningTheme``
    values), linked to the event and, where it came from one, the prototype and trial action."""

    __tablename__ = "learning_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    prototype_id: Mapped[int | None] = mapped_column(
        ForeignKey("prototype.id", ondelete="CASCADE"), index=True
    )
    trial_action_id: Mapped[int | None] = mapped_column(
        ForeignKey("trial_action.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(Text)
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship()
    prototype: Mapped[Prototype | None] = relationship(back_populates="notes")
    trial_action: Mapped[TrialAction | None] = relationship()
    created_by: Mapped[Person | None] = relationship()


class PrototypeContact(db.Model):
    """A process owner's contact person following a prototype. Invited by a personal link (no
    password, as reviewers are); ``person_id`` is set when the link is first used. A contact has
    rights in this prototype only."""

    __tablename__ = "prototype_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    prototype_id: Mapped[int] = mapped_column(
        ForeignKey("prototype.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), default="")
    language: Mapped[str] = mapped_column(String(5), default="da")
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    # Signed into the link with the id; replacing it revokes the link.
    nonce: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_urlsafe(12))
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    prototype: Mapped[Prototype] = relationship(back_populates="contacts")
    organisation: Mapped[Organisation | None] = relationship()
    person: Mapped[Person | None] = relationship()


class PrototypeUpdate(db.Model):
    """A short update (the two-minute check-in answer): status in words, what happened, next
    step."""

    __tablename__ = "prototype_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    prototype_id: Mapped[int] = mapped_column(
        ForeignKey("prototype.id", ondelete="CASCADE"), index=True
    )
    status_text: Mapped[str] = mapped_column(Text, default="")
    happened: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    prototype: Mapped[Prototype] = relationship(back_populates="updates")
    created_by: Mapped[Person | None] = relationship()
