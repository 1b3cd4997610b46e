"""An event whose qualification round is open: 3 submitted proposals, 3 reviewers, one of
whom works for an organisation taking part in the first proposal (an automatic conflict)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from hackathon.enums import Phase, Role, Sector
from hackathon.events.services import change_phase
from hackathon.extensions import db
from hackathon.models import Event, Organisation, Person, Proposal
from hackathon.organisations.services import ensure_listed
from hackathon.proposals import services as proposal_services
from hackathon.proposals.values import clean_values


@dataclass
class Round:
    """What the ``open_round`` fixture made."""

    event: Event
    proposals: list[Proposal]
    reviewers: list[Person]  # reviewers[0] has the automatic conflict with proposals[0]
    participant: Person
    kommune: Organisation


def _values(kommune: Organisation, praksis: Organisation) -> dict[str, str]:
    return {
        "summary": "Resumé", "target_group": "Familier", "problem": "Problem",
        "problem_owner_id": str(kommune.id), "citizen_voice": "Interview",
        "evidence": "Sager", "evidence_kind": "both", "idea": "Idé", "goals": "Mål\n- a",
        "organisations": json.dumps([
            {"organisation_id": kommune.id, "process_owner": True, "contact": "Ane"},
            {"organisation_id": praksis.id, "process_owner": False, "contact": ""},
        ]),
        "trial_action_what": "Test", "trial_action_where": "Her",
        "trial_action_when": "2027-03-01", "value_citizens": "Værdi", "measurement": "Tal",
    }


@pytest.fixture
def make_round(make_event, make_person, make_org):
    """Factory: an event with the round open (or still in submission with ``open=False``)."""

    def make(open: bool = True, assignment: str = "all") -> Round:
        event = make_event(phase=Phase.SUBMISSION)
        kommune = make_org("Slagelse Kommune", Sector.MUNICIPALITY)
        praksis = make_org("Lægehuset", Sector.GENERAL_PRACTICE)
        other = make_org("Region Sjælland", Sector.REGION)
        for org in (kommune, praksis, other):  # the event's list, as its facilitator set it up
            ensure_listed(event=event, organisation=org, added_by=None)
        participant = make_person(event, Role.PARTICIPANT, organisation=other)
        proposals = []
        for title in ("God Start", "Familiens Broer", "Børnene med"):
            proposal = proposal_services.start_proposal(event=event, author=participant,
                                                        title=title)
            clean, _ = clean_values(_values(kommune if title == "God Start" else other, praksis))
            if title != "God Start":
                clean["organisations"] = clean["organisations"].replace(
                    f'"organisation_id":{kommune.id}', f'"organisation_id":{other.id}')
            proposal_services.save_fields(proposal=proposal, author=participant,
                                          base_version=proposal.version, values=clean)
            proposal_services.submit(proposal=proposal, author=participant)
            proposals.append(proposal)
        reviewers = [
            make_person(event, Role.REVIEWER, name="Bedømmer Kommune", organisation=kommune),
            make_person(event, Role.REVIEWER, name="Bedømmer To"),
            make_person(event, Role.REVIEWER, name="Bedømmer Tre"),
        ]
        if assignment != "all":
            from hackathon.review.services import update_settings

            update_settings(event=event, visibility="after_own", assignment=assignment,
                            reviewers_per_proposal=2, reviewer_cap=None)
        db.session.commit()
        if open:
            change_phase(event=event, to_phase=Phase.QUALIFICATION,
                         actor=event.test_facilitator, confirm_back=False)
            db.session.commit()
        round_ = Round(event, proposals, reviewers, participant, kommune)
        return round_

    return make
