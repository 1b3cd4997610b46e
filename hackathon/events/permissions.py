"""Who may do what with an event. Every view asks one of these; each is tested per role."""

from __future__ import annotations

from hackathon.enums import Role
from hackathon.events.phases import phase_allows
from hackathon.events.queries import roles_in
from hackathon.models import Event


def is_signed_in(person) -> bool:
    """True for an authenticated person (Flask-Login's anonymous user is not)."""
    return person is not None and getattr(person, "is_authenticated", False)


def can_create_event(person) -> bool:
    """Only facilitator accounts (with a password) create events."""
    return is_signed_in(person) and person.is_facilitator_account


def can_view_event(person, event: Event) -> bool:
    """Anyone with a role in the event sees its page."""
    return bool(roles_in(person, event))


def can_manage_event(person, event: Event) -> bool:
    """Facilitators of this event (and only of this event) manage it."""
    return Role.FACILITATOR in roles_in(person, event)


def can_edit_event(person, event: Event) -> bool:
    """Facilitators edit the event's details until it is archived."""
    return can_manage_event(person, event) and phase_allows(event.phase, "edit_event")


def can_join_event(event: Event) -> bool:
    """Participants can join with the code from setup until the qualification round ends."""
    return phase_allows(event.phase, "join")
