"""What scripts call never answers with a redirect or an HTML page: signed out is 401 JSON, an
expired token is 401/403 JSON, a database error is 503 JSON (never "anonymous")."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event as sa_event
from sqlalchemy.exc import OperationalError

from hackathon.enums import Role
from hackathon.extensions import db
from hackathon.proposals import services
from tests.conftest import sign_in

SAVE = {"version": 0, "values": {"summary": "Tekst"}}


@contextmanager
def database_away():
    """Every statement fails as if the database server were gone."""

    def refuse(_conn, _cursor, statement, *_args):
        raise OperationalError(statement, {}, Exception("database away (test)"))

    sa_event.listen(db.engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", refuse)


def _proposal(make_event, make_person):
    event = make_event()
    author = make_person(event, Role.PARTICIPANT)
    proposal = services.start_proposal(event=event, author=author, title="Forslag")
    db.session.commit()
    return proposal, author


def test_autosave_signed_out_is_401_json_not_a_redirect(client, make_event, make_person):
    proposal, _author = _proposal(make_event, make_person)
    response = client.post(f"/proposals/{proposal.id}/autosave", json=SAVE)
    assert response.status_code == 401
    assert response.json["status"] == "signed_out"
    assert "logget ud" in response.json["message"]


def test_autosave_after_session_revoked_is_401_json(client, make_event, make_person):
    proposal, author = _proposal(make_event, make_person)
    sign_in(client, author)
    author.revoke_logins()
    db.session.commit()
    response = client.post(f"/proposals/{proposal.id}/autosave", json=SAVE)
    assert response.status_code == 401 and response.json["status"] == "signed_out"
    db.session.refresh(proposal)
    assert proposal.summary in (None, "")


def test_autosave_with_database_away_is_503_json_not_anonymous(client, make_event, make_person):
    proposal, author = _proposal(make_event, make_person)
    sign_in(client, author)
    url = f"/proposals/{proposal.id}/autosave"
    db.session.commit()
    with database_away():
        response = client.post(url, json=SAVE)
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    assert "Location" not in response.headers


def test_page_with_database_away_is_503_page_not_the_sign_in_page(client, make_event,
                                                                   make_person):
    proposal, author = _proposal(make_event, make_person)
    sign_in(client, author)
    url = f"/proposals/{proposal.id}/edit"
    db.session.commit()
    with database_away():
        response = client.get(url)
    assert response.status_code == 503
    assert "Midlertidigt utilgængelig" in response.get_data(as_text=True)


def test_expired_csrf_token_on_autosave_is_json(csrf_app, make_event, make_person):
    proposal, author = _proposal(make_event, make_person)
    client = csrf_app.test_client()
    # No session at all (the cookie is gone): signed out.
    response = client.post(f"/proposals/{proposal.id}/autosave", json=SAVE,
                           headers={"X-CSRFToken": "stale"})
    assert response.status_code == 401 and response.json["status"] == "signed_out"
    # Signed in, but the page's token belongs to an earlier session: renew and send again.
    sign_in(client, author)
    response = client.post(f"/proposals/{proposal.id}/autosave", json=SAVE,
                           headers={"X-CSRFToken": "stale"})
    assert response.status_code == 403 and response.json["status"] == "csrf"
    state = client.get("/session/state").json
    assert state["signed_in"] is True
    response = client.post(f"/proposals/{proposal.id}/autosave", json=SAVE,
                           headers={"X-CSRFToken": state["csrf_token"]})
    assert response.status_code == 200 and response.json["status"] == "saved"


def test_session_state_for_anonymous_and_signed_in(client, make_event, make_person):
    anonymous = client.get("/session/state")
    assert anonymous.status_code == 200 and anonymous.json["signed_in"] is False
    assert anonymous.headers["Cache-Control"] == "no-store"
    _proposal_, author = _proposal(make_event, make_person)
    sign_in(client, author)
    assert client.get("/session/state").json["signed_in"] is True


def test_pages_still_send_signed_out_people_to_the_sign_in_page(client, make_event,
                                                                 make_person):
    proposal, _author = _proposal(make_event, make_person)
    response = client.get(f"/proposals/{proposal.id}/edit")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
