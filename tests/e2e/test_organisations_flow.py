"""In Danish, at phone width: a facilitator builds the event's organisation list (add, import a
Danish Excel CSV, approve a participant's proposal, merge a duplicate); a participant picks only
from this event's list and proposes a missing organisation."""

from __future__ import annotations

from playwright.sync_api import expect

from hackathon.auth.services import create_facilitator_account, grant_role
from hackathon.enums import Phase, Role, Sector
from hackathon.events.services import create_event
from hackathon.extensions import db
from hackathon.models import Organisation
from hackathon.organisations.services import ensure_listed
from tests.e2e.conftest import assert_accessible


def _no_sideways_scroll(page, limit: int = 390) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    widest = page.evaluate(
        "limit => [...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > limit + 1)"
        ".map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)"
        ".slice(0, 8)", limit)
    assert width <= limit, f"the page is {width}px wide at {limit}px: {widest}"

def test_organisations_flow(live_server, browser, tmp_path):
    base, _app = live_server
    facilitator_account = create_facilitator_account(
        email="fac@example.org", name="Mette Facilitator", password="long password 123")
    event = create_event(creator=facilitator_account, title="Tværs 2027",
                         scoring_model_key="kvalificering")
    event.phase = Phase.SUBMISSION
    other = create_event(creator=facilitator_account, title="Gammelt arrangement",
                         scoring_model_key="kvalificering")
    typo = Organisation(name="Holbæk Komune", sector=Sector.MUNICIPALITY)
    db.session.add(typo)
    db.session.flush()
    ensure_listed(event=other, organisation=typo, added_by=None)
    grant_role(event=event, person=facilitator_account, role=Role.FACILITATOR)
    db.session.commit()
    join_code, event_id = event.join_code, event.id

    facilitator = browser.new_context(locale="da-DK", viewport={"width": 390, "height": 800})
    page = facilitator.new_page()
    page.goto(base + "/login")
    page.get_by_label("E-mail").fill("fac@example.org")
    page.get_by_label("Adgangskode").fill("long password 123")
    page.get_by_role("button", name="Log ind").click()
    page.goto(f"{base}/events/{event.id}/organisations")
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisationer")
    expect(page.get_by_text("Ingen organisationer endnu")).to_be_visible()
    assert_accessible(page)
    _no_sideways_scroll(page)

    page.get_by_label("Navn").fill("Holbæk Kommune")
    page.get_by_label("Sektor").select_option("municipality")
    page.get_by_role("button", name="Tilføj", exact=True).click()
    expect(page.locator(".alert--success")).to_contain_text("Holbæk Kommune")

    csv_file = tmp_path / "organisationer.csv"
    csv_file.write_bytes("Navn;Sektor\r\nRegion Sjælland;Region\r\nHolbæk Sygehus;Hospital\r\n"
                         "Lægehuset Ølby;Almen praksis\r\nForkert;Ministerium\r\n"
                         .encode("cp1252"))
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(str(csv_file))
    page.get_by_role("button", name="Læs filen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importér en liste")
    expect(page.get_by_text("Ukendt sektor")).to_be_visible()
    assert_accessible(page)
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Tilføj 3 organisationer").click()
    expect(page.locator(".alert--success")).to_contain_text("3 organisationer")

    participant = browser.new_context(locale="da-DK", viewport={"width": 390, "height": 800})
    ppage = participant.new_page()
    ppage.goto(base + "/")
    ppage.get_by_label("Deltagerkode").fill(join_code)
    ppage.get_by_role("button", name="Deltag").click()
    options = ppage.get_by_label("Eksisterende organisation").locator("option").all_inner_texts()
    assert any("Holbæk Kommune" in o for o in options)
    assert not any("Holbæk Komune" in o for o in options)  # another event's typo
    ppage.get_by_label("Dit navn").fill("Rikke Holm")
    ppage.get_by_label("…eller en ny organisation").fill("Holbæk Kommune, Familieafdelingen")
    ppage.get_by_label("Sektor for den nye organisation").select_option("municipality")
    ppage.get_by_role("button", name="Deltag i arrangementet").click()
    expect(ppage.get_by_role("heading", level=1)).to_have_text("Tværs 2027")

    page.goto(f"{base}/events/{event.id}/organisations")
    item = page.locator(".list__item", has_text="Familieafdelingen")
    expect(item).to_contain_text("Foreslået")
    assert_accessible(page)
    _no_sideways_scroll(page)
    item.get_by_role("link", name="Flet…").click()
    page.get_by_label("Flet ind i").select_option(label="Holbæk Kommune (Kommune)")
    page.get_by_role("button", name="Flet", exact=True).click()
    expect(page.locator(".alert--success")).to_contain_text("1 henvisninger flyttet")
    expect(page.locator(".list__item", has_text="Familieafdelingen")).to_have_count(0)
    expect(page.locator(".list__item", has_text="Holbæk Kommune")).to_contain_text("Brugt 1 gang")
    assert_accessible(page)
    _no_sideways_scroll(page)

    page.locator(".list__item", has_text="Holbæk Kommune").get_by_role(
        "link", name="Holbæk Kommune").click()
    expect(page.get_by_role("heading", name="Omdøb")).to_be_visible()
    assert_accessible(page)
    _no_sideways_scroll(page)
    # The smallest phones too.
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("", "/propose"):
        page.goto(f"{base}/events/{event_id}/organisations{path}")
        _no_sideways_scroll(page, 320)
