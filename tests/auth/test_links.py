"""Personal re-entry links, invitations and facilitator sign-in."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from hackathon.auth.tokens import invitation_token, reentry_token
from hackathon.enums import Role
from hackathon.events.services import create_invitation
from hackathon.extensions import db
from hackathon.models import EventRole, Person, utcnow
from hackathon.organisations.services import ensure_listed


def _invite(event, role=Role.REVIEWER, email=None, name="Karen Vestergaard"):
    invitation = create_invitation(
        event=event,
        role=role,
        name=name,
        email=email,
        organisation=None,
        created_by=event.test_facilitator,
        valid_days=14,
    )
    db.session.commit()
    return invitation


def test_reentry_link_signs_in_on_another_device(app, make_event, make_person):
    event = make_event()
    person = make_person(event)
    with app.test_request_context():
        token = reentry_token(person)
    other_device = app.test_client()
    first = other_device.get(f"/enter/{token}")
    # The token is exchanged for the session and the browser moves on to a clean address.
    assert first.status_code == 302
    assert first.headers["Location"] == "/enter"
    page = other_device.get("/enter")
    assert page.status_code == 200
    assert person.name in page.get_data(as_text=True)
    assert token not in page.get_data(as_text=True)
    assert other_device.post("/enter").status_code == 302
    assert other_device.get(f"/events/{event.id}").status_code == 200


def test_reset_link_revokes_old_links_and_sessions(app, make_event, make_person, login):
    event = make_event()
    person = make_person(event)
    with app.test_request_context():
        old_token = reentry_token(person)
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, person)
    login(phone, person)
    assert laptop.post("/me/link/reset").status_code == 302
    assert laptop.get(f"/events/{event.id}").status_code == 200  # signed in again
    assert phone.get(f"/events/{event.id}").status_code == 302  # old session ended
    assert app.test_client().get(f"/enter/{old_token}").status_code == 404


def test_tampered_reentry_link_is_refused(client):
    response = client.get("/enter/not-a-real-token")
    assert response.status_code == 404
    assert "Linket kan ikke bruges" in response.get_data(as_text=True)


def test_facilitator_cannot_use_a_personal_link(app, make_event):
    event = make_event()
    with app.test_request_context():
        token = reentry_token(event.test_facilitator)
    assert app.test_client().get(f"/enter/{token}").status_code == 404


def test_reviewer_accepts_invitation(app, client, make_event, make_org):
    event = make_event()
    org = make_org("Region Sjælland")
    ensure_listed(event=event, organisation=org, added_by=None)
    invitation = _invite(event)
    with app.test_request_context():
        token = invitation_token(invitation)
    first = client.get(f"/invite/{token}")
    assert first.headers["Location"] == "/invite"
    page = client.get("/invite")
    assert 'value="Karen Vestergaard"' in page.get_data(as_text=True)
    response = client.post(
        "/invite", data={"name": "Karen Vestergaard", "organisation_id": str(org.id)}
    )
    assert response.status_code == 302
    person = db.session.scalar(select(Person).where(Person.name == "Karen Vestergaard"))
    roles = set(db.session.scalars(select(EventRole.role).where(EventRole.person_id == person.id)))
    assert roles == {Role.REVIEWER}
    assert client.get(f"/events/{event.id}").status_code == 200
    # The link is personal and used now.
    again = app.test_client().get(f"/invite/{token}")
    assert again.status_code == 410
    assert "allerede taget imod" in again.get_data(as_text=True)


def test_expired_invitation_gets_clear_page(app, client, make_event):
    invitation = _invite(make_event())
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    with app.test_request_context():
        token = invitation_token(invitation)
    response = client.get(f"/invite/{token}")
    assert response.status_code == 410
    assert "udløbet" in response.get_data(as_text=True)


def test_revoked_invitation_gets_clear_page(app, client, make_event, login):
    event = make_event()
    invitation = _invite(event)
    with app.test_request_context():
        token = invitation_token(invitation)
    facilitator = app.test_client()
    login(facilitator, event.test_facilitator)
    facilitator.post(f"/events/{event.id}/invitations/{invitation.id}/revoke")
    response = client.get(f"/invite/{token}")
    assert response.status_code == 410
    assert "trukket tilbage" in response.get_data(as_text=True)


def test_unknown_invitation_gets_404_page(client):
    response = client.get("/invite/abc.def")
    assert response.status_code == 404
    assert "ukendt eller ufuldstændigt" in response.get_data(as_text=True)


def test_co_facilitator_invitation_requires_password(app, client, make_event, make_org):
    event = make_event()
    org = make_org()
    ensure_listed(event=event, organisation=org, added_by=None)
    invitation = _invite(event, role=Role.FACILITATOR, email="co@example.org", name="Co Fac")
    with app.test_request_context():
        token = invitation_token(invitation)
    client.get(f"/invite/{token}")
    short = client.post(
        "/invite",
        data={"name": "Co Fac", "organisation_id": str(org.id), "password": "kort"},
    )
    assert "Brug mindst 10 tegn." in short.get_data(as_text=True)
    client.post(
        "/invite",
        data={
            "name": "Co Fac",
            "organisation_id": str(org.id),
            "password": "a long enough secret",
            "password_again": "a long enough secret",
        },
    )
    person = db.session.scalar(select(Person).where(Person.email == "co@example.org"))
    assert person.is_facilitator_account
    assert person.check_password("a long enough secret")
    signed_out = app.test_client()
    response = signed_out.post(
        "/login", data={"email": "co@example.org", "password": "a long enough secret"}
    )
    assert response.status_code == 302
    assert signed_out.get(f"/events/{event.id}/edit").status_code == 200


def test_login_wrong_password(client, make_event):
    event = make_event()
    response = client.post(
        "/login", data={"email": event.test_facilitator.email, "password": "wrong password"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Forkert e-mail eller adgangskode." in html
    assert event.test_facilitator.email in html  # what was typed is kept


def test_login_is_throttled_after_repeated_failures(app, client, make_event):
    app.config["LOGIN_FAILURES_PER_ADDRESS"] = "3 per 10 minutes"
    event = make_event()
    data = {"email": event.test_facilitator.email, "password": "wrong password"}
    for _ in range(3):
        client.post("/login", data=data)
    assert client.post("/login", data=data).status_code == 429


def test_login_next_only_follows_local_paths(client, make_event):
    event = make_event()
    data = {"email": event.test_facilitator.email, "password": "correct horse battery"}
    response = client.post("/login?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post(f"/login?next=/events/{event.id}", data=data)
    assert response.headers["Location"] == f"/events/{event.id}"
