"""axe over the pages issue 14 named, in Danish and in English: the dashboard's review table
and a read-only review (scrollable regions reachable by keyboard), the results page (every
landmark named once), the decision form and the people page (unique field names)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from hackathon.auth.tokens import reentry_token
from hackathon.demo.loader import DEMO_PASSWORD, load_demo
from hackathon.extensions import db
from hackathon.models import Person, Proposal, Review

# Checked whatever axe's impact: these were the findings of the issue.
NAMED_RULES = {"scrollable-region-focusable", "landmark-unique", "label", "region",
               "landmark-no-duplicate-main", "duplicate-id-aria", "aria-input-field-name"}


def axe_findings(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{page.url}: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical") or v["id"] in NAMED_RULES
    ]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_issue_pages_pass_axe_in_both_languages(live_server, browser, lang):
    base, app = live_server
    with app.test_request_context():
        demo = load_demo(stage="decision")
        event_id = demo.event.id
        god_start = db.session.scalar(select(Proposal).where(Proposal.title == "God Start"))
        review = db.session.scalar(select(Review).where(Review.proposal_id == god_start.id,
                                                        Review.completed_at.is_not(None)))
        reviewer = db.session.get(Person, review.reviewer_id)
        for person in (demo.facilitator, reviewer):
            person.language = lang
        db.session.commit()
        facilitator_email = demo.facilitator.email
        reviewer_link = f"{base}/enter/{reentry_token(reviewer)}"
        proposal_id = god_start.id

    findings: list[str] = []
    page = browser.new_context().new_page()
    page.set_viewport_size({"width": 900, "height": 700})  # narrow enough for tables to scroll
    page.goto(base + "/login")
    page.get_by_label("E-mail").fill(facilitator_email)
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    for path in ("/results", "/review", f"/results/decisions/{proposal_id}", "/people"):
        page.goto(f"{base}/events/{event_id}{path}")
        assert page.locator("html").get_attribute("lang") == lang
        findings += axe_findings(page)
    page.context.close()

    page = browser.new_context().new_page()
    page.set_viewport_size({"width": 900, "height": 700})
    page.goto(reviewer_link)
    page.get_by_role("button", name=re.compile("Fortsæt|Continue")).click()
    page.goto(f"{base}/events/{event_id}/review/proposals/{proposal_id}")
    assert page.locator("input[type=radio][disabled]").count() > 0  # the round is closed
    findings += axe_findings(page)
    page.context.close()
    assert not findings, "\n".join(findings)
