"""Take the README's screenshots: the demo event in headless Chromium, in Danish.

Usage: .venv/bin/python docs/take_screenshots.py  (needs Chromium: apt-get install -y chromium)
Uses a temporary SQLite database; writes PNG files to docs/screenshots/.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

OUT = Path(__file__).resolve().parent / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def serve(stage: str):
    """The demo at ``stage`` in its own temporary instance, served on a free port."""
    os.environ["HACKATHON_INSTANCE_PATH"] = tempfile.mkdtemp()
    os.environ.pop("HACKATHON_DATABASE_URL", None)
    from flask_migrate import upgrade

    from hackathon import create_app
    from hackathon.demo.loader import load_demo
    from hackathon.extensions import db

    app = create_app()
    with app.app_context():
        upgrade()
        result = load_demo(stage)
        db.session.commit()
        ids = (result.event.id, result.event.join_code, result.facilitator.email)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}", app, ids


def sign_in(browser, base: str, email: str, **viewport):
    """A new page with the demo facilitator signed in."""
    from hackathon.demo.loader import DEMO_PASSWORD

    page = browser.new_page(viewport=viewport or {"width": 1280, "height": 860}, locale="da-DK")
    page.goto(base + "/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    return page


def bank_page(browser, base: str, email: str) -> None:
    """The knowledge bank: a search in Danish with facets and highlighted matches."""
    page = sign_in(browser, base, email)
    page.goto(f"{base}/bank?q=gravide")
    page.screenshot(path=OUT / "videnbank.png", full_page=True)


def decision_pages(browser) -> None:
    """The selection meeting: results, what-if, a decision, the report, the team's view."""
    server, base, app, (event_id, _code, email) = serve("published")
    page = sign_in(browser, base, email)
    page.goto(f"{base}/events/{event_id}/results")
    page.screenshot(path=OUT / "resultater.png", full_page=True)
    page.goto(f"{base}/events/{event_id}/results/what-if?w_feasibility=100"
              "&w_citizen_value=35&w_cross_sector_reach=1")
    page.screenshot(path=OUT / "hvad-nu-hvis.png", full_page=True)
    page.goto(f"{base}/events/{event_id}/results/decisions")
    page.screenshot(path=OUT / "beslutninger.png", full_page=True)
    page.goto(f"{base}/events/{event_id}/report/")
    page.screenshot(path=OUT / "beslutningsrapport.png")
    with app.app_context(), app.test_request_context(base_url=base):
        from hackathon.auth.services import person_by_email
        from hackathon.auth.tokens import reentry_token
        from hackathon.demo import content

        author_link = "/enter/" + reentry_token(person_by_email(content.PARTICIPANTS[0]["email"]))
    team = browser.new_page(viewport={"width": 1280, "height": 900}, locale="da-DK")
    team.goto(base + author_link)
    team.get_by_role("button", name="Fortsæt").click()
    team.goto(f"{base}/events/{event_id}")
    team.locator("#mine a").first.click()
    team.screenshot(path=OUT / "team-udfald.png")
    server.shutdown()


def main() -> None:
    """Serve the demo on a free port and photograph the main pages."""
    server, base, app, (event_id, code, email) = serve("qualification")
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860}, locale="da-DK")
        page.goto(base + "/")
        page.screenshot(path=OUT / "forside.png", full_page=True)
        bank_page(browser, base, email)
        page = sign_in(browser, base, email)
        page.goto(f"{base}/events/{event_id}")
        page.screenshot(path=OUT / "facilitator-arrangement.png", full_page=True)
        page.goto(f"{base}/events/{event_id}/proposals")
        page.screenshot(path=OUT / "forslag-oversigt.png")
        page.goto(f"{base}/events/{event_id}/review")
        page.screenshot(path=OUT / "kvalificering-fremdrift.png", full_page=True)
        page.goto(f"{base}/events/{event_id}/review/setup")
        page.screenshot(path=OUT / "kvalificering-opsaetning.png", full_page=True)
        page.goto(f"{base}/events/{event_id}/live")
        page.get_by_role("textbox", name="Meddelelse").fill(
            "15 minutter tilbage – husk at gemme jeres forslag")
        page.get_by_role("button", name="Vis meddelelsen").click()
        page.screenshot(path=OUT / "liveoverblik.png", full_page=True)
        screen = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="da-DK")
        screen.context.add_cookies(page.context.cookies())
        screen.goto(f"{base}/events/{event_id}/live/projector")
        screen.wait_for_timeout(2500)
        screen.screenshot(path=OUT / "projektor.png")
        with app.app_context(), app.test_request_context(base_url=base):
            from hackathon.auth.services import person_by_email
            from hackathon.auth.tokens import reentry_token
            from hackathon.demo import content

            reviewer_link = "/enter/" + reentry_token(
                person_by_email(content.REVIEWERS[4]["email"]))
            author = person_by_email(content.PARTICIPANTS[0]["email"])
            author_link = "/enter/" + reentry_token(author)
        reviewer = browser.new_page(viewport={"width": 1366, "height": 900}, locale="da-DK")
        reviewer.goto(base + reviewer_link)
        reviewer.get_by_role("button", name="Fortsæt").click()
        reviewer.goto(f"{base}/events/{event_id}/review/mine")
        reviewer.screenshot(path=OUT / "bedoemmer-liste.png")
        reviewer.locator(".review-item a").nth(5).click()
        reviewer.screenshot(path=OUT / "bedoemmer-pointgivning.png")
        writer = browser.new_page(viewport={"width": 1280, "height": 900}, locale="da-DK")
        writer.goto(base + author_link)
        writer.get_by_role("button", name="Fortsæt").click()
        writer.goto(f"{base}/events/{event_id}")
        writer.screenshot(path=OUT / "deltager-mine-forslag.png", full_page=True)
        writer.locator("#mine a").first.click()
        writer.screenshot(path=OUT / "forslag-laes.png")
        phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="da-DK")
        phone.goto(f"{base}/join?code={code}")
        phone.screenshot(path=OUT / "deltag-mobil.png")
        phone.get_by_role("button", name="Fortsæt").click()
        phone.get_by_label("Dit navn").fill("Rikke Holm")
        phone.get_by_role("button", name="Deltag i arrangementet").click()
        phone.screenshot(path=OUT / "deltager-fejl-mobil.png", full_page=True)
        server.shutdown()
        decision_pages(browser)
        browser.close()
    print("\n".join(str(p.relative_to(OUT.parent.parent)) for p in sorted(OUT.glob("*.png"))))
    assert re.match(r"^[A-Z0-9]+$", code)


if __name__ == "__main__":
    main()
