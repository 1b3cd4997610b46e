"""Two participants write one proposal: team, autosave, offline, reload, conflict, submit,
read-only after the deadline. Every screen is checked with axe."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from hackathon.auth.services import create_facilitator_account
from hackathon.enums import Phase, Sector
from hackathon.events.services import create_event
from hackathon.extensions import db
from hackathon.models import Event, Organisation, Proposal, utcnow
from hackathon.organisations.services import ensure_listed
from tests.e2e.conftest import assert_accessible

SAVED = re.compile(r"Gemt \d")
GLADSAXE = "Gladsaxe Kommune (Kommune)"


def _join(browser, base, code, name):
    page = browser.new_context(locale="da-DK").new_page()
    page.goto(f"{base}/join?code={code}")  # the link (QR code) goes straight to the profile
    expect(page.get_by_role("heading", level=1)).to_have_text("Hvem er du?")
    page.get_by_label("Dit navn").fill(name)
    page.get_by_label("Eksisterende organisation", exact=True).select_option(label=GLADSAXE)
    page.get_by_role("button", name="Deltag i arrangementet").click()
    expect(page.get_by_role("heading", name="Mine forslag")).to_be_visible()
    return page


def test_two_authors_offline_reload_conflict_submit(live_server, browser):
    base, _app = live_server
    facilitator = create_facilitator_account(
        email="fac@example.org", name="Fac", password="long password 123"
    )
    event = create_event(creator=facilitator, title="Hackathon", scoring_model_key="kvalificering")
    event.phase = Phase.SUBMISSION
    event.submission_deadline = utcnow() + timedelta(hours=2)
    gladsaxe = Organisation(name="Gladsaxe Kommune", sector=Sector.MUNICIPALITY)
    praksis = Organisation(name="Lægehuset Søborg", sector=Sector.GENERAL_PRACTICE)
    db.session.add_all([gladsaxe, praksis])
    db.session.flush()
    for org in db.session.scalars(select(Organisation)).all():  # the event's list
        ensure_listed(event=event, organisation=org, added_by=None)
    db.session.commit()
    event_id, code = event.id, event.join_code

    anne = _join(browser, base, code, "Anne Sagsbehandler")
    assert_accessible(anne)
    anne.get_by_label("Arbejdstitel").fill("Familiens Broer")
    anne.get_by_role("button", name="Start et nyt forslag").click()
    expect(anne.locator("#save-status")).to_contain_text("gemmes automatisk")
    assert_accessible(anne)
    team_code = anne.locator(".team-code").inner_text()
    edit_url = anne.url

    bo = _join(browser, base, code, "Bo Læge")
    bo.get_by_label("Holdkode").fill(team_code)
    bo.get_by_role("button", name="Tilslut dig et hold").click()
    expect(bo).to_have_url(edit_url)
    for page in (anne, bo):
        expect(page.locator("#proposal-form[data-autosave-ready]")).to_have_count(1)

    # Both type into different fields at once: merged, nothing overwritten.
    anne.get_by_label("Målgruppe").fill("Familier med en psykisk syg forælder")
    bo.get_by_label("Idéen").fill("Én fælles indgang for familien")
    expect(anne.locator("#save-status")).to_contain_text(SAVED, timeout=15_000)
    expect(bo.locator("#save-status")).to_contain_text(SAVED, timeout=15_000)

    # Anne loses the connection and keeps typing.
    anne.context.set_offline(True)
    summary = anne.get_by_label("Kort resumé")
    summary.click()
    summary.press_sequentially("Skrevet uden net: æøå ÆØÅ 123", delay=5)
    expect(anne.locator("#save-status")).to_contain_text("Ikke gemt – ingen forbindelse",
                                                         timeout=15_000)
    # Leave the page while offline (as a reload or a closed tab would), then come back online
    # and open it again: the text kept in the browser is put back and sent.
    anne.goto("about:blank")
    anne.context.set_offline(False)
    anne.goto(edit_url)
    expect(anne.locator("#proposal-form[data-autosave-ready]")).to_have_count(1)
    expect(anne.get_by_label("Kort resumé")).to_have_value("Skrevet uden net: æøå ÆØÅ 123")
    expect(anne.locator("#save-status")).to_contain_text(SAVED, timeout=15_000)
    proposal = db.session.scalar(select(Proposal))
    db.session.refresh(proposal)
    assert proposal.summary == "Skrevet uden net: æøå ÆØÅ 123"
    assert proposal.target_group == "Familier med en psykisk syg forælder"
    assert proposal.idea == "Én fælles indgang for familien"

    # Same field, same time: Bo's page is stale; both texts are shown, Bo combines them.
    bo.get_by_label("Kort resumé").fill("Bos version")
    expect(bo.locator(".conflict")).to_be_visible(timeout=15_000)
    expect(bo.locator(".conflict")).to_contain_text("Skrevet uden net: æøå ÆØÅ 123")
    expect(bo.locator(".conflict")).to_contain_text("Bos version")
    assert_accessible(bo)
    bo.get_by_role("button", name="Sæt begge ind i feltet").click()
    expect(bo.locator("#save-status")).to_contain_text(SAVED, timeout=15_000)
    db.session.refresh(proposal)
    assert proposal.summary == "Skrevet uden net: æøå ÆØÅ 123\n\nBos version"

    # Fill the rest and submit.
    anne.reload()
    fields = {
        "problem": "De gentager deres historie.",
        "citizen_voice": "Seks forældre interviewet.",
        "evidence": "12 sager gennemgået.",
        "goals": "Tidlig hjælp\n- Fælles screening",
        "trial_action_what": "Ti familier i to måneder.",
        "trial_action_where": "Gladsaxe",
        "value_citizens": "Mindre gentagelse.",
        "measurement": "Tid til første møde.",
    }
    for name, text in fields.items():
        anne.locator(f"#f-{name}").fill(text)
    anne.get_by_label("Problemejer (skal udfyldes)").select_option(label=GLADSAXE)
    anne.locator("#f-evidence_kind").select_option("both")
    anne.locator("#f-trial_action_when").fill("2027-03-01")
    anne.get_by_label("Organisation 1", exact=True).select_option(label=GLADSAXE)
    anne.get_by_label("Procesejer 1", exact=True).check()
    anne.get_by_label("Kontaktperson 1", exact=True).fill("Anne Sagsbehandler")
    anne.get_by_label("Organisation 2", exact=True).select_option(
        label="Lægehuset Søborg (Almen praksis)")
    expect(anne.locator("#save-status")).to_contain_text(SAVED, timeout=15_000)
    anne.reload()
    assert_accessible(anne)
    anne.get_by_role("button", name="Send ind til kvalificering").click()
    expect(anne.locator(".alert--success")).to_contain_text("Indsendt")
    expect(anne.locator("#proposal-status")).to_have_text("Indsendt")

    # After the deadline the proposal is read-only for its authors.
    db.session.get(Event, event_id).submission_deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    bo.goto(edit_url)
    expect(bo.locator(".alert--warning")).to_contain_text("kan kun læses")
    expect(bo.locator("textarea, #proposal-form")).to_have_count(0)
    expect(bo.get_by_role("link", name="Skriv")).to_have_count(0)
    assert_accessible(bo)
