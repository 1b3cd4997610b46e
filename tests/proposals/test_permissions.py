"""Every proposal route for every role: anonymous, participant (not on the team), author,
reviewer, observer, the event's facilitator and a facilitator of another event."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackathon.enums import Phase
from hackathon.extensions import db
from hackathon.models import ProposalRevision
from tests.conftest import ROLES, sign_in

PROPOSAL_ROLES = (*ROLES, "author")
OK, DENIED, LOGIN = "ok", "denied", "login"


def expect(allowed: set[str]) -> dict[str, str]:
    """Expected outcome per role: allowed, 403, or (anonymous) the sign-in page."""
    return {
        role: OK if role in allowed else LOGIN if role == "anonymous" else DENIED
        for role in PROPOSAL_ROLES
    }


READERS = {"author", "facilitator"}
ROUTES = [
    ("POST", "/events/{event}/proposals/new", expect({"participant", "author"})),
    ("GET", "/events/{event}/proposals/join", expect({"participant", "author"})),
    ("POST", "/events/{event}/proposals/join", expect({"participant", "author"})),
    ("GET", "/events/{event}/proposals", expect({"facilitator"})),
    ("GET", "/events/{event}/proposals/export.csv", expect({"facilitator"})),
    ("GET", "/events/{event}/proposals/export.xlsx", expect({"facilitator"})),
    ("GET", "/proposals/{proposal}", expect(READERS)),
    ("GET", "/proposals/{proposal}/edit", expect(READERS)),  # facilitators are sent to read
    ("POST", "/proposals/{proposal}/edit", expect({"author"})),
    ("POST", "/proposals/{proposal}/autosave", expect({"author"})),
    ("POST", "/proposals/{proposal}/submit", expect({"author"})),
    ("POST", "/proposals/{proposal}/withdraw", expect({"author"})),
    ("POST", "/proposals/{proposal}/resume", expect({"author"})),
    ("POST", "/proposals/{proposal}/leave", expect({"author"})),
    ("POST", "/proposals/{proposal}/reopen", expect({"facilitator"})),
    ("GET", "/proposals/{proposal}/history", expect(READERS)),
    ("POST", "/proposals/{proposal}/revisions/{revision}/restore", expect({"facilitator"})),
]

DATA = {
    "/edit": {"version": "1", "summary": "x"},
    "/reopen": {"until": "2030-01-01T12:00"},
    "/proposals/join": {"code": "ZZZZZZ"},
    "/proposals/new": {"title": "Nyt forslag"},
}


@pytest.mark.parametrize("role", PROPOSAL_ROLES)
@pytest.mark.parametrize(("method", "path", "expected"), ROUTES, ids=lambda v: str(v)[:48])
def test_proposal_route_permissions(app, as_role, make_proposal, make_person, role, method,
                                    path, expected):
    proposal = make_proposal()
    event = proposal.test_event
    event.phase = Phase.SUBMISSION
    db.session.commit()
    if role == "author":
        client = app.test_client()
        sign_in(client, proposal.test_author)
    else:
        client = as_role(role, event)
    revision = db.session.scalar(select(ProposalRevision).limit(1))
    url = path.format(event=event.id, proposal=proposal.id, revision=revision.id)
    data = next((d for suffix, d in DATA.items() if url.endswith(suffix)), {})
    if url.endswith("/autosave"):
        response = client.post(url, json={"version": 1, "values": {"summary": "x"}})
    else:
        response = client.open(url, method=method, data=data)
    outcome = expected[role]
    if outcome == OK:
        assert response.status_code in (200, 302, 409), response.status_code
        if response.status_code == 302:
            assert "/login" not in response.headers["Location"]
    elif outcome == LOGIN:
        assert response.status_code in (302, 401)
        if response.status_code == 302:
            assert "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403, response.status_code
