"""The follow-up part of the messy-event state machine (tests/test_messy_events.py): once the
decision is published, the facilitator moves prototypes between DIA stages and statuses (with
and without a reason, with stale forms, to Acceleration before and after its requirements),
records trial actions, business case lines and the operation owner, and amends decisions.

Invariants: no 5xx (the machine's ``request``), a prototype exists for every selected proposal
and only a deselection stops one, every stage and status change is recorded (a PrototypeChange
and an audit entry each, and the prototype's stage and status are the last recorded ones), and
Acceleration is only ever reached with what it requires.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st
from hypothesis.stateful import invariant, precondition, rule
from sqlalchemy import func, select

from hackathon.enums import DiaStage, Outcome, PrototypeStatus
from hackathon.extensions import db
from hackathon.followup.rules import acceleration_missing
from hackathon.models import AuditEntry, Decision, Prototype, PrototypeChange

REASON = "Besluttet på styregruppemødet"


class FollowUpRules:
    """Rules and invariants mixed into the MessyEvent machine (which provides ``request``,
    ``published``, ``violation``, ``event_id``, ``orgs`` and ``milestone``)."""

    def prototypes(self) -> list[Prototype]:
        return list(db.session.scalars(
            select(Prototype).where(Prototype.event_id == self.event_id).order_by(Prototype.id)))

    def _prototype(self, index: int) -> Prototype | None:
        found = self.prototypes()
        return found[index % len(found)] if found else None

    @precondition(lambda self: self.published())
    @rule(index=st.integers(0, 3), stage=st.sampled_from(list(DiaStage)),
          with_reason=st.booleans(), stale=st.booleans())
    def facilitator_moves_a_prototype(self, index, stage, with_reason, stale):
        prototype = self._prototype(index)
        if prototype is None:
            return
        missing = acceleration_missing(prototype)
        before = (prototype.stage, prototype.version)
        response = self.request("fac", "POST", f"/prototypes/{prototype.id}/stage", data={
            "stage": stage.value, "reason": REASON if with_reason else "",
            "version": prototype.version - (1 if stale else 0)})
        db.session.expire_all()
        prototype = db.session.get(Prototype, prototype.id)
        moved = (prototype.stage, prototype.version) != before
        if moved and (stale or not with_reason):
            self.violation("prototype_changes_recorded",
                           f"stage move accepted (stale={stale}, reason={with_reason})")
        if moved and stage == DiaStage.ACCELERATION and missing:
            self.violation("acceleration_requires",
                           f"moved to Acceleration while missing {missing}")
        if response.status_code in (302, 303):
            self.milestone = True

    @precondition(lambda self: self.published())
    @rule(index=st.integers(0, 3), status=st.sampled_from(list(PrototypeStatus)),
          with_reason=st.booleans(), with_details=st.booleans())
    def facilitator_sets_a_status(self, index, status, with_reason, with_details):
        prototype = self._prototype(index)
        if prototype is None:
            return
        data = {"status": status.value, "reason": REASON if with_reason else "",
                "version": prototype.version}
        if with_details:
            data |= {"restart_expected_on": (date.today() + timedelta(days=60)).isoformat(),
                     "operation_owner": self.orgs["kommune"].id,
                     "spread_to": [self.orgs["region"].id]}
        before = prototype.status
        self.request("fac", "POST", f"/prototypes/{prototype.id}/status", data=data)
        db.session.expire_all()
        after = db.session.get(Prototype, prototype.id).status
        if after != before and status == PrototypeStatus.STANDBY and not with_reason:
            self.violation("prototype_changes_recorded", "standby accepted without a reason")

    @precondition(lambda self: self.published())
    @rule(index=st.integers(0, 3), done=st.booleans(), citizens=st.sampled_from([0, 4, -1]))
    def facilitator_records_a_trial_action(self, index, done, citizens):
        prototype = self._prototype(index)
        if prototype is None:
            return
        day = date.today() - timedelta(days=3)
        self.request("fac", "POST", f"/prototypes/{prototype.id}/trial-actions/new", data={
            "status": "done" if done else "planned", "what": "Samtale med familier",
            "citizen_group": "Familier i udsatte positioner", "citizen_count": citizens,
            "planned_on": day.isoformat(), "done_on": day.isoformat() if done else "",
            "what_happened": "Tre familier mødte op" if done else "",
            "learned": "Tidlig kontakt virker" if done else "", "version": 0})

    @precondition(lambda self: self.published())
    @rule(index=st.integers(0, 3))
    def facilitator_adds_a_business_case_and_an_operation_owner(self, index):
        prototype = self._prototype(index)
        if prototype is None:
            return
        self.request("fac", "POST", f"/prototypes/{prototype.id}/business-case/new", data={
            "organisation": self.orgs["kommune"].id, "year": date.today().year,
            "cost": "120.000", "saving": "80000"})
        prototype = db.session.get(Prototype, prototype.id)
        self.request("fac", "POST", f"/prototypes/{prototype.id}/settings", data={
            "operation_owner": self.orgs["kommune"].id, "version": prototype.version})

    @invariant()
    def prototypes_follow_the_published_selection(self):
        if not self.published():
            return
        selected = set(db.session.scalars(select(Decision.proposal_id).where(
            Decision.event_id == self.event_id, Decision.outcome == Outcome.SELECTED)))
        prototypes = {p.proposal_id: p for p in self.prototypes()}
        if not selected <= set(prototypes):
            self.violation("prototypes_follow_the_selection",
                           f"selected {sorted(selected)} without a prototype: "
                           f"{sorted(selected - set(prototypes))}")
        for proposal_id, prototype in prototypes.items():
            if proposal_id not in selected and prototype.status != PrototypeStatus.STOPPED:
                self.violation("prototypes_follow_the_selection",
                               f"proposal {proposal_id} deselected but its prototype is "
                               f"{prototype.status.value}")

    @invariant()
    def every_prototype_change_is_recorded(self):
        for prototype in self.prototypes():
            changes = list(db.session.scalars(
                select(PrototypeChange).where(PrototypeChange.prototype_id == prototype.id)
                .order_by(PrototypeChange.id)))
            stages = [c.new for c in changes if c.kind in ("created", "stage")]
            statuses = [c.new for c in changes if c.kind == "status"]
            if not stages or stages[-1] != prototype.stage.value:
                self.violation("prototype_changes_recorded",
                               f"prototype {prototype.id} is {prototype.stage.value}, "
                               f"recorded stages {stages}")
            if (statuses[-1] if statuses else PrototypeStatus.IN_PROGRESS.value) != (
                prototype.status.value
            ):
                self.violation("prototype_changes_recorded",
                               f"prototype {prototype.id} is {prototype.status.value}, "
                               f"recorded statuses {statuses}")
            if any(not c.reason.strip() for c in changes if c.kind == "stage"):
                self.violation("prototype_changes_recorded",
                               f"prototype {prototype.id}: a stage change without a reason")
            audited = db.session.scalar(
                select(func.count(AuditEntry.id)).where(
                    AuditEntry.event_id == self.event_id, AuditEntry.action == "prototype",
                    AuditEntry.proposal_id == prototype.proposal_id))
            recorded = sum(1 for c in changes if c.kind in ("created", "stage", "status"))
            if audited < recorded:
                self.violation("prototype_changes_recorded",
                               f"prototype {prototype.id}: {recorded} changes, {audited} "
                               "audit entries")
