"""Every page a person can reach works on a phone: 320 and 390 px wide, no sideways scroll.

Each role signs in on the demo (the published event, and the qualification round under way)
and visits its pages at both widths; the page may not be wider than the window
(``scrollWidth <= innerWidth``). A wide table may scroll inside its own container, which then
is a focusable, named region so keyboard users can scroll it too. On the proposal form the
save status stays in view at the top and the bottom of the page, and the way to submission is
one tap from the top.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from hackathon.auth.services import create_person, grant_role
from hackathon.auth.tokens import reentry_token
from hackathon.demo.loader import DEMO_PASSWORD, load_demo
from hackathon.enums import Phase, ProposalStatus, Role
from hackathon.extensions import db
from hackathon.models import EventRole, Person, utcnow
from tests.e2e.conftest import assert_accessible

WIDTHS = (320, 390)
HEIGHT = 640

# What stands out past the right edge (outside any scroll container), and which scrolling
# containers cannot be reached with the keyboard.
MEASURE = """() => {
  const width = window.innerWidth;
  const doc = document.documentElement;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (typeof el.className === "string" && el.className.trim()
      ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const scrolls = (el) =>
    ["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(el).overflowX);
  const wide = [];
  if (doc.scrollWidth > width) {
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 0.5) continue;
      let parent = el.parentElement, inside = false;
      while (parent && parent !== document.body) {
        if (scrolls(parent)) { inside = true; break; }
        parent = parent.parentElement;
      }
      if (!inside) wide.push(describe(el) + " right=" + Math.round(box.right));
    }
  }
  const unreachable = [];
  for (const el of document.body.querySelectorAll("*")) {
    const style = getComputedStyle(el).overflowX;
    if ((style === "auto" || style === "scroll") && el.scrollWidth > el.clientWidth + 1) {
      const named = el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
      if (el.tabIndex < 0 || !named || el.getAttribute("role") !== "region") {
        unreachable.push(describe(el));
      }
    }
  }
  return {scrollWidth: doc.scrollWidth, innerWidth: width, wide: wide.slice(0, 6),
          unreachable: unreachable};
}"""


def _assert_fits(page, label: str) -> None:
    result = page.evaluate(MEASURE)
    assert result["scrollWidth"] <= result["innerWidth"], (label, result)
    assert result["unreachable"] == [], (label, result)


# Links that are files, sign-in links or other people's addresses, not pages to lay out.
SKIP = re.compile(r"\.(csv|pdf|xlsx|json|ods)$|/export|/enter/|/invite/|/static/|/healthz|/data$")
LINKS = """() => [...document.querySelectorAll("a[href]")]
  .map(a => a.href).filter(h => h.startsWith(location.origin))
  .map(h => h.slice(location.origin.length).split("#")[0])"""


def _visit_all(page, base: str, paths: list[str], who: str) -> dict[str, int]:
    """Open each path and every page linked from them, at each width: none is wider than
    the window. Returns the page width per path (for the report)."""
    todo = list(dict.fromkeys(paths))
    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    for path in list(todo):
        page.goto(f"{base}{path}")
        for link in page.evaluate(LINKS):
            if link and link not in todo and not SKIP.search(link.split("?")[0]):
                todo.append(link)
    print(f"{who}: {len(todo)} pages")  # pytest -s shows how much was walked
    widths = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        for path in todo:
            response = page.goto(f"{base}{path}")
            assert response is not None and response.status == 200, (who, path, response)
            page.wait_for_load_state("load")
            _assert_fits(page, f"{who} {path} at {width} px")
            widths[path] = max(widths.get(path, 0), page.evaluate(
                "document.documentElement.scrollWidth"))
    return widths


def _facilitator(browser, base: str):
    page = browser.new_context(locale="da-DK").new_page()
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill("facilitator@demo.hackathon.dk")
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state("load")
    return page


def _by_link(browser, base: str, person: Person):
    """A participant, reviewer or observer signs in with their personal link."""
    page = browser.new_context(locale="da-DK").new_page()
    page.goto(f"{base}/enter/{reentry_token(person)}")
    page.get_by_role("button", name="Fortsæt").click()
    page.wait_for_load_state("load")
    return page


def _person_with_role(event, role: Role) -> Person:
    return db.session.scalars(
        select(Person).join(EventRole, EventRole.person_id == Person.id)
        .where(EventRole.event_id == event.id, EventRole.role == role).order_by(Person.id)
    ).first()


def _author_of(proposal) -> Person:
    return proposal.authors[0].person


def test_published_demo_fits_narrow_screens_for_every_role(live_server, browser):
    base, _app = live_server
    result = load_demo("published")
    observer = create_person(name="Olga Observatør", email=None, title="analytiker",
                             organisation=result.facilitator.organisation)
    grant_role(event=result.event, person=observer, role=Role.OBSERVER)
    db.session.commit()
    event, proposal = result.event, result.proposals[0]
    e, p = f"/events/{event.id}", proposal.id
    reviewer = _person_with_role(event, Role.REVIEWER)
    author = _author_of(proposal)

    facilitator_pages = [
        "/", e, f"{e}/edit", f"{e}/people", f"{e}/live", f"{e}/live/projector",
        f"{e}/proposals", f"/proposals/{p}", f"/proposals/{p}/history",
        f"{e}/review", f"{e}/review/setup", f"{e}/results", f"{e}/results/what-if",
        f"{e}/results/decisions", f"{e}/results/decisions/{p}", f"{e}/results/outbox",
        f"{e}/report/", f"{e}/audit", "/me/sessions",
    ]
    widest = _visit_all(_facilitator(browser, base), base, facilitator_pages, "facilitator")
    participant_pages = ["/", e, f"/proposals/{p}", f"/proposals/{p}/history", "/me/link"]
    widest |= _visit_all(_by_link(browser, base, author), base, participant_pages,
                         "participant")
    reviewer_pages = [e, f"{e}/review/mine", f"{e}/review/proposals/{p}"]  # read-only now
    widest |= _visit_all(_by_link(browser, base, reviewer), base, reviewer_pages, "reviewer")
    observer_pages = ["/", e, "/me/link", "/me/sessions"]
    widest |= _visit_all(_by_link(browser, base, observer), base, observer_pages, "observer")
    anonymous = browser.new_context(locale="da-DK").new_page()
    widest |= _visit_all(anonymous, base, ["/", "/join", "/login"], "signed out")
    assert max(widest.values()) <= max(WIDTHS)


def test_round_under_way_fits_narrow_screens(live_server, browser):
    base, _app = live_server
    result = load_demo("qualification")
    db.session.commit()
    event, proposal = result.event, result.proposals[0]
    e, p = f"/events/{event.id}", proposal.id
    reviewer = _person_with_role(event, Role.REVIEWER)

    facilitator = _facilitator(browser, base)
    _visit_all(facilitator, base,
               [e, f"{e}/live", f"{e}/review", f"{e}/results", f"{e}/people"], "facilitator")
    facilitator.goto(f"{base}{e}/live")  # tables that scroll in their own named regions
    assert_accessible(facilitator)
    _visit_all(_by_link(browser, base, reviewer), base,
               [e, f"{e}/review/mine", f"{e}/review/proposals/{p}"], "reviewer")
    _visit_all(_by_link(browser, base, _author_of(proposal)), base,
               [e, f"/proposals/{p}"], "participant")
    # A newcomer follows the join link (QR code) to the profile step.
    newcomer = browser.new_context(locale="da-DK").new_page()
    for width in WIDTHS:
        newcomer.set_viewport_size({"width": width, "height": HEIGHT})
        newcomer.goto(f"{base}/join?code={event.join_code}")
        expect(newcomer.get_by_role("heading", level=1)).to_have_text("Hvem er du?")
        _assert_fits(newcomer, f"join profile at {width} px")
        newcomer.get_by_role("button", name="Deltag i arrangementet").click()  # errors shown
        expect(newcomer.locator(".field__error").first).to_be_visible()
        _assert_fits(newcomer, f"join profile with errors at {width} px")


@pytest.fixture
def form_on_phone(live_server):
    """The demo event back in submission, one team's proposal a draft missing a field."""
    base, _app = live_server
    result = load_demo("qualification")
    event, proposal = result.event, result.proposals[0]
    event.phase = Phase.SUBMISSION
    event.submission_deadline = utcnow() + timedelta(hours=2)
    proposal.status = ProposalStatus.DRAFT
    proposal.submitted_at = None
    proposal.trial_action_what = ""
    db.session.commit()
    return base, event.id, proposal.id, _author_of(proposal)


def _in_view(page, selector: str) -> bool:
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
           return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }""",
        selector,
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_proposal_form_on_a_phone(form_on_phone, browser, width):
    base, event_id, proposal_id, author = form_on_phone
    page = _by_link(browser, base, author)
    if width == WIDTHS[0]:  # the participant's pages while submission is open, both widths
        _visit_all(page, base, [f"/events/{event_id}", f"/events/{event_id}/proposals/join",
                                f"/proposals/{proposal_id}/edit"], "participant")
    page.set_viewport_size({"width": width, "height": HEIGHT})
    page.goto(f"{base}/proposals/{proposal_id}/edit")
    expect(page.locator("#proposal-form[data-autosave-ready]")).to_have_count(1)
    _assert_fits(page, f"proposal form at {width} px")
    assert_accessible(page)
    # Every label, input and the status lie inside the window.
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('#proposal-form label, #proposal-form input,'
             + ' #proposal-form select, #proposal-form textarea, #save-status')]
           .filter(el => el.getBoundingClientRect().width > 0)
           .filter(el => { const r = el.getBoundingClientRect();
                           return r.left < 0 || r.right > window.innerWidth + 0.5; })
           .map(el => el.name || el.id || el.textContent.slice(0, 30))"""
    )
    assert overflowing == []

    # The save status stays in view at the top, in the middle and at the very bottom.
    assert _in_view(page, "#save-status")
    page.get_by_label("Idéen").fill("Én fælles indgang for familien, skrevet på telefonen.")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight / 2)")
    assert _in_view(page, "#save-status")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert _in_view(page, "#save-status")
    expect(page.locator("#save-status")).to_contain_text("Gemt", timeout=15_000)
    page.evaluate("window.scrollTo(0, 0)")
    assert _in_view(page, "#save-status")

    # From the top, one tap leads to what is missing and the submit button.
    next_step = page.get_by_role("link", name="Gå til indsendelse")
    assert _in_view(page, ".save-bar__next")
    next_step.click()
    expect(page.locator("#missing-list")).to_contain_text("Hvad afprøves med borgerne?")
    submit = page.get_by_role("button", name="Send ind til kvalificering")
    expect(submit).to_be_in_viewport()
    assert _in_view(page, "#save-status")  # still in view over the submission panel
    # The missing field's link brings the field into view, not under the status bar.
    page.locator("#missing-list a").first.click()
    field = page.locator("#f-trial_action_what")
    expect(field).to_be_in_viewport()
    box, bar = field.bounding_box(), page.locator(".save-bar").bounding_box()
    assert box["y"] >= bar["y"] + bar["height"] - 1
