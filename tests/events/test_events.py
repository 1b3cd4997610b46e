"""Creating and editing events, phases, join codes and invitations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from hackathon.enums import Phase, Role
from hackathon.extensions import db
from hackathon.models import Event, EventRole, Invitation, PhaseChange

EVENT_DATA = {
    "title": "Velfærdshackathon 2027",
    "theme": "Udsatte familier",
    "description": "En dag om tidlig hjælp.",
    "venue": "Roskilde",
    "starts_at": "2027-03-01T09:00",
    "ends_at": "2027-03-01T16:00",
    "submission_deadline": "2027-03-01T14:30",
    "review_deadline": "2027-03-08T12:00",
    "selection_quota": "2",
    "scoring_model_key": "kvalificering",
}


def _facilitator_client(app, event, login):
    client = app.test_client()
    login(client, event.test_facilitator)
    return client


def test_facilitator_creates_event_and_becomes_its_facilitator(app, make_event, login):
    client = _facilitator_client(app, make_event(), login)
    response = client.post("/events/new", data=EVENT_DATA)
    assert response.status_code == 302
    event = db.session.scalar(select(Event).where(Event.title == "Velfærdshackathon 2027"))
    assert event.phase == Phase.SETUP
    assert len(event.join_code) == 10
    # Typed in Danish time (CET in March), stored in UTC.
    assert event.starts_at == datetime(2027, 3, 1, 8, 0)
    roles = db.session.scalars(select(EventRole.role).where(EventRole.event_id == event.id))
    assert list(roles) == [Role.FACILITATOR]


def test_event_form_errors_in_danish_and_nothing_saved(app, make_event, login):
    client = _facilitator_client(app, make_event(), login)
    data = EVENT_DATA | {
        "title": "",
        "ends_at": "2027-02-28T09:00",
        "selection_quota": "0",
        "review_deadline": "2027-03-01T10:00",
    }
    response = client.post("/events/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Dette felt er påkrævet." in html
    assert "Slutningen skal ligge efter starten." in html
    assert "Vælg et tal fra 1 til 100." in html
    assert "Fristen for bedømmelse skal ligge efter fristen for indsendelse." in html
    assert 'value="Udsatte familier"' in html  # what was typed is kept
    assert db.session.scalar(select(Event).where(Event.theme == "Udsatte familier")) is None


def test_unknown_scoring_model_is_refused(app, make_event, login):
    client = _facilitator_client(app, make_event(), login)
    response = client.post("/events/new", data=EVENT_DATA | {"scoring_model_key": "nope"})
    assert response.status_code == 200
    assert "Ikke et gyldigt valg" in response.get_data(as_text=True)


def test_edit_event_shows_local_times(app, make_event, login):
    event = make_event(starts_at=datetime(2027, 6, 1, 7, 0))  # 09:00 in Copenhagen (CEST)
    client = _facilitator_client(app, event, login)
    html = client.get(f"/events/{event.id}/edit").get_data(as_text=True)
    assert 'value="2027-06-01T09:00"' in html


def test_edit_event_saves(app, make_event, login):
    event = make_event()
    client = _facilitator_client(app, event, login)
    client.post(f"/events/{event.id}/edit", data=EVENT_DATA | {"selection_quota": "5"})
    db.session.refresh(event)
    assert event.selection_quota == 5
    assert event.title == "Velfærdshackathon 2027"


def test_phase_forward_is_recorded(app, make_event, login):
    event = make_event(phase=Phase.SETUP)
    client = _facilitator_client(app, event, login)
    response = client.post(f"/events/{event.id}/phase", data={"to_phase": "submission"})
    assert response.status_code == 302
    db.session.refresh(event)
    assert event.phase == Phase.SUBMISSION
    change = db.session.scalar(select(PhaseChange).where(PhaseChange.event_id == event.id))
    assert (change.from_phase, change.to_phase) == (Phase.SETUP, Phase.SUBMISSION)
    assert change.changed_by_id == event.test_facilitator.id
    assert change.changed_at is not None


def test_phase_back_needs_confirmation(app, make_event, login):
    event = make_event(phase=Phase.QUALIFICATION)
    client = _facilitator_client(app, event, login)
    response = client.post(
        f"/events/{event.id}/phase", data={"to_phase": "submission"}, follow_redirects=True
    )
    assert "Sæt flueben for at bekræfte" in response.get_data(as_text=True)
    db.session.refresh(event)
    assert event.phase == Phase.QUALIFICATION
    client.post(f"/events/{event.id}/phase", data={"to_phase": "submission", "confirm_back": "y"})
    db.session.refresh(event)
    assert event.phase == Phase.SUBMISSION


def test_phase_cannot_skip(app, make_event, login):
    event = make_event(phase=Phase.SETUP)
    client = _facilitator_client(app, event, login)
    response = client.post(
        f"/events/{event.id}/phase", data={"to_phase": "decision"}, follow_redirects=True
    )
    assert "én fase ad gangen" in response.get_data(as_text=True)
    db.session.refresh(event)
    assert event.phase == Phase.SETUP


def test_unknown_phase_is_a_clear_400(app, make_event, login):
    event = make_event()
    client = _facilitator_client(app, event, login)
    response = client.post(f"/events/{event.id}/phase", data={"to_phase": "party"})
    assert response.status_code == 400
    assert "kunne ikke læses" in response.get_data(as_text=True)


def test_archived_event_cannot_be_edited(app, make_event, login):
    event = make_event(phase=Phase.ARCHIVED)
    client = _facilitator_client(app, event, login)
    assert client.get(f"/events/{event.id}/edit").status_code == 409


def test_new_join_code_replaces_old(app, make_event, login):
    event = make_event()
    old = event.join_code
    client = _facilitator_client(app, event, login)
    client.post(f"/events/{event.id}/join-code")
    db.session.refresh(event)
    assert event.join_code != old
    joiner = app.test_client()
    assert "ingen arrangementer" in joiner.post("/join", data={"code": old}).get_data(True)


def test_invitation_created_with_link(app, make_event, login):
    event = make_event()
    client = _facilitator_client(app, event, login)
    response = client.post(
        f"/events/{event.id}/people",
        data={"role": "reviewer", "name": "Jens Bedømmer", "email": ""},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Jens Bedømmer" in html
    assert "/invite/" in html
    invitation = db.session.scalar(select(Invitation).where(Invitation.event_id == event.id))
    assert invitation.role == Role.REVIEWER and invitation.is_open


def test_facilitator_invitation_needs_email(app, make_event, login):
    event = make_event()
    client = _facilitator_client(app, event, login)
    response = client.post(
        f"/events/{event.id}/people", data={"role": "facilitator", "name": "Ny Facilitator"}
    )
    assert "En facilitator skal have en e-mailadresse." in response.get_data(as_text=True)
    assert db.session.scalar(select(Invitation)) is None


def test_revoke_invitation_of_other_event_is_404(app, make_event, login):
    event, other = make_event(), make_event()
    client = _facilitator_client(app, other, login)
    client.post(f"/events/{other.id}/people", data={"role": "reviewer", "name": "X"})
    invitation = db.session.scalar(select(Invitation).where(Invitation.event_id == other.id))
    mine = _facilitator_client(app, event, login)
    response = mine.post(f"/events/{event.id}/invitations/{invitation.id}/revoke")
    assert response.status_code == 404
    db.session.refresh(invitation)
    assert invitation.revoked_at is None


def test_people_page_query_count_is_bounded(app, make_event, make_person, make_org, login):
    from tests.conftest import count_queries

    event = make_event()
    for i in range(15):
        make_person(event, organisation=make_org(f"Org {i}"))
    client = _facilitator_client(app, event, login)
    with count_queries() as statements:
        assert client.get(f"/events/{event.id}/people").status_code == 200
    assert len(statements) <= 10
