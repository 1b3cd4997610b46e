"""Reads of an event's organisations: the list, what offers them, and where they are used."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from hackathon.enums import OrganisationStatus, Role
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
    ProposalOrganisation,
    Prototype,
    PrototypeContact,
)

# Where an event links organisations: (kind, a select of organisation ids of the event's rows).
# The order is the order of the usage columns on the organisations page.
LINK_KINDS = (
    "people",
    "invitations",
    "problem_owners",
    "proposal_organisations",
    "decisions",
    "process_owners",
    "prototypes",
    "business_case",
    "contacts",
)


def _id_queries(event_id: int) -> dict[str, list]:
    """kind -> selects of one organisation id per linking row of ``event_id``."""
    proposals = select(Proposal.id).where(Proposal.event_id == event_id)
    decisions = select(Decision.id).where(Decision.event_id == event_id)
    prototypes = select(Prototype.id).where(Prototype.event_id == event_id)
    members = select(EventRole.person_id).where(EventRole.event_id == event_id)
    return {
        "people": [select(Person.organisation_id).where(Person.id.in_(members))],
        "invitations": [
            select(Invitation.organisation_id).where(Invitation.event_id == event_id)
        ],
        "problem_owners": [
            select(Proposal.problem_owner_id).where(Proposal.event_id == event_id)
        ],
        "proposal_organisations": [
            select(ProposalOrganisation.organisation_id).where(
                ProposalOrganisation.proposal_id.in_(proposals)
            )
        ],
        "decisions": [select(Decision.problem_owner_id).where(Decision.event_id == event_id)],
        "process_owners": [
            select(ProcessOwner.organisation_id).where(ProcessOwner.decision_id.in_(decisions))
        ],
        "prototypes": [
            select(Prototype.problem_owner_id).where(Prototype.event_id == event_id),
            select(Prototype.operation_owner_id).where(Prototype.event_id == event_id),
        ],
        "business_case": [
            select(BusinessCaseLine.organisation_id).where(
                BusinessCaseLine.prototype_id.in_(prototypes)
            )
        ],
        "contacts": [
            select(PrototypeContact.organisation_id).where(
                PrototypeContact.prototype_id.in_(prototypes)
            )
        ],
    }


def usage(event: Event) -> dict[int, Counter]:
    """organisation id -> Counter(kind -> number of the event's rows linking it)."""
    result: dict[int, Counter] = {}
    for kind, queries in _id_queries(event.id).items():
        for query in queries:
            for org_id in db.session.scalars(query):
                if org_id is not None:
                    result.setdefault(org_id, Counter())[kind] += 1
    # A prototype's "spread to" is a JSON list of organisation ids.
    spreads = select(Prototype.spread_to).where(Prototype.event_id == event.id)
    for ids in db.session.scalars(spreads):
        for org_id in ids or []:
            if isinstance(org_id, int):
                result.setdefault(org_id, Counter())["prototypes"] += 1
    return result


@dataclass
class ListedOrganisation:
    """One row of the organisations page."""

    link: EventOrganisation
    uses: Counter = field(default_factory=Counter)
    other_events: int = 0

    @property
    def organisation(self) -> Organisation:
        """The organisation record."""
        return self.link.organisation

    @property
    def total(self) -> int:
        """How many of the event's rows link the organisation."""
        return sum(self.uses.values())


def event_list(event: Event) -> list[ListedOrganisation]:
    """The event's organisations, proposed ones first, then by name; with usage counts and
    the number of other events that list the same organisation."""
    links = db.session.scalars(
        select(EventOrganisation)
        .join(Organisation, Organisation.id == EventOrganisation.organisation_id)
        .where(EventOrganisation.event_id == event.id)
        .order_by(EventOrganisation.status.desc(), func.lower(Organisation.name))
    ).all()
    used = usage(event)
    others = other_event_counts(event, [link.organisation_id for link in links])
    return [
        ListedOrganisation(link, used.get(link.organisation_id, Counter()),
                           others.get(link.organisation_id, 0))
        for link in links
    ]


def other_event_counts(event: Event, org_ids: Iterable[int]) -> dict[int, int]:
    """organisation id -> how many other events list it."""
    ids = list(org_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(EventOrganisation.organisation_id, func.count())
        .where(EventOrganisation.organisation_id.in_(ids), EventOrganisation.event_id != event.id)
        .group_by(EventOrganisation.organisation_id)
    )
    return {org_id: n for org_id, n in rows}


def link_of(event: Event, organisation_id: int) -> EventOrganisation | None:
    """The event's list entry for an organisation, or None."""
    return db.session.scalar(
        select(EventOrganisation).where(
            EventOrganisation.event_id == event.id,
            EventOrganisation.organisation_id == organisation_id,
        )
    )


def by_name(name: str) -> Organisation | None:
    """The organisation called ``name`` (case- and space-insensitive), or None."""
    name = " ".join(name.split())
    return db.session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.lower())
    )


def offered(event: Event, person=None, keep: Iterable[int | None] = ()) -> list[Organisation]:
    """What a dropdown in ``event`` offers ``person``: the event's active organisations, those
    the person proposed, and any ids in ``keep`` (the values already chosen), by name."""
    person_id = getattr(person, "id", None)
    allowed = EventOrganisation.status == OrganisationStatus.ACTIVE
    if person_id is not None:
        allowed = allowed | (EventOrganisation.added_by_id == person_id)
    listed = select(EventOrganisation.organisation_id).where(
        EventOrganisation.event_id == event.id, allowed
    )
    kept = [i for i in keep if i]
    condition = Organisation.id.in_(listed)
    if kept:
        condition = condition | Organisation.id.in_(kept)
    return list(
        db.session.scalars(select(Organisation).where(condition).order_by(Organisation.name))
    )


def offered_ids(event: Event, person=None, keep: Iterable[int | None] = ()) -> set[int]:
    """The ids of ``offered(...)``."""
    return {org.id for org in offered(event, person, keep)}



def other_events_facilitated(event: Event, person) -> list[Event]:
    """The other events ``person`` facilitates (whose lists they may copy), newest first."""
    return list(db.session.scalars(
        select(Event).join(EventRole, EventRole.event_id == Event.id)
        .where(EventRole.person_id == person.id, EventRole.role == Role.FACILITATOR,
               Event.id != event.id)
        .order_by(Event.id.desc())
    ))
