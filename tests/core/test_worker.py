"""The service worker's script and the page-owner header it relies on for privacy."""

from __future__ import annotations

from hackathon.serving.worker import OWNER_HEADER


def test_worker_script_is_served_from_the_root_uncached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"
    body = response.get_data(as_text=True)
    assert "X-Session-Owner" in body and "hackathon-pages-v1" in body


def test_pages_carry_an_empty_owner_when_signed_out(client):
    assert client.get("/").headers[OWNER_HEADER] == ""


def test_owner_names_the_session_not_the_person(app, make_event, make_person, login):
    event = make_event()
    person = make_person(event)
    first, second, third = app.test_client(), app.test_client(), app.test_client()
    login(first, person)
    login(second, person)
    login(third, make_person(event))
    owners = [c.get(f"/events/{event.id}").headers[OWNER_HEADER] for c in (first, second, third)]
    assert all(len(owner) == 20 for owner in owners)
    assert len(set(owners)) == 3  # a new sign-in, even of the same person, is a new owner
    assert first.get("/").headers[OWNER_HEADER] == owners[0]  # stable within a session


def test_json_answers_carry_no_owner(client):
    assert OWNER_HEADER not in client.get("/healthz").headers


def test_every_page_can_register_the_worker_and_show_the_offline_notice(client):
    html = client.get("/").get_data(as_text=True)
    assert 'data-service-worker="/sw.js"' in html
    assert 'id="offline-banner" role="status" hidden' in html
    assert "Ingen forbindelse." in html
