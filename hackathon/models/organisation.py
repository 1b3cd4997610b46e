"""Organisations (a municipality, a hospital, a GP practice ...), their sector, and the list of
organisations each event offers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackathon.enums import OrganisationStatus, Sector
from hackathon.extensions import db
from hackathon.models.common import enum_column, utcnow


class Organisation(db.Model):
    """An organisation people come from: one record per installation (names are unique); each
    event offers its own list of them (``EventOrganisation``)."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    sector: Mapped[Sector] = mapped_column(enum_column(Sector))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r} {self.sector.value}>"


class EventOrganisation(db.Model):
    """That an event offers an organisation: active (on the list) or proposed by a participant."""

    __tablename__ = "event_organisation"
    __table_args__ = (UniqueConstraint("event_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[OrganisationStatus] = mapped_column(
        enum_column(OrganisationStatus), default=OrganisationStatus.ACTIVE
    )
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship()

    def __repr__(self) -> str:
        return f"<EventOrganisation {self.event_id}:{self.organisation_id} {self.status.value}>"
