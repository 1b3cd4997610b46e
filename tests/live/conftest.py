"""Fixtures for the live event: a scored event ready for the reveal, and a way to grow an
event (people, proposals, reviewers) to check that query counts do not grow with it."""

from __future__ import annotations

import pytest

from hackathon.enums import Phase, Role, Sector
from hackathon.extensions import db
from hackathon.models import Assignment
from hackathon.proposals import services as proposal_services
from hackathon.review import queries as review_queries
from hackathon.review import services as review_services
from tests.proposals.conftest import complete_values, make_proposal  # noqa: F401  (fixtures)
from tests.review.conftest import make_round  # noqa: F401  (a fixture used here)

# Reviewer scores per proposal title: "Familiens Broer" best, then "God Start".
SCORES = {
    "Familiens Broer": {"feasibility": 5, "citizen_value": 5, "cross_sector_reach": 5},
    "God Start": {"feasibility": 4, "citizen_value": 4, "cross_sector_reach": 4},
    "Børnene med": {"feasibility": 1, "citizen_value": 2, "cross_sector_reach": 1},
}


def score_all(round_) -> None:
    """Every unconflicted reviewer completes every review with the scores above."""
    event = round_.event
    model = review_queries.scoring_model(event)
    conflicts = review_queries.active_conflict_pairs(event)
    for reviewer in round_.reviewers:
        for proposal in round_.proposals:
            if (proposal.id, reviewer.id) in conflicts:
                continue
            review_services.save_review(
                event=event, proposal=proposal, reviewer=reviewer,
                scores=SCORES[proposal.title], comment_internal="", comment_team="",
                complete=True, model=model,
            )
    db.session.commit()


@pytest.fixture
def scored_event(make_round):  # noqa: F811
    """An event in the decision phase, every review complete; quota 2."""
    round_ = make_round()
    score_all(round_)
    round_.event.phase = Phase.DECISION
    db.session.commit()
    return round_


@pytest.fixture
def grow(make_person, make_org):
    """``grow(event, n)``: add n participants (in n organisations), n draft proposals and, when
    the round is open, n reviewers assigned to every submitted proposal."""

    def add(event, n: int, reviewers: bool = False) -> None:
        for i in range(n):
            org = make_org(f"Grow org {event.id}-{i}-{n}", list(Sector)[i % len(Sector)])
            person = make_person(event, Role.PARTICIPANT, organisation=org)
            proposal_services.start_proposal(event=event, author=person, title=f"Extra {i}")
        if reviewers:
            submitted = review_queries.submitted_proposals(event)
            for _ in range(n):
                reviewer = make_person(event, Role.REVIEWER)  # an open round assigns at once
                assigned = review_queries.assignment_pairs(event)
                for proposal in submitted:
                    if (proposal.id, reviewer.id) not in assigned:
                        db.session.add(Assignment(event_id=event.id, proposal_id=proposal.id,
                                                  reviewer_id=reviewer.id))
        db.session.commit()

    return add
