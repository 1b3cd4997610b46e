"""An event in the decision phase with scores, decisions (one amended) and published or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from hackathon.enums import Outcome, Phase, Sector
from hackathon.events.services import change_phase
from hackathon.extensions import db
from hackathon.models import Decision, DecisionAmendment, ProcessOwner, utcnow
from hackathon.review import queries, services
from tests.review import conftest as review_fixtures
from tests.review.conftest import Round

make_round = review_fixtures.make_round  # the qualification-round factory, reused

# (proposal index, reviewer index) -> scores; reviewer 0 has a conflict with proposal 0.
SCORES = {
    (0, 1): {"feasibility": 5, "citizen_value": 4, "cross_sector_reach": 4},
    (0, 2): {"feasibility": 3, "citizen_value": 4, "cross_sector_reach": 4},
    (1, 0): {"feasibility": 4, "citizen_value": 4, "cross_sector_reach": 3},
    (1, 1): {"feasibility": 3, "citizen_value": 5, "cross_sector_reach": 4},
    (1, 2): {"feasibility": 4, "citizen_value": 3, "cross_sector_reach": 4},
    (2, 0): {"feasibility": 2, "citizen_value": 2, "cross_sector_reach": 2},
    (2, 1): {"feasibility": 3, "citizen_value": 2, "cross_sector_reach": None},
    (2, 2): {"feasibility": 2, "citizen_value": 2, "cross_sector_reach": 3},
}


@dataclass
class Scored:
    """What ``make_scored`` made."""

    round: Round
    event: object
    proposals: list
    reviewers: list


@pytest.fixture
def make_scored(make_round, make_org):
    """Factory: an event in the decision phase; scored, decided and published on request."""

    def make(scored: bool = True, decided: bool = False, published: bool = False) -> Scored:
        round_ = make_round()
        event = round_.event
        if scored:
            model = queries.scoring_model(event)
            for (p, r), scores in SCORES.items():
                services.save_review(
                    event=event, proposal=round_.proposals[p], reviewer=round_.reviewers[r],
                    scores=scores, comment_internal="", comment_team="", complete=True,
                    model=model,
                )
            db.session.commit()
        change_phase(event=event, to_phase=Phase.DECISION, actor=event.test_facilitator,
                     confirm_back=False, confirmed=True)
        event.theme = "Udsatte familier"
        event.venue = "Sorø"
        db.session.commit()
        if decided:
            _decide(round_, make_org)
        if published:
            event.decision_published_at = utcnow()
            event.decision_published_by_id = event.test_facilitator.id
            db.session.commit()
        return Scored(round_, event, round_.proposals, round_.reviewers)

    return make


def _decide(round_: Round, make_org) -> None:
    """God Start selected (with owners, trial action and one amendment); the rest not."""
    event = round_.event
    region = make_org("Region Sjælland Psykiatri", Sector.REGION)
    good = Decision(
        event_id=event.id, proposal_id=round_.proposals[0].id, outcome=Outcome.SELECTED,
        rationale="Stærk borgerværdi og klare ejere.", problem_owner_id=round_.kommune.id,
        trial_action="Ti gravide familier i to måneder", trial_date=date(2027, 3, 1),
        decided_by_id=event.test_facilitator.id,
    )
    good.process_owners.append(ProcessOwner(organisation_id=round_.kommune.id,
                                            contact_name="Ane Jensen",
                                            contact_email="ane@slagelse.dk"))
    good.process_owners.append(ProcessOwner(organisation_id=region.id, contact_name="Bo Holm"))
    db.session.add(good)
    db.session.add(Decision(
        event_id=event.id, proposal_id=round_.proposals[1].id, outcome=Outcome.WAITLIST,
        rationale="God idé, mangler finansiering.",
    ))
    db.session.add(Decision(
        event_id=event.id, proposal_id=round_.proposals[2].id, outcome=Outcome.NOT_SELECTED,
        rationale="=HYPERLINK(\"http://evil.example\")",
    ))
    db.session.flush()
    good.amendments.append(DecisionAmendment(
        old={"outcome": "waitlist", "trial_date": "2027-02-01"},
        new={"outcome": "selected", "trial_date": "2027-03-01"},
        reason="Kommunen fandt ressourcer.", changed_by_id=event.test_facilitator.id,
    ))
    db.session.commit()


@pytest.fixture
def reviewer_names():
    """The reviewers' names in make_round: they must never appear in an export."""
    return ("Bedømmer Kommune", "Bedømmer To", "Bedømmer Tre")

