"""A facilitator signs in, creates an event and opens submission; a participant joins."""

from __future__ import annotations

from playwright.sync_api import expect

from hackathon.auth.services import create_facilitator_account
from hackathon.extensions import db
from tests.e2e.conftest import assert_accessible


def test_facilitator_creates_event_and_participant_joins(live_server, browser):
    base, _app = live_server
    create_facilitator_account(
        email="facilitator@example.org", name="Mette Facilitator", password="long password 123"
    )
    db.session.commit()

    facilitator = browser.new_context(locale="da-DK").new_page()
    facilitator.goto(base + "/")
    assert_accessible(facilitator)
    facilitator.get_by_role("link", name="Log ind for facilitatorer").click()
    facilitator.get_by_label("E-mail").fill("facilitator@example.org")
    facilitator.get_by_label("Adgangskode").fill("long password 123")
    assert_accessible(facilitator)
    facilitator.get_by_role("button", name="Log ind").click()

    facilitator.get_by_role("link", name="Nyt arrangement").click()
    facilitator.get_by_label("Titel").fill("Hackathon om udsatte familier")
    facilitator.get_by_label("Tema").fill("Tidlig hjælp")
    facilitator.get_by_label("Frist for indsendelse").fill("2030-03-01T14:30")
    assert_accessible(facilitator)
    facilitator.get_by_role("button", name="Opret arrangement").click()
    expect(facilitator.get_by_role("heading", level=1)).to_have_text(
        "Hackathon om udsatte familier"
    )
    expect(facilitator.locator(".phases__step--current")).to_contain_text("Opsætning")

    facilitator.get_by_role("button", name="Gå til: Indsendelse").click()
    expect(facilitator.locator(".alert--success")).to_contain_text("Indsendelse")
    expect(facilitator.locator(".phases__step--current")).to_contain_text("Indsendelse")
    assert_accessible(facilitator)
    code = facilitator.locator(".join-code").inner_text().replace("-", "")

    participant = browser.new_context(locale="da-DK").new_page()
    participant.goto(base + "/")
    participant.get_by_label("Deltagerkode").fill(code.lower())
    participant.get_by_role("button", name="Deltag").click()
    expect(participant.get_by_role("heading", level=1)).to_have_text("Hvem er du?")
    participant.get_by_role("button", name="Deltag i arrangementet").click()
    # Nothing chosen: field errors in Danish, what was typed stays.
    expect(participant.locator(".field__error").first).to_be_visible()
    participant.get_by_label("Dit navn").fill("Rikke Holm")
    participant.get_by_label("Stilling").fill("sagsbehandler")
    participant.get_by_role("button", name="Deltag i arrangementet").click()
    expect(participant.get_by_label("Dit navn")).to_have_value("Rikke Holm")
    participant.get_by_label("…eller en ny organisation").fill("Holbæk Kommune")
    participant.get_by_label("Sektor for den nye organisation").select_option("municipality")
    assert_accessible(participant)
    participant.get_by_role("button", name="Deltag i arrangementet").click()
    expect(participant.get_by_role("heading", level=1)).to_have_text(
        "Hackathon om udsatte familier"
    )
    expect(participant.get_by_role("textbox", name="Dit personlige link")).to_have_value(
        __import__("re").compile(r"/enter/")
    )
    assert_accessible(participant)

    facilitator.get_by_role("link", name="Personer og invitationer").click()
    expect(facilitator.get_by_role("cell", name="Holbæk Kommune")).to_be_visible()
    assert_accessible(facilitator)
