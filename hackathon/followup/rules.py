"""Stage and status of a prototype: recorded decisions (who, when, why) with the rules the
seeds set. Functions flush only; the view commits. Every change is a PrototypeChange and an
audit entry (action "prototype", change "stage" or "status")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.orm import Session

from hackathon.audit import services as audit
from hackathon.enums import DiaStage, Outcome, PrototypeStatus, TrialActionStatus
from hackathon.extensions import db
from hackathon.models import Decision, Organisation, Person, Prototype, PrototypeChange, utcnow


class FollowupError(ValueError):
    """A change that cannot be saved. ``code`` says why ("stale", "missing", "invalid",
    "same"); ``problems`` lists what is missing (codes); ``fields`` maps a field name to an
    error code."""

    def __init__(self, code: str, problems: list[str] | None = None,
                 fields: dict[str, str] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.problems = problems or []
        self.fields = fields or {}


def closed_by_decision(prototype: Prototype) -> bool:
    """True when the published decision no longer selects the prototype's proposal (an
    amendment deselected it): the prototype stays stopped until an amendment selects it
    again (results/decisions.py -> services.follow_amendment)."""
    decision = db.session.scalar(
        select(Decision).where(Decision.proposal_id == prototype.proposal_id))
    return decision is None or decision.outcome != Outcome.SELECTED


def check_open(prototype: Prototype) -> None:
    """Raise FollowupError("closed") for a prototype the decision no longer selects."""
    if closed_by_decision(prototype):
        raise FollowupError("closed")


def check_version(current: int, expected: int | None) -> None:
    """Raise FollowupError("stale") when someone saved since the form was opened."""
    if expected is None or expected != current:
        raise FollowupError("stale")


# Proposal ids whose knowledge-bank entry must follow a prototype write (kept in the session,
# refreshed once per commit).
_BANK_PENDING = "followup_bank_refresh"


def touch(prototype: Prototype) -> None:
    """A write by anyone following the prototype: silence is measured from now, and the
    proposal's knowledge-bank entry (stage, status, trial actions, learning notes) follows at
    the commit."""
    prototype.last_update_at = utcnow()
    db.session.info.setdefault(_BANK_PENDING, set()).add(prototype.proposal_id)


@sa_event.listens_for(Session, "before_commit")
def _refresh_bank_entries(session: Session) -> None:
    pending = session.info.pop(_BANK_PENDING, None)
    if not pending:
        return
    from hackathon.bank import index

    for proposal_id in sorted(pending):
        index.refresh_for_proposal(proposal_id)


@sa_event.listens_for(Session, "after_rollback")
def _forget_bank_refresh(session: Session) -> None:
    session.info.pop(_BANK_PENDING, None)


def acceleration_missing(prototype: Prototype) -> list[str]:
    """What the prototype lacks before it may move to Acceleration (codes, in order):
    "citizen_trial" (no done trial action with citizens), "operation_owner",
    "business_case" (no business case line)."""
    missing = []
    if not any(t.status == TrialActionStatus.DONE and (t.citizen_count or 0) > 0
               for t in prototype.trial_actions):
        missing.append("citizen_trial")
    if prototype.operation_owner_id is None:
        missing.append("operation_owner")
    if not prototype.business_lines:
        missing.append("business_case")
    return missing


def _record(prototype: Prototype, *, actor: Person, kind: str, old: str, new: str,
            reason: str, details: dict[str, Any]) -> None:
    prototype.changes.append(PrototypeChange(kind=kind, old=old, new=new, reason=reason,
                                             details=details, changed_by_id=actor.id))
    prototype.version += 1
    touch(prototype)
    audit.record(event=prototype.event, actor=actor, action="prototype",
                 proposal=prototype.proposal, change=kind, prototype=prototype.title,
                 old=old, new=new, reason=reason)
    db.session.flush()


def change_stage(*, prototype: Prototype, actor: Person, stage: DiaStage, reason: str,
                 expected_version: int | None) -> PrototypeChange:
    """Move the prototype to ``stage`` with a reason. Forward one step at a time; back any
    number of steps. Acceleration needs what ``acceleration_missing`` checks.

    Raises FollowupError: "stale"; "invalid" with fields {"reason": "required"} or
    {"stage": "same"|"skip"}; "missing" with the problems; "closed" (see check_open)."""
    check_open(prototype)
    check_version(prototype.version, expected_version)
    reason = (reason or "").strip()
    if stage == prototype.stage:
        raise FollowupError("invalid", fields={"stage": "same"})
    if stage.index > prototype.stage.index + 1:
        raise FollowupError("invalid", fields={"stage": "skip"})
    if not reason:
        raise FollowupError("invalid", fields={"reason": "required"})
    if stage == DiaStage.ACCELERATION:
        missing = acceleration_missing(prototype)
        if missing:
            raise FollowupError("missing", problems=missing)
    old = prototype.stage.value
    prototype.stage = stage
    _record(prototype, actor=actor, kind="stage", old=old, new=stage.value, reason=reason,
            details={})
    return prototype.changes[-1]


@dataclass
class StatusInput:
    """What the facilitator typed for a status change."""

    status: PrototypeStatus
    reason: str = ""
    restart_expected_on: date | None = None
    operation_owner_id: int | None = None
    spread_to: list[int] = field(default_factory=list)


def status_problems(data: StatusInput, *, today: date) -> dict[str, str]:
    """Field errors of a status change ({field: code}); empty when it can be saved."""
    errors: dict[str, str] = {}
    if not data.reason.strip():
        errors["reason"] = "required"
    if data.status == PrototypeStatus.STANDBY:
        if data.restart_expected_on is None:
            errors["restart_expected_on"] = "required"
        elif data.restart_expected_on < today:
            errors["restart_expected_on"] = "past"
    if data.status == PrototypeStatus.IN_OPERATION and not data.operation_owner_id:
        errors["operation_owner"] = "required"
    if data.status == PrototypeStatus.SPREAD and not data.spread_to:
        errors["spread_to"] = "required"
    return errors


def change_status(*, prototype: Prototype, actor: Person, data: StatusInput,
                  expected_version: int | None, today: date) -> PrototypeChange:
    """Set the status with what it needs: standby a reason and an expected restart date,
    stopped what was learned (the reason), in operation the organisation running it, spread
    the organisations it spread to (one at least).

    Raises FollowupError: "stale"; "invalid" with field codes (see ``status_problems``);
    "closed" (see check_open)."""
    check_open(prototype)
    check_version(prototype.version, expected_version)
    errors = status_problems(data, today=today)
    for org_id in [data.operation_owner_id, *data.spread_to]:
        if org_id is not None and db.session.get(Organisation, org_id) is None:
            errors["spread_to" if org_id in data.spread_to else "operation_owner"] = "unknown"
    if errors:
        raise FollowupError("invalid", fields=errors)
    old = prototype.status.value
    reason = data.reason.strip()
    details: dict[str, Any] = {}
    prototype.status = data.status
    prototype.status_reason = reason
    prototype.restart_expected_on = None
    if data.status == PrototypeStatus.STANDBY:
        prototype.restart_expected_on = data.restart_expected_on
        details["restart_expected_on"] = data.restart_expected_on.isoformat()
    if data.status == PrototypeStatus.IN_OPERATION:
        prototype.operation_owner_id = data.operation_owner_id
        details["operation_owner_id"] = data.operation_owner_id
    if data.status == PrototypeStatus.SPREAD:
        prototype.spread_to = sorted(set(data.spread_to))
        details["spread_to"] = prototype.spread_to
    _record(prototype, actor=actor, kind="status", old=old, new=data.status.value,
            reason=reason, details=details)
    return prototype.changes[-1]


def update_settings(*, prototype: Prototype, actor: Person, operation_owner_id: int | None,
                    team_may_contribute: bool, expected_version: int | None) -> None:
    """The organisation that will run it in operation, and whether the team may add trial
    actions and learning notes. Raises FollowupError("stale")."""
    check_version(prototype.version, expected_version)
    if operation_owner_id is not None and db.session.get(Organisation, operation_owner_id) is None:
        raise FollowupError("invalid", fields={"operation_owner": "unknown"})
    old = f"{prototype.operation_owner_id or '-'}/{int(prototype.team_may_contribute)}"
    prototype.operation_owner_id = operation_owner_id
    prototype.team_may_contribute = team_may_contribute
    new = f"{operation_owner_id or '-'}/{int(team_may_contribute)}"
    if old == new:
        return
    prototype.version += 1
    touch(prototype)
    owner = db.session.get(Organisation, operation_owner_id) if operation_owner_id else None
    audit.record(event=prototype.event, actor=actor, action="prototype",
                 proposal=prototype.proposal, change="settings", prototype=prototype.title,
                 old=old, new=new, reason=owner.name if owner else "")
    db.session.flush()
