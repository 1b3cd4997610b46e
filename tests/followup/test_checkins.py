"""Check-ins with a frozen "now": who is asked, in which language, how often; silence after
60 days; the command, the facilitators' button and the event's interval setting."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import force_locale
from sqlalchemy import func, select

from hackathon.audit.describe import describe
from hackathon.enums import Phase, PrototypeStatus, Role
from hackathon.extensions import db
from hackathon.followup import checkins
from hackathon.followup.board import is_silent, silent_prototypes
from hackathon.models import AuditEntry, OutboxMessage, PrototypeContact, utcnow
from tests.conftest import sign_in
from tests.followup.conftest import NOW


def _outbox() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_contacts_are_asked_in_their_language_with_the_update_link(app, make_prototype):
    prototype = make_prototype(contact_email="marianne@gladsaxe.dk")
    prototype.contacts.append(PrototypeContact(name="Dorthe Winther", email="dw@regionh.dk",
                                               language="en"))
    prototype.contacts.append(PrototypeContact(name="Uden adresse", email=""))
    db.session.commit()
    asked = checkins.send_checkins(now=NOW)
    db.session.commit()
    assert [(p.id, [r.name for r in people]) for p, people in asked] == [
        (prototype.id, ["Marianne Holst", "Dorthe Winther"])]
    da, en = _outbox()
    assert da.email == "marianne@gladsaxe.dk" and da.language == "da"
    assert da.subject == "To minutter: hvordan går det med Familiens Broer?"
    assert f"/prototypes/{prototype.id}/update" in da.body
    assert "det næste skridt" in da.body
    assert en.language == "en" and en.subject.startswith("Two minutes: how is")
    assert prototype.last_checkin_at == NOW
    assert prototype.last_checkin_to == "Marianne Holst, Dorthe Winther"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "prototype")
                              .order_by(AuditEntry.id.desc()))
    assert entry.details["change"] == "checkin"
    with force_locale("da"):
        line = describe("prototype", entry.details, criterion=str, show_scores=False)
    assert line.summary == ("Prototype Familiens Broer: Marianne Holst, Dorthe Winther blev "
                            "bedt om en opdatering")


def test_without_contact_addresses_the_facilitators_are_asked(app, make_prototype):
    prototype = make_prototype()  # the contact has no e-mail
    checkins.send_checkins(now=NOW)
    db.session.commit()
    (message,) = _outbox()
    facilitator = prototype.test_facilitator
    assert message.recipient_id == facilitator.id and message.email == facilitator.email
    assert prototype.last_checkin_to == facilitator.name


def test_asking_again_waits_for_the_event_interval(app, make_prototype):
    prototype = make_prototype(contact_email="m@k.dk")
    prototype.event.checkin_weeks = 2
    db.session.commit()
    assert len(checkins.send_checkins(now=NOW)) == 1
    assert checkins.send_checkins(now=NOW + timedelta(days=13)) == []
    assert checkins.send_checkins(now=NOW + timedelta(days=1)) == []
    assert len(checkins.send_checkins(now=NOW + timedelta(days=14))) == 1
    db.session.commit()
    assert len(_outbox()) == 2


def test_only_prototypes_in_progress_or_on_standby_are_asked(app, make_prototype, make_event):
    event = make_event(phase=Phase.FOLLOW_UP)
    statuses = [PrototypeStatus.IN_PROGRESS, PrototypeStatus.STANDBY, PrototypeStatus.STOPPED,
                PrototypeStatus.IN_OPERATION, PrototypeStatus.SPREAD]
    made = []
    for index, status in enumerate(statuses):
        prototype = make_prototype(event=event, title=f"P{index}", contact_email="a@b.dk")
        prototype.status = status
        made.append(prototype)
    db.session.commit()
    asked = {p.title for p, _people in checkins.send_checkins(now=NOW)}
    assert asked == {"P0", "P1"}


def test_silence_after_sixty_days_without_an_update(app, make_prototype):
    prototype = make_prototype()
    prototype.last_update_at = NOW - timedelta(days=59, hours=23)
    assert not is_silent(prototype, NOW)
    prototype.last_update_at = NOW - timedelta(days=60)
    assert is_silent(prototype, NOW)
    prototype.status = PrototypeStatus.STOPPED
    assert not is_silent(prototype, NOW)
    prototype.status = PrototypeStatus.STANDBY
    db.session.commit()
    assert silent_prototypes(prototype.event, NOW) == [prototype]


def test_event_page_shows_silent_prototypes_and_who_was_asked(app, client, make_prototype):
    prototype = make_prototype(contact_email="m@k.dk")
    checkins.send_checkins(now=utcnow() - timedelta(days=3))
    prototype.last_update_at = utcnow() - timedelta(days=200)
    db.session.commit()
    sign_in(client, prototype.test_facilitator)
    page = client.get(f"/events/{prototype.event_id}").get_data(as_text=True)
    assert "Stille prototyper" in page and "Familiens Broer" in page
    assert "Marianne Holst" in page and "Bed om opdateringer nu" in page


def test_the_event_page_hides_the_panel_from_other_roles(app, make_prototype, make_person,
                                                         client):
    prototype = make_prototype()
    prototype.last_update_at = utcnow() - timedelta(days=200)
    db.session.commit()
    sign_in(client, make_person(prototype.event, Role.OBSERVER))
    page = client.get(f"/events/{prototype.event_id}").get_data(as_text=True)
    assert "Stille prototyper" not in page


def test_the_button_asks_the_due_prototypes_once(app, client, make_prototype):
    prototype = make_prototype(contact_email="m@k.dk")
    sign_in(client, prototype.test_facilitator)
    url = f"/events/{prototype.event_id}/checkins"
    first = client.post(url, follow_redirects=True).get_data(as_text=True)
    assert "1 prototyper blev bedt om en opdatering." in first
    again = client.post(url, follow_redirects=True).get_data(as_text=True)
    assert "Ingen prototype stod for tur" in again
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1


def test_command_is_idempotent_and_takes_a_frozen_now(app, runner, make_prototype):
    prototype = make_prototype(contact_email="m@k.dk")
    result = runner.invoke(args=["checkins", "--now", "2027-06-01T08:00"])
    assert result.exit_code == 0, result.output
    assert "Asked 'Familiens Broer'" in result.output
    again = runner.invoke(args=["checkins", "--now", "2027-06-20T08:00"])
    assert "Asked" not in again.output and "0 prototypes asked" in again.output
    later = runner.invoke(args=["checkins", "--now", "2027-06-29T08:00+00:00"])
    assert "Asked 'Familiens Broer'" in later.output
    db.session.expire_all()
    assert prototype.last_checkin_at.isoformat() == "2027-06-29T08:00:00"
    (first, second) = _outbox()
    assert "http://" in first.body  # an absolute link to the update page


def test_command_refuses_a_bad_time_and_an_unknown_event(app, runner):
    assert runner.invoke(args=["checkins", "--now", "tomorrow"]).exit_code == 2
    missing = runner.invoke(args=["checkins", "--event", "999"])
    assert missing.exit_code == 1 and "No event" in missing.output


def test_interval_is_set_on_the_event_form_from_1_to_52_weeks(app, client, make_event):
    event = make_event(phase=Phase.FOLLOW_UP)
    sign_in(client, event.test_facilitator)
    form = {"title": "Ny titel", "selection_quota": "2", "scoring_model_key": "kvalificering"}
    for bad in ("0", "53", "fire"):
        page = client.post(f"/events/{event.id}/edit", data=form | {"checkin_weeks": bad})
        assert page.status_code == 200
        db.session.refresh(event)
        assert event.checkin_weeks == 4 and event.title != "Ny titel"
    page = client.post(f"/events/{event.id}/edit", data=form | {"checkin_weeks": "0"})
    assert "Angiv et antal uger fra 1 til 52." in page.get_data(as_text=True)
    client.post(f"/events/{event.id}/edit", data=form | {"checkin_weeks": "6"})
    db.session.refresh(event)
    assert event.checkin_weeks == 6 and event.title == "Ny titel"
    client.post(f"/events/{event.id}/edit", data=form | {"checkin_weeks": ""})
    db.session.refresh(event)
    assert event.checkin_weeks == 6  # left empty: unchanged


def test_two_runs_at_once_ask_only_once(app, make_prototype):
    from sqlalchemy import update

    from hackathon.models import Prototype

    prototype = make_prototype(contact_email="m@k.dk")
    # Another run asked it after this one read it (the object still holds the old time).
    db.session.execute(update(Prototype).where(Prototype.id == prototype.id)
                       .values(last_checkin_at=NOW, last_checkin_to="Someone")
                       .execution_options(synchronize_session=False))
    assert checkins.ask(prototype, NOW + timedelta(minutes=1)) == []
    db.session.commit()
    assert _outbox() == []
    assert prototype.last_checkin_at == NOW and prototype.last_checkin_to == "Someone"
