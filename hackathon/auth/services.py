"""Writes for accounts and access. Functions flush; the caller commits."""

from __future__ import annotations

from sqlalchemy import func, select

from hackathon.enums import Role, Sector
from hackathon.extensions import db
from hackathon.models import Event, EventRole, Invitation, Organisation, Person, utcnow


class AccountError(ValueError):
    """A write that cannot be done, with a message meant for the person."""


def normalise_email(email: str | None) -> str | None:
    """Lower-case and strip an email; empty becomes None."""
    email = (email or "").strip().lower()
    return email or None


def person_by_email(email: str | None) -> Person | None:
    """The person with this email (case-insensitive), if any."""
    email = normalise_email(email)
    if email is None:
        return None
    return db.session.scalar(select(Person).where(Person.email == email))


def authenticate(*, email: str, password: str) -> Person | None:
    """The facilitator account matching email and password, or None."""
    person = person_by_email(email)
    if person is None or not person.check_password(password):
        return None
    return person


def get_or_create_organisation(*, name: str, sector: Sector) -> Organisation:
    """The organisation called ``name`` (case-insensitive), created with ``sector`` if new."""
    name = " ".join(name.split())
    existing = db.session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.lower())
    )
    if existing is not None:
        return existing
    organisation = Organisation(name=name, sector=sector)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def create_facilitator_account(*, email: str, name: str, password: str) -> Person:
    """Create a facilitator account (may create events), or give an existing person one."""
    email = normalise_email(email)
    if not email:
        raise AccountError("email is required")
    person = person_by_email(email)
    if person is None:
        person = Person(email=email, name=name or email)
        db.session.add(person)
    person.is_facilitator_account = True
    person.set_password(password)
    person.revoke_logins()
    db.session.flush()
    return person


def create_person(
    *, name: str, email: str | None, title: str | None, organisation: Organisation | None
) -> Person:
    """Create a person without a password (participant, reviewer or observer)."""
    email = normalise_email(email)
    if email and person_by_email(email) is not None:
        raise AccountError("email taken")
    person = Person(
        name=" ".join(name.split()), email=email, title=title or None, organisation=organisation
    )
    db.session.add(person)
    db.session.flush()
    return person


def grant_role(*, event: Event, person: Person, role: Role) -> EventRole:
    """Give ``person`` a role in ``event`` (nothing happens if they already have it)."""
    existing = db.session.scalar(
        select(EventRole).where(
            EventRole.event_id == event.id,
            EventRole.person_id == person.id,
            EventRole.role == role,
        )
    )
    if existing is not None:
        return existing
    event_role = EventRole(event=event, person=person, role=role)
    db.session.add(event_role)
    db.session.flush()
    from hackathon.review.services import after_role_granted  # review imports this module
    after_role_granted(event=event, person=person, role=role)  # may refuse; assigns late
    return event_role


def accept_invitation(*, invitation: Invitation, person: Person) -> EventRole:
    """Mark the invitation used by ``person`` and give them its role."""
    invitation.accepted_at = utcnow()
    invitation.accepted_by = person
    return grant_role(event=invitation.event, person=person, role=invitation.role)
