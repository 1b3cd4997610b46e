"""Take the README's follow-up screenshots: the published demo in headless Chromium, Danish.

Usage: .venv/bin/python docs/take_followup_screenshots.py  (needs Chromium)
Uses a temporary SQLite database (see take_screenshots.py); writes PNG files to
docs/screenshots/.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from take_screenshots import ARGS, OUT, serve, sign_in  # noqa: E402


def _writing_event(app, base: str) -> tuple[int, str]:
    """A second event still in submission, with one team's draft: (proposal id, the
    author's personal link)."""
    with app.app_context(), app.test_request_context(base_url=base):
        from hackathon.auth.services import create_person, grant_role, person_by_email
        from hackathon.auth.tokens import reentry_token
        from hackathon.demo import content
        from hackathon.enums import Phase, Role
        from hackathon.events.services import create_event
        from hackathon.extensions import db
        from hackathon.organisations.services import ensure_listed
        from hackathon.proposals.services import save_fields, start_proposal

        facilitator = person_by_email(content.FACILITATOR["email"])
        event = create_event(creator=facilitator, title="Sundhed i nærmiljøet 2027",
                             scoring_model_key="kvalificering")
        event.phase = Phase.SUBMISSION
        db.session.flush()
        author = create_person(name="Mette Holm", email=None, title="Sundhedsplejerske",
                               organisation=facilitator.organisation)
        if facilitator.organisation is not None:
            ensure_listed(event=event, organisation=facilitator.organisation, added_by=None)
        grant_role(event=event, person=author, role=Role.PARTICIPANT)
        proposal = start_proposal(event=event, author=author, title="Sundhedsplejen møder fædrene")
        save_fields(proposal=proposal, author=author, base_version=proposal.version, values={
            "summary": "Fædre inviteres med til de første besøg, også om aftenen.",
            "problem": "Mange fædre oplever sig som gæster i sundhedsplejen og falder fra.",
        })
        db.session.commit()
        return proposal.id, "/enter/" + reentry_token(author)


def main() -> None:
    """The portfolio board (desktop and phone), the event's silent prototypes, a prototype's
    page and follow-up report, the event's organisations, the paced reveal on the projector
    and the proposal form on a phone."""
    server, base, app, (event_id, _code, email) = serve("published")
    OUT.mkdir(exist_ok=True)
    with app.app_context():
        from sqlalchemy import select

        from hackathon.extensions import db
        from hackathon.models import Prototype

        broer = db.session.scalar(select(Prototype.id).where(Prototype.title == "Familiens Broer"))
    draft, author_link = _writing_event(app, base)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = sign_in(browser, base, email, width=1366, height=900)
        page.goto(f"{base}/portfolio")
        page.screenshot(path=OUT / "portefoeljetavle.png", full_page=True)
        page.goto(f"{base}/prototypes/{broer}/report")
        page.evaluate("document.querySelector('figure.fu-indicator').scrollIntoView()")
        page.screenshot(path=OUT / "opfoelgningsrapport.png")
        phone = sign_in(browser, base, email, width=390, height=844)
        phone.goto(f"{base}/portfolio?stage=incubation")
        phone.locator("#stage-incubation").scroll_into_view_if_needed()
        phone.screenshot(path=OUT / "portefoeljetavle-mobil.png")
        phone.goto(f"{base}/events/{event_id}")
        phone.locator("#silent-heading").scroll_into_view_if_needed()
        phone.screenshot(path=OUT / "stille-prototyper-mobil.png")
        page.goto(f"{base}/prototypes/{broer}")
        page.screenshot(path=OUT / "prototype.png")
        page.goto(f"{base}/events/{event_id}/organisations")
        page.screenshot(path=OUT / "organisationer.png")
        # The paced reveal: started, then one place shown; the projector shows that place.
        page.goto(f"{base}/events/{event_id}/live")
        page.on("dialog", lambda dialog: dialog.accept())  # "Start the reveal … now?"
        page.locator("form[action$='/live/reveal'] button[type=submit]").first.click()
        page.locator("form[action$='/live/reveal/next'] button[type=submit]").first.click()
        screen = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="da-DK")
        screen.context.add_cookies(page.context.cookies())
        screen.goto(f"{base}/events/{event_id}/live/projector")
        screen.wait_for_timeout(2500)
        screen.screenshot(path=OUT / "afsloering-trinvis.png")
        writer = browser.new_page(viewport={"width": 390, "height": 844}, locale="da-DK")
        writer.goto(base + author_link)
        writer.get_by_role("button", name="Fortsæt").click()
        writer.goto(f"{base}/proposals/{draft}/edit")
        writer.wait_for_timeout(500)
        writer.screenshot(path=OUT / "forslag-mobil.png")
        browser.close()
    server.shutdown()
    for name in ("portefoeljetavle", "opfoelgningsrapport", "portefoeljetavle-mobil",
                 "stille-prototyper-mobil", "prototype", "organisationer",
                 "afsloering-trinvis", "forslag-mobil"):
        print(f"docs/screenshots/{name}.png")


if __name__ == "__main__":
    main()
