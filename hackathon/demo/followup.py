"""The published demo continues into follow-up, as in the seeds.

Familiens Broer moves to Incubation with its two main goals and the participants the seeds
name (Gladsaxe Kommune, Region Hovedstaden's child and adolescent psychiatry with its research
unit, the coordination committee between the municipalities and the regional psychiatry, a
municipal practice consultant who is a GP); it runs trial actions, records what it learns,
measures two indicators and writes a business case; then it is put on standby because the
municipality re-prioritised, with the financing for three GPs and the follow-up evaluation still
missing (its funding gap). God Start is in progress with its first trial action done and a
milestone planned.

To leave room for a year of follow-up, the event is moved back in time (``SHIFT``): the
hackathon took place about ten months before loading. The audit log and the published ranking
record keep the time they were written (they cannot be changed), which is when the demo loaded.
Every other time is relative to loading. Flushes; the caller commits.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import DateTime, select

from hackathon.auth.services import get_or_create_organisation
from hackathon.demo import followup_content as text
from hackathon.enums import (
    DiaStage,
    IndicatorSide,
    LearningTheme,
    MilestoneStatus,
    Phase,
    PrototypeStatus,
    Sector,
    TrialActionStatus,
)
from hackathon.events.services import change_phase
from hackathon.extensions import db
from hackathon.followup import checkins
from hackathon.models import (
    AuditEntry,
    BusinessCaseLine,
    Event,
    FundingItem,
    Indicator,
    LearningNote,
    Measurement,
    Milestone,
    Organisation,
    Person,
    Prototype,
    PrototypeChange,
    PrototypeContact,
    PrototypeUpdate,
    PublishedRanking,
    TrialAction,
    utcnow,
)

# How long ago the hackathon took place, so that a year of follow-up has happened since.
SHIFT = timedelta(days=300)
# Tables whose times stay as written (append-only or locked records), and people.
UNSHIFTED = {AuditEntry.__tablename__, PublishedRanking.__tablename__, "person",
             "login_session", "organisation", "failure_counter"}


def continue_into_followup(event: Event, facilitator: Person,
                           organisations: dict[str, Organisation]) -> dict[str, Prototype]:
    """Move the published demo event back in time and give its two prototypes their history
    (see the module docstring). Returns the prototypes by title."""
    now = utcnow().replace(second=0, microsecond=0)
    _shift_event(event, SHIFT)
    published = event.decision_published_at or (now - SHIFT)
    change = change_phase(event=event, to_phase=Phase.FOLLOW_UP, actor=facilitator,
                          confirm_back=False)
    change.changed_at = published + timedelta(days=1)
    prototypes = {
        p.title: p for p in db.session.scalars(
            select(Prototype).where(Prototype.event_id == event.id)
        )
    }
    people = {p.name: p for p in db.session.scalars(select(Person))}
    committee = get_or_create_organisation(name=text.COMMITTEE, sector=Sector.OTHER)
    organisations = {**organisations, "samordningsudvalg": committee}
    _familiens_broer(prototypes["Familiens Broer"], facilitator, organisations, people, now)
    _god_start(prototypes["God Start"], facilitator, organisations, people, now)
    db.session.flush()
    # The check-in the facilitators' dashboard shows: Familiens Broer was asked three weeks
    # ago and has not answered; God Start answered after its check-in.
    checkins.ask(prototypes["Familiens Broer"], now - timedelta(days=21), facilitator)
    checkins.ask(prototypes["God Start"], now - timedelta(days=16), facilitator)
    db.session.flush()
    return prototypes


def _shift_event(event: Event, shift: timedelta) -> None:
    """Move every time stored for ``event`` (and its proposals and prototypes) ``shift``
    earlier, except the append-only records (``UNSHIFTED``)."""
    db.session.flush()
    from hackathon.models import Proposal

    proposal_ids = set(db.session.scalars(select(Proposal.id).where(
        Proposal.event_id == event.id)))
    prototype_ids = set(db.session.scalars(select(Prototype.id).where(
        Prototype.event_id == event.id)))
    for mapper in db.Model.registry.mappers:
        cls = mapper.class_
        table = mapper.local_table
        if table is None or table.name in UNSHIFTED:
            continue
        columns = [c.key for c in mapper.column_attrs
                   if isinstance(c.columns[0].type, DateTime)]
        if not columns:
            continue
        if cls is Event:
            rows = [event]
        elif "event_id" in table.c:
            rows = db.session.scalars(select(cls).where(table.c.event_id == event.id)).all()
        elif "proposal_id" in table.c:
            rows = db.session.scalars(
                select(cls).where(table.c.proposal_id.in_(proposal_ids or {-1}))).all()
        elif "prototype_id" in table.c:
            rows = db.session.scalars(
                select(cls).where(table.c.prototype_id.in_(prototype_ids or {-1}))).all()
        else:
            continue
        for row in rows:
            for key in columns:
                value = getattr(row, key)
                if isinstance(value, datetime):
                    setattr(row, key, value - shift)
    db.session.flush()


def _when(now: datetime, days_ago: int) -> datetime:
    return now - timedelta(days=days_ago)


def _day(now: datetime, days_ago: int) -> date:
    return (now - timedelta(days=days_ago)).date()


def _change(prototype: Prototype, kind: str, old: str, new: str, reason: str, at: datetime,
            actor: Person, details: dict | None = None) -> None:
    prototype.changes.append(PrototypeChange(kind=kind, old=old, new=new, reason=reason,
                                             details=details or {}, changed_by_id=actor.id,
                                             changed_at=at))


def _contacts(prototype: Prototype, rows: list[dict], organisations, people, now) -> None:
    """Give the contacts from the decision their e-mail and language, add the others; the
    ones with an account in the demo have accepted their personal link."""
    by_name = {c.name: c for c in prototype.contacts}
    for row in rows:
        contact = by_name.get(row["name"])
        if contact is None:
            contact = PrototypeContact(name=row["name"], invited_at=_when(now, row["invited"]))
            prototype.contacts.append(contact)
        contact.organisation_id = organisations[row["organisation"]].id
        person = people.get(row["name"])
        contact.email = row.get("email") or (person.email if person and person.email else "")
        contact.language = "da"
        if person is not None and row.get("accepted"):
            contact.person_id = person.id
            contact.accepted_at = _when(now, row["invited"] - 2)


def _trial_actions(prototype: Prototype, rows: list[dict], actor: Person, now) -> None:
    """The first trial action (from the decision) gets its outcome; the others are added."""
    first = next((t for t in prototype.trial_actions if t.from_decision), None)
    for index, row in enumerate(rows):
        action = first if index == 0 and first is not None else TrialAction(
            created_by_id=actor.id)
        if action is not first:
            prototype.trial_actions.append(action)
            action.created_at = _when(now, abs(row["planned"]) + 20)
        action.what = row.get("what", action.what)
        action.status = TrialActionStatus(row["status"])
        action.citizen_group = row.get("citizen_group", "")
        action.citizen_count = row.get("citizen_count")
        action.place = row.get("place", action.place)
        action.planned_on = _day(now, row["planned"])
        action.done_on = _day(now, row["done"]) if row.get("done") is not None else None
        action.by_whom = row.get("by_whom", "")
        action.what_happened = row.get("what_happened", "")
        action.learned = row.get("learned", "")
        action.citizen_input = row.get("citizen_input", "")


def _indicators(prototype: Prototype, rows: list[dict], now) -> None:
    for row in rows:
        indicator = Indicator(name=row["name"], unit=row["unit"], side=IndicatorSide(row["side"]),
                              baseline=row["baseline"], target=row["target"],
                              higher_is_better=row["higher_is_better"],
                              created_at=_when(now, row["created"]))
        for days_ago, value, note in row["measurements"]:
            indicator.measurements.append(
                Measurement(measured_on=_day(now, days_ago), value=value, note=note,
                            created_at=_when(now, days_ago))
            )
        prototype.indicators.append(indicator)


def _money(prototype: Prototype, spec: dict, organisations, published: datetime) -> None:
    for offset, org, cost, saving in spec["business_case"]:
        prototype.business_lines.append(BusinessCaseLine(
            organisation_id=organisations[org].id, year=published.year + offset, cost=cost,
            saving=saving))
    for purpose, amount, secured, source in spec["funding"]:
        prototype.funding_items.append(FundingItem(purpose=purpose, amount=amount,
                                                   secured=secured, source=source))


def _notes(prototype: Prototype, rows: list[tuple[int, list[str], str]], actor, now) -> None:
    for days_ago, themes, note in rows:
        themes = [LearningTheme(t).value for t in themes]  # an unknown theme fails loading
        db.session.add(LearningNote(event_id=prototype.event_id, prototype=prototype, text=note,
                                    themes=themes, created_by_id=actor.id,
                                    created_at=_when(now, days_ago)))


def _familiens_broer(prototype: Prototype, actor: Person, organisations, people, now) -> None:
    spec = text.FAMILIENS_BROER
    published = prototype.created_at
    _contacts(prototype, spec["contacts"], organisations, people, now)
    _trial_actions(prototype, spec["trial_actions"], actor, now)
    _indicators(prototype, spec["indicators"], now)
    _money(prototype, spec, organisations, published)
    _notes(prototype, spec["notes"], actor, now)
    for days_ago, title, status in spec["milestones"]:
        prototype.milestones.append(Milestone(
            title=title, due_on=_day(now, days_ago), status=MilestoneStatus(status),
            done_on=_day(now, days_ago) if status == "done" else None, created_by_id=actor.id))
    _change(prototype, "stage", DiaStage.DISCOVERY.value, DiaStage.INCUBATION.value,
            spec["incubation_reason"], _when(now, spec["incubation"]), actor)
    prototype.stage = DiaStage.INCUBATION
    _change(prototype, "status", PrototypeStatus.IN_PROGRESS.value,
            PrototypeStatus.STANDBY.value, spec["standby_reason"],
            _when(now, spec["standby"]), actor,
            {"restart_expected_on": _day(now, -spec["restart_in"]).isoformat()})
    prototype.status = PrototypeStatus.STANDBY
    prototype.status_reason = spec["standby_reason"]
    prototype.restart_expected_on = _day(now, -spec["restart_in"])
    prototype.last_update_at = _when(now, spec["standby"])
    prototype.version += 2


def _god_start(prototype: Prototype, actor: Person, organisations, people, now) -> None:
    spec = text.GOD_START
    published = prototype.created_at
    _contacts(prototype, spec["contacts"], organisations, people, now)
    _trial_actions(prototype, spec["trial_actions"], actor, now)
    _indicators(prototype, spec["indicators"], now)
    _money(prototype, spec, organisations, published)
    _notes(prototype, spec["notes"], actor, now)
    for days_ago, title, status in spec["milestones"]:
        prototype.milestones.append(Milestone(
            title=title, due_on=_day(now, days_ago), status=MilestoneStatus(status),
            done_on=_day(now, days_ago) if status == "done" else None, created_by_id=actor.id))
    for days_ago, status_text, happened, next_step in spec["updates"]:
        prototype.updates.append(PrototypeUpdate(
            status_text=status_text, happened=happened, next_step=next_step,
            created_by_id=people[spec["contacts"][0]["name"]].id,
            created_at=_when(now, days_ago)))
    prototype.last_update_at = _when(now, min(row[0] for row in spec["updates"]))
    prototype.version += 1
