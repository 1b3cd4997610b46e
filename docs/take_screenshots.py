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


def main() -> None:
    """Serve the demo on a free port and photograph the main pages."""
    instance = tempfile.mkdtemp()
    os.environ["HACKATHON_INSTANCE_PATH"] = instance
    os.environ.pop("HACKATHON_DATABASE_URL", None)
    from flask_migrate import upgrade

    from hackathon import create_app
    from hackathon.demo.loader import DEMO_PASSWORD, load_demo
    from hackathon.extensions import db

    app = create_app()
    with app.app_context():
        upgrade()
        result = load_demo()
        db.session.commit()
        event_id, code, email = result.event.id, result.event.join_code, result.facilitator.email
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860}, locale="da-DK")
        page.goto(base + "/")
        page.screenshot(path=OUT / "forside.png", full_page=True)
        page.goto(base + "/login")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Log ind").click()
        page.goto(f"{base}/events/{event_id}")
        page.screenshot(path=OUT / "facilitator-arrangement.png", full_page=True)
        page.goto(f"{base}/events/{event_id}/proposals")
        page.screenshot(path=OUT / "forslag-oversigt.png")
        page.goto(f"{base}/events/{event_id}/review")
        page.screenshot(path=OUT / "kvalificering-fremdrift.png", full_page=True)
        page.goto(f"{base}/events/{event_id}/review/setup")
        page.screenshot(path=OUT / "kvalificering-opsaetning.png", full_page=True)
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
        browser.close()
    server.shutdown()
    print("\n".join(str(p.relative_to(OUT.parent.parent)) for p in sorted(OUT.glob("*.png"))))
    assert re.match(r"^[A-Z0-9]+$", code)


if __name__ == "__main__":
    main()
