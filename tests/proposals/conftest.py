"""Factories for proposal tests."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from hackathon.enums import Role, Sector
from hackathon.extensions import db
from hackathon.models import Event
from hackathon.organisations.services import ensure_listed
from hackathon.proposals import services


@pytest.fixture
def make_proposal(make_event, make_person):
    """Factory: a draft proposal with one author (``proposal.test_author``)."""

    def make(event=None, title="Familiens Broer", author=None):
        event = event or make_event()
        author = author or make_person(event, Role.PARTICIPANT)
        proposal = services.start_proposal(event=event, author=author, title=title)
        db.session.commit()
        proposal.test_author = author
        proposal.test_event = event  # keeps the factory's Event (and its test_facilitator) alive
        return proposal

    return make


@pytest.fixture
def complete_values(make_org):
    """Values for every required field, with two organisations of different sectors."""

    def make():
        kommune = make_org("Gladsaxe Kommune", Sector.MUNICIPALITY)
        praksis = make_org("Lægehuset Søborg", Sector.GENERAL_PRACTICE)
        # On every event's list so far, as each facilitator would have set it up.
        for event in db.session.scalars(select(Event)).all():
            for org in (kommune, praksis):
                ensure_listed(event=event, organisation=org, added_by=None)
        db.session.commit()
        return {
            "summary": "Bro mellem familierådgivning, almen praksis og psykiatri.",
            "target_group": "Familier med en psykisk syg forælder.",
            "problem": "Forældrene fortæller deres historie mange gange.",
            "problem_owner_id": str(kommune.id),
            "citizen_voice": "Seks forældre interviewet.",
            "evidence": "12 sager gennemgået.",
            "evidence_kind": "both",
            "idea": "Én fælles indgang.",
            "goals": "Tidlig hjælp\n- Fælles screening\n- Fast kontakt",
            "organisations": json.dumps(
                [
                    {"organisation_id": kommune.id, "process_owner": True, "contact": "Ane"},
                    {"organisation_id": praksis.id, "process_owner": False, "contact": ""},
                ]
            ),
            "trial_action_what": "Ti familier i to måneder.",
            "trial_action_where": "Gladsaxe",
            "trial_action_when": "2027-03-01",
            "value_citizens": "Mindre gentagelse.",
            "measurement": "Tid til første møde.",
        }

    return make
