"""Organisations (a municipality, a hospital, a GP practice ...) and their sector."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from hackathon.enums import Sector
from hackathon.extensions import db
from hackathon.models.common import enum_column, utcnow


class Organisation(db.Model):
    """An organisation people come from; shared by all events."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    sector: Mapped[Sector] = mapped_column(enum_column(Sector))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r} {self.sector.value}>"
