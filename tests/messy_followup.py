"""The follow-up part of the messy-event state machine (tests/test_messy_events.py): once the
decision is published, stretches of follow-up: stage and status decisions (some without a
reason, some stale), and the trial actions, operation owner and business case Acceleration
needs (some with bad numbers); the machine's other rules amend decisions meanwhile.

Invariants: no 5xx (the machine's ``request``); every stage and status change is a recorded
decision with a reason and an identical audit entry, and the prototype is where its last change
left it; Acceleration only with what it requires; after publication every selected proposal has
a prototype, and a deselected one's is stopped.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import strategies as st
from hypothesis.stateful import invariant, precondition, rule
from sqlalchemy import select

from hackathon.enums import Outcome, PrototypeStatus
from hackathon.extensions import db
from hackathon.followup.rules import acceleration_missing
from hackathon.models import AuditEntry, Decision, Prototype, utcnow

# The plain path of a prototype after publication: Incubation, Acceleration refused, what it
# needs gathered, Acceleration, then standby (kind, index, stage, status, flag, citizens).
PLAIN_FOLLOW_UP = [
    ("stage", 0, "incubation", "", True, "6"),
    ("stage", 0, "acceleration", "", True, "6"),
    ("trial", 0, "", "", True, "6"),
    ("owner", 0, "", "", True, "6"),
    ("business", 0, "", "", True, "6"),
    ("stage", 0, "acceleration", "", True, "6"),
    ("status", 0, "", "standby", True, "6"),
]


# How far the examples got (printed at the end of the messy-event test).
REACHED: dict[str, int] = {}


class FollowUpRules:
    """Rules and invariants mixed into the MessyEvent machine (which provides ``request``,
    ``published``, ``violation``, ``event_id``, ``orgs`` and ``milestone``)."""

    def prototypes(self) -> list[Prototype]:
        return list(db.session.scalars(select(Prototype).where(
            Prototype.event_id == self.event_id).order_by(Prototype.id)))

    def facilitator_moves_a_prototype(self, index, stage, with_reason, stale):
        prototypes = self.prototypes()
        if not prototypes:
            return
        prototype = prototypes[index % len(prototypes)]
        response = self.request("fac", "POST", f"/prototypes/{prototype.id}/stage", data={
            "version": str(prototype.version - (1 if stale else 0)), "stage": stage,
            "reason": "Styregruppen besluttede det" if with_reason else ""})
        name = f"prototype stage {'moved' if response.status_code == 302 else 'refused'}"
        REACHED[name] = REACHED.get(name, 0) + 1

    def facilitator_sets_a_prototype_status(self, index, status, complete):
        prototypes = self.prototypes()
        if not prototypes:
            return
        prototype = prototypes[index % len(prototypes)]
        restart = (utcnow() + timedelta(days=60)).date().isoformat()
        region = str(self.orgs["region"].id)
        response = self.request("fac", "POST", f"/prototypes/{prototype.id}/status", data={
            "version": str(prototype.version), "status": status,
            "reason": "Kommunen omprioriterer" if complete else "",
            "restart_expected_on": restart if complete else "",
            "operation_owner": region if complete else "",
            "spread_to": [region] if complete else []})
        name = f"prototype status {'set' if response.status_code == 302 else 'refused'}"
        REACHED[name] = REACHED.get(name, 0) + 1

    def the_prototype_gathers_what_acceleration_needs(self, index, what, citizens):
        prototypes = self.prototypes()
        if not prototypes:
            return
        prototype = prototypes[index % len(prototypes)]
        base = f"/prototypes/{prototype.id}"
        yesterday = (utcnow() - timedelta(days=1)).date().isoformat()
        if what == "trial":
            self.request("fac", "POST", f"{base}/trial-actions/new", data={
                "version": "0", "status": "done", "what": "Fælles opstartsmøde",
                "citizen_count": citizens, "done_on": yesterday})
        elif what == "owner":
            self.request("fac", "POST", f"{base}/settings", data={
                "version": str(prototype.version),
                "operation_owner": str(self.orgs["kommune"].id)})
        else:
            self.request("fac", "POST", f"{base}/business-case/new", data={
                "organisation": str(self.orgs["kommune"].id), "year": "2027",
                "cost": "100000", "saving": citizens or "0"})

    @precondition(lambda self: self.published())
    @rule(steps=st.lists(st.tuples(
        st.sampled_from(["stage", "status", "trial", "owner", "business"]), st.integers(0, 3),
        st.sampled_from(["discovery", "incubation", "acceleration"]),
        st.sampled_from(["in_progress", "standby", "stopped", "in_operation", "spread"]),
        st.booleans(), st.sampled_from(["0", "6", "-1", ""])), min_size=1, max_size=8))
    def the_follow_up_goes_on(self, steps):
        """A stretch of follow-up: stage and status decisions (some without a reason, some
        stale), and the trial actions, operation owner and business case Acceleration
        needs (some with bad numbers)."""
        for kind, index, stage, status, flag, citizens in steps:
            if kind == "stage":
                self.facilitator_moves_a_prototype(index, stage, with_reason=flag,
                                                   stale=not flag and citizens == "")
            elif kind == "status":
                self.facilitator_sets_a_prototype_status(index, status, complete=flag)
            else:
                self.the_prototype_gathers_what_acceleration_needs(index, kind, citizens)

    @invariant()
    def prototype_changes_are_recorded_decisions(self):
        if not self.published():
            return
        for prototype in self.prototypes():
            db.session.refresh(prototype)
            changes = [c for c in prototype.changes if c.kind in ("stage", "status")]
            audited = [(e.details["change"], e.details["old"], e.details["new"],
                        e.details["reason"]) for e in db.session.scalars(
                select(AuditEntry).where(AuditEntry.event_id == self.event_id,
                                         AuditEntry.action == "prototype",
                                         AuditEntry.proposal_id == prototype.proposal_id)
                .order_by(AuditEntry.id))
                if e.details["change"] in ("stage", "status")]
            recorded = [(c.kind, c.old, c.new, c.reason) for c in changes]
            if audited != recorded:
                self.violation("prototype_changes_recorded",
                               f"{prototype.title}: changes {recorded} != audit {audited}")
            stages = [c.new for c in changes if c.kind == "stage"]
            statuses = [c.new for c in changes if c.kind == "status"]
            if prototype.stage.value != (stages[-1] if stages else "discovery") or \
                    prototype.status.value != (statuses[-1] if statuses else "in_progress"):
                self.violation("prototype_changes_recorded",
                               f"{prototype.title} is {prototype.stage}/{prototype.status}, "
                               f"its changes say {stages} {statuses}")
            if any(not c.reason.strip() for c in changes if not c.details.get("amendment")):
                self.violation("prototype_changes_recorded",
                               f"{prototype.title}: a change without a reason")
            if prototype.stage.value == "acceleration" and acceleration_missing(prototype):
                self.violation("prototype_changes_recorded",
                               f"{prototype.title} is at Acceleration without "
                               f"{acceleration_missing(prototype)}")

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
