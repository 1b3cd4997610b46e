"""Every page is under 200 KB on first load (an empty browser cache) and asks no other host.

Measured from what the browser transferred (headers and bodies, compressed where the server
compressed), on the published demo event, as the facilitator and as an anonymous visitor.
"""

from __future__ import annotations

from hackathon.demo.loader import DEMO_PASSWORD, load_demo
from hackathon.extensions import db

LIMIT_BYTES = 200 * 1024


def _pages(event_id: int, proposal_id: int) -> list[str]:
    base = f"/events/{event_id}"
    return [
        "/", f"{base}", f"{base}/proposals", f"/proposals/{proposal_id}",
        f"/proposals/{proposal_id}/edit", f"{base}/review", f"{base}/results",
        f"{base}/results/what-if", f"{base}/results/decisions", f"{base}/report/",
        f"{base}/live", f"{base}/live/projector", f"{base}/audit", f"{base}/people",
    ]


def _signed_in_state(browser, base: str) -> dict:
    """The cookies of a facilitator's session, to start empty-cache contexts signed in."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill("facilitator@demo.hackathon.dk")
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state("networkidle")
    state = context.storage_state()
    context.close()
    return state


def _first_load(browser, base: str, path: str, state: dict | None) -> tuple[int, list[str], int]:
    """(bytes transferred, foreign URLs, status) for one page in a context with no cache."""
    context = browser.new_context(storage_state=state)
    page = context.new_page()
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))
    main = page.goto(f"{base}{path}", wait_until="networkidle")
    total = 0
    foreign = []
    for request in requests:
        if not request.url.startswith(base) and not request.url.startswith("data:"):
            foreign.append(request.url)
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    status = main.status
    context.close()
    return total, foreign, status


def test_every_page_is_light_and_local_on_first_load(live_server, browser):
    base, _app = live_server
    result = load_demo("published")
    db.session.commit()
    event_id = result.event.id
    proposal_id = result.proposals[0].id
    weights = {}
    state = _signed_in_state(browser, base)
    for path in _pages(event_id, proposal_id):
        total, foreign, status = _first_load(browser, base, path, state)
        assert status == 200, (path, status)
        assert foreign == [], (path, foreign)
        weights[path] = total
    total, foreign, status = _first_load(browser, base, "/", None)
    assert status == 200 and foreign == []
    weights["/ (anonymous)"] = total
    heavy = {path: size for path, size in weights.items() if size > LIMIT_BYTES}
    assert heavy == {}, heavy
    # The figures, for bench/RESULTS.md (pytest -s shows them).
    for path, size in sorted(weights.items(), key=lambda item: -item[1]):
        print(f"{size / 1024:7.1f} KB  {path}")
