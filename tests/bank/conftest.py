"""Factories for the bank's tests: submitted proposals with consent in events with a policy."""

from __future__ import annotations

import pytest

from hackathon.bank.index import refresh_entry
from hackathon.enums import Phase, Role, Sector
from hackathon.extensions import db
from hackathon.proposals import services as proposal_services


@pytest.fixture
def make_banked(make_event, make_person, make_org):
    """``make_banked(title, problem, policy=..., consent=True, event=None)`` -> a submitted
    proposal with its bank entry refreshed (committed)."""
    orgs = {}

    def make(title: str, problem: str = "", *, policy: str = "public", consent: bool = True,
             event=None, named: bool = False, idea: str = "", target_group: str = "",
             org_sector: Sector = Sector.MUNICIPALITY):
        if event is None:
            event = make_event(phase=Phase.SUBMISSION, title=f"Begivenhed om {title}")
            event.bank_policy = policy
        if org_sector not in orgs:
            orgs[org_sector] = make_org(f"Org {org_sector.value}", org_sector)
        author = make_person(event, Role.PARTICIPANT, organisation=orgs[org_sector])
        proposal = proposal_services.start_proposal(event=event, author=author, title=title)
        proposal.problem = problem
        proposal.idea = idea
        proposal.target_group = target_group
        proposal.problem_owner = orgs[org_sector]
        proposal.status = proposal.status.__class__("submitted")
        proposal.bank_consent = consent
        proposal.bank_named = named
        db.session.flush()
        refresh_entry(proposal)
        db.session.commit()
        proposal.test_facilitator = getattr(event, "test_facilitator", None)
        return proposal

    return make
