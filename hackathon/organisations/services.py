"""Writes to an event's organisation list. Keyword-only; they flush, the caller commits.

Organisations are installation-wide records with unique names; an event has its list of them.
A facilitator changes only their own event: a merge moves this event's links, and renaming an
organisation that other events list creates a corrected copy for this event instead of renaming
it under the other events' feet. Merged-away records are kept (old revisions name them).
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from hackathon.audit.services import record
from hackathon.enums import OrganisationStatus, Sector
from hackathon.extensions import db
from hackathon.models import (
    BusinessCaseLine,
    Decision,
    Event,
    EventOrganisation,
    EventRole,
    Invitation,
    Organisation,
    Person,
    ProcessOwner,
    Proposal,
    Prototype,
    PrototypeContact,
)
from hackathon.organisations import queries

NAME_MAX = 200


class OrganisationError(ValueError):
    """A refused change; ``code`` says which (the view words it)."""

    def __init__(self, code: str, name: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.name = name


def _log(*, event: Event, actor: Person | None, change: str, organisation: str = "",
         old: str = "",
         new: str = "", moved: dict | None = None, count: int = 0) -> None:
    """One entry in the event's log (every key always stored, as the log reads them)."""
    record(event=event, actor=actor, action="organisations", change=change,
           organisation=organisation, old=old, new=new, moved=moved or {}, count=count)


def clean_name(name: str) -> str:
    """``name`` with runs of white space made single; raises OrganisationError("name")."""
    name = " ".join((name or "").split())
    if not name or len(name) > NAME_MAX:
        raise OrganisationError("name")
    return name


def ensure_listed(
    *, event: Event, organisation: Organisation, added_by: Person | None,
    status: OrganisationStatus = OrganisationStatus.ACTIVE,
) -> EventOrganisation:
    """The event's list entry for ``organisation``, created with ``status`` if missing (an
    existing entry keeps its status, except that ACTIVE approves a proposed one)."""
    link = queries.link_of(event, organisation.id)
    if link is None:
        link = EventOrganisation(
            event_id=event.id, organisation_id=organisation.id, status=status,
            added_by_id=getattr(added_by, "id", None),
        )
        db.session.add(link)
    elif status == OrganisationStatus.ACTIVE:
        link.status = OrganisationStatus.ACTIVE
    db.session.flush()
    return link


def get_or_create(*, name: str, sector: Sector | None) -> tuple[Organisation, bool]:
    """(organisation called ``name``, created?). A new one needs ``sector``; raises
    OrganisationError("sector") without it."""
    name = clean_name(name)
    existing = queries.by_name(name)
    if existing is not None:
        return existing, False
    if sector is None:
        raise OrganisationError("sector", name)
    organisation = Organisation(name=name, sector=sector)
    db.session.add(organisation)
    db.session.flush()
    return organisation, True


def add(*, event: Event, actor: Person, name: str, sector: Sector | None) -> Organisation:
    """Put an existing organisation (by name) or a new one on the event's list, active."""
    organisation, created = get_or_create(name=name, sector=sector)
    ensure_listed(event=event, organisation=organisation, added_by=actor)
    _log(event=event, actor=actor, change="created" if created else "added",
         organisation=organisation.name)
    return organisation


def propose(*, event: Event, person: Person, name: str, sector: Sector | None) -> Organisation:
    """A participant's organisation that is missing from the list: proposed on the event's list
    (usable by the person at once); an organisation already listed is simply returned."""
    organisation, created = get_or_create(name=name, sector=sector)
    if queries.link_of(event, organisation.id) is None:
        ensure_listed(event=event, organisation=organisation, added_by=person,
                      status=OrganisationStatus.PROPOSED)
        _log(event=event, actor=person, change="proposed",
               organisation=organisation.name)
    return organisation


def list_for_member(*, event: Event, person: Person, organisation: Organisation) -> None:
    """A member's own organisation on the event's list: proposed by them when it was missing
    (a new name they typed, or their organisation from another event)."""
    if queries.link_of(event, organisation.id) is None:
        ensure_listed(event=event, organisation=organisation, added_by=person,
                      status=OrganisationStatus.PROPOSED)
        _log(event=event, actor=person, change="proposed",
               organisation=organisation.name)


def approve(*, event: Event, actor: Person, link: EventOrganisation) -> None:
    """Make a proposed organisation active on the event's list."""
    link.status = OrganisationStatus.ACTIVE
    db.session.flush()
    _log(event=event, actor=actor, change="approved",
           organisation=link.organisation.name)


def rename(
    *, event: Event, actor: Person, organisation: Organisation, name: str, sector: Sector
) -> Organisation:
    """Correct the name and sector. When other events list the organisation too, a new one is
    made for this event and this event's links move to it (the other events keep theirs).
    Raises OrganisationError("exists") when another organisation already has the name."""
    name = clean_name(name)
    other = queries.by_name(name)
    if other is not None and other.id != organisation.id:
        raise OrganisationError("exists", other.name)
    old = organisation.name
    if queries.other_event_counts(event, [organisation.id]).get(organisation.id):
        if other is not None:  # only the case differs: the name must stay unique
            raise OrganisationError("exists", other.name)
        copy = Organisation(name=name, sector=sector)
        db.session.add(copy)
        db.session.flush()
        _move_links(event=event, source=organisation, target=copy)
        result = copy
    else:
        organisation.name = name
        organisation.sector = sector
        db.session.flush()
        result = organisation
    _log(event=event, actor=actor, change="renamed", old=old,
           new=result.name, organisation=result.name)
    return result


def remove(*, event: Event, actor: Person, link: EventOrganisation) -> None:
    """Take an organisation off the event's list; raises OrganisationError("used") while the
    event still links it."""
    if queries.usage(event).get(link.organisation_id):
        raise OrganisationError("used", link.organisation.name)
    name = link.organisation.name
    db.session.delete(link)
    db.session.flush()
    _log(event=event, actor=actor, change="removed", organisation=name)


def merge(
    *, event: Event, actor: Person, source: Organisation, target: Organisation
) -> Counter:
    """Move every link of ``event`` from ``source`` to ``target`` (a duplicate into the right
    one), put ``target`` on the list and take ``source`` off it. Returns Counter(kind -> rows
    moved). Raises OrganisationError("self") when they are the same."""
    if source.id == target.id:
        raise OrganisationError("self", source.name)
    moved = _move_links(event=event, source=source, target=target)
    _log(event=event, actor=actor, change="merged",
           old=source.name, new=target.name, organisation=target.name, moved=dict(moved))
    return moved


def _move_links(*, event: Event, source: Organisation, target: Organisation) -> Counter:
    """Re-point every row of ``event`` naming ``source`` to ``target``; fix the list."""
    moved: Counter = Counter()
    s, t = source.id, target.id

    def scalars(query):
        return list(db.session.scalars(query))

    members = select(EventRole.person_id).where(EventRole.event_id == event.id)
    for person in scalars(select(Person).where(Person.id.in_(members),
                                               Person.organisation_id == s)):
        person.organisation_id = t
        moved["people"] += 1
    for inv in scalars(select(Invitation).where(Invitation.event_id == event.id,
                                                Invitation.organisation_id == s)):
        inv.organisation_id = t
        moved["invitations"] += 1
    proposals = scalars(select(Proposal).where(Proposal.event_id == event.id))
    for proposal in proposals:
        if proposal.problem_owner_id == s:
            proposal.problem_owner_id = t
            moved["problem_owners"] += 1
        links = {link.organisation_id: link for link in proposal.organisations}
        if s in links:
            moved["proposal_organisations"] += 1
            if t in links:  # both named: keep one row, with what either said
                links[t].is_process_owner |= links[s].is_process_owner
                links[t].contact_name = links[t].contact_name or links[s].contact_name
                proposal.organisations.remove(links[s])
            else:
                links[s].organisation_id = t
    for decision in scalars(select(Decision).where(Decision.event_id == event.id)):
        if decision.problem_owner_id == s:
            decision.problem_owner_id = t
            moved["decisions"] += 1
        for owner in scalars(select(ProcessOwner).where(ProcessOwner.decision_id == decision.id,
                                                        ProcessOwner.organisation_id == s)):
            owner.organisation_id = t
            moved["process_owners"] += 1
    for prototype in scalars(select(Prototype).where(Prototype.event_id == event.id)):
        for column in ("problem_owner_id", "operation_owner_id"):
            if getattr(prototype, column) == s:
                setattr(prototype, column, t)
                moved["prototypes"] += 1
        if s in (prototype.spread_to or []):
            spread = [t if i == s else i for i in prototype.spread_to]
            prototype.spread_to = list(dict.fromkeys(spread))  # a new list: JSON change seen
            moved["prototypes"] += 1
        for model in (BusinessCaseLine, PrototypeContact):
            for row in scalars(select(model).where(model.prototype_id == prototype.id,
                                                   model.organisation_id == s)):
                row.organisation_id = t
                moved["business_case" if model is BusinessCaseLine else "contacts"] += 1
    old_link = queries.link_of(event, s)
    ensure_listed(event=event, organisation=target, added_by=None)
    if old_link is not None:
        db.session.delete(old_link)
    db.session.flush()
    return moved


def import_rows(
    *, event: Event, actor: Person, rows: list[tuple[str, Sector]]
) -> int:
    """Put each (name, sector) on the event's list (existing organisations keep their sector);
    returns how many rows were added or already there."""
    for name, sector in rows:
        organisation, _created = get_or_create(name=name, sector=sector)
        ensure_listed(event=event, organisation=organisation, added_by=actor)
    _log(event=event, actor=actor, change="imported", count=len(rows))
    return len(rows)


def copy_list(*, event: Event, actor: Person, source: Event) -> int:
    """Put ``source``'s active organisations on ``event``'s list; returns how many it has."""
    links = db.session.scalars(select(EventOrganisation).where(
        EventOrganisation.event_id == source.id,
        EventOrganisation.status == OrganisationStatus.ACTIVE)).all()
    for link in links:
        ensure_listed(event=event, organisation=link.organisation, added_by=actor)
    _log(event=event, actor=actor, change="copied", organisation=source.title, count=len(links))
    return len(links)
