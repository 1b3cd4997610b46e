"""Writes for the follow-up: the prototypes a published decision starts, and what an amendment
of the decision does to them. Every write is in the event's audit log (action "prototype")."""

from __future__ import annotations

from sqlalchemy import select

from hackathon.audit import services as audit
from hackathon.enums import DiaStage, Outcome, PrototypeStatus
from hackathon.extensions import db
from hackathon.models import (
    Decision,
    Event,
    Person,
    Prototype,
    PrototypeChange,
    PrototypeContact,
    TrialAction,
    utcnow,
)


def prototype_of(proposal_id: int) -> Prototype | None:
    """The prototype started from a proposal, or None."""
    return db.session.scalar(select(Prototype).where(Prototype.proposal_id == proposal_id))


def _add_contacts(prototype: Prototype, decision: Decision) -> None:
    """A contact (invited by personal link) for each of the decision's process owners that the
    prototype does not have yet (same organisation and name)."""
    have = {(c.organisation_id, c.name.strip().casefold()) for c in prototype.contacts}
    for owner in decision.process_owners:
        key = (owner.organisation_id, owner.contact_name.strip().casefold())
        if key in have or not owner.contact_name.strip():
            continue
        prototype.contacts.append(
            PrototypeContact(
                organisation_id=owner.organisation_id,
                name=owner.contact_name.strip(),
                email=owner.contact_email.strip(),
            )
        )
        have.add(key)


def start_prototype(*, event: Event, decision: Decision, actor: Person | None) -> Prototype:
    """The prototype for one selected proposal, started from its decision: problem owner,
    process owners' contacts, the first trial action with its date, and the proposal's goals
    and value measure. Returns the existing one when the proposal already has a prototype."""
    existing = prototype_of(decision.proposal_id)
    if existing is not None:
        return existing
    proposal = decision.proposal
    prototype = Prototype(
        event_id=event.id,
        proposal_id=proposal.id,
        decision_id=decision.id,
        title=proposal.title,
        stage=DiaStage.DISCOVERY,
        status=PrototypeStatus.IN_PROGRESS,
        problem_owner_id=decision.problem_owner_id or proposal.problem_owner_id,
        goals=list(proposal.goals or []),
        value_measure=proposal.measurement or "",
        last_update_at=utcnow(),
    )
    db.session.add(prototype)
    if decision.trial_action.strip():
        prototype.trial_actions.append(
            TrialAction(
                what=decision.trial_action.strip(),
                planned_on=decision.trial_date,
                place=proposal.trial_action_where or "",
                from_decision=True,
                created_by_id=actor.id if actor is not None else None,
            )
        )
    _add_contacts(prototype, decision)
    prototype.changes.append(
        PrototypeChange(
            kind="created",
            new=DiaStage.DISCOVERY.value,
            reason=decision.rationale,
            changed_by_id=actor.id if actor is not None else None,
        )
    )
    db.session.flush()
    audit.record(event=event, actor=actor, action="prototype", proposal=proposal,
                 change="created", prototype=prototype.title, old="",
                 new=prototype.stage.value, reason="")
    return prototype


def start_prototypes(*, event: Event, actor: Person | None) -> list[Prototype]:
    """A prototype for every proposal the published decision selects (existing ones kept)."""
    decisions = db.session.scalars(
        select(Decision)
        .where(Decision.event_id == event.id, Decision.outcome == Outcome.SELECTED)
        .order_by(Decision.id)
    ).all()
    return [start_prototype(event=event, decision=d, actor=actor) for d in decisions]


def follow_amendment(
    *, event: Event, decision: Decision, actor: Person | None, reason: str
) -> Prototype | None:
    """After an amendment of a published decision: a proposal no longer selected has its
    prototype stopped with the amendment's reason; a newly selected one gets a prototype (or
    its stopped one resumes); a still selected one gains contacts for new process owners."""
    prototype = prototype_of(decision.proposal_id)
    selected = decision.outcome == Outcome.SELECTED
    actor_id = actor.id if actor is not None else None
    if not selected:
        if prototype is None or prototype.status == PrototypeStatus.STOPPED:
            return prototype
        old = prototype.status.value
        prototype.status = PrototypeStatus.STOPPED
        prototype.status_reason = reason
        prototype.version += 1
        prototype.last_update_at = utcnow()
        prototype.changes.append(
            PrototypeChange(kind="status", old=old, new=PrototypeStatus.STOPPED.value,
                            reason=reason, details={"amendment": True},
                            changed_by_id=actor_id)
        )
        audit.record(event=event, actor=actor, action="prototype", proposal=decision.proposal,
                     change="status", prototype=prototype.title, old=old,
                     new=PrototypeStatus.STOPPED.value, reason=reason)
        db.session.flush()
        return prototype
    if prototype is None:
        return start_prototype(event=event, decision=decision, actor=actor)
    _add_contacts(prototype, decision)
    if prototype.status == PrototypeStatus.STOPPED and prototype.changes and (
        prototype.changes[-1].details or {}
    ).get("amendment"):
        # Stopped by an earlier deselection, selected again: it resumes.
        prototype.status = PrototypeStatus.IN_PROGRESS
        prototype.status_reason = ""
        prototype.version += 1
        prototype.last_update_at = utcnow()
        prototype.changes.append(
            PrototypeChange(kind="status", old=PrototypeStatus.STOPPED.value,
                            new=PrototypeStatus.IN_PROGRESS.value, reason=reason,
                            details={"amendment": True}, changed_by_id=actor_id)
        )
        audit.record(event=event, actor=actor, action="prototype", proposal=decision.proposal,
                     change="status", prototype=prototype.title,
                     old=PrototypeStatus.STOPPED.value, new=PrototypeStatus.IN_PROGRESS.value,
                     reason=reason)
    db.session.flush()
    return prototype
