"""Writes of the live event. Keyword-only; they flush, the view commits."""

from __future__ import annotations

import secrets

from sqlalchemy import update

from hackathon.audit.services import record
from hackathon.events.phases import PHASE_ACTIONS
from hackathon.extensions import db
from hackathon.models import Announcement, Event, Person, utcnow

# Results can be revealed once the qualification round is over.
REVEAL_PHASES = PHASE_ACTIONS["reveal"]


class LiveError(Exception):
    """A refused live-event action; ``code`` names the reason for the view."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def post_announcement(*, event: Event, author: Person, message: str) -> Announcement:
    """Replace the event's current announcement with ``message`` (earlier ones are withdrawn)."""
    now = utcnow()
    db.session.execute(
        update(Announcement)
        .where(Announcement.event_id == event.id, Announcement.withdrawn_at.is_(None))
        .values(withdrawn_at=now)
    )
    announcement = Announcement(
        event_id=event.id, message=message, created_by_id=author.id, created_at=now
    )
    db.session.add(announcement)
    db.session.flush()
    return announcement


def withdraw_announcement(*, announcement: Announcement) -> None:
    """Stop showing ``announcement`` (kept for the record)."""
    if announcement.withdrawn_at is None:
        announcement.withdrawn_at = utcnow()
    db.session.flush()


def rotate_projector_token(*, event: Event) -> str:
    """Give the projector address a new unguessable token; the old one stops working."""
    event.projector_token = secrets.token_urlsafe(32)
    db.session.flush()
    return event.projector_token


def revoke_projector_token(*, event: Event) -> None:
    """Stop the projector address from working (the facilitator's own session still does)."""
    event.projector_token = None
    db.session.flush()


def set_reveal(*, event: Event, actor: Person, on: bool) -> None:
    """Start the reveal on the projector (nothing shown yet), or hide it again; both logged.

    Starting fixes the list to reveal (see ``queries.compute_reveal``) in the event's row, so
    that every app server shows the same list however the ranking moves later.
    """
    from hackathon.live.queries import compute_reveal

    if on and event.phase not in REVEAL_PHASES:
        raise LiveError("too_early")
    if on == (event.projector_revealed_at is not None):
        return
    event.projector_revealed_at = utcnow() if on else None
    event.projector_reveal = compute_reveal(event) if on else None
    event.projector_shown = 0
    record(event=event, actor=actor, action="reveal", shown=on, where="projector", places=0,
           of=len(event.projector_reveal or []))
    db.session.flush()


def reveal_next(*, event: Event, actor: Person, all_places: bool = False) -> int:
    """Show the next place on the projector (from the last place up), or every place at once.

    Returns how many places are shown. Raises LiveError("not_revealed") before the reveal was
    started. Showing more than there is changes nothing (a double key press is harmless).
    """
    if event.projector_revealed_at is None or event.projector_reveal is None:
        raise LiveError("not_revealed")
    total = len(event.projector_reveal)
    shown = total if all_places else min(total, event.projector_shown + 1)
    if shown != event.projector_shown:
        event.projector_shown = shown
        record(event=event, actor=actor, action="reveal", shown=True, where="projector",
               places=shown, of=total)
    db.session.flush()
    return shown
