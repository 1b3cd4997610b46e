"""The prototype pages through HTTP: what they show, clear errors that keep the typed text,
numbers with a decimal comma, stale saves refused, the contact's personal link, the
Acceleration refusal naming what is missing."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from hackathon.enums import DiaStage, PrototypeStatus, TrialActionStatus
from hackathon.extensions import db
from hackathon.followup import contacts as contact_services
from hackathon.models import Measurement, Person, PrototypeContact, TrialAction
from tests.followup.conftest import client_for


def _trial_form(version=0, **fields):
    data = {"version": str(version), "status": "planned", "what": "Hjemmebesøg med jordemoder",
            "citizen_group": "Gravide i familieambulatoriet", "citizen_count": "",
            "place": "Slagelse", "planned_on": "", "done_on": "", "by_whom": "Sundhedsplejen",
            "what_happened": "", "learned": "", "citizen_input": ""}
    data.update({k: str(v) for k, v in fields.items()})
    return data


def test_prototype_page_shows_decision_owners_and_first_trial_action(app, published):
    world = published()
    prototype = world.prototypes["God Start"]
    client = client_for(app, world.facilitator)
    html = client.get(f"/prototypes/{prototype.id}").get_data(as_text=True)
    for text in ("God Start", "Stærkt borgerperspektiv", "Slagelse Kommune", "Ane Jensen",
                 "Ti familier tilbydes et fælles opstartsmøde", "1. marts 2027"):
        assert text in html, text
    event_page = client.get(f"/events/{world.event.id}").get_data(as_text=True)
    assert f"/events/{world.event.id}/prototypes" in event_page


def test_trial_action_bad_inputs_are_explained_and_nothing_typed_is_lost(app, published):
    world = published()
    prototype = world.prototypes["God Start"]
    client = client_for(app, world.contacts["God Start"])
    url = f"/prototypes/{prototype.id}/trial-actions/new"
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    for fields, message in [
        ({"citizen_count": "-3"}, "Skriv et tal på 0 eller mere."),
        ({"status": "done"}, "Dette felt er påkrævet."),
        ({"status": "done", "done_on": tomorrow}, "Datoen kan ikke ligge i fremtiden."),
        ({"planned_on": "2026-03-10", "done_on": "2026-03-01"},
         "Gennemførelsesdatoen ligger før den planlagte dato"),
    ]:
        response = client.post(url, data=_trial_form(**fields, learned="Tidlig kontakt"))
        html = response.get_data(as_text=True)
        assert response.status_code == 422, fields
        assert message in html, fields
        assert "Hjemmebesøg med jordemoder" in html and "Tidlig kontakt" in html
    assert len(prototype.trial_actions) == 1  # only the decision's first one


def test_done_trial_action_updates_the_prototype_and_the_timeline(app, published):
    world = published()
    prototype = world.prototypes["God Start"]
    before = prototype.last_update_at
    client = client_for(app, world.contacts["God Start"])
    done = (date.today() - timedelta(days=1)).isoformat()
    response = client.post(f"/prototypes/{prototype.id}/trial-actions/new", data=_trial_form(
        status="done", citizen_count="8", done_on=done, learned="Familierne kom alle",
        citizen_input="»Det var rart at mødes ét sted«"))
    assert response.status_code == 302
    db.session.refresh(prototype)
    trial = prototype.trial_actions[-1]
    assert (trial.status, trial.citizen_count, trial.created_by_id) == (
        TrialActionStatus.DONE, 8, world.contacts["God Start"].id)
    assert prototype.last_update_at > before
    html = client.get(f"/prototypes/{prototype.id}").get_data(as_text=True)
    timeline = html[html.index('id="timeline"'):]
    assert timeline.index("Hjemmebesøg med jordemoder") < timeline.index("Startet ud fra")


def test_stale_trial_action_edit_is_refused_and_keeps_the_text(app, published):
    world = published()
    prototype = world.prototypes["God Start"]
    trial = prototype.trial_actions[0]
    first = client_for(app, world.facilitator)
    second = client_for(app, world.contacts["God Start"])
    url = f"/prototypes/{prototype.id}/trial-actions/{trial.id}"
    assert first.post(url, data=_trial_form(trial.version, what="Fælles møde, version A")
                      ).status_code == 302
    response = second.post(url, data=_trial_form(1, what="Min version B"))
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Min version B" in html and "Fælles møde, version A" in html
    db.session.refresh(trial)
    assert trial.what == "Fælles møde, version A"


def test_indicator_target_without_unit_and_measurement_with_decimal_comma(app, published):
    world = published()
    prototype = world.prototypes["God Start"]
    client = client_for(app, world.contacts["God Start"])
    url = f"/prototypes/{prototype.id}/indicators/new"
    data = {"name": "Andel familier i forløb", "unit": "", "side": "citizens",
            "baseline": "0,1", "target": "0,5", "higher_is_better": "y"}
    response = client.post(url, data=data)
    assert response.status_code == 422
    assert "kræver en enhed" in response.get_data(as_text=True)
    assert not prototype.indicators
    response = client.post(url, data={**data, "target": "fem"})
    assert "Skriv et tal, fx 0,5" in response.get_data(as_text=True)
    assert client.post(url, data={**data, "unit": "andel"}).status_code == 302
    db.session.refresh(prototype)
    indicator = prototype.indicators[0]
    assert (indicator.baseline, indicator.target) == (0.1, 0.5)
    measure = f"/prototypes/{prototype.id}/indicators/{indicator.id}/measurements/new"
    for value in ("0,5", "0.25"):
        response = client.post(measure, data={"measured_on": date.today().isoformat(),
                                              "value": value, "note": "", "trial_action": ""})
        assert response.status_code == 302
    values = db.session.scalars(select(Measurement.value)).all()
    assert sorted(values) == [0.25, 0.5]


def test_business_case_refuses_negative_kroner(app, published):
    world = published()
    prototype = world.prototypes["God Start"]
    client = client_for(app, world.facilitator)
    url = f"/prototypes/{prototype.id}/business-case/new"
    response = client.post(url, data={"organisation": str(world.kommune.id), "year": "2027",
                                      "cost": "-5", "saving": "200.000"})
    assert response.status_code == 422
    assert "helt antal kroner" in response.get_data(as_text=True)
    response = client.post(url, data={"organisation": str(world.kommune.id), "year": "2027",
                                      "cost": "100.000", "saving": "250 000"})
    assert response.status_code == 302
    db.session.refresh(prototype)
    assert [(b.cost, b.saving) for b in prototype.business_lines] == [(100_000, 250_000)]


def test_acceleration_refusal_lists_what_is_missing_on_the_page(app, published):
    world = published()
    prototype = world.prototypes["God Start"]
    client = client_for(app, world.facilitator)
    url = f"/prototypes/{prototype.id}/stage"
    assert client.post(url, data={"version": prototype.version, "stage": "incubation",
                                  "reason": ""}).status_code == 422
    response = client.post(url, data={"version": prototype.version, "stage": "incubation",
                                      "reason": "Første test gik godt"})
    assert response.status_code == 302
    db.session.refresh(prototype)
    response = client.post(url, data={"version": prototype.version, "stage": "acceleration",
                                      "reason": "Videre"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for text in ("gennemført prøvehandling med borgere", "angiv driftsejeren",
                 "mindst én linje med forventede udgifter"):
        assert text in html, text
    db.session.refresh(prototype)
    assert prototype.stage == DiaStage.INCUBATION


def test_standby_without_reason_is_refused_then_recorded(app, published):
    world = published()
    prototype = world.prototypes["God Start"]
    client = client_for(app, world.facilitator)
    url = f"/prototypes/{prototype.id}/status"
    data = {"version": prototype.version, "status": "standby", "reason": "",
            "restart_expected_on": "", "operation_owner": ""}
    response = client.post(url, data=data)
    assert response.status_code == 422
    assert prototype.status == PrototypeStatus.IN_PROGRESS
    restart = (date.today() + timedelta(days=90)).isoformat()
    response = client.post(url, data={**data, "reason": "Kommunen omprioriterer",
                                      "restart_expected_on": restart})
    assert response.status_code == 302
    db.session.refresh(prototype)
    assert prototype.status == PrototypeStatus.STANDBY
    assert prototype.restart_expected_on.isoformat() == restart
    # A second facilitator's stale form is refused.
    response = client.post(url, data={**data, "status": "stopped", "reason": "Lært noget",
                                      "version": prototype.version - 1})
    assert response.status_code == 409
    assert "Lært noget" in response.get_data(as_text=True)


def test_contact_link_signs_in_cleans_the_address_and_lands_on_the_prototype(app, published):
    world = published()
    prototype = world.prototypes["God Start"]
    contact = PrototypeContact(prototype=prototype, name="Bo Berg", email="bo@example.org",
                               language="en")
    db.session.add(contact)
    db.session.commit()
    with current_app.test_request_context():
        token = contact_services.contact_token(contact)
    client = client_for(app, None)
    response = client.get(f"/prototypes/contact/{token}")
    assert response.status_code == 302 and response.location.endswith("/prototypes/contact")
    assert client.get("/prototypes/contact").status_code == 200
    response = client.post("/prototypes/contact", data={})
    assert response.status_code == 302
    assert response.location.endswith(f"/prototypes/{prototype.id}")
    person = db.session.scalar(select(Person).where(Person.email == "bo@example.org"))
    assert person is not None and person.language == "en"
    assert client.get(f"/prototypes/{prototype.id}").status_code == 200
    # Revoked: the link stops working and the access ends.
    facilitator = client_for(app, world.facilitator)
    assert facilitator.post(f"/prototypes/{prototype.id}/contacts/{contact.id}/revoke",
                            data={}).status_code == 302
    assert client.get(f"/prototypes/{prototype.id}").status_code == 403
    assert client_for(app, None).get(f"/prototypes/contact/{token}").status_code == 410
    assert client_for(app, None).get("/prototypes/contact/nonsense").status_code == 404


def test_contacts_page_shows_a_link_to_copy_and_adds_contacts(app, published):
    world = published()
    prototype = world.prototypes["God Start"]
    client = client_for(app, world.facilitator)
    html = client.get(f"/prototypes/{prototype.id}/contacts").get_data(as_text=True)
    assert "/prototypes/contact/" in html and "Ane Jensen" in html
    response = client.post(f"/prototypes/{prototype.id}/contacts",
                           data={"name": "", "email": "", "organisation": "", "language": "da"})
    assert response.status_code == 422
    response = client.post(f"/prototypes/{prototype.id}/contacts", data={
        "name": "Bo Berg", "email": "", "organisation": str(world.kommune.id),
        "language": "da"})
    assert response.status_code == 302
    db.session.refresh(prototype)
    assert [c.name for c in prototype.contacts] == ["Ane Jensen", "Bo Berg"]


def test_team_adds_trial_actions_and_notes_only_when_allowed(app, published):
    world = published()
    prototype = world.prototypes["God Start"]
    team = client_for(app, world.participant)
    note = {"text": "Borgerne vil mødes ét sted", "themes": ["citizen_voice"],
            "trial_action": ""}
    assert team.post(f"/prototypes/{prototype.id}/notes/new", data=note).status_code == 403
    facilitator = client_for(app, world.facilitator)
    assert facilitator.post(f"/prototypes/{prototype.id}/settings", data={
        "version": prototype.version, "operation_owner": "", "team_may_contribute": "y"
    }).status_code == 302
    assert team.post(f"/prototypes/{prototype.id}/notes/new", data=note).status_code == 302
    response = team.post(f"/prototypes/{prototype.id}/trial-actions/new", data=_trial_form())
    assert response.status_code == 302
    db.session.refresh(prototype)
    assert prototype.notes[0].themes == ["citizen_voice"]
    assert prototype.notes[0].event_id == world.event.id
    own = prototype.trial_actions[-1]
    first = prototype.trial_actions[0]
    assert team.get(f"/prototypes/{prototype.id}/trial-actions/{own.id}").status_code == 200
    assert team.get(f"/prototypes/{prototype.id}/trial-actions/{first.id}").status_code == 403
    assert db.session.get(TrialAction, own.id).created_by_id == world.participant.id


def test_milestones_are_ordered_and_overdue_planned_ones_highlighted(app, published):
    world = published()
    prototype = world.prototypes["God Start"]
    client = client_for(app, world.contacts["God Start"])
    url = f"/prototypes/{prototype.id}/milestones/new"
    late = (date.today() - timedelta(days=10)).isoformat()
    soon = (date.today() + timedelta(days=10)).isoformat()
    assert client.post(url, data={"title": "Evaluering klar", "due_on": soon}).status_code == 302
    assert client.post(url, data={"title": "Aftale med lægerne", "due_on": late}
                       ).status_code == 302
    assert client.post(url, data={"title": "", "due_on": ""}).status_code == 422
    html = client.get(f"/prototypes/{prototype.id}").get_data(as_text=True)
    section = html[html.index('id="milestones"'):html.index('id="indicators"')]
    assert section.index("Aftale med lægerne") < section.index("Evaluering klar")
    overdue = section[section.index('class="overdue"'):]
    assert overdue.index("Aftale med lægerne") < overdue.index("overskredet")
    assert section.count('class="overdue"') == 1
    # Reached: no longer highlighted; a stale second click is refused without a change.
    db.session.refresh(prototype)
    milestone = prototype.milestones[0]
    status_url = f"/prototypes/{prototype.id}/milestones/{milestone.id}/status"
    assert client.post(status_url, data={"expected": "planned", "status": "done"}
                       ).status_code == 302
    client.post(status_url, data={"expected": "planned", "status": "missed"})
    db.session.refresh(milestone)
    assert milestone.status.value == "done"
    html = client.get(f"/prototypes/{prototype.id}").get_data(as_text=True)
    assert 'class="overdue"' not in html


def test_reissued_link_replaces_the_old_one_and_a_password_account_signs_in(app, published):
    world = published()
    prototype = world.prototypes["God Start"]
    contact = prototype.contacts[0]
    with current_app.test_request_context():
        old_token = contact_services.contact_token(contact)
    facilitator = client_for(app, world.facilitator)
    assert facilitator.post(f"/prototypes/{prototype.id}/contacts/{contact.id}/reissue",
                            data={}).status_code == 302
    db.session.refresh(contact)
    assert client_for(app, None).get(f"/prototypes/contact/{old_token}").status_code == 404
    with current_app.test_request_context():
        new_token = contact_services.contact_token(contact)
    # The link of a contact bound to the same person signs that person in again.
    again = client_for(app, None)
    again.get(f"/prototypes/contact/{new_token}")
    response = again.post("/prototypes/contact", data={})
    assert response.location.endswith(f"/prototypes/{prototype.id}")
    assert again.get(f"/prototypes/{prototype.id}").status_code == 200
    # A contact bound to an account with a password: the link asks for the password.
    contact.person.set_password("correct horse battery staple")
    db.session.commit()
    stranger = client_for(app, None)
    stranger.get(f"/prototypes/contact/{new_token}")
    response = stranger.post("/prototypes/contact", data={})
    assert "/login" in response.location
    assert stranger.get(f"/prototypes/{prototype.id}").status_code == 302


def test_status_with_an_unknown_organisation_is_refused_and_nothing_changes(app, published):
    world = published()
    prototype = world.prototypes["God Start"]
    client = client_for(app, world.facilitator)
    response = client.post(f"/prototypes/{prototype.id}/status", data={
        "version": prototype.version, "status": "spread", "reason": "Spredt til regionen",
        "spread_to": ["999999"], "operation_owner": "abc"})
    assert response.status_code == 422
    assert "Spredt til regionen" in response.get_data(as_text=True)
    db.session.refresh(prototype)
    assert prototype.status == PrototypeStatus.IN_PROGRESS and prototype.spread_to == []


def test_contact_link_tokens_are_redacted_in_request_logs():
    from hackathon.auth.redaction import REDACTED, redact

    line = '"GET /prototypes/contact/eyJjIjozfQ.abc HTTP/1.1" 302'
    assert redact(line) == f'"GET /prototypes/contact/{REDACTED} HTTP/1.1" 302'
    assert redact('"GET /prototypes/7 HTTP/1.1" 200') == '"GET /prototypes/7 HTTP/1.1" 200'
