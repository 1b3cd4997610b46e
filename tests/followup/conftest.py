"""A published decision: "God Start" and "Familiens Broer" selected (prototypes started, each
with its first trial action and a contact "Ane Jensen" of Slagelse Kommune), "Børnene med" on
the waiting list. ``Published.contact(title)`` is the contact's person after using the link."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from sqlalchemy import select

from hackathon.extensions import db
from hackathon.followup import contacts as contact_services
from hackathon.models import Event, Organisation, Person, Prototype
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
