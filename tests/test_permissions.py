"""Every route, for every role: anonymous, participant, reviewer, observer, facilitator of this
event and facilitator of another event. Allowed requests succeed, denied ones get 403 (or the
sign-in page for anonymous visitors)."""

from __future__ import annotations

import pytest

from hackathon.enums import Phase, Role
from hackathon.events.services import create_invitation
from hackathon.extensions import db
from tests.conftest import ROLES

ALLOWED = "allowed"
DENIED = "denied"  # 403 when signed in
LOGIN = "login"  # anonymous: redirect to the sign-in page
NOT_FOUND = "not_found"

EVENT_MEMBERS = {"participant", "reviewer", "observer", "facilitator"}


def expect(allowed: set[str], anonymous: str = LOGIN, others: str = DENIED) -> dict[str, str]:
    """Expected outcome per role."""
    return {
        role: (ALLOWED if role in allowed else anonymous if role == "anonymous" else others)
        for role in ROLES
    }


ROUTES = [
    ("GET", "/", expect(set(ROLES))),
    ("GET", "/healthz", expect(set(ROLES))),
    ("GET", "/login", expect(set(ROLES))),
    ("GET", "/join", expect(set(ROLES))),
    ("GET", "/events/new", expect({"facilitator", "other_facilitator"})),
    ("POST", "/events/new", expect({"facilitator", "other_facilitator"})),
    ("GET", "/events/{event}", expect(EVENT_MEMBERS)),
    ("GET", "/events/{event}/edit", expect({"facilitator"})),
    ("POST", "/events/{event}/edit", expect({"facilitator"})),
    ("POST", "/events/{event}/phase", expect({"facilitator"})),
    ("POST", "/events/{event}/join-code", expect({"facilitator"})),
    ("GET", "/events/{event}/people", expect({"facilitator"})),
    ("POST", "/events/{event}/people", expect({"facilitator"})),
    ("POST", "/events/{event}/invitations/{invitation}/revoke", expect({"facilitator"})),
    # People with a password sign in with it; the personal link is for everyone else.
    (
        "GET",
        "/me/link",
        expect({"participant", "reviewer", "observer"}, others=NOT_FOUND),
    ),
    ("POST", "/me/link/reset", expect({"participant", "reviewer", "observer"}, others="bad")),
    ("POST", "/logout", expect(set(ROLES))),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "expected"), ROUTES, ids=lambda v: str(v)[:40])
def test_route_permissions(as_role, make_event, role, method, path, expected):
    event = make_event(phase=Phase.SUBMISSION)
    invitation = create_invitation(
        event=event,
        role=Role.REVIEWER,
        name="Invited Reviewer",
        email=None,
        organisation=None,
        created_by=event.test_facilitator,
        valid_days=14,
    )
    db.session.commit()
    client = as_role(role, event)
    url = path.format(event=event.id, invitation=invitation.id)
    data = {"to_phase": "qualification"} if url.endswith("/phase") else {}
    response = client.open(url, method=method, data=data)
    outcome = expected[role]
    if outcome == ALLOWED:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/login" not in response.headers["Location"]
    elif outcome == LOGIN:
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    elif outcome == NOT_FOUND:
        assert response.status_code == 404
    elif outcome == "bad":
        assert response.status_code == 400
    else:
        assert response.status_code == 403, response.status_code
