"""Reads for the portfolio board, the follow-up reports and the exports: every prototype of
every event on the installation, by DIA stage and status, with the filters the board offers.

Who sees what (also said on the board page and in the README):

* A facilitator (of any event, or anyone with a facilitator account) sees every prototype of
  every event: the network's secretariat follows the whole portfolio. They may export it.
* An observer who is no facilitator sees the prototypes of the events they observe, read-only,
  and cannot export (observers are invited per event; another event's follow-up is not theirs).
* Everyone else (reviewers, participants, contacts) has no board; they reach their own
  prototype from its page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import extract, or_, select
from sqlalchemy.orm import selectinload

from hackathon.enums import DiaStage, MilestoneStatus, PrototypeStatus, Role, Sector
from hackathon.events.permissions import is_signed_in
from hackathon.extensions import db
from hackathon.followup.permissions import sees_whole_portfolio
from hackathon.models import (
    Decision,
    Event,
    EventRole,
    Organisation,
    ProcessOwner,
    Prototype,
    PrototypeContact,
    utcnow,
)
from hackathon.models.proposal import ProposalOrganisation

SILENT_AFTER = timedelta(days=60)
# Statuses whose prototypes are still being worked on: asked for updates, and can fall silent.
ACTIVE = (PrototypeStatus.IN_PROGRESS, PrototypeStatus.STANDBY)


def is_silent(prototype: Prototype, now: datetime | None = None) -> bool:
    """True when an active prototype (in progress or on standby) has had no update for 60
    days (``last_update_at``, naive UTC). Stopped, operating and spread ones are never silent."""
    if prototype.status not in ACTIVE:
        return False
    now = now or utcnow()
    return now - prototype.last_update_at >= SILENT_AFTER


def _role_events(person, role: Role) -> set[int]:
    return set(
        db.session.scalars(
            select(EventRole.event_id).where(
                EventRole.person_id == person.id, EventRole.role == role
            )
        )
    )


def board_scope(person) -> set[int] | None:
    """The event ids whose prototypes ``person`` may see on the board: None for every event,
    an empty set for none."""
    if not is_signed_in(person):
        return set()
    if sees_whole_portfolio(person):
        return None
    return _role_events(person, Role.OBSERVER)


def can_see_board(person) -> bool:
    """Facilitators (any event) and observers (of at least one event) open the board."""
    return board_scope(person) != set()


def can_export_board(person) -> bool:
    """Only facilitators export the portfolio (CSV, XLSX, the portfolio report)."""
    return sees_whole_portfolio(person)


@dataclass
class BoardFilters:
    """The board's filters, each None when not applied."""

    sector: Sector | None = None
    organisation_id: int | None = None
    event_id: int | None = None
    year: int | None = None
    status: PrototypeStatus | None = None
    stage: DiaStage | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        """True when any filter is applied."""
        return any(
            value is not None
            for value in (self.sector, self.organisation_id, self.event_id, self.year,
                          self.status, self.stage)
        )


def parse_filters(args) -> BoardFilters:
    """Filters from the query string; an unknown value is left out and named in ``errors``
    (the names of the fields that were ignored)."""
    found = BoardFilters()
    for name, convert, attr in (
        ("sector", Sector, "sector"),
        ("organisation", int, "organisation_id"),
        ("event", int, "event_id"),
        ("year", int, "year"),
        ("status", PrototypeStatus, "status"),
        ("stage", DiaStage, "stage"),
    ):
        raw = (args.get(name) or "").strip()
        if not raw:
            continue
        try:
            value = convert(raw)
        except ValueError:
            found.errors.append(name)
            continue
        if isinstance(value, int) and not 0 < value < 2**31:
            found.errors.append(name)
            continue
        setattr(found, attr, value)
    return found


def _involved_organisations():
    """Prototype ids with an organisation involved: problem owner, the proposal's
    organisations, contacts' organisations."""
    return [
        select(ProposalOrganisation.organisation_id.label("org"), Prototype.id.label("pid"))
        .join(Prototype, Prototype.proposal_id == ProposalOrganisation.proposal_id),
        select(Prototype.problem_owner_id.label("org"), Prototype.id.label("pid")),
        select(PrototypeContact.organisation_id.label("org"),
               PrototypeContact.prototype_id.label("pid")),
    ]


def _pids_with(condition_org) -> object:
    """A subquery of prototype ids involving an organisation that matches ``condition_org``
    (a condition on Organisation)."""
    union = _involved_organisations()[0].union(*_involved_organisations()[1:]).subquery()
    return (
        select(union.c.pid)
        .join(Organisation, Organisation.id == union.c.org)
        .where(condition_org)
    )


def prototypes(person, filters: BoardFilters | None = None, everything: bool = False
               ) -> list[Prototype]:
    """The prototypes ``person`` may see (all with ``everything``, for the command line),
    filtered, ordered by event (newest first) and title; what the board shows is loaded in a
    fixed number of queries."""
    filters = filters or BoardFilters()
    scope = None if everything else board_scope(person)
    query = (
        select(Prototype)
        .join(Event, Event.id == Prototype.event_id)
        .options(
            selectinload(Prototype.event),
            selectinload(Prototype.problem_owner),
            selectinload(Prototype.milestones),
            selectinload(Prototype.funding_items),
            selectinload(Prototype.contacts).selectinload(PrototypeContact.organisation),
            selectinload(Prototype.decision).selectinload(Decision.process_owners)
            .selectinload(ProcessOwner.organisation),
        )
        .order_by(Event.starts_at.desc().nulls_last(), Event.id.desc(), Prototype.title)
    )
    if scope is not None:
        if not scope:
            return []
        query = query.where(Prototype.event_id.in_(scope))
    if filters.event_id is not None:
        query = query.where(Prototype.event_id == filters.event_id)
    if filters.status is not None:
        query = query.where(Prototype.status == filters.status)
    if filters.stage is not None:
        query = query.where(Prototype.stage == filters.stage)
    if filters.year is not None:
        query = query.where(
            or_(
                extract("year", Event.starts_at) == filters.year,
                (Event.starts_at.is_(None)) & (extract("year", Event.created_at) == filters.year),
            )
        )
    if filters.sector is not None:
        query = query.where(Prototype.id.in_(_pids_with(Organisation.sector == filters.sector)))
    if filters.organisation_id is not None:
        query = query.where(
            Prototype.id.in_(_pids_with(Organisation.id == filters.organisation_id))
        )
    return list(db.session.scalars(query).unique())


def process_owner_names(prototype: Prototype) -> list[str]:
    """The process owners' organisations (from the decision; else the contacts')."""
    names: list[str] = []
    owners = prototype.decision.process_owners if prototype.decision else []
    for owner in owners:
        if owner.organisation and owner.organisation.name not in names:
            names.append(owner.organisation.name)
    if not names:
        for contact in prototype.contacts:
            if contact.organisation and contact.organisation.name not in names:
                names.append(contact.organisation.name)
    return names


def next_milestone(prototype: Prototype):
    """The earliest planned milestone (None when none is planned)."""
    planned = [m for m in prototype.milestones if m.status == MilestoneStatus.PLANNED]
    return min(planned, key=lambda m: (m.due_on, m.id), default=None)


def event_year(event: Event) -> int:
    """The year of the event (its start, or when it was created)."""
    return (event.starts_at or event.created_at).year


def card(prototype: Prototype, now: datetime) -> dict:
    """What the board, its exports and the portfolio report show of one prototype."""
    milestone = next_milestone(prototype)
    return {
        "prototype": prototype,
        "id": prototype.id,
        "title": prototype.title,
        "event": prototype.event,
        "year": event_year(prototype.event),
        "stage": prototype.stage,
        "status": prototype.status,
        "status_reason": prototype.status_reason,
        "problem_owner": prototype.problem_owner.name if prototype.problem_owner else "",
        "process_owners": process_owner_names(prototype),
        "last_update_at": prototype.last_update_at,
        "silent": is_silent(prototype, now),
        "last_checkin_at": prototype.last_checkin_at,
        "last_checkin_to": prototype.last_checkin_to,
        "milestone": milestone,
        "milestone_overdue": bool(milestone and milestone.due_on < now.date()),
        "funding_gap": prototype.funding_gap,
    }


def board(person, filters: BoardFilters, now: datetime | None = None,
          everything: bool = False) -> dict:
    """The board: {"columns": [(stage, [card, ...]), ...] in DIA order, "cards": [...],
    "total": n, "silent": n, "gap": total funding gap in DKK}."""
    now = now or utcnow()
    cards = [card(p, now) for p in prototypes(person, filters, everything)]
    columns = [(stage, [c for c in cards if c["stage"] == stage]) for stage in DiaStage]
    return {
        "columns": columns,
        "cards": cards,
        "total": len(cards),
        "silent": sum(1 for c in cards if c["silent"]),
        "gap": sum(c["funding_gap"] for c in cards),
    }


def filter_options(person) -> dict:
    """The choices the filter form offers, limited to what the person may see."""
    scope = board_scope(person)
    events_q = select(Event).where(Event.id.in_(select(Prototype.event_id)))
    if scope is not None:
        events_q = events_q.where(Event.id.in_(scope or {-1}))
    events = list(db.session.scalars(events_q.order_by(Event.starts_at.desc().nulls_last(),
                                                       Event.id.desc())))
    union = _involved_organisations()[0].union(*_involved_organisations()[1:]).subquery()
    org_q = select(Organisation).where(Organisation.id.in_(select(union.c.org)))
    if scope is not None:
        pids = select(Prototype.id).where(Prototype.event_id.in_(scope or {-1}))
        org_q = org_q.where(
            Organisation.id.in_(select(union.c.org).where(union.c.pid.in_(pids)))
        )
    organisations = list(db.session.scalars(org_q.order_by(Organisation.name)))
    years = sorted({event_year(e) for e in events}, reverse=True)
    return {"events": events, "organisations": organisations, "years": years}


def silent_prototypes(event: Event, now: datetime | None = None) -> list[Prototype]:
    """The event's silent prototypes (for its facilitators' dashboard), longest silent first."""
    now = now or utcnow()
    found = db.session.scalars(
        select(Prototype)
        .where(Prototype.event_id == event.id, Prototype.status.in_(ACTIVE))
        .order_by(Prototype.last_update_at, Prototype.id)
    )
    return [p for p in found if is_silent(p, now)]


def days_since(moment: datetime, now: datetime | None = None) -> int:
    """Whole days from ``moment`` to now."""
    return max(((now or utcnow()) - moment).days, 0)


def today() -> date:
    """Today's date in UTC."""
    return utcnow().date()
