"""An invitation never signs its holder in as an existing person who has not proved who they are.

The attack from issue 12: a facilitator of event B invites the email of a password-less
reviewer of event A and opens the link themselves.
"""

from __future__ import annotations

from sqlalchemy import select

from hackathon.auth.tokens import invitation_token, reentry_token
from hackathon.enums import Role
from hackathon.events.services import create_invitation
from hackathon.extensions import db
from hackathon.models import EventRole, Invitation, Organisation, Person
from hackathon.organisations.services import ensure_listed

VICTIM_EMAIL = "reviewer@region.dk"


def _roles(person_id: int) -> set[tuple[int, Role]]:
    rows = db.session.execute(
        select(EventRole.event_id, EventRole.role).where(EventRole.person_id == person_id)
    )
    return {(event_id, role) for event_id, role in rows}


def _invite(app, event, role, email=VICTIM_EMAIL, name="Karen V"):
    invitation = create_invitation(
        event=event, role=role, name=name, email=email, organisation=None,
        created_by=event.test_facilitator, valid_days=14,
    )
    # Event B's list offers the region too (the attacker may pick any organisation it offers).
    for org in db.session.scalars(select(Organisation)).all():
        ensure_listed(event=event, organisation=org, added_by=None)
    db.session.commit()
    with app.test_request_context():
        return invitation, invitation_token(invitation)


def _victim(make_event, make_person, make_org):
    event_a = make_event(title="Event A")
    victim = make_person(event_a, Role.REVIEWER, email=VICTIM_EMAIL, name="Karen Victim",
                         organisation=make_org("Region Sjælland"))
    return event_a, victim


def _signed_in_person_id(client) -> int | None:
    with client.session_transaction() as session:
        user_id = session.get("_user_id")
    return int(user_id.partition(".")[0]) if user_id else None


def test_reviewer_invitation_for_taken_email_does_not_sign_in_as_its_owner(
    app, make_event, make_person, make_org
):
    event_a, victim = _victim(make_event, make_person, make_org)
    event_b = make_event(title="Event B")
    _, token = _invite(app, event_b, Role.REVIEWER)
    attacker = app.test_client()
    attacker.get(f"/invite/{token}")
    page = attacker.get("/invite")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "tilhører allerede en konto" in html  # asked to prove it, not given the account
    assert _signed_in_person_id(attacker) is None
    # A POST straight away does not accept either: the claim page is shown again.
    attacker.post("/invite", data={"name": "x", "organisation_id": str(victim.organisation_id)})
    assert _signed_in_person_id(attacker) is None
    assert attacker.get(f"/events/{event_a.id}").status_code == 302  # still anonymous
    assert _roles(victim.id) == {(event_a.id, Role.REVIEWER)}


def test_taken_email_can_accept_as_new_separate_person(app, make_event, make_person, make_org):
    event_a, victim = _victim(make_event, make_person, make_org)
    event_b = make_event(title="Event B")
    invitation, token = _invite(app, event_b, Role.REVIEWER)
    holder = app.test_client()
    holder.get(f"/invite/{token}")
    page = holder.get("/invite?new=1")
    assert "ny person" in page.get_data(as_text=True)
    response = holder.post(
        "/invite?new=1",
        data={"name": "Someone Else", "organisation_id": str(victim.organisation_id)},
    )
    assert response.status_code == 302
    new_id = _signed_in_person_id(holder)
    assert new_id is not None and new_id != victim.id
    new_person = db.session.get(Person, new_id)
    assert new_person.email is None  # the email stays with the existing account
    assert _roles(new_id) == {(event_b.id, Role.REVIEWER)}
    assert holder.get(f"/events/{event_a.id}").status_code == 403
    db.session.refresh(victim)
    assert victim.name == "Karen Victim"
    assert victim.email == VICTIM_EMAIL
    assert _roles(victim.id) == {(event_a.id, Role.REVIEWER)}
    assert db.session.get(Invitation, invitation.id).accepted_by_id == new_id


def test_facilitator_invitation_cannot_set_password_of_existing_person(
    app, make_event, make_person, make_org
):
    event_a, victim = _victim(make_event, make_person, make_org)
    event_b = make_event(title="Event B")
    _, token = _invite(app, event_b, Role.FACILITATOR)
    attacker = app.test_client()
    attacker.get(f"/invite/{token}")
    page = attacker.get("/invite?new=1")  # no "new person" way round for a facilitator
    assert "tilhører allerede en konto" in page.get_data(as_text=True)
    attacker.post("/invite?new=1", data={
        "name": "Attacker", "organisation_id": str(victim.organisation_id),
        "password": "attacker password", "password_again": "attacker password",
    })
    db.session.refresh(victim)
    assert victim.password_hash is None
    assert not victim.is_facilitator_account
    assert _signed_in_person_id(attacker) is None
    assert db.session.scalar(select(Person).where(Person.name == "Attacker")) is None


def test_owner_accepts_after_opening_own_personal_link(app, make_event, make_person, make_org):
    event_a, victim = _victim(make_event, make_person, make_org)
    event_b = make_event(title="Event B")
    _, token = _invite(app, event_b, Role.REVIEWER)
    with app.test_request_context():
        personal = reentry_token(victim)
    browser = app.test_client()
    browser.get(f"/invite/{token}")  # first the invitation, then the personal link
    browser.get(f"/enter/{personal}")
    signed_in = browser.post("/enter")
    assert signed_in.headers["Location"] == "/invite"  # the invitation waited
    page = browser.get("/invite").get_data(as_text=True)
    assert "Karen Victim" in page
    browser.post("/invite", data={"name": "Karen Victim",
                                  "organisation_id": str(victim.organisation_id)})
    assert _roles(victim.id) == {(event_a.id, Role.REVIEWER), (event_b.id, Role.REVIEWER)}


def test_signed_in_owner_becomes_facilitator_and_sets_own_password(
    app, make_event, make_person, make_org, login
):
    _, victim = _victim(make_event, make_person, make_org)
    event_b = make_event(title="Event B")
    _, token = _invite(app, event_b, Role.FACILITATOR)
    client = app.test_client()
    login(client, victim)
    client.get(f"/invite/{token}")
    client.post("/invite", data={
        "name": "Karen Victim", "organisation_id": str(victim.organisation_id),
        "password": "karens own secret", "password_again": "karens own secret",
    })
    db.session.refresh(victim)
    assert victim.check_password("karens own secret")
    assert (event_b.id, Role.FACILITATOR) in _roles(victim.id)


def test_signed_in_person_accepts_as_themselves_not_as_the_email_owner(
    app, make_event, make_person, make_org, login
):
    event_a, victim = _victim(make_event, make_person, make_org)
    event_b = make_event(title="Event B")
    # An observer (a participant could not also be a reviewer without the facilitator's leave).
    other = make_person(event_b, Role.OBSERVER, name="Ole Other")
    _, token = _invite(app, event_b, Role.REVIEWER)
    client = app.test_client()
    login(client, other)
    client.get(f"/invite/{token}")
    page = client.get("/invite").get_data(as_text=True)
    assert "Ole Other" in page
    client.post("/invite", data={"name": "Ole Other",
                                 "organisation_id": str(victim.organisation_id)})
    assert _signed_in_person_id(client) == other.id
    assert (event_b.id, Role.REVIEWER) in _roles(other.id)
    assert _roles(victim.id) == {(event_a.id, Role.REVIEWER)}
    db.session.refresh(other)
    assert other.email is None  # the victim's email was not copied onto them


def test_password_account_email_still_requires_sign_in(app, make_event):
    event_a = make_event(title="Event A")
    event_b = make_event(title="Event B")
    _, token = _invite(app, event_b, Role.OBSERVER, email=event_a.test_facilitator.email)
    client = app.test_client()
    client.get(f"/invite/{token}")
    response = client.get("/invite")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert "invite" in response.headers["Location"]


def test_new_email_is_recorded_on_the_new_person(app, make_event, make_org):
    event = make_event()
    org = make_org()
    _, token = _invite(app, event, Role.REVIEWER, email="fresh@kommune.dk")
    client = app.test_client()
    client.get(f"/invite/{token}")
    client.post("/invite", data={"name": "Fresh", "organisation_id": str(org.id)})
    person = db.session.scalar(select(Person).where(Person.email == "fresh@kommune.dk"))
    assert person is not None and _signed_in_person_id(client) == person.id


def test_invitation_page_without_a_link_opened_is_a_clear_404(client):
    response = client.get("/invite")
    assert response.status_code == 404
    assert "ukendt eller ufuldstændigt" in response.get_data(as_text=True)


def test_password_account_accepts_right_after_signing_in(app, make_event):
    event_a = make_event(title="Event A")
    event_b = make_event(title="Event B")
    owner = event_a.test_facilitator
    _, token = _invite(app, event_b, Role.OBSERVER, email=owner.email)
    client = app.test_client()
    client.get(f"/invite/{token}")
    login_page = client.get("/invite").headers["Location"]
    signed_in = client.post(login_page, data={"email": owner.email,
                                              "password": "correct horse battery"})
    assert signed_in.headers["Location"] == "/invite"  # the invitation survived the sign-in
    client.post("/invite", data={"name": owner.name, "new_organisation": "Region Syd",
                                 "new_organisation_sector": "region"})
    assert (event_b.id, Role.OBSERVER) in _roles(owner.id)
    db.session.refresh(owner)
    assert owner.check_password("correct horse battery")  # untouched


def test_facilitator_invitation_to_taken_email_explains_and_saves_nothing(
    app, make_event, make_person, make_org, login
):
    _, victim = _victim(make_event, make_person, make_org)
    event_b = make_event(title="Event B")
    other = make_person(event_b, Role.PARTICIPANT, name="Ole Other")  # no email of his own
    _, token = _invite(app, event_b, Role.FACILITATOR)
    client = app.test_client()
    login(client, other)
    client.get(f"/invite/{token}")
    response = client.post("/invite", data={
        "name": "Ole Renamed", "organisation_id": str(victim.organisation_id),
        "password": "a long enough secret", "password_again": "a long enough secret",
    })
    assert response.status_code == 200
    assert "tilhører en anden konto" in response.get_data(as_text=True)
    assert 'value="Ole Renamed"' in response.get_data(as_text=True)  # what was typed stays
    db.session.refresh(other)
    assert other.password_hash is None and other.name == "Ole Other"
    assert (event_b.id, Role.FACILITATOR) not in _roles(other.id)
