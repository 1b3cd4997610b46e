"""Opening and closing the round, conflicts, assignment, and saving reviews."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from hackathon.enums import Phase
from hackathon.events.services import PhaseError, change_phase
from hackathon.extensions import db
from hackathon.models import Assignment, Conflict, Review, ScoreChange
from hackathon.review import queries, services
from hackathon.scoring import ScoringModel

ALL_FIVE = {"feasibility": 5, "citizen_value": 4, "cross_sector_reach": 3}


def _save(round_, reviewer, proposal, scores, complete=True):
    model = queries.scoring_model(round_.event)
    review = services.save_review(event=round_.event, proposal=proposal, reviewer=reviewer,
                                  scores=scores, comment_internal="", comment_team="",
                                  complete=complete, model=model)
    db.session.commit()
    return review


def test_opening_freezes_model_with_adjusted_weights(make_round):
    round_ = make_round(open=False)
    services.update_settings(event=round_.event, visibility="after_own", assignment="all",
                             reviewers_per_proposal=3, reviewer_cap=None,
                             weights={"feasibility": 2, "citizen_value": 1,
                                      "cross_sector_reach": 1})
    db.session.commit()
    change_phase(event=round_.event, to_phase=Phase.QUALIFICATION,
                 actor=round_.event.test_facilitator, confirm_back=False)
    db.session.commit()
    model = ScoringModel.from_snapshot(round_.event.scoring_model_snapshot)
    assert model.normalised_weights()["feasibility"] == pytest.approx(0.5)
    # Settings after opening cannot change the frozen model.
    services.update_settings(event=round_.event, visibility="after_own", assignment="all",
                             reviewers_per_proposal=3, reviewer_cap=None,
                             scoring_model_key="kvalificering-udvidet",
                             weights={"feasibility": 9})
    assert round_.event.scoring_model_key == "kvalificering"
    assert queries.scoring_model(round_.event).normalised_weights()["feasibility"] == 0.5


def test_automatic_conflict_and_assign_all(make_round):
    round_ = make_round()
    conflicts = queries.conflicts_of(round_.event)
    assert [(c.proposal_id, c.reviewer_id, c.source) for c in conflicts] == [
        (round_.proposals[0].id, round_.reviewers[0].id, "organisation")]
    pairs = queries.assignment_pairs(round_.event)
    assert len(pairs) == 3 * 3 - 1
    assert (round_.proposals[0].id, round_.reviewers[0].id) not in pairs


def test_assign_k_balanced(make_round):
    round_ = make_round(assignment="k")
    pairs = queries.assignment_pairs(round_.event)
    assert Counter(p for p, _ in pairs) == {p.id: 2 for p in round_.proposals}
    loads = Counter(r for _, r in pairs)
    assert max(loads.values()) - min(loads.values()) <= 1
    assert (round_.proposals[0].id, round_.reviewers[0].id) not in pairs


def test_refresh_is_idempotent(make_round):
    round_ = make_round()
    assert services.refresh_assignments(event=round_.event) == 0
    assert db.session.scalar(select(func.count(Conflict.id))) == 1


def test_declare_and_override_conflict(make_round):
    round_ = make_round()
    reviewer, proposal = round_.reviewers[1], round_.proposals[1]
    services.declare_conflict(event=round_.event, proposal=proposal, reviewer=reviewer,
                              reason="Min søster er på holdet")
    db.session.commit()
    assert proposal.id not in [p.id for p, _ in queries.my_list(round_.event, reviewer)]
    conflict = db.session.scalar(select(Conflict).where(Conflict.source == "declared"))
    services.override_conflict(conflict=conflict, facilitator=round_.event.test_facilitator,
                               reason="Søsteren har forladt holdet")
    db.session.commit()
    assert proposal.id in [p.id for p, _ in queries.my_list(round_.event, reviewer)]
    assert conflict.override_reason == "Søsteren har forladt holdet"


def test_override_of_automatic_conflict_assigns(make_round):
    round_ = make_round()
    conflict = db.session.scalar(select(Conflict))
    services.override_conflict(conflict=conflict, facilitator=round_.event.test_facilitator,
                               reason="Arbejder i en anden forvaltning")
    db.session.commit()
    assert (conflict.proposal_id, conflict.reviewer_id) in queries.assignment_pairs(round_.event)


def test_save_review_history_and_idempotence(make_round):
    round_ = make_round()
    reviewer, proposal = round_.reviewers[1], round_.proposals[0]
    _save(round_, reviewer, proposal, {"feasibility": 3}, complete=False)
    review = _save(round_, reviewer, proposal, {"feasibility": 4, "citizen_value": None,
                                                "cross_sector_reach": 2})
    assert review.complete and review.scores == {"feasibility": 4, "citizen_value": None,
                                                 "cross_sector_reach": 2}
    again = _save(round_, reviewer, proposal, dict(review.scores))  # sent twice
    assert again.id == review.id
    assert db.session.scalar(select(func.count(Review.id))) == 1
    changes = db.session.scalars(select(ScoreChange).order_by(ScoreChange.id)).all()
    assert [(c.criterion, c.old, c.new) for c in changes] == [
        ("feasibility", {"answered": False, "value": None}, {"answered": True, "value": 3}),
        ("feasibility", {"answered": True, "value": 3}, {"answered": True, "value": 4}),
        ("citizen_value", {"answered": False, "value": None}, {"answered": True, "value": None}),
        ("cross_sector_reach", {"answered": False, "value": None},
         {"answered": True, "value": 2}),
    ]


def test_complete_needs_every_criterion(make_round):
    round_ = make_round()
    with pytest.raises(services.ReviewError):
        _save(round_, round_.reviewers[1], round_.proposals[0], {"feasibility": 3})


def test_closing_with_unfinished_reviews_needs_confirmation(make_round):
    round_ = make_round()
    with pytest.raises(PhaseError) as error:
        change_phase(event=round_.event, to_phase=Phase.DECISION,
                     actor=round_.event.test_facilitator, confirm_back=False)
    assert error.value.code == "unfinished_reviews"
    change_phase(event=round_.event, to_phase=Phase.DECISION,
                 actor=round_.event.test_facilitator, confirm_back=False, confirmed=True)
    assert round_.event.phase == Phase.DECISION


def test_complete_scores_exclude_conflicts_and_unfinished(make_round):
    round_ = make_round()
    _save(round_, round_.reviewers[1], round_.proposals[0], ALL_FIVE)
    _save(round_, round_.reviewers[2], round_.proposals[0], {"feasibility": 1}, complete=False)
    rows = queries.complete_scores(round_.event)
    assert sorted(rows) == sorted(
        (round_.proposals[0].id, round_.reviewers[1].id, k, v) for k, v in ALL_FIVE.items())
    assert db.session.scalar(select(func.count(Assignment.id))) == 8
