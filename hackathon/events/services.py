"""Writes for events: create, edit, phases, join codes, invitations. Functions flush only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from hackathon.audit import services as audit
from hackathon.auth.services import grant_role
from hackathon.enums import Phase, Role
from hackathon.extensions import db
from hackathon.models import (
    Event,
    Invitation,
    Organisation,
    Person,
    PhaseChange,
    new_join_code,
    utcnow,
)

EVENT_FIELDS = (
    "title",
    "theme",
    "description",
    "venue",
    "starts_at",
    "ends_at",
    "submission_deadline",
    "review_deadline",
    "selection_quota",
    "scoring_model_key",
    "checkin_weeks",
)
TIME_FIELDS = ("starts_at", "ends_at", "submission_deadline", "review_deadline")


# Capabilities that must act when an event changes phase register here (e.g. the qualification
# round freezes its model when it opens). A hook may raise PhaseError to stop the change.
PhaseHook = Callable[..., None]
_phase_hooks: list[PhaseHook] = []


def register_phase_hook(hook: PhaseHook) -> None:
    """Call ``hook(event=, from_phase=, to_phase=, actor=, confirmed=)`` on every phase change."""
    if hook not in _phase_hooks:
        _phase_hooks.append(hook)


class PhaseError(ValueError):
    """A phase change that is not allowed; ``code`` says which rule stopped it."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def local_to_utc(value: datetime | None, zone: str) -> datetime | None:
    """A naive local time (as typed in a form) as a naive UTC time."""
    if value is None:
        return None
    aware = value.replace(tzinfo=ZoneInfo(zone))
    return aware.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def utc_to_local(value: datetime | None, zone: str) -> datetime | None:
    """A stored naive UTC time as a naive local time (to fill a form)."""
    if value is None:
        return None
    aware = value.replace(tzinfo=ZoneInfo("UTC"))
    return aware.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def unique_join_code() -> str:
    """A join code no other event uses."""
    while True:
        code = new_join_code()
        if db.session.scalar(select(Event.id).where(Event.join_code == code)) is None:
            return code


def create_event(*, creator: Person, **fields) -> Event:
    """Create an event in the setup phase with ``creator`` as its first facilitator."""
    event = Event(join_code=unique_join_code(), phase=Phase.SETUP)
    for name in EVENT_FIELDS:
        if name in fields:
            setattr(event, name, fields[name])
    db.session.add(event)
    db.session.flush()
    grant_role(event=event, person=creator, role=Role.FACILITATOR)
    return event


def update_event(*, event: Event, **fields) -> None:
    """Change an event's details (the fields of ``EVENT_FIELDS``)."""
    for name in EVENT_FIELDS:
        if name in fields:
            setattr(event, name, fields[name])
    db.session.flush()


def change_phase(
    *, event: Event, to_phase: Phase, actor: Person, confirm_back: bool, confirmed: bool = False
) -> PhaseChange:
    """Move ``event`` one phase forward, or one back when confirmed; record who and when.

    Raises PhaseError("same"), ("not_adjacent"), ("confirm_back"), or a registered hook's
    error (e.g. "unfinished_reviews" unless ``confirmed``).
    """
    if to_phase == event.phase:
        raise PhaseError("same")
    if to_phase not in (event.phase.next(), event.phase.previous()):
        raise PhaseError("not_adjacent")
    if to_phase.index < event.phase.index and not confirm_back:
        raise PhaseError("confirm_back")
    for hook in _phase_hooks:
        hook(event=event, from_phase=event.phase, to_phase=to_phase, actor=actor,
             confirmed=confirmed)
    audit.record(event=event, actor=actor, action="phase",
                 from_phase=event.phase.value, to_phase=to_phase.value)
    change = PhaseChange(event=event, from_phase=event.phase, to_phase=to_phase, changed_by=actor)
    event.phase = to_phase
    db.session.add(change)
    db.session.flush()
    return change


def regenerate_join_code(*, event: Event) -> str:
    """Give the event a new join code; the old one stops working at once."""
    event.join_code = unique_join_code()
    db.session.flush()
    return event.join_code


def create_invitation(
    *,
    event: Event,
    role: Role,
    name: str,
    email: str | None,
    organisation: Organisation | None,
    created_by: Person,
    valid_days: int,
) -> Invitation:
    """Create a personal invitation that expires after ``valid_days``."""
    invitation = Invitation(
        event=event,
        role=role,
        name=" ".join(name.split()),
        email=(email or "").strip().lower() or None,
        organisation=organisation,
        created_by_id=created_by.id,
        expires_at=utcnow() + timedelta(days=valid_days),
    )
    db.session.add(invitation)
    db.session.flush()
    return invitation


def revoke_invitation(*, invitation: Invitation) -> None:
    """Make an unused invitation link stop working."""
    if invitation.revoked_at is None and invitation.accepted_at is None:
        invitation.revoked_at = utcnow()
    db.session.flush()
