"""The follow-up of a prototype, in Danish: the facilitator publishes the decision, the
prototype appears, a process owner's contact person opens their personal link (the address is
cleaned) and records a done trial action with what was learned and a measurement; the
facilitator moves the stage to Incubation, is refused Acceleration with what is missing, and
puts the prototype on standby with a reason. axe checks every screen; at 390 px nothing
scrolls sideways."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from hackathon.demo.loader import DEMO_PASSWORD, load_demo
from hackathon.extensions import db
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_selection_flow import _decide


def _no_sideways_scroll(page) -> None:
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 844})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
    page.set_viewport_size({"width": 1280, "height": 900})


def test_prototype_follow_up_from_publication_to_standby(live_server, browser):
    base, app = live_server
    with app.test_request_context():
        demo = load_demo(stage="decision")
        db.session.commit()
        event_id = demo.event.id

    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/login")
    page.get_by_label("E-mail").fill(demo.facilitator.email)
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    _decide(page, base, event_id, "God Start", "Højest rangeret og robust i alle metoder.")
    _decide(page, base, event_id, "Familiens Broer", "Bredest tværsektoriel rækkevidde.")
    page.goto(f"{base}/events/{event_id}/results/decisions")
    page.get_by_role("button", name="Offentliggør beslutningen").click()
    expect(page.get_by_text("Beslutningen er offentliggjort.")).to_be_visible()

    # The prototype appears, reached from the event page.
    page.goto(f"{base}/events/{event_id}")
    page.get_by_role("link", name="Følg prototyperne").click()
    expect(page.get_by_role("heading", name="Prototyper", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("God Start")).click()
    expect(page.get_by_role("heading", name="God Start", level=1)).to_be_visible()
    expect(page.get_by_text("Højest rangeret og robust i alle metoder.")).to_be_visible()
    prototype_url = page.url
    assert_accessible(page)
    _no_sideways_scroll(page)

    # The facilitator copies a process owner's contact person's personal link.
    page.get_by_role("link", name="Kontaktpersoner og links").click()
    assert_accessible(page)
    link = page.locator("input.copy__input").first.input_value()
    assert "/prototypes/contact/" in link

    # The contact opens the link: signed in, the token leaves the address bar.
    contact_context = browser.new_context()
    contact = contact_context.new_page()
    contact.goto(link)
    assert contact.url.endswith("/prototypes/contact")
    assert_accessible(contact)
    contact.get_by_role("button", name="Åbn prototypen").click()
    expect(contact.get_by_role("heading", name="God Start", level=1)).to_be_visible()
    assert contact.url == prototype_url

    # A done trial action with what was learned.
    contact.get_by_role("link", name="Ny prøvehandling").click()
    expect(contact.get_by_text("Skriv aldrig borgeres navne.")).to_be_visible()
    contact.get_by_label("Status").select_option(label="Gennemført")
    contact.get_by_label("Hvad afprøves").fill("Fælles opstartsmøde med jordemoder og "
                                               "sundhedsplejerske")
    contact.get_by_label("Hvilke borgere").fill("Gravide i familieambulatoriet")
    contact.get_by_label("Antal borgere").fill("-2")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    contact.get_by_label("Gennemført den").fill(yesterday)
    contact.get_by_label("Hvad blev lært").fill("Familierne kom, når mødet lå ét sted.")
    contact.get_by_role("button", name="Gem prøvehandlingen").click()
    expect(contact.get_by_text("Skriv et tal på 0 eller mere.")).to_be_visible()
    expect(contact.get_by_label("Hvad blev lært")).to_have_value(
        "Familierne kom, når mødet lå ét sted.")
    assert_accessible(contact)
    contact.get_by_label("Antal borgere").fill("6")
    contact.get_by_role("button", name="Gem prøvehandlingen").click()
    expect(contact.get_by_text("Prøvehandlingen er gemt.")).to_be_visible()

    # An indicator and a measurement with a decimal comma.
    contact.get_by_role("link", name="Ny indikator").click()
    contact.get_by_label("Indikator").fill("Andel familier i forløb")
    contact.get_by_label("Enhed").fill("andel")
    contact.get_by_label("Mål", exact=True).fill("0,8")
    contact.get_by_role("button", name="Tilføj").click()
    contact.get_by_role("link", name=re.compile("Ny måling")).click()
    contact.get_by_label("Værdi").fill("0,5")
    contact.get_by_role("button", name="Tilføj").click()
    expect(contact.get_by_text("Målingen er tilføjet.")).to_be_visible()
    expect(contact.locator("section[aria-labelledby=indicators] table")).to_contain_text("0,5")
    assert_accessible(contact)
    _no_sideways_scroll(contact)
    contact_context.close()

    # The facilitator moves the stage to Incubation, then tries Acceleration.
    page.goto(prototype_url)
    expect(page.locator("section[aria-labelledby=timeline]")).to_contain_text("Fælles opstartsmøde")
    page.get_by_role("link", name="Skift fase").click()
    page.get_by_label("Ny fase").select_option(label="Inkubation")
    page.get_by_label("Hvorfor").fill("Første prøvehandling viste, at familierne kommer.")
    page.get_by_role("button", name="Registrér beslutningen").click()
    expect(page.get_by_text("Fasen er nu Inkubation.")).to_be_visible()
    page.get_by_role("link", name="Skift fase").click()
    page.get_by_label("Ny fase").select_option(label="Acceleration")
    page.get_by_label("Hvorfor").fill("Klar til at sprede")
    page.get_by_role("button", name="Registrér beslutningen").click()
    refusal = page.get_by_role("alert").filter(has_text="mangler den")
    expect(refusal).to_contain_text("angiv driftsejeren")
    expect(refusal).to_contain_text("en business case")
    expect(refusal).not_to_contain_text("prøvehandling med borgere")
    assert_accessible(page)

    # On standby: without a reason refused, then with one.
    page.goto(prototype_url)
    page.get_by_role("link", name="Skift status").click()
    page.get_by_label("Ny status").select_option(label="Sat i bero")
    page.get_by_role("button", name="Registrér beslutningen").click()
    expect(page.get_by_text("Dette felt er påkrævet.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Hvorfor").fill("Kommunen omprioriterer; finansiering til tre læger "
                                      "mangler.")
    restart = (date.today() + timedelta(days=120)).isoformat()
    page.get_by_label("Forventet genstart (sat i bero)").fill(restart)
    page.get_by_role("button", name="Registrér beslutningen").click()
    expect(page.get_by_text("Status er nu Sat i bero.")).to_be_visible()
    timeline = page.locator("section[aria-labelledby=timeline]")
    expect(timeline).to_contain_text("Kommunen omprioriterer")
    assert_accessible(page)
    _no_sideways_scroll(page)
    context.close()
