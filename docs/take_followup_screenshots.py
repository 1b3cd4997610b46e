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


def main() -> None:
    """The portfolio board (desktop and phone), the event's silent prototypes and a
    prototype's follow-up report."""
    server, base, app, (event_id, _code, email) = serve("published")
    OUT.mkdir(exist_ok=True)
    with app.app_context():
        from sqlalchemy import select

        from hackathon.extensions import db
        from hackathon.models import Prototype

        broer = db.session.scalar(select(Prototype.id).where(Prototype.title == "Familiens Broer"))
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
        browser.close()
    server.shutdown()
    for name in ("portefoeljetavle", "opfoelgningsrapport", "portefoeljetavle-mobil",
                 "stille-prototyper-mobil"):
        print(f"docs/screenshots/{name}.png")


if __name__ == "__main__":
    main()
