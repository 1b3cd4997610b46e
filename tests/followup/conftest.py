"""Fixtures for the follow-up tests: a prototype started from a published decision."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hackathon.enums import Outcome, Phase, ProposalStatus, Role
from hackathon.extensions import db
from hackathon.followup.services import start_prototype
from hackathon.models import (
    Decision,
    Indicator,
    Measurement,
    ProcessOwner,
    Proposal,
    ProposalAuthor,
    utcnow,
)


@pytest.fixture
def make_prototype(make_event, make_org, make_person):
    """``make_prototype(event=None, title=..., owner=org)``: a selected proposal of an event in
    follow-up, its published decision and the prototype it started (committed). The
    proposal's author is ``prototype.test_author``, the event's facilitator
    ``prototype.test_facilitator``."""

    def make(event=None, title: str = "Familiens Broer", owner=None, contact_email: str = ""):
        event = event or make_event(phase=Phase.FOLLOW_UP)
        event.decision_published_at = event.decision_published_at or utcnow()
        owner = owner or make_org(f"Kommune {title}")
        author = make_person(event, Role.PARTICIPANT)
        proposal = Proposal(event_id=event.id, title=title, status=ProposalStatus.SUBMITTED,
                            problem_owner_id=owner.id,
                            goals=[{"goal": "Styrke samarbejdet", "activities": []}])
        db.session.add(proposal)
        db.session.flush()
        db.session.add(ProposalAuthor(proposal_id=proposal.id, person_id=author.id))
        decision = Decision(event_id=event.id, proposal_id=proposal.id,
                            outcome=Outcome.SELECTED, rationale="Bredest rækkevidde.",
                            problem_owner_id=owner.id, trial_action="Fire familier",
                            trial_date=date(2027, 2, 15))
        decision.process_owners.append(ProcessOwner(organisation_id=owner.id,
                                                    contact_name="Marianne Holst",
                                                    contact_email=contact_email))
        db.session.add(decision)
        db.session.flush()
        prototype = start_prototype(event=event, decision=decision,
                                    actor=event.test_facilitator)
        db.session.commit()
        prototype.test_author = author
        prototype.test_facilitator = event.test_facilitator
        prototype.test_event = event
        return prototype

    return make


def add_measurements(prototype, values: list[tuple[date, float]], baseline=90.0, target=30.0):
    """An indicator with these measurements (committed)."""
    indicator = Indicator(name="Dage til behandling", unit="dage", side="citizens",
                          baseline=baseline, target=target, higher_is_better=False)
    for day, value in values:
        indicator.measurements.append(Measurement(measured_on=day, value=value))
    prototype.indicators.append(indicator)
    db.session.commit()
    return indicator


NOW = datetime(2027, 6, 1, 8, 0)
