"""Counters of failed attempts, shared by every worker when no Redis is configured."""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from hackathon.extensions import db


class FailureCounter(db.Model):
    """Failures counted in one window for one key (a hash of a session, account or address).

    ``expires_at`` is in seconds since the epoch: the window starts at the first failure and
    the count starts again from zero after it (see ``hackathon.auth.counters``).
    """

    __tablename__ = "failure_counter"

    bucket: Mapped[str] = mapped_column(String(100), primary_key=True)
    hits: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[int] = mapped_column(BigInteger, index=True)
