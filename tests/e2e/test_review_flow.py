"""A reviewer accepts the invitation, reads the rubric, scores three proposals with the
keyboard (abstaining once), declares a conflict on a fourth; the facilitator follows the
progress. Every screen is checked with axe."""

from __future__ import annotations

import json

from playwright.sync_api import expect
from sqlalchemy import select

from hackathon.auth.services import create_facilitator_account, create_person, grant_role
from hackathon.auth.tokens import invitation_token
from hackathon.enums import Phase, Role, Sector
from hackathon.events.services import create_event, create_invitation
from hackathon.extensions import db
from hackathon.models import Organisation
from hackathon.organisations.services import ensure_listed
from hackathon.proposals import services as proposal_services
from hackathon.proposals.values import clean_values
from tests.e2e.conftest import assert_accessible

TITLES = ("Børnene med", "Familiens Broer", "God Start", "Råd og ro i lægehuset")


def _setup(app):
    facilitator = create_facilitator_account(email="fac@example.org", name="Mette Facilitator",
                                             password="long password 123")
    event = create_event(creator=facilitator, title="Hackathon", scoring_model_key="kvalificering")
    event.phase = Phase.SUBMISSION
    kommune = Organisation(name="Gladsaxe Kommune", sector=Sector.MUNICIPALITY)
    region = Organisation(name="Region Sjælland", sector=Sector.REGION)
    db.session.add_all([kommune, region])
    db.session.flush()
    for org in db.session.scalars(select(Organisation)).all():  # the event's list
        ensure_listed(event=event, organisation=org, added_by=None)
    author = create_person(name="Anne", email=None, title=None, organisation=kommune)
    grant_role(event=event, person=author, role=Role.PARTICIPANT)
    for title in TITLES:
        proposal = proposal_services.start_proposal(event=event, author=author, title=title)
        clean, _ = clean_values({
            "summary": f"Resumé af {title}", "target_group": "Familier", "problem": "Problem",
            "problem_owner_id": str(kommune.id), "citizen_voice": "Interview",
            "evidence": "Sager", "evidence_kind": "both", "idea": "Idé", "goals": "Mål",
            "organisations": json.dumps([{"organisation_id": kommune.id,
                                          "process_owner": True, "contact": "Anne"}]),
            "trial_action_what": "Test", "trial_action_where": "Her",
            "trial_action_when": "2027-03-01", "value_citizens": "Værdi", "measurement": "Tal",
        })
        proposal_services.save_fields(proposal=proposal, author=author,
                                      base_version=proposal.version, values=clean)
        proposal_services.submit(proposal=proposal, author=author)
    invitation = create_invitation(event=event, role=Role.REVIEWER, name="Birgitte Bedømmer",
                                   email=None, organisation=region, created_by=facilitator,
                                   valid_days=14)
    db.session.commit()
    with app.test_request_context():
        token = invitation_token(invitation)
    return event, token


def test_reviewer_scores_with_keyboard_and_facilitator_follows(live_server, browser):
    base, app = live_server
    event, token = _setup(app)

    reviewer = browser.new_context(locale="da-DK").new_page()
    reviewer.goto(f"{base}/invite/{token}")
    expect(reviewer.get_by_role("heading", level=1)).to_contain_text("bedømmer")
    assert_accessible(reviewer)
    reviewer.get_by_role("button", name="Tag imod invitationen").click()
    expect(reviewer.get_by_role("heading", name="Mine bedømmelser")).to_be_visible()

    facilitator = browser.new_context(locale="da-DK").new_page()
    facilitator.goto(f"{base}/login")
    facilitator.get_by_label("E-mail").fill("fac@example.org")
    facilitator.get_by_label("Adgangskode").fill("long password 123")
    facilitator.get_by_role("button", name="Log ind").click()
    facilitator.goto(f"{base}/events/{event.id}/review/setup")
    expect(facilitator.get_by_role("cell", name="Gennemførlighed")).to_be_visible()
    assert_accessible(facilitator)
    facilitator.goto(f"{base}/events/{event.id}")
    facilitator.get_by_role("button", name="Gå til: Kvalificering").click()
    expect(facilitator.locator(".phases__step--current")).to_contain_text("Kvalificering")

    reviewer.reload()
    reviewer.get_by_role("link", name="Gå til mine bedømmelser").click()
    expect(reviewer.locator(".big-number")).to_have_text("0 af 4")
    assert_accessible(reviewer)
    reviewer.get_by_role("link", name=TITLES[0]).click()
    expect(reviewer.locator(".rubric").first).to_be_visible()  # the rubric beside the text
    assert_accessible(reviewer)

    for index, title in enumerate(TITLES[:3]):
        expect(reviewer.get_by_role("heading", level=1)).to_have_text(title)
        reviewer.locator('input[name="c_feasibility"]').first.focus()
        reviewer.keyboard.press("4")
        reviewer.locator('input[name="c_citizen_value"]').first.focus()
        reviewer.keyboard.press(str(5 - index))
        reviewer.locator('input[name="c_cross_sector_reach"]').first.focus()
        reviewer.keyboard.press("0" if index == 1 else "3")  # abstain once
        expect(reviewer.locator('input[name="c_feasibility"][value="4"]')).to_be_checked()
        reviewer.get_by_role("button", name="Færdig og næste").click()
        expect(reviewer.locator(".alert--success")).to_contain_text("er færdig")

    reviewer.goto(f"{base}/events/{event.id}/review/mine")
    expect(reviewer.locator(".big-number")).to_have_text("3 af 4")
    item = reviewer.locator(".review-item", has_text=TITLES[3])
    item.get_by_text("Erklær dig inhabil").click()
    item.get_by_label("Hvorfor kan du ikke bedømme").fill("Jeg har rådgivet holdet")
    item.get_by_role("button", name="Erklær inhabilitet").click()
    expect(reviewer.locator(".alert--success")).to_contain_text("Inhabilitet registreret")
    expect(reviewer.locator(".big-number")).to_have_text("3 af 3")
    assert_accessible(reviewer)

    facilitator.goto(f"{base}/events/{event.id}/review")
    expect(facilitator.locator(".big-number")).to_have_text("3 af 3 bedømmelser færdige")
    expect(facilitator.locator("#conflicts")).to_contain_text("Jeg har rådgivet holdet")
    expect(facilitator.locator(".scores")).to_have_count(0)  # no scores before the reveal
    assert_accessible(facilitator)
