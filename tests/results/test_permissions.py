"""Results, what-if, decision, outbox and log routes: every role, allowed and denied."""

from __future__ import annotations

import pytest

from hackathon.enums import Phase
from hackathon.extensions import db
from tests.conftest import sign_in
from tests.results.conftest import decision_form

ROLES = ("anonymous", "participant", "reviewer", "observer", "facilitator", "other_facilitator",
         "reviewer_released", "observer_released")
OK, DENIED, LOGIN = "ok", "denied", "login"


def expect(allowed, anonymous=LOGIN):
    return {r: OK if r in allowed else anonymous if r == "anonymous" else DENIED for r in ROLES}


FACILITATOR = {"facilitator"}
ROUTES = [
    ("GET", "/events/{e}/results", expect({"facilitator", "reviewer_released",
                                           "observer_released"})),
    ("POST", "/events/{e}/results/release", expect(FACILITATOR)),
    ("GET", "/events/{e}/results/what-if", expect(FACILITATOR)),
    # A script's request: signed out, it gets 401 JSON, never the sign-in page.
    ("GET", "/events/{e}/results/what-if?format=json",
     expect(FACILITATOR, anonymous="signed_out")),
    ("POST", "/events/{e}/results/what-if/adopt", expect(FACILITATOR)),
    ("GET", "/events/{e}/results/decisions", expect(FACILITATOR)),
    ("GET", "/events/{e}/results/decisions/{p}", expect(FACILITATOR)),
    ("POST", "/events/{e}/results/decisions/{p}", expect(FACILITATOR)),
    ("POST", "/events/{e}/results/decisions/publish", expect(FACILITATOR)),
    ("GET", "/events/{e}/results/outbox", expect(FACILITATOR)),
    ("GET", "/events/{e}/audit", expect(FACILITATOR)),
]


def _client(app, as_role, decided, role):
    if role in ("reviewer", "reviewer_released"):
        client = app.test_client()
        sign_in(client, decided.reviewers[1])
        return client
    return as_role(role.removesuffix("_released"), decided.event)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "expected"), ROUTES, ids=lambda v: str(v)[:60])
def test_results_route_permissions(app, as_role, decision_event, role, method, path, expected):
    decided = decision_event()
    if role.endswith("_released"):
        decided.event.results_released = True
        db.session.commit()
    client = _client(app, as_role, decided, role)
    proposal = decided.proposals["God Start"]
    url = path.format(e=decided.event.id, p=proposal.id)
    data = decision_form(reason="r", on="y", method="wsm")
    response = client.open(url, method=method, data=data)
    outcome = expected[role]
    if outcome == OK:
        assert response.status_code in (200, 302), response.status_code
    elif outcome == LOGIN:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    elif outcome == "signed_out":
        assert response.status_code == 401 and response.json["status"] == "signed_out"
    else:
        assert response.status_code == 403, response.status_code


def test_participants_never_see_the_results_even_when_released(app, as_role, decision_event):
    decided = decision_event()
    decided.event.results_released = True
    db.session.commit()
    client = app.test_client()
    sign_in(client, decided.participant)
    assert client.get(f"/events/{decided.event.id}/results").status_code == 403


def test_facilitator_sees_a_hidden_notice_during_the_blind_round(app, as_role, decision_event):
    decided = decision_event(phase=Phase.QUALIFICATION)
    client = as_role("facilitator", decided.event)
    response = client.get(f"/events/{decided.event.id}/results")
    assert response.status_code == 200
    assert "God Start" not in response.get_data(as_text=True)
    assert client.get(f"/events/{decided.event.id}/results/what-if").status_code == 403


def test_results_during_the_round_once_scores_are_revealed(app, as_role, decision_event):
    from hackathon.review.services import set_revealed

    decided = decision_event(phase=Phase.QUALIFICATION)
    set_revealed(event=decided.event, revealed=True)
    db.session.commit()
    client = as_role("facilitator", decided.event)
    response = client.get(f"/events/{decided.event.id}/results")
    assert response.status_code == 200 and "God Start" in response.get_data(as_text=True)
    # Deciding waits for the decision phase.
    assert client.get(f"/events/{decided.event.id}/results/decisions").status_code == 403


def test_decision_of_a_proposal_from_another_event_is_404(
    app, as_role, decision_event, make_event, make_person
):
    from hackathon.proposals.services import start_proposal

    first = decision_event()
    other = make_event(phase=Phase.SUBMISSION, title="Andet event")
    foreign = start_proposal(event=other, author=make_person(other), title="Fremmed")
    db.session.commit()
    client = as_role("facilitator", first.event)
    assert client.get(
        f"/events/{first.event.id}/results/decisions/{foreign.id}").status_code == 404
