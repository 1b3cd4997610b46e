"""Every live-event route, for every role: allowed and denied."""

from __future__ import annotations

import pytest

from hackathon.enums import Phase
from hackathon.extensions import db
from hackathon.live import services
from tests.conftest import ROLES

ALLOWED, DENIED, LOGIN, NOT_FOUND = "allowed", "denied", "login", "not_found"


def expect(allowed: set[str], anonymous: str = LOGIN, others: str = DENIED) -> dict[str, str]:
    """Expected outcome per role."""
    return {
        role: ALLOWED if role in allowed else anonymous if role == "anonymous" else others
        for role in ROLES
    }


FACILITATOR_ONLY = expect({"facilitator"})
# What only scripts fetch answers a signed-out browser with 401 JSON, never the sign-in page.
FACILITATOR_ONLY_FETCH = expect({"facilitator"}, anonymous="signed_out")
EVERYONE = expect(set(ROLES))
NOBODY = expect(set(), anonymous=NOT_FOUND, others=NOT_FOUND)

ROUTES = [
    ("GET", "/live", {}, FACILITATOR_ONLY),
    ("GET", "/live/panel", {}, FACILITATOR_ONLY_FETCH),
    ("POST", "/live/announcements", {"message": "15 minutter tilbage"}, FACILITATOR_ONLY),
    ("POST", "/live/announcements/{announcement}/withdraw", {}, FACILITATOR_ONLY),
    ("GET", "/live/projector", {}, FACILITATOR_ONLY),
    ("GET", "/live/projector/data", {}, FACILITATOR_ONLY_FETCH),
    ("GET", "/live/projector?token={token}", {}, EVERYONE),
    ("GET", "/live/projector/data?token={token}", {}, EVERYONE),
    ("GET", "/live/projector?token=wrong-{token}", {}, NOBODY),
    ("GET", "/live/projector/data?token=wrong", {}, NOBODY),
    ("POST", "/live/projector/token", {}, FACILITATOR_ONLY),
    ("POST", "/live/projector/token/revoke", {}, FACILITATOR_ONLY),
    ("POST", "/live/reveal", {"on": "y"}, FACILITATOR_ONLY),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "data", "expected"), ROUTES,
                         ids=lambda v: str(v)[:45])
def test_live_route_permissions(as_role, make_event, role, method, path, data, expected):
    event = make_event(phase=Phase.DECISION)
    token = services.rotate_projector_token(event=event)
    announcement = services.post_announcement(event=event, author=event.test_facilitator,
                                              message="Frokost kl. 12")
    db.session.commit()
    client = as_role(role, event)
    url = f"/events/{event.id}" + path.format(token=token, announcement=announcement.id)
    response = client.open(url, method=method, data=data)
    outcome = expected[role]
    if outcome == ALLOWED:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/login" not in response.headers["Location"]
    elif outcome == LOGIN:
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    elif outcome == "signed_out":
        assert response.status_code == 401
        assert response.json["status"] == "signed_out"
    elif outcome == NOT_FOUND:
        assert response.status_code == 404
    else:
        assert response.status_code == 403, response.status_code


def test_token_of_another_event_does_not_open_this_one(client, make_event):
    event = make_event()
    other = make_event()
    token = services.rotate_projector_token(event=other)
    db.session.commit()
    assert client.get(f"/events/{event.id}/live/projector?token={token}").status_code == 404
    assert client.get(f"/events/{other.id}/live/projector?token={token}").status_code == 200


def test_announcement_of_another_event_cannot_be_withdrawn(client, login, make_event):
    event = make_event()
    other = make_event()
    announcement = services.post_announcement(event=other, author=other.test_facilitator,
                                              message="Andet event")
    db.session.commit()
    login(client, event.test_facilitator)
    response = client.post(f"/events/{event.id}/live/announcements/{announcement.id}/withdraw")
    assert response.status_code == 404
    db.session.refresh(announcement)
    assert announcement.withdrawn_at is None


def test_unknown_event_is_404(client, login, make_event):
    event = make_event()
    login(client, event.test_facilitator)
    assert client.get("/events/999999/live").status_code == 404
    assert client.get("/events/999999/live/projector?token=x").status_code == 404
