"""Who may run the live event and who may see the projector. Each is tested per role."""

from __future__ import annotations

import hmac

from hackathon.events.permissions import can_manage_event
from hackathon.models import Event


def can_run_live_event(person, event: Event) -> bool:
    """Facilitators of this event see the dashboard, post announcements and run the projector."""
    return can_manage_event(person, event)


def projector_token_matches(event: Event, token: str | None) -> bool:
    """True when ``token`` is the event's current projector token (compared in constant time)."""
    if not token or not event.projector_token:
        return False
    return hmac.compare_digest(event.projector_token.encode(), token.encode())
