"""Writing the audit log. Entries are only ever added (the model refuses changes)."""

from __future__ import annotations

from typing import Any

from hackathon.extensions import db
from hackathon.models import AuditEntry, Event, Person, Proposal

# The actions the log knows; the view translates them.
ACTIONS = (
    "phase",
    "score",
    "decision",
    "amendment",
    "publish",
    "weighting",
    "release",
    "reveal",
    "roles",
    "prototype",
    "organisations",
    "bank",
)


def record(
    *,
    event: Event,
    actor: Person | None,
    action: str,
    proposal: Proposal | None = None,
    **details: Any,
) -> AuditEntry:
    """Add one entry to ``event``'s audit log (flushed with the change it records)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(
        event_id=event.id,
        actor_id=actor.id if actor is not None and getattr(actor, "id", None) else None,
        action=action,
        proposal_id=proposal.id if proposal is not None else None,
        details=details,
    )
    db.session.add(entry)
    return entry
