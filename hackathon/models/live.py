"""What the live event adds: announcements from the facilitators."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackathon.extensions import db
from hackathon.models.common import utcnow
from hackathon.models.person import Person


class Announcement(db.Model):
    """A short message from the facilitators, shown on participants' pages and the projector."""

    __tablename__ = "announcement"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(String(280))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]

    created_by: Mapped[Person | None] = relationship()
