"""Plain regression tests for what the messy-event state machine (test_messy_events.py)
found, each through HTTP (issue 11 items 1-4); each failed before its fix."""

from __future__ import annotations

from sqlalchemy import select

from hackathon.auth.tokens import invitation_token
from hackathon.enums import Phase, ProposalStatus
from hackathon.extensions import db
from hackathon.models import Decision, Invitation
from tests.conftest import sign_in
from tests.results.conftest import decision_event, decision_form  # noqa: F401  (fixture)
from tests.review.conftest import make_round  # noqa: F401  (fixture)
from tests.test_messy_events import results_rows


def _score(client, event, proposal, values, action="complete"):
    data = {f"c_{key}": str(value) for key, value in
            zip(("feasibility", "citizen_value", "cross_sector_reach"), values, strict=True)}
    return client.post(f"/events/{event.id}/review/proposals/{proposal.id}",
                       data=data | {"action": action})


def _client_of(app, person):
    client = app.test_client()
    sign_in(client, person)
    return client


def _close_round(facilitator, event):
    response = facilitator.post(f"/events/{event.id}/review/close",
                                data={"confirm_unfinished": "y"})
    assert response.status_code == 302
    db.session.refresh(event)
    assert event.phase == Phase.DECISION


def test_results_page_renders_when_a_criterion_has_a_single_reviewer(app, make_round):  # noqa: F811
    round_ = make_round()
    event = round_.event
    first, second = (_client_of(app, r) for r in round_.reviewers[1:])
    for proposal in round_.proposals:
        assert _score(first, event, proposal, (4, 4, 3)).status_code == 302
        assert _score(second, event, proposal, (3, 5, "abstain")).status_code == 302
    facilitator = _client_of(app, event.test_facilitator)
    _close_round(facilitator, event)
    response = facilitator.get(f"/events/{event.id}/results")
    assert response.status_code == 200
    assert len(results_rows(response.get_data(as_text=True))) == 3


def test_results_page_ranks_on_the_other_criteria_when_everyone_abstains_on_one(
    app, make_round  # noqa: F811
):
    round_ = make_round()
    event = round_.event
    reviewer = _client_of(app, round_.reviewers[1])
    for proposal, first in zip(round_.proposals, (5, 3, 1), strict=True):
        assert _score(reviewer, event, proposal, (first, 4, "abstain")).status_code == 302
    facilitator = _client_of(app, event.test_facilitator)
    _close_round(facilitator, event)
    response = facilitator.get(f"/events/{event.id}/results")
    assert response.status_code == 200
    ranks = results_rows(response.get_data(as_text=True))
    assert sorted(rank for rank, _total in ranks.values()) == [1, 2, 3]


def test_reviewer_accepting_after_the_round_opened_gets_assignments_at_once(app, make_round):  # noqa: F811
    round_ = make_round()  # assignment: every reviewer reviews every proposal
    event = round_.event
    facilitator = _client_of(app, event.test_facilitator)
    response = facilitator.post(f"/events/{event.id}/people", data={
        "role": "reviewer", "name": "Sen Bedømmer", "email": "sen@example.org"})
    assert response.status_code == 302
    invitation = db.session.scalar(select(Invitation).where(
        Invitation.email == "sen@example.org"))
    late = app.test_client()
    token = invitation_token(invitation)
    late.get(f"/invite/{token}")  # the token goes into the session; the form is at /invite
    # A new organisation, so that no organisation conflict hides the assignments.
    response = late.post("/invite", data={
        "name": "Sen Bedømmer", "new_organisation": "Professionshøjskolen Absalon",
        "new_organisation_sector": "knowledge_institution"})
    assert response.status_code == 302
    page = late.get(f"/events/{event.id}/review/mine")
    assert page.status_code == 200
    for proposal in round_.proposals:
        assert f"/review/proposals/{proposal.id}\"" in page.get_data(as_text=True)


def test_reviewer_who_joined_a_team_cannot_score_that_proposal(app, make_round):  # noqa: F811
    round_ = make_round(open=False)
    event = round_.event
    reviewer = _client_of(app, round_.reviewers[1])
    own = round_.proposals[1]
    reviewer.post("/join", data={"code": event.join_code})
    reviewer.post(f"/events/{event.id}/proposals/join", data={"code": own.team_code})
    facilitator = _client_of(app, event.test_facilitator)
    assert facilitator.post(f"/events/{event.id}/phase",
                            data={"to_phase": "qualification"}).status_code == 302
    db.session.refresh(own)
    if round_.reviewers[1].id not in {a.person_id for a in own.authors}:
        return  # refusing the reviewer a place on the team is a fix too
    assert reviewer.get(f"/events/{event.id}/review/proposals/{own.id}").status_code == 403
    assert _score(reviewer, event, own, (5, 5, 5)).status_code == 403
    mine = reviewer.get(f"/events/{event.id}/review/mine").get_data(as_text=True)
    assert f"/review/proposals/{own.id}\"" not in mine


def test_published_decision_and_ranking_do_not_change_when_a_team_withdraws(
    app, decision_event  # noqa: F811
):
    decided = decision_event()
    event = decided.event
    facilitator = _client_of(app, event.test_facilitator)
    owner = decided.proposals["God Start"].problem_owner_id
    owners = {"problem_owner": owner, "owner_org_0": owner, "owner_name_0": "Ane"}
    for title, outcome in (("God Start", "selected"), ("Familiens Broer", "selected"),
                           ("Børnene med", "waitlist")):
        proposal = decided.proposals[title]
        response = facilitator.post(
            f"/events/{event.id}/results/decisions/{proposal.id}",
            data=decision_form(0, outcome=outcome, **owners))
        assert response.status_code == 302, title
    assert facilitator.post(f"/events/{event.id}/results/decisions/publish",
                            data={}).status_code == 302
    before = results_rows(facilitator.get(f"/events/{event.id}/results").get_data(as_text=True))
    assert len(before) == 3
    selected = decided.proposals["God Start"]
    facilitator.post(f"/proposals/{selected.id}/reopen", data={"until": "2099-01-01T12:00"})
    author = _client_of(app, decided.participant)
    author.post(f"/proposals/{selected.id}/withdraw")
    db.session.refresh(selected)
    decision = db.session.scalar(select(Decision).where(Decision.proposal_id == selected.id))
    after = results_rows(facilitator.get(f"/events/{event.id}/results").get_data(as_text=True))
    # Either the withdrawal is refused, or it is recorded as an amendment; the published
    # ranking stays as it was published.
    assert selected.status == ProposalStatus.SUBMITTED or decision.amendments
    assert after == before



def test_author_invited_as_reviewer_is_not_assigned_their_own_proposal(
    app, make_round  # noqa: F811
):
    round_ = make_round(open=False)
    event = round_.event
    author = round_.participant
    author.email = "anne@example.org"
    db.session.commit()
    facilitator = _client_of(app, event.test_facilitator)
    assert facilitator.post(f"/events/{event.id}/people", data={
        "role": "reviewer", "name": "Anne", "email": "anne@example.org"}).status_code == 302
    invitation = db.session.scalar(select(Invitation).where(
        Invitation.email == "anne@example.org"))
    client = _client_of(app, author)
    client.post(f"/invite/{invitation_token(invitation)}", data={
        "name": "Anne", "organisation_id": str(author.organisation_id)})
    assert facilitator.post(f"/events/{event.id}/phase",
                            data={"to_phase": "qualification"}).status_code == 302
    own = round_.proposals[0]  # (her organisation is not on it: no organisation conflict)
    assert client.get(f"/events/{event.id}/review/proposals/{own.id}").status_code != 200
    assert _score(client, event, own, (5, 5, 5)).status_code in (403, 409)
