"""A messy event in the browser, in Danish (issue 11): one reviewer accepts before the round
opens, declares a conflict and scores; a second accepts late, after the round opened, scores
one proposal with an abstention (so a criterion has a single reviewer) and leaves another
unfinished; the facilitator closes the round with the warning ticked, decides and publishes.

Two parts are tests of their own: the results page with a single-reviewer criterion (item 1)
and the late reviewer's assignments at once (item 2)."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect
from sqlalchemy import select

from hackathon.auth.services import create_facilitator_account, create_person, grant_role
from hackathon.auth.tokens import invitation_token
from hackathon.enums import Phase, Role, Sector
from hackathon.events.services import change_phase, create_event, create_invitation
from hackathon.extensions import db
from hackathon.models import Organisation, Person
from hackathon.organisations.services import ensure_listed
from hackathon.proposals import services as proposal_services
from hackathon.proposals.values import clean_values
from hackathon.review import queries as review_queries
from hackathon.review import services as review_services

TITLES = ("Børnene med", "Familiens Broer", "God Start")
PASSWORD = "long password 123"


def _setup(app):
    """Three submitted proposals, an early and a late reviewer invited (links returned)."""
    facilitator = create_facilitator_account(email="fac@example.org", name="Mette Facilitator",
                                             password=PASSWORD)
    event = create_event(creator=facilitator, title="Rodet hackathon",
                         scoring_model_key="kvalificering")
    event.phase = Phase.SUBMISSION
    kommune = Organisation(name="Gladsaxe Kommune", sector=Sector.MUNICIPALITY)
    region = Organisation(name="Region Sjælland", sector=Sector.REGION)
    praksis = Organisation(name="Lægehuset Søborg", sector=Sector.GENERAL_PRACTICE)
    db.session.add_all([kommune, region, praksis])
    db.session.flush()
    for org in db.session.scalars(select(Organisation)).all():  # the event's list
        ensure_listed(event=event, organisation=org, added_by=None)
    author = create_person(name="Anne", email=None, title=None, organisation=kommune)
    grant_role(event=event, person=author, role=Role.PARTICIPANT)
    proposals = []
    for title in TITLES:
        proposal = proposal_services.start_proposal(event=event, author=author, title=title)
        clean, _ = clean_values({
            "summary": f"Resumé af {title}", "target_group": "Familier", "problem": "Problem",
            "problem_owner_id": str(kommune.id), "citizen_voice": "Interview",
            "evidence": "Sager", "evidence_kind": "both", "idea": "Idé", "goals": "Mål",
            "organisations": json.dumps([{"organisation_id": kommune.id,
                                          "process_owner": True, "contact": "Anne"}]),
            "trial_action_what": "Ti familier", "trial_action_where": "Gladsaxe",
            "trial_action_when": "2027-03-01", "value_citizens": "Værdi", "measurement": "Tal",
        })
        proposal_services.save_fields(proposal=proposal, author=author,
                                      base_version=proposal.version, values=clean)
        proposal_services.submit(proposal=proposal, author=author)
        proposals.append(proposal)
    early = create_invitation(event=event, role=Role.REVIEWER, name="Birgitte Bedømmer",
                              email=None, organisation=region, created_by=facilitator,
                              valid_days=14)
    late = create_invitation(event=event, role=Role.REVIEWER, name="Carl Sen",
                             email=None, organisation=praksis, created_by=facilitator,
                             valid_days=14)
    db.session.commit()
    with app.test_request_context():
        return event, invitation_token(early), invitation_token(late), proposals


def _sign_in(browser, base):
    page = browser.new_context(locale="da-DK").new_page()
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill("fac@example.org")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    return page


def _accept(browser, base, token):
    page = browser.new_context(locale="da-DK").new_page()
    page.goto(f"{base}/invite/{token}")
    page.get_by_role("button", name="Tag imod invitationen").click()
    expect(page.get_by_role("heading", name="Mine bedømmelser")).to_be_visible()
    return page


def _score(page, values: dict[str, str], button: str) -> None:
    """Pick a value per criterion ("0" is "don't know / abstain") and press ``button``."""
    for criterion, value in values.items():
        page.locator(f'input[name="c_{criterion}"]').first.focus()
        page.keyboard.press(value)
    # The save is a form post: wait for the page it leads to (under load it takes a while).
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def _open_round(facilitator, base, event_id):
    facilitator.goto(f"{base}/events/{event_id}")
    facilitator.get_by_role("button", name="Gå til: Kvalificering").click()
    expect(facilitator.locator(".phases__step--current")).to_contain_text("Kvalificering")


def test_messy_round_is_closed_with_the_warning_then_decided_and_published(
    live_server, browser
):
    base, app = live_server
    event, early_token, late_token, _proposals = _setup(app)
    event_id = event.id
    facilitator = _sign_in(browser, base)

    # Birgitte accepts before the round opens.
    birgitte = _accept(browser, base, early_token)
    _open_round(facilitator, base, event_id)

    # She declares a conflict on "God Start" and scores the other two completely.
    birgitte.goto(f"{base}/events/{event_id}/review/mine")
    expect(birgitte.locator(".big-number")).to_have_text("0 af 3")
    item = birgitte.locator(".review-item", has_text="God Start")
    item.get_by_text("Erklær dig inhabil").click()
    item.get_by_label("Hvorfor kan du ikke bedømme").fill("Jeg har rådgivet holdet")
    item.get_by_role("button", name="Erklær inhabilitet").click()
    expect(birgitte.locator(".alert--success")).to_contain_text("Inhabilitet registreret")
    expect(birgitte.locator(".big-number")).to_have_text("0 af 2")
    for title in TITLES[:2]:
        birgitte.get_by_role("link", name=title).click()
        _score(birgitte, {"feasibility": "4", "citizen_value": "4",
                          "cross_sector_reach": "3"}, "Færdig")
        expect(birgitte.locator(".alert--success")).to_contain_text("er færdig")
        birgitte.goto(f"{base}/events/{event_id}/review/mine")
    expect(birgitte.locator(".big-number")).to_have_text("2 af 2")

    # Carl accepts late, after the round opened; today the facilitator must hand out his
    # share with the button (issue 11 item 2, tested apart below).
    carl = _accept(browser, base, late_token)
    facilitator.goto(f"{base}/events/{event_id}/review")
    facilitator.get_by_role("button", name="Fordel nye bedømmere og forslag").click()
    carl.goto(f"{base}/events/{event_id}/review/mine")
    expect(carl.locator(".big-number")).to_have_text("0 af 3")
    # He completes "Børnene med" abstaining on cross-sector reach (so that criterion has a
    # single reviewer there) and leaves "Familiens Broer" unfinished.
    carl.get_by_role("link", name="Børnene med").click()
    _score(carl, {"feasibility": "5", "citizen_value": "3", "cross_sector_reach": "0"},
           "Færdig")
    expect(carl.locator(".alert--success")).to_contain_text("er færdig")
    carl.goto(f"{base}/events/{event_id}/review/mine")
    carl.get_by_role("link", name="Familiens Broer").click()
    _score(carl, {"feasibility": "2"}, "Gem som ikke færdig")
    expect(carl.locator(".alert--success")).to_be_visible()

    # Closing without the tick is refused and says why; with the tick it closes.
    facilitator.goto(f"{base}/events/{event_id}/review")
    facilitator.get_by_role("button", name="Luk runden, og gå til beslutningen").click()
    expect(facilitator.locator(".alert--error")).to_contain_text("Sæt flueben")
    facilitator.get_by_label("Luk runden, selvom nogle bedømmelser ikke er færdige").check()
    facilitator.get_by_role("button", name="Luk runden, og gå til beslutningen").click()
    expect(facilitator.get_by_text("Kvalificeringen er lukket.")).to_be_visible()

    # Decide (the decisions page by its address: today it is linked only from the results
    # page, which fails on this data — item 1, tested apart below) and publish.
    for title, rationale in (("Børnene med", "Bedst bedømt"), ("Familiens Broer", "Bred")):
        facilitator.goto(f"{base}/events/{event_id}/results/decisions")
        facilitator.get_by_role("link", name=re.compile(f"Beslut {title}")).click()
        facilitator.get_by_label("Udvalgt til afprøvning").check()
        facilitator.get_by_label("Begrundelse", exact=True).fill(rationale)
        facilitator.get_by_role("button", name="Gem beslutningen").click()
        expect(facilitator.get_by_text(f"Beslutningen om \"{title}\" er gemt.")).to_be_visible()
    facilitator.goto(f"{base}/events/{event_id}/results/decisions")
    facilitator.get_by_role("link", name=re.compile("Beslut God Start")).click()
    facilitator.get_by_label("Ikke udvalgt").check()
    facilitator.get_by_label("Begrundelse", exact=True).fill("Ikke nok bedømmelser")
    facilitator.get_by_role("button", name="Gem beslutningen").click()
    facilitator.goto(f"{base}/events/{event_id}/results/decisions")
    expect(facilitator.locator(".big-number")).to_contain_text("2 af 2 valgt")
    facilitator.get_by_role("button", name="Offentliggør beslutningen").click()
    expect(facilitator.get_by_text("Beslutningen er offentliggjort.")).to_be_visible()


def _thin_round_in_decision(app):
    """The round closed with data as thin as the main flow leaves it: Birgitte completed two
    proposals, Carl one with an abstention on cross-sector reach."""
    event, *_ = _setup(app)
    facilitator = db.session.scalar(select(Person).where(Person.email == "fac@example.org"))
    region, praksis = (db.session.scalar(select(Organisation).where(
        Organisation.name == name)) for name in ("Region Sjælland", "Lægehuset Søborg"))
    birgitte = create_person(name="Birgitte", email=None, title=None, organisation=region)
    carl = create_person(name="Carl", email=None, title=None, organisation=praksis)
    for person in (birgitte, carl):
        grant_role(event=event, person=person, role=Role.REVIEWER)
    change_phase(event=event, to_phase=Phase.QUALIFICATION, actor=facilitator,
                 confirm_back=False)
    model = review_queries.scoring_model(event)
    proposals = review_queries.submitted_proposals(event)
    for proposal in proposals[:2]:
        review_services.save_review(
            event=event, proposal=proposal, reviewer=birgitte, model=model, complete=True,
            scores={"feasibility": 4, "citizen_value": 4, "cross_sector_reach": 3},
            comment_internal="", comment_team="")
    review_services.save_review(
        event=event, proposal=proposals[0], reviewer=carl, model=model, complete=True,
        scores={"feasibility": 5, "citizen_value": 3, "cross_sector_reach": None},
        comment_internal="", comment_team="")
    change_phase(event=event, to_phase=Phase.DECISION, actor=facilitator,
                 confirm_back=False, confirmed=True)
    db.session.commit()
    return event


def test_results_page_shows_a_single_reviewer_criterion(live_server, browser):
    base, app = live_server
    event_id = _thin_round_in_decision(app).id
    facilitator = _sign_in(browser, base)
    facilitator.goto(f"{base}/events/{event_id}")
    facilitator.get_by_role("link", name="Resultater og beslutning").first.click()
    expect(facilitator.get_by_role("heading", name="Resultater", exact=True)).to_be_visible()
    expect(facilitator.locator(".results-table tbody tr")).to_have_count(2)
    expect(facilitator.get_by_text("Kun én bedømmer på et kriterium").first).to_be_visible()


def test_late_reviewer_has_their_share_at_once(live_server, browser):
    base, app = live_server
    event, _early_token, late_token, _proposals = _setup(app)
    event_id = event.id
    facilitator = _sign_in(browser, base)
    _open_round(facilitator, base, event_id)
    carl = _accept(browser, base, late_token)
    carl.goto(f"{base}/events/{event_id}/review/mine")
    expect(carl.locator(".big-number")).to_have_text("0 af 3", timeout=3000)
