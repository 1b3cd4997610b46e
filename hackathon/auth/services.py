"""Writes for accounts and access. Functions flush; the caller commits."""

from __future__ import annotations

from flask_babel import gettext as _
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


def claim_invitation(
    *,
    invitation: Invitation,
    acceptor: Person | None,
    name: str,
    organisation: Organisation | None,
    password: str | None = None,
) -> Person:
    """Accept ``invitation`` for a person who has proved who they are, or for a new person.

    The link alone proves nothing about an existing account: whoever holds it may not be the
    person its email names (a facilitator of another event can type any email). So, as in
    pretalx and Indico, an invitation is accepted by the account the link holder is signed in
    to (``acceptor``: signed in with a password or their own personal link), whatever email the
    invitation names. Without a sign-in (``acceptor`` None) it creates a new, separate person;
    that person gets the invitation's email only when no account has it yet, otherwise the
    email stays with the existing account and the new person has none. The view asks someone
    whose email is taken to sign in first (their password, or their personal link), and offers
    the new person only as the alternative.

    Side effects: creates the person (new person) or updates the acceptor's name and
    organisation; with ``password`` (facilitator invitations) sets it and makes the account a
    facilitator account; records the acceptance and grants the role. Raises AccountError when a
    facilitator would end up without an email to sign in with.
    """
    email_is_free = invitation.email and person_by_email(invitation.email) is None
    if acceptor is None:
        person = create_person(
            name=name,
            email=invitation.email if email_is_free else None,
            title=None,
            organisation=organisation,
        )
    else:
        person = acceptor
        person.name = " ".join(name.split())
        person.organisation = organisation
        if person.email is None and email_is_free:
            person.email = normalise_email(invitation.email)
    if password:
        if person.email is None:
            raise AccountError(
                _("A facilitator signs in with an email address, and this one belongs to another "
                  "account. Ask the facilitator to invite an address of yours.")
            )
        person.set_password(password)
        person.is_facilitator_account = True
    db.session.flush()
    accept_invitation(invitation=invitation, person=person)
    return person
