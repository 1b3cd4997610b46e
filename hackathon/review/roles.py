"""Reviewer or participant: the two roles exclude each other in one event, unless allowed.

A reviewer who also writes proposals would review their own team's work; a facilitator may
still allow one person both roles (a small event, an expert who also joins a team). This module
imports only models, so the proposal and account services can use it without an import cycle.
"""

from __future__ import annotations

from sqlalchemy import select

from hackathon.enums import Role
from hackathon.extensions import db
from hackathon.models import Event, EventRole, Person, RoleAllowance

EXCLUSIVE = (Role.REVIEWER, Role.PARTICIPANT)


class RoleConflict(ValueError):
    """A person would be both reviewer and participant without the facilitator's allowance.

    ``code`` says which way: "reviewer_joins" (a reviewer joins as participant or joins a
    team) or "participant_reviews" (a participant becomes a reviewer).
    """

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def holds_role(event: Event, person: Person, role: Role) -> bool:
    """True when ``person`` holds ``role`` in ``event`` (read fresh, not from a request cache)."""
    found = db.session.scalar(
        select(EventRole.id).where(EventRole.event_id == event.id,
                                   EventRole.person_id == person.id, EventRole.role == role)
    )
    return found is not None


def allowance_of(event: Event, person: Person) -> RoleAllowance | None:
    """The facilitator's allowance for ``person`` to hold both roles in ``event``, if any."""
    return db.session.scalar(
        select(RoleAllowance).where(RoleAllowance.event_id == event.id,
                                    RoleAllowance.person_id == person.id)
    )


def check_role_combination(*, event: Event, person: Person, role: Role) -> None:
    """Raise RoleConflict when ``role`` would make ``person`` both reviewer and participant
    in ``event`` and no facilitator has allowed it."""
    if role not in EXCLUSIVE:
        return
    other = Role.PARTICIPANT if role == Role.REVIEWER else Role.REVIEWER
    if holds_role(event, person, other) and allowance_of(event, person) is None:
        raise RoleConflict("participant_reviews" if role == Role.REVIEWER else "reviewer_joins")


def ensure_may_author(*, event: Event, person: Person) -> None:
    """Raise RoleConflict when a reviewer without the facilitator's allowance would join (or
    start) a proposal's team."""
    if not getattr(person, "is_authenticated", True):
        return
    if holds_role(event, person, Role.REVIEWER) and allowance_of(event, person) is None:
        raise RoleConflict("reviewer_joins")
