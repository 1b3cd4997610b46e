"""The live event in a browser: the projector shows a QR code of the join address, follows a
submission within 3 s, survives a network drop, and shows results only after the
facilitator's reveal, one place at a time as the facilitator paces it (from the dashboard or
a key press on the projector); the dashboard and the projector pass axe."""

from __future__ import annotations

import io
import json

import zxingcpp
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from hackathon.auth.services import create_facilitator_account, create_person, grant_role
from hackathon.enums import Phase, Role, Sector
from hackathon.events.services import change_phase, create_event
from hackathon.extensions import db
from hackathon.models import Organisation
from hackathon.organisations.services import ensure_listed
from hackathon.proposals import services as proposal_services
from hackathon.proposals.values import clean_values
from hackathon.review import queries as review_queries
from hackathon.review import services as review_services
from tests.e2e.conftest import assert_accessible

PASSWORD = "long password 123"
SCORES = {"Familiens Broer": 5, "God Start": 4, "Børnene med": 1}


def _setup(with_reviews: bool):
    facilitator = create_facilitator_account(email="fac@example.org", name="Mette Facilitator",
                                             password=PASSWORD)
    event = create_event(creator=facilitator, title="Velfærdsdagen",
                         scoring_model_key="kvalificering", selection_quota=2)
    event.phase = Phase.SUBMISSION
    kommune = Organisation(name="Gladsaxe Kommune", sector=Sector.MUNICIPALITY)
    region = Organisation(name="Region Sjælland", sector=Sector.REGION)
    db.session.add_all([kommune, region])
    db.session.flush()
    for org in db.session.scalars(select(Organisation)).all():  # the event's list
        ensure_listed(event=event, organisation=org, added_by=None)
    author = create_person(name="Anne Andersen", email=None, title=None, organisation=kommune)
    grant_role(event=event, person=author, role=Role.PARTICIPANT)
    proposals = []
    for title in SCORES:
        proposal = proposal_services.start_proposal(event=event, author=author, title=title)
        clean, _ = clean_values({
            "summary": "Resumé", "target_group": "Familier", "problem": "Problem",
            "problem_owner_id": str(kommune.id), "citizen_voice": "Interview",
            "evidence": "Sager", "evidence_kind": "both", "idea": "Idé", "goals": "Mål",
            "organisations": json.dumps([
                {"organisation_id": kommune.id, "process_owner": True, "contact": "Anne"},
                {"organisation_id": region.id, "process_owner": False, "contact": ""}]),
            "trial_action_what": "Test", "trial_action_where": "Her",
            "trial_action_when": "2027-03-01", "value_citizens": "Værdi", "measurement": "Tal",
        })
        proposal_services.save_fields(proposal=proposal, author=author,
                                      base_version=proposal.version, values=clean)
        proposals.append(proposal)
    db.session.commit()
    if with_reviews:
        for proposal in proposals:
            proposal_services.submit(proposal=proposal, author=author)
        reviewers = [create_person(name=f"Bedømmer {i}", email=None, title=None,
                                   organisation=None) for i in range(2)]
        for reviewer in reviewers:
            grant_role(event=event, person=reviewer, role=Role.REVIEWER)
        db.session.commit()
        change_phase(event=event, to_phase=Phase.QUALIFICATION, actor=facilitator,
                     confirm_back=False)
        model = review_queries.scoring_model(event)
        for reviewer in reviewers:
            for proposal in proposals:
                value = SCORES[proposal.title]
                review_services.save_review(
                    event=event, proposal=proposal, reviewer=reviewer,
                    scores={c: value for c in model.criterion_keys}, comment_internal="",
                    comment_team="", complete=True, model=model)
        event.phase = Phase.DECISION
        db.session.commit()
    return event, author, proposals


def _sign_in(page, base):
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill("fac@example.org")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()


def _decode_qr(locator) -> str:
    image = Image.open(io.BytesIO(locator.screenshot()))
    results = zxingcpp.read_barcodes(image)
    assert results, "no QR code found in the screenshot"
    return results[0].text


def test_projector_shows_join_qr_follows_submission_and_recovers(live_server, browser):
    base, app = live_server
    event, author, proposals = _setup(with_reviews=False)

    facilitator = browser.new_context(locale="da-DK").new_page()
    _sign_in(facilitator, base)
    facilitator.goto(f"{base}/events/{event.id}/live")
    expect(facilitator.get_by_role("heading", level=1)).to_have_text("Liveoverblik")
    assert_accessible(facilitator)
    facilitator.get_by_role("button", name="Lav en projektoradresse").click()
    projector_url = facilitator.locator("#projector-link").input_value()
    assert "token=" in projector_url

    screen_context = browser.new_context(locale="da-DK", viewport={"width": 1600, "height": 900})
    screen = screen_context.new_page()
    screen.goto(projector_url)
    expect(screen.locator("#p-count-drafted")).to_have_text("3")
    expect(screen.locator("#p-count-submitted")).to_have_text("0")
    assert _decode_qr(screen.locator("#p-qr svg")) == f"{base}/join?code={event.join_code}"
    assert_accessible(screen)

    # A participant submits: the projector shows it within 3 seconds.
    proposal_services.submit(proposal=proposals[0], author=author)
    db.session.commit()
    expect(screen.locator("#p-count-submitted")).to_have_text("1", timeout=3000)
    expect(screen.locator("#p-count-drafted")).to_have_text("2", timeout=3000)

    # The facilitator's announcement appears on the projector.
    facilitator.get_by_role("textbox", name="Meddelelse").fill("15 minutter tilbage")
    facilitator.get_by_role("button", name="Vis meddelelsen").click()
    expect(screen.locator("#p-announcement-text")).to_have_text("15 minutter tilbage",
                                                                 timeout=3000)

    # The network drops: the page says so, then recovers by itself.
    screen_context.set_offline(True)
    expect(screen.locator("#p-status")).to_have_text("Forbindelsen er tabt – prøver igen",
                                                     timeout=6000)
    proposal_services.submit(proposal=proposals[1], author=author)
    db.session.commit()
    screen_context.set_offline(False)
    expect(screen.locator("#p-status")).to_have_text("", timeout=12000)
    expect(screen.locator("#p-count-submitted")).to_have_text("2", timeout=3000)

    # A new address revokes the old one; the page says so.
    facilitator.goto(f"{base}/events/{event.id}/live")
    facilitator.once("dialog", lambda dialog: dialog.accept())
    facilitator.get_by_role("button", name="Lav en ny adresse").click()
    expect(facilitator.locator("#projector-link")).not_to_have_value(projector_url)
    expect(screen.locator("#p-status")).to_contain_text("virker ikke længere", timeout=5000)


def test_projector_shows_results_only_after_the_reveal(live_server, browser):
    base, app = live_server
    event, _author, _proposals = _setup(with_reviews=True)

    facilitator = browser.new_context(locale="da-DK").new_page()
    _sign_in(facilitator, base)
    # The projector runs in its own window (a background tab's timers would be throttled),
    # opened with the facilitator's session rather than a token.
    screen = browser.new_context(locale="da-DK", viewport={"width": 1600, "height": 900}).new_page()
    _sign_in(screen, base)
    screen.goto(f"{base}/events/{event.id}/live/projector")
    expect(screen.locator("#p-count-reviews")).to_have_text("6")
    expect(screen.locator("#p-reveal")).to_be_hidden()
    for title in SCORES:
        assert title not in screen.content()

    facilitator.goto(f"{base}/events/{event.id}/live")
    assert_accessible(facilitator)
    facilitator.once("dialog", lambda dialog: dialog.accept())
    facilitator.get_by_role("button", name="Start afsløringen").click()
    expect(facilitator.get_by_role("button", name="Skjul resultaterne")).to_be_visible()

    # Started: the heading is up, no place yet; the facilitator says a few words first.
    expect(screen.locator("#p-reveal")).to_be_visible(timeout=3000)
    items = screen.locator("#p-reveal-list .reveal__item")
    expect(items).to_have_count(0)
    assert "God Start" not in screen.content()

    # From the facilitator's laptop: the next place (the last place comes first).
    facilitator.get_by_role("button", name="Vis den næste plads").click()
    expect(facilitator.get_by_text("1 af 2 pladser vist.")).to_be_visible()
    expect(items).to_have_count(1, timeout=3000)
    expect(items.nth(0)).to_contain_text("God Start")
    assert "Familiens Broer" not in screen.content()

    # On the projector itself (the facilitator's session): the space bar shows the next.
    screen.keyboard.press("Space")
    expect(items).to_have_count(2, timeout=3000)
    expect(screen.locator("#p-reveal-list .reveal__item.is-shown")).to_have_count(2,
                                                                                   timeout=3000)
    expect(items.nth(0)).to_contain_text("Familiens Broer")
    expect(items.nth(1)).to_contain_text("God Start")
    assert "Børnene med" not in screen.content()
    screen.wait_for_timeout(1200)  # let the last fade-in finish before axe measures contrast
    assert_accessible(screen)
    facilitator.reload()
    expect(facilitator.get_by_text("2 af 2 pladser vist.")).to_be_visible()
    assert facilitator.get_by_role("button", name="Vis den næste plads").count() == 0
