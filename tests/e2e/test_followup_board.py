"""The portfolio board in a browser, in Danish: the published demo's two prototypes, the
filters without JavaScript, axe clean, and no sideways scroll at 390 and 320 px."""

from __future__ import annotations

from hackathon.demo.loader import DEMO_PASSWORD, load_demo
from hackathon.extensions import db
from tests.e2e.conftest import assert_accessible


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    client = page.evaluate("document.documentElement.clientWidth")
    assert width <= client, f"page is {width}px wide in a {client}px window"


def test_board_in_danish_is_accessible_and_fits_a_phone(live_server, browser):
    base, _app = live_server
    demo = load_demo("published")
    db.session.commit()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    page = context.new_page()
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill(demo.facilitator.email)
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state("networkidle")

    page.goto(f"{base}/portfolio")
    assert page.get_by_role("heading", name="Porteføljetavle").is_visible()
    incubation = page.locator("section", has=page.locator("#stage-incubation"))
    card = incubation.locator(".board-card", has_text="Familiens Broer")
    assert card.is_visible()
    assert "Sat i bero" in card.inner_text() and "630.000 kr." in card.inner_text()
    assert "Stille" in card.inner_text()
    discovery = page.locator("section", has=page.locator("#stage-discovery"))
    assert "God Start" in discovery.inner_text()
    assert_accessible(page)

    # The filter is a plain GET form.
    page.get_by_label("DIA-fase").select_option("incubation")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_load_state("networkidle")
    assert "stage=incubation" in page.url
    # Familiens Broer, and the knowledge bank's earlier events' prototypes in Incubation;
    # God Start (in Discovery) is filtered out.
    shown = page.locator(".board-card").all_inner_texts()
    assert any("Familiens Broer" in text for text in shown)
    assert not any("God Start" in text for text in shown)
    assert page.locator("#stage-discovery .board-card").count() == 0

    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{base}/portfolio")
        _no_sideways_scroll(page)
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{base}/events/{demo.event.id}")
    assert page.get_by_role("heading", name="Stille prototyper").is_visible()
    _no_sideways_scroll(page)
    prototype_id = page.evaluate(
        "document.querySelector('#silent-heading ~ ul a').getAttribute('href')").rsplit("/", 1)[1]
    page.goto(f"{base}/prototypes/{prototype_id}/report")
    assert page.get_by_role("heading", name="Opfølgningsrapport").is_visible()
    assert page.locator("svg.chart").count() >= 2
    _no_sideways_scroll(page)
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    _no_sideways_scroll(page)
    context.close()
