"""Reads about events that several views need."""

from __future__ import annotations

from collections import Counter

from flask import g
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from hackathon.enums import ProposalStatus, Role
from hackathon.extensions import db
from hackathon.models import Event, EventRole, Invitation, Person, Proposal


def roles_in(person, event: Event) -> frozenset[Role]:
    """The roles ``person`` holds in ``event`` (cached for the request)."""
    if person is None or not getattr(person, "is_authenticated", False):
        return frozenset()
    cache = g.setdefault("_roles_cache", {})
    key = (person.id, event.id)
    if key not in cache:
        rows = db.session.scalars(
            select(EventRole.role).where(
                EventRole.event_id == event.id, EventRole.person_id == person.id
            )
        )
        cache[key] = frozenset(rows)
    return cache[key]


def events_of(person: Person) -> list[tuple[Event, list[Role]]]:
    """The events ``person`` has a role in, newest first, with the roles."""
    rows = db.session.execute(
        select(Event, EventRole.role)
        .join(EventRole, EventRole.event_id == Event.id)
        .where(EventRole.person_id == person.id)
        .order_by(Event.starts_at.desc().nulls_last(), Event.id.desc())
    ).all()
    grouped: dict[int, tuple[Event, list[Role]]] = {}
    for event, role in rows:
        grouped.setdefault(event.id, (event, []))[1].append(role)
    return list(grouped.values())


def event_by_join_code(code: str) -> Event | None:
    """The event with this join code (codes are compared in upper case)."""
    return db.session.scalar(select(Event).where(Event.join_code == code.strip().upper()))


def people_by_role(event: Event) -> dict[Role, list[Person]]:
    """Everyone in ``event``, grouped by role and sorted by name, in one query."""
    rows = db.session.execute(
        select(EventRole.role, Person)
        .join(Person, Person.id == EventRole.person_id)
        .where(EventRole.event_id == event.id)
        .options(joinedload(Person.organisation))
        .order_by(Person.name)
    ).all()
    grouped: dict[Role, list[Person]] = {role: [] for role in Role}
    for role, person in rows:
        grouped[role].append(person)
    return grouped


def role_counts(event: Event) -> Counter:
    """How many people hold each role in ``event``."""
    rows = db.session.execute(
        select(EventRole.role, func.count())
        .where(EventRole.event_id == event.id)
        .group_by(EventRole.role)
    ).all()
    return Counter({role: n for role, n in rows})


def proposal_counts(event: Event) -> Counter:
    """How many proposals of ``event`` are in each status."""
    rows = db.session.execute(
        select(Proposal.status, func.count())
        .where(Proposal.event_id == event.id)
        .group_by(Proposal.status)
    ).all()
    counts = Counter({status: 0 for status in ProposalStatus})
    counts.update({status: n for status, n in rows})
    return counts


def invitations_of(event: Event) -> list[Invitation]:
    """The event's invitations, newest first."""
    return list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.event_id == event.id)
            .options(joinedload(Invitation.organisation))
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        )
    )
