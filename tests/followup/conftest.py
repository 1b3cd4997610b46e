"""Fixtures for the follow-up tests.

``published``: a published decision: "God Start" and "Familiens Broer" selected (prototypes
started, each with its first trial action and a contact "Ane Jensen" of Slagelse Kommune),
"Børnene med" on the waiting list. ``Published.contact(title)`` is the contact's person after
using the link. ``make_prototype``: a prototype started from a published decision, built
directly. ``add_measurements``: an indicator with measurements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import pytest
from sqlalchemy import select

from hackathon.enums import Outcome, Phase, ProposalStatus, Role
from hackathon.extensions import db
from hackathon.followup import contacts as contact_services
from hackathon.followup.services import start_prototype
from hackathon.models import (
    Decision,
    Event,
    Indicator,
    Measurement,
    Organisation,
    Person,
    ProcessOwner,
    Proposal,
    ProposalAuthor,
    Prototype,
    utcnow,
)
from tests.conftest import sign_in
from tests.results.conftest import decision_event, decision_form  # noqa: F401
from tests.review.conftest import make_round  # noqa: F401


@dataclass
class Published:
    """What the ``published`` fixture made."""

    event: Event
    prototypes: dict[str, Prototype]
    participant: Person
    facilitator: Person
    kommune: Organisation
    contacts: dict[str, Person] = field(default_factory=dict)


def _stage(client, event, proposal, **fields):
    response = client.post(f"/events/{event.id}/results/decisions/{proposal.id}",
                           data=decision_form(0, **fields))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


@pytest.fixture
def published(app, decision_event):  # noqa: F811
    """Factory: the event with its decision published (through the pages)."""

    def make() -> Published:
        decided = decision_event()
        event = decided.event
        kommune = db.session.scalar(
            select(Organisation).where(Organisation.name == "Slagelse Kommune"))
        client = app.test_client()
        sign_in(client, event.test_facilitator)
        owners = {"problem_owner": kommune.id, "owner_org_0": kommune.id,
                  "owner_name_0": "Ane Jensen", "owner_email_0": "ane@example.org"}
        _stage(client, event, decided.proposals["God Start"], **owners)
        _stage(client, event, decided.proposals["Familiens Broer"], **owners)
        _stage(client, event, decided.proposals["Børnene med"], outcome="waitlist",
               rationale="Tæt på")
        response = client.post(f"/events/{event.id}/results/decisions/publish", data={})
        assert response.status_code == 302
        prototypes = {p.title: p for p in db.session.scalars(
            select(Prototype).where(Prototype.event_id == event.id))}
        result = Published(event, prototypes, decided.participant, event.test_facilitator,
                           kommune)
        for title, prototype in prototypes.items():
            result.contacts[title] = contact_services.claim(contact=prototype.contacts[0],
                                                            signed_in=None)
        db.session.commit()
        return result

    return make


def client_for(app, person: Person | None):
    """A test client signed in as ``person`` (anonymous for None)."""
    client = app.test_client()
    if person is not None:
        sign_in(client, person)
    return client


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
