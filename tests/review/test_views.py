"""Review routes: every role allowed or denied, independence rules, and bad input."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hackathon.enums import Phase, ProposalStatus, Role
from hackathon.extensions import db
from hackathon.models import Conflict, Review
from tests.conftest import sign_in

ROLES = ("anonymous", "participant", "reviewer", "conflicted_reviewer", "observer",
         "facilitator", "other_facilitator")
OK, DENIED, LOGIN = "ok", "denied", "login"
SCORES = {"c_feasibility": "4", "c_citizen_value": "5", "c_cross_sector_reach": "abstain"}


def expect(allowed):
    return {r: OK if r in allowed else LOGIN if r == "anonymous" else DENIED for r in ROLES}


FACILITATOR = {"facilitator"}
REVIEWERS = {"reviewer", "conflicted_reviewer"}
ROUTES = [
    ("GET", "/events/{e}/review/setup", expect(FACILITATOR)),
    ("POST", "/events/{e}/review/setup", expect(FACILITATOR)),
    ("GET", "/events/{e}/review", expect(FACILITATOR)),
    ("POST", "/events/{e}/review/assign", expect(FACILITATOR)),
    ("POST", "/events/{e}/review/reveal", expect(FACILITATOR)),
    ("POST", "/events/{e}/review/feedback", expect(FACILITATOR)),
    ("POST", "/events/{e}/review/conflicts/{c}/override", expect(FACILITATOR)),
    ("POST", "/events/{e}/review/close", expect(FACILITATOR)),
    ("GET", "/events/{e}/review/mine", expect(REVIEWERS)),
    # The proposal conflicted_reviewer has a conflict with: only the plain reviewer may score.
    ("GET", "/events/{e}/review/proposals/{p}", expect({"reviewer"})),
    ("POST", "/events/{e}/review/proposals/{p}", expect({"reviewer"})),
    ("POST", "/events/{e}/review/proposals/{p}/conflict", expect(REVIEWERS)),
]


def _client(app, as_role, round_, role):
    if role == "reviewer":
        client = app.test_client()
        sign_in(client, round_.reviewers[1])
        return client
    if role == "conflicted_reviewer":
        client = app.test_client()
        sign_in(client, round_.reviewers[0])
        return client
    return as_role(role, round_.event)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "expected"), ROUTES, ids=lambda v: str(v)[:50])
def test_review_route_permissions(app, as_role, make_round, role, method, path, expected):
    round_ = make_round()
    conflict = db.session.scalar(select(Conflict))
    client = _client(app, as_role, round_, role)
    url = path.format(e=round_.event.id, p=round_.proposals[0].id, c=conflict.id)
    data = {"reason": "r", "confirm_unfinished": "y", **SCORES, "action": "save",
            "visibility": "after_own", "assignment": "all", "reviewers_per_proposal": "3",
            "scoring_model_key": "kvalificering"}
    response = client.open(url, method=method, data=data)
    outcome = expected[role]
    if outcome == OK:
        assert response.status_code in (200, 302), response.status_code
    elif outcome == LOGIN:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403, response.status_code


def _reviewer(app, round_, index=1):
    client = app.test_client()
    sign_in(client, round_.reviewers[index])
    return client


def _score(client, round_, proposal, action="complete", **override):
    data = {**SCORES, "action": action, "comment_internal": "intern-note-7",
            "comment_team": "Feedback-til-teamet-42"}
    data.update(override)
    return client.post(f"/events/{round_.event.id}/review/proposals/{proposal.id}", data=data)


def test_scoring_form_shows_rubric_and_progress(app, make_round):
    round_ = make_round()
    html = _reviewer(app, round_).get(
        f"/events/{round_.event.id}/review/proposals/{round_.proposals[1].id}").get_data(True)
    assert "Gennemførlighed" in html and "Ved ikke / undlader" in html
    assert "af 3" in html and "Familiens Broer" in html


def test_score_outside_scale_or_not_a_number_saves_nothing(app, make_round):
    round_ = make_round()
    client = _reviewer(app, round_)
    for bad in ("7", "fire", "0"):
        response = _score(client, round_, round_.proposals[1], c_feasibility=bad)
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert "Intet blev gemt" in html
    assert db.session.scalar(select(func.count(Review.id))) == 0


def test_complete_with_unanswered_criterion_is_explained(app, make_round):
    round_ = make_round()
    response = _score(_reviewer(app, round_), round_, round_.proposals[1],
                      c_cross_sector_reach="")
    assert response.status_code == 422
    assert "Besvar dette kriterium" in response.get_data(as_text=True)


def test_save_unfinished_then_complete_and_next(app, make_round):
    round_ = make_round()
    client = _reviewer(app, round_)
    _score(client, round_, round_.proposals[1], action="save", c_citizen_value="")
    review = db.session.scalar(select(Review))
    assert review.status == "in_progress"
    response = _score(client, round_, round_.proposals[1], action="complete_next")
    db.session.refresh(review)
    assert review.complete and review.scores["cross_sector_reach"] is None
    assert f"/review/proposals/{round_.proposals[0].id}" in response.headers["Location"] or \
        f"/review/proposals/{round_.proposals[2].id}" in response.headers["Location"]


def test_double_submit_is_saved_once(app, make_round):
    round_ = make_round()
    client = _reviewer(app, round_)
    _score(client, round_, round_.proposals[1])
    _score(client, round_, round_.proposals[1])
    assert db.session.scalar(select(func.count(Review.id))) == 1


def test_scoring_withdrawn_proposal_is_409(app, make_round):
    round_ = make_round()
    round_.proposals[1].status = ProposalStatus.WITHDRAWN
    db.session.commit()
    response = _score(_reviewer(app, round_), round_, round_.proposals[1])
    assert response.status_code == 409
    assert "trukket tilbage" in response.get_data(as_text=True)


def test_scoring_after_close_is_409_and_read_only(app, make_round):
    round_ = make_round()
    round_.event.phase = Phase.DECISION
    db.session.commit()
    client = _reviewer(app, round_)
    response = _score(client, round_, round_.proposals[1])
    assert response.status_code == 409
    assert "lukket" in response.get_data(as_text=True)
    page = client.get(f"/events/{round_.event.id}/review/proposals/{round_.proposals[1].id}")
    assert page.status_code == 200 and "kan kun læses" in page.get_data(as_text=True)


def test_not_assigned_proposal_is_403(app, make_round):
    round_ = make_round(assignment="k")
    from hackathon.review.queries import assignment_pairs

    pairs = assignment_pairs(round_.event)
    reviewer = round_.reviewers[1]
    missing = next(p for p in round_.proposals if (p.id, reviewer.id) not in pairs)
    response = _score(_reviewer(app, round_), round_, missing)
    assert response.status_code == 403
    assert "ikke på din liste" in response.get_data(as_text=True)


@pytest.mark.parametrize("visibility", ["never", "after_own", "always"])
def test_visibility_rule_before_and_after_own_review(app, make_round, visibility):
    round_ = make_round()
    from hackathon.review.queries import round_of

    round_of(round_.event).visibility = visibility
    db.session.commit()
    other = _reviewer(app, round_, 2)
    _score(other, round_, round_.proposals[1], c_feasibility="2")
    me = _reviewer(app, round_, 1)
    url = f"/events/{round_.event.id}/review/proposals/{round_.proposals[1].id}"
    before = me.get(url).get_data(as_text=True)
    _score(me, round_, round_.proposals[1])
    after = me.get(url).get_data(as_text=True)
    shown_before, shown_after = "Bedømmer 1</th>" in before, "Bedømmer 1</th>" in after
    assert (shown_before, shown_after) == {
        "never": (False, False), "after_own": (False, True), "always": (True, True)}[visibility]


def test_facilitator_sees_progress_not_scores_until_revealed(app, make_round, login):
    round_ = make_round()
    _score(_reviewer(app, round_), round_, round_.proposals[1], c_feasibility="4")
    facilitator = app.test_client()
    login(facilitator, round_.event.test_facilitator)
    url = f"/events/{round_.event.id}/review"
    html = facilitator.get(url).get_data(as_text=True)
    assert "1 af 8 bedømmelser færdige" in html
    assert 'class="scores"' not in html
    facilitator.post(f"{url}/reveal", data={"on": "y"})
    html = facilitator.get(url).get_data(as_text=True)
    assert 'class="scores"' in html and "4 · 5 · ?" in html


def test_declare_conflict_needs_reason_and_removes_from_list(app, make_round):
    round_ = make_round()
    client = _reviewer(app, round_)
    url = f"/events/{round_.event.id}/review/proposals/{round_.proposals[1].id}/conflict"
    response = client.post(url, data={"reason": ""}, follow_redirects=True)
    assert "Giv en kort begrundelse" in response.get_data(as_text=True)
    client.post(url, data={"reason": "Tidligere kollega"})
    html = client.get(f"/events/{round_.event.id}/review/mine").get_data(as_text=True)
    assert f"/review/proposals/{round_.proposals[1].id}\"" not in html
    assert client.get(url.rsplit("/", 1)[0]).status_code == 403


def test_close_round_lists_unfinished_and_needs_confirmation(app, make_round, login):
    round_ = make_round()
    facilitator = app.test_client()
    login(facilitator, round_.event.test_facilitator)
    url = f"/events/{round_.event.id}/review"
    html = facilitator.get(url).get_data(as_text=True)
    assert "8 bedømmelser er ikke færdige" in html
    response = facilitator.post(f"{url}/close", follow_redirects=True)
    assert "Sæt flueben for at lukke runden alligevel" in response.get_data(as_text=True)
    facilitator.post(f"{url}/close", data={"confirm_unfinished": "y"})
    db.session.refresh(round_.event)
    assert round_.event.phase == Phase.DECISION


def test_setup_weights_validation(app, make_round, login):
    round_ = make_round(open=False)
    facilitator = app.test_client()
    login(facilitator, round_.event.test_facilitator)
    url = f"/events/{round_.event.id}/review/setup"
    data = {"scoring_model_key": "kvalificering", "visibility": "after_own",
            "assignment": "all", "reviewers_per_proposal": "3",
            "weight_feasibility": "-1", "weight_citizen_value": "to",
            "weight_cross_sector_reach": "1"}
    html = facilitator.post(url, data=data).get_data(as_text=True)
    assert "En vægt skal være over 0" in html and "Skriv et tal" in html
    assert 'value="to"' in html
    facilitator.post(url, data=data | {"weight_feasibility": "2", "weight_citizen_value": "1,5"})
    from hackathon.review.queries import round_of

    assert round_of(round_.event).weights == {"feasibility": 2.0, "citizen_value": 1.5,
                                              "cross_sector_reach": 1.0}


def test_team_sees_released_feedback_without_names(app, make_round, login):
    round_ = make_round()
    _score(_reviewer(app, round_), round_, round_.proposals[1])
    author = app.test_client()
    sign_in(author, round_.participant)
    url = f"/proposals/{round_.proposals[1].id}"
    assert "Feedback-til-teamet-42" not in author.get(url).get_data(as_text=True)
    facilitator = app.test_client()
    login(facilitator, round_.event.test_facilitator)
    facilitator.post(f"/events/{round_.event.id}/review/feedback", data={"on": "y"})
    html = author.get(url).get_data(as_text=True)
    assert "Feedback-til-teamet-42" in html
    assert "Bedømmer To" not in html and "intern-note-7" not in html


def test_reviewer_event_page_links_to_list(app, make_round):
    round_ = make_round()
    html = _reviewer(app, round_).get(f"/events/{round_.event.id}").get_data(as_text=True)
    assert "Gå til mine bedømmelser" in html


def test_reviewer_role_needed_for_participant(app, make_round, make_person):
    round_ = make_round()
    client = app.test_client()
    sign_in(client, make_person(round_.event, Role.PARTICIPANT))
    response = client.get(f"/events/{round_.event.id}/review/proposals/{round_.proposals[1].id}")
    assert response.status_code == 403
