"""An event in the decision phase: 3 submitted proposals scored by 2 reviewers (the third
reviewer has a conflict with the first proposal and did not score it), quota 2."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from hackathon.enums import Phase
from hackathon.events.services import change_phase
from hackathon.extensions import db
from hackathon.models import Event, Person, Proposal
from hackathon.review import queries as review_queries
from hackathon.review import services as review_services
from tests.review.conftest import make_round  # noqa: F401  (a fixture this one builds on)

# Scores per proposal title and reviewer (feasibility, citizen value, cross-sector reach):
# "God Start" leads clearly, "Familiens Broer" and "Børnene med" are close.
SCORES = {
    "God Start": [(5, 5, 4), (4, 5, 5)],
    "Familiens Broer": [(3, 4, 5), (4, 3, 5)],
    "Børnene med": [(4, 4, 2), (4, 3, 3)],
}


@dataclass
class Decided:
    """What the ``decision_event`` fixture made."""

    event: Event
    proposals: dict[str, Proposal]
    reviewers: list[Person]
    participant: Person


def score_all(event: Event, proposals: list[Proposal], reviewers: list[Person]) -> None:
    """Complete reviews by reviewers[1] and reviewers[2] with the SCORES above."""
    model = review_queries.scoring_model(event)
    for proposal in proposals:
        for reviewer, values in zip(reviewers[1:], SCORES[proposal.title], strict=True):
            review_services.save_review(
                event=event, proposal=proposal, reviewer=reviewer,
                scores=dict(zip(model.criterion_keys, values, strict=True)),
                comment_internal="intern", comment_team="Til teamet: gør prøvehandlingen konkret",
                complete=True, model=model,
            )


@pytest.fixture
def decision_event(make_round):  # noqa: F811
    """Factory: the scored event, moved to the decision phase (or left in qualification)."""

    def make(phase: Phase = Phase.DECISION) -> Decided:
        round_ = make_round()
        score_all(round_.event, round_.proposals, round_.reviewers)
        db.session.commit()
        if phase == Phase.DECISION:
            change_phase(event=round_.event, to_phase=Phase.DECISION,
                         actor=round_.event.test_facilitator, confirm_back=False,
                         confirmed=True)
            db.session.commit()
        return Decided(round_.event, {p.title: p for p in round_.proposals},
                       round_.reviewers, round_.participant)

    return make


def decision_form(proposal_version: int = 0, **fields) -> dict[str, str]:
    """A complete 'selected' decision as the form posts it (override with ``fields``)."""
    data = {
        "version": str(proposal_version),
        "outcome": "selected",
        "rationale": "Stærkt borgerperspektiv",
        "justification": "",
        "merged_into": "",
        "problem_owner": "",
        "owner_org_0": "", "owner_name_0": "", "owner_email_0": "",
        "owner_org_1": "", "owner_name_1": "", "owner_email_1": "",
        "owner_org_2": "", "owner_name_2": "", "owner_email_2": "",
        "trial_action": "Ti familier tilbydes et fælles opstartsmøde",
        "trial_date": "2027-03-01",
        "reason": "",
    }
    data.update({k: str(v) for k, v in fields.items()})
    return data
