"""Helpers shared by the model modules."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Enum


def utcnow() -> datetime:
    """Now, as a naive UTC datetime: all times are stored in UTC without a zone."""
    return datetime.now(UTC).replace(tzinfo=None)


def enum_column(enum_cls: type[StrEnum]) -> Enum:
    """A portable string column for a StrEnum (no native ENUM type, so migrations stay simple)."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda cls: [member.value for member in cls],
    )
