"""Signing out ends the session on the server: a cookie copied before "Log ud" stops working."""

from __future__ import annotations

from sqlalchemy import func, select

from hackathon.auth.tokens import reentry_token
from hackathon.enums import Role
from hackathon.extensions import db
from hackathon.models.person import LoginSession
from tests.conftest import sign_in

PASSWORD = "correct horse battery"


def _copy_cookie(source, target) -> None:
    """What a thief does with a session cookie: put it into another browser."""
    target.set_cookie("session", source.get_cookie("session").value)


def _sessions_of(person) -> int:
    return db.session.scalar(
        select(func.count()).select_from(LoginSession).where(LoginSession.person_id == person.id)
    )


def _facilitator_signed_in(app, event):
    client = app.test_client()
    response = client.post(
        "/login", data={"email": event.test_facilitator.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def test_copied_facilitator_cookie_stops_working_after_logout(app, make_event):
    event = make_event()
    laptop = _facilitator_signed_in(app, event)
    thief = app.test_client()
    _copy_cookie(laptop, thief)
    assert thief.get(f"/events/{event.id}/edit").status_code == 200  # the copy works ...
    laptop.post("/logout")
    response = thief.get(f"/events/{event.id}/edit")
    assert response.status_code == 302  # ... until the owner signs out
    assert "/login" in response.headers["Location"]
    assert _sessions_of(event.test_facilitator) == 0


def test_copied_participant_cookie_stops_working_after_logout(app, make_event, make_person):
    event = make_event()
    person = make_person(event, Role.PARTICIPANT)
    with app.test_request_context():
        token = reentry_token(person)
    phone = app.test_client()
    phone.get(f"/enter/{token}")
    phone.post("/enter")
    assert phone.get(f"/events/{event.id}").status_code == 200
    thief = app.test_client()
    _copy_cookie(phone, thief)
    phone.post("/logout")
    assert thief.get(f"/events/{event.id}").status_code == 302
    assert phone.get(f"/events/{event.id}").status_code == 302


def test_logout_on_one_device_keeps_the_others_signed_in(app, make_event):
    event = make_event()
    laptop = _facilitator_signed_in(app, event)
    tablet = _facilitator_signed_in(app, event)
    assert _sessions_of(event.test_facilitator) == 2
    laptop.post("/logout")
    assert laptop.get(f"/events/{event.id}/edit").status_code == 302
    assert tablet.get(f"/events/{event.id}/edit").status_code == 200


def test_sign_out_everywhere_ends_every_session_and_copy(app, make_event):
    event = make_event()
    laptop = _facilitator_signed_in(app, event)
    tablet = _facilitator_signed_in(app, event)
    thief = app.test_client()
    _copy_cookie(tablet, thief)
    page = laptop.get("/me/sessions")
    assert "Du er logget ind på 2 enheder eller browsere" in page.get_data(as_text=True)
    response = laptop.post("/logout/everywhere")
    assert response.status_code == 302
    for client in (laptop, tablet, thief):
        assert client.get(f"/events/{event.id}/edit").status_code == 302
    assert _sessions_of(event.test_facilitator) == 0
    # The password still works: signing out everywhere is not a lock-out.
    again = _facilitator_signed_in(app, event)
    assert again.get(f"/events/{event.id}/edit").status_code == 200


def test_session_cookie_without_server_record_is_anonymous(app, make_event):
    event = make_event()
    client = app.test_client()
    with client.session_transaction() as session:
        # A cookie signed with the right key but never issued by a sign-in (or issued before
        # login sessions were kept on the server).
        session["_user_id"] = event.test_facilitator.get_id()
        session["_fresh"] = True
    assert client.get(f"/events/{event.id}/edit").status_code == 302


def test_session_of_one_person_cannot_be_reused_for_another(app, make_event, make_person, login):
    event = make_event()
    participant = make_person(event, Role.PARTICIPANT)
    client = app.test_client()
    login(client, participant)
    with client.session_transaction() as session:
        session["_user_id"] = event.test_facilitator.get_id()  # swap the person, keep the key
    assert client.get(f"/events/{event.id}/edit").status_code == 302


def test_logout_everywhere_without_csrf_token_is_refused(csrf_app, make_event):
    event = make_event()
    signed_in = csrf_app.test_client()
    sign_in(signed_in, event.test_facilitator)
    assert signed_in.post("/logout/everywhere").status_code == 400
    assert _sessions_of(event.test_facilitator) == 1
    assert signed_in.get(f"/events/{event.id}/edit").status_code == 200


def test_logout_everywhere_sends_anonymous_visitor_to_sign_in(client):
    response = client.post("/logout/everywhere")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_my_link_reset_ends_other_sessions_but_keeps_this_one(app, make_event, make_person, login):
    event = make_event()
    person = make_person(event, Role.REVIEWER)
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, person)
    login(phone, person)
    laptop.post("/me/link/reset")
    assert _sessions_of(person) == 1
    assert laptop.get(f"/events/{event.id}").status_code == 200
    assert phone.get(f"/events/{event.id}").status_code == 302


def test_sign_out_everywhere_page_tells_each_kind_of_person_how_they_come_back(
    app, make_event, make_person
):
    event = make_event()
    participant = make_person(event, Role.PARTICIPANT)
    for person, expected, wrong in (
        (event.test_facilitator, "med din adgangskode", "personlige link"),
        (participant, "via dit personlige link", "adgangskode"),
    ):
        client = app.test_client()
        sign_in(client, person)
        page = client.get("/me/sessions").get_data(as_text=True)
        assert expected in page and wrong not in page
