"""Joining an event with its code: the path every participant takes."""

from __future__ import annotations

from sqlalchemy import select

from hackathon.enums import Phase, Role, Sector
from hackathon.extensions import db
from hackathon.models import EventRole, Organisation, Person
from hackathon.organisations.services import ensure_listed


def _join(client, code):
    return client.post("/join", data={"code": code})


def test_join_code_is_case_insensitive_and_ignores_dashes(client, make_event):
    event = make_event()
    code = event.join_code.lower()
    response = _join(client, f"{code[:4]}-{code[4:]}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/join/profile")


def test_participant_joins_with_new_organisation(client, make_event):
    event = make_event()
    _join(client, event.join_code)
    response = client.post(
        "/join/profile",
        data={
            "name": "Rikke Holm",
            "title": "sagsbehandler",
            "organisation_id": "",
            "new_organisation": "Holbæk Kommune",
            "new_organisation_sector": "municipality",
            "email": "",
        },
    )
    assert response.status_code == 302
    person = db.session.scalar(select(Person).where(Person.name == "Rikke Holm"))
    assert person.organisation.name == "Holbæk Kommune"
    assert person.organisation.sector == Sector.MUNICIPALITY
    assert person.password_hash is None
    role = db.session.scalar(select(EventRole).where(EventRole.person_id == person.id))
    assert (role.event_id, role.role) == (event.id, Role.PARTICIPANT)
    # The session keeps them in: the event page opens, with their personal link on it.
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert "/enter/" in page.get_data(as_text=True)


def test_participant_picks_existing_organisation(client, make_event, make_org):
    event = make_event()
    org = make_org("Gladsaxe Kommune")
    ensure_listed(event=event, organisation=org, added_by=None)
    db.session.commit()
    _join(client, event.join_code)
    client.post(
        "/join/profile",
        data={"name": "Ali Khan", "organisation_id": str(org.id), "email": "ali@example.org"},
    )
    person = db.session.scalar(select(Person).where(Person.name == "Ali Khan"))
    assert person.organisation_id == org.id
    assert person.email == "ali@example.org"


def test_wrong_code_gets_clear_danish_message(client, make_event):
    make_event()
    response = _join(client, "ZZZZZZZZ")
    assert response.status_code == 200
    assert "Der er ingen arrangementer med denne kode" in response.get_data(as_text=True)


def test_ambiguous_characters_are_explained(client):
    response = _join(client, "AB0DEF")
    assert "aldrig 0, O, 1, I eller L" in response.get_data(as_text=True)


def test_too_short_code_is_refused_without_lookup(client):
    response = _join(client, "ABC")
    assert "mindst 6" in response.get_data(as_text=True)


def test_repeated_wrong_codes_get_429_with_wait_time(client, make_event):
    make_event()
    for _ in range(5):
        assert _join(client, "ZZZZZZZZ").status_code == 200
    response = _join(client, "ZZZZZZZZ")
    assert response.status_code == 429
    wait = int(response.headers["Retry-After"])
    assert 0 < wait <= 300
    assert f"{wait} sekunder" in response.get_data(as_text=True)


def test_right_code_is_also_refused_while_throttled(client, make_event):
    event = make_event()
    for _ in range(5):
        _join(client, "ZZZZZZZZ")
    assert _join(client, event.join_code).status_code == 429


def test_throttle_is_per_session_not_per_venue(app, make_event):
    event = make_event()
    guesser = app.test_client()
    for _ in range(6):
        _join(guesser, "ZZZZZZZZ")
    neighbour = app.test_client()  # same address, different browser
    assert _join(neighbour, event.join_code).status_code == 302


def test_profile_errors_keep_what_was_typed(client, make_event):
    event = make_event()
    _join(client, event.join_code)
    response = client.post(
        "/join/profile",
        data={"name": "Rikke Holm", "title": "sundhedsplejerske", "email": "ikke-en-mail"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Rikke Holm"' in html
    assert 'value="sundhedsplejerske"' in html
    assert "Vælg din organisation, eller skriv navnet på en ny." in html
    assert "Ugyldig e-mailadresse." in html
    assert db.session.scalar(select(Person).where(Person.name == "Rikke Holm")) is None


def test_new_organisation_needs_sector(client, make_event):
    event = make_event()
    _join(client, event.join_code)
    response = client.post(
        "/join/profile", data={"name": "Bo", "new_organisation": "Ny forening"}
    )
    assert "Vælg sektor for den nye organisation." in response.get_data(as_text=True)
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Ny forening")) is None


def test_email_in_use_is_refused(client, make_event, make_person):
    event = make_event()
    make_person(email="taken@example.org")
    _join(client, event.join_code)
    response = client.post(
        "/join/profile",
        data={
            "name": "Bo",
            "email": "Taken@Example.org",
            "new_organisation": "X",
            "new_organisation_sector": "other",
        },
    )
    assert "allerede i brug" in response.get_data(as_text=True)


def test_profile_without_code_sends_back_to_code(client):
    response = client.get("/join/profile")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/join")


def test_event_closed_for_joining(client, make_event):
    event = make_event(phase=Phase.DECISION)
    response = _join(client, event.join_code)
    assert "tager ikke imod nye deltagere" in response.get_data(as_text=True)


def test_signed_in_person_joins_second_event_directly(client, make_event, make_person, login):
    first, second = make_event(), make_event()
    person = make_person(first)
    login(client, person)
    response = _join(client, second.join_code)
    assert response.headers["Location"].endswith(f"/events/{second.id}")
    roles = db.session.scalars(select(EventRole.event_id).where(EventRole.person_id == person.id))
    assert set(roles) == {first.id, second.id}


def test_join_link_goes_straight_to_the_profile_step(client, make_event):
    event = make_event()
    code = event.join_code.lower()
    response = client.get(f"/join?code={code[:5]}-{code[5:]}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/join/profile")
    profile = client.get("/join/profile").get_data(as_text=True)
    assert event.title in profile
    assert "Deltag i arrangementet" in profile


def test_join_link_with_unknown_code_shows_the_code_and_the_error(client, make_event):
    make_event()
    response = client.get("/join?code=ZZZZZZZZ")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="ZZZZZZZZ"' in html
    assert "Der er ingen arrangementer med denne kode" in html
    assert client.get("/join/profile").status_code == 302  # not let through


def test_join_link_with_malformed_code_is_refused_before_lookup(client):
    html = client.get("/join?code=O0O0O0").get_data(as_text=True)
    assert "Koder indeholder aldrig 0, O, 1, I eller L" in html


def test_join_link_to_closed_event_says_so(client, make_event):
    event = make_event(phase=Phase.DECISION)
    html = client.get(f"/join?code={event.join_code}").get_data(as_text=True)
    assert "tager ikke imod nye deltagere" in html
    assert client.get("/join/profile").status_code == 302


def test_join_link_wrong_guesses_are_counted(client, app, make_event):
    event = make_event()
    limit = int(app.config["JOIN_FAILURES_PER_SESSION"].split()[0])
    for _ in range(limit):
        client.get("/join?code=ZZZZZZZZ")
    assert client.get(f"/join?code={event.join_code}").status_code == 429


def test_join_link_for_signed_in_person_asks_before_joining(client, make_event, make_person, login):
    first, second = make_event(), make_event()
    person = make_person(first)
    login(client, person)
    html = client.get(f"/join?code={second.join_code}").get_data(as_text=True)
    assert f'value="{second.join_code}"' in html
    assert second.title in html and person.name in html
    roles = db.session.scalars(select(EventRole.event_id).where(EventRole.person_id == person.id))
    assert set(roles) == {first.id}  # a GET gives no role; the button does
    response = _join(client, second.join_code)
    assert response.headers["Location"].endswith(f"/events/{second.id}")


def test_the_join_action_has_one_name(client, make_event):
    """Every button that joins an event says "Deltag" (Join), never "Fortsæt" or "Tilmeld"."""
    home = client.get("/").get_data(as_text=True)
    join_page = client.get("/join").get_data(as_text=True)
    for html in (home, join_page):
        assert ">Deltag</button>" in html
        assert "Fortsæt</button>" not in html
