"""The knowledge bank in the browser (Danish): a participant in a new event writes a problem
close to an earlier prototype's and sees it suggested; opens it; marks it relevant for their
organisation; the owners' message is in the outbox; an anonymous visitor sees only public
entries. Every screen is checked with axe."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from hackathon.auth.services import create_facilitator_account, get_or_create_organisation
from hackathon.demo.content import PROPOSALS
from hackathon.demo.past_events import load_past_events
from hackathon.enums import Phase, Sector
from hackathon.events.services import create_event
from hackathon.extensions import db
from hackathon.models import BankEntry, OutboxMessage, Proposal, utcnow
from hackathon.organisations.services import ensure_listed
from tests.e2e.conftest import assert_accessible

GOD_START_PROBLEM = next(row["problem"] for row in PROPOSALS if row["title"] == "God Start")
EARLIER = "Tidlig hjælp til unge gravide"


def test_tried_before_suggestion_interest_and_public_view(live_server, browser):
    base, _app = live_server
    load_past_events()
    facilitator = create_facilitator_account(
        email="fac@example.org", name="Fac", password="long password 123")
    event = create_event(creator=facilitator, title="Ny hackathon",
                         scoring_model_key="kvalificering")
    event.phase = Phase.SUBMISSION
    event.submission_deadline = utcnow() + timedelta(hours=2)
    gladsaxe = get_or_create_organisation(name="Gladsaxe Kommune", sector=Sector.MUNICIPALITY)
    db.session.flush()
    ensure_listed(event=event, organisation=gladsaxe, added_by=None)  # the event's list
    db.session.commit()
    earlier = db.session.scalar(select(Proposal).where(Proposal.title == EARLIER))
    owners = {a.person_id for a in earlier.authors}

    page = browser.new_context(locale="da-DK").new_page()
    page.goto(f"{base}/join?code={event.join_code}")  # the join link goes to the profile
    page.get_by_label("Dit navn").fill("Anne Sundhedsplejerske")
    page.get_by_label("Eksisterende organisation").select_option(
        label="Gladsaxe Kommune (Kommune)")
    page.get_by_role("button", name="Deltag i arrangementet").click()
    page.get_by_label("Arbejdstitel").fill("Hjælp før fødslen")
    page.get_by_role("button", name="Start et nyt forslag").click()
    suggestions = page.locator("#bank-suggestions-list")
    expect(page.get_by_role("heading", name="Det er prøvet før")).to_be_visible()
    page.get_by_label("Problemet, som borgerne oplever det").fill(GOD_START_PROBLEM)
    expect(suggestions).to_contain_text(EARLIER, timeout=10_000)
    expect(suggestions).to_contain_text("Lært:")
    assert_accessible(page)

    suggestions.get_by_role("link", name=EARLIER).click()
    expect(page.get_by_role("heading", name=EARLIER, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Lignende")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Markér som relevant for Gladsaxe Kommune").click()
    expect(page.get_by_text("Holdet har fået besked")).to_be_visible()
    expect(page.get_by_text("Interesserede: Gladsaxe Kommune")).to_be_visible()
    assert_accessible(page)
    messages = db.session.scalars(select(OutboxMessage)).all()
    assert {m.recipient_id for m in messages} == owners
    assert all("Gladsaxe Kommune" in m.subject for m in messages)

    visitor = browser.new_context(locale="da-DK").new_page()
    visitor.goto(f"{base}/bank")
    expect(visitor.locator("ol.bank-results").get_by_role("link", name="Madvenner")).to_be_visible()
    expect(visitor.get_by_role("link", name=EARLIER)).to_have_count(0)
    assert_accessible(visitor)
    visitor.get_by_label("Søg på dansk").fill("ældres måltider")
    visitor.get_by_role("button", name="Søg").click()
    expect(visitor.locator("mark").first).to_be_visible()
    assert_accessible(visitor)
    network_entry = db.session.scalar(
        select(BankEntry.proposal_id).where(BankEntry.title == EARLIER))
    response = visitor.goto(f"{base}/bank/entries/{network_entry}")
    assert response.status == 404
