"""Secrets in link URLs: exchanged for the session on first use, and never in our own logs."""

from __future__ import annotations

import logging
import threading
import urllib.request

import pytest
from werkzeug.serving import make_server

from hackathon.auth.redaction import REDACTED, REQUEST_LOGGERS, redact
from hackathon.auth.tokens import invitation_token, reentry_token
from hackathon.enums import Role
from hackathon.events.services import create_invitation
from hackathon.extensions import db
from hackathon.live.services import rotate_projector_token


@pytest.fixture
def request_loggers_enabled(monkeypatch):
    """Alembic's logging set-up (run by the migrations fixture) disables existing loggers."""
    for name in REQUEST_LOGGERS:
        monkeypatch.setattr(logging.getLogger(name), "disabled", False)


def test_redact_replaces_path_and_query_secrets():
    line = (
        '"GET /enter/eyJwIjo.abc-DEF_1 HTTP/1.1" 302 - '
        '"GET /invite/eyJpIjo.xyz HTTP/1.1" '
        '"GET /events/3/live/projector/data?token=s3cr3t&x=1 HTTP/1.1" '
        '"GET /join?code=K7QMTXA4 HTTP/1.1"'
    )
    cleaned = redact(line)
    for secret in ("eyJwIjo.abc-DEF_1", "eyJpIjo.xyz", "s3cr3t", "K7QMTXA4"):
        assert secret not in cleaned
    assert "/enter/[redacted]" in cleaned
    assert "token=[redacted]&x=1" in cleaned
    # Clean addresses and other query values stay readable in the log.
    assert redact('"GET /enter HTTP/1.1" 200') == '"GET /enter HTTP/1.1" 200'
    assert redact("/events/3/proposals?page=2") == "/events/3/proposals?page=2"
    # gunicorn's %(q)s atom writes the query string without its "?".
    assert redact("token=s3cr3t") == f"token={REDACTED}"
    assert redact("GET /join code=K7QM") == f"GET /join code={REDACTED}"


def test_gunicorn_access_log_line_is_redacted(app, caplog, request_loggers_enabled):
    with caplog.at_level(logging.INFO, logger="gunicorn.access"):
        logging.getLogger("gunicorn.access").info(
            '%(h)s "%(r)s" %(s)s', {"h": "10.0.0.1", "r": "GET /invite/abc.def HTTP/1.1", "s": 302}
        )
    assert "abc.def" not in caplog.text
    assert f"/invite/{REDACTED}" in caplog.text


def test_development_server_log_never_prints_link_secrets(
    app, make_event, make_person, caplog, request_loggers_enabled
):
    event = make_event()
    person = make_person(event, Role.PARTICIPANT)
    invitation = create_invitation(
        event=event, role=Role.REVIEWER, name="Rev", email=None, organisation=None,
        created_by=event.test_facilitator, valid_days=14,
    )
    projector = rotate_projector_token(event=event)
    db.session.commit()
    with app.test_request_context():
        secrets = [reentry_token(person), invitation_token(invitation), projector]
    paths = [
        f"/enter/{secrets[0]}",
        f"/invite/{secrets[1]}",
        f"/events/{event.id}/live/projector/data?token={secrets[2]}",
    ]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            for path in paths:
                opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
                with opener.open(f"http://127.0.0.1:{server.server_port}{path}") as response:
                    assert response.status == 200  # followed to the clean page, or the JSON
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
    assert caplog.text.count(REDACTED) >= 3
    for secret in secrets:
        assert secret not in caplog.text


def test_personal_link_redirect_drops_the_token_from_the_address(app, make_event, make_person):
    event = make_event()
    person = make_person(event)
    with app.test_request_context():
        token = reentry_token(person)
    client = app.test_client()
    response = client.get(f"/enter/{token}", follow_redirects=True)
    assert response.request.path == "/enter"
    assert token not in response.get_data(as_text=True)


def test_clean_personal_link_page_without_a_link_is_a_clear_404(client):
    response = client.get("/enter")
    assert response.status_code == 404
    assert "ukendt eller ufuldstændigt" in response.get_data(as_text=True)


def test_reentry_link_revoked_between_opening_and_confirming_is_refused(
    app, make_event, make_person
):
    event = make_event()
    person = make_person(event)
    with app.test_request_context():
        token = reentry_token(person)
    client = app.test_client()
    client.get(f"/enter/{token}")
    person.revoke_logins()
    db.session.commit()
    response = client.post("/enter")
    assert response.status_code == 404
    assert client.get(f"/events/{event.id}").status_code == 302
