"""Reloading the proposal form without a connection: the service worker's kept copy opens,
with the text kept in the browser, a clear "no connection" notice and the status that the text
is safe in this browser. The kept copy belongs to one signed-in session only.

Service workers run on http://127.0.0.1 in Chromium (a secure context), so the live server is
enough here; on a plain-http venue LAN none runs and localStorage alone keeps the text.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from hackathon.auth.tokens import reentry_token
from hackathon.demo.loader import load_demo
from hackathon.enums import Phase
from hackathon.extensions import db
from hackathon.models import Proposal, utcnow

KEPT_PAGES = """() => caches.open("hackathon-pages-v1")
  .then(cache => cache.keys()).then(keys => keys.map(k => new URL(k.url).pathname))"""
SAFE = "Din tekst gemmes i denne browser"


@pytest.fixture
def open_form(live_server):
    """The demo event in submission; two authors of different proposals."""
    base, _app = live_server
    result = load_demo("qualification")
    event = result.event
    event.phase = Phase.SUBMISSION
    event.submission_deadline = utcnow() + timedelta(hours=2)
    db.session.commit()
    first, second = result.proposals[0], result.proposals[1]
    return base, first.id, first.authors[0].person, second.authors[0].person


def _sign_in(page, base, person):
    page.goto(f"{base}/enter/{reentry_token(person)}")
    page.get_by_role("button", name="Fortsæt").click()
    page.wait_for_load_state("load")


def _wait_until_kept(page, path):
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function(
        f"""() => caches.open("hackathon-pages-v1").then(c => c.match("{path}")).then(Boolean)""",
        polling=200, timeout=15_000,
    )


def _stored(proposal_id: int, field: str) -> str:
    db.session.expire_all()
    return getattr(db.session.get(Proposal, proposal_id), field)


def test_form_reloads_offline_with_kept_text_and_notice(open_form, browser):
    base, proposal_id, author, other = open_form
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    _sign_in(page, base, author)
    path = f"/proposals/{proposal_id}/edit"
    page.goto(base + path)
    expect(page.locator("#proposal-form[data-autosave-ready]")).to_have_count(1)
    _wait_until_kept(page, path)
    expect(page.locator("#offline-reload-note")).to_be_hidden()  # a worker runs here
    expect(page.locator("#offline-banner")).to_be_hidden()

    # Saved online after the copy was kept: the offline copy must still show it.
    resources = page.get_by_label("Ressourcer og finansiering")
    resources.fill("To sygeplejersker i et år.")
    resources.blur()
    expect(page.locator("#save-status")).to_contain_text("Gemt", timeout=15_000)

    # Offline: typing and leaving the field says the text is safe in this browser.
    context.set_offline(True)
    expect(page.locator("#offline-banner")).to_be_visible()
    risks = page.get_by_label("Risici og barrierer")
    risks.fill("Skrevet uden net: æøå.")
    risks.blur()
    expect(page.locator("#save-status")).to_contain_text(SAFE, timeout=15_000)
    # ...and keeps saying so while the connection is away (retries do not flicker "Gemmer").
    page.evaluate("""() => { window.statusTexts = [];
      new MutationObserver(() => window.statusTexts.push(
        document.getElementById("save-status").textContent))
        .observe(document.getElementById("save-status"), {childList: true, characterData: true,
                                                           subtree: true}); }""")
    page.wait_for_timeout(9_000)  # two retry rounds
    assert all(SAFE in text for text in page.evaluate("window.statusTexts"))

    # Reload offline: the kept copy opens (not the browser's error page), with everything.
    response = page.reload()
    assert response is not None and response.status == 200
    assert response.headers.get("x-offline-copy") == "1"
    expect(page.locator("#proposal-form[data-autosave-ready]")).to_have_count(1)
    expect(page.get_by_label("Risici og barrierer")).to_have_value("Skrevet uden net: æøå.")
    expect(resources).to_have_value("To sygeplejersker i et år.")
    expect(page.locator("#offline-banner")).to_be_visible()
    expect(page.locator("#offline-banner")).to_contain_text("Ingen forbindelse")
    expect(page.locator("#save-status")).to_contain_text(SAFE, timeout=15_000)
    # Styles and scripts came from the worker's cache too.
    bar = "getComputedStyle(document.querySelector('.save-bar')).position"
    assert page.evaluate(bar) == "sticky"

    # Back online: the kept text is sent, the notice goes.
    context.set_offline(False)
    expect(page.locator("#save-status")).to_contain_text("Gemt", timeout=20_000)
    expect(page.locator("#offline-banner")).to_be_hidden()
    assert _stored(proposal_id, "risks") == "Skrevet uden net: æøå."

    # Signing out deletes the kept form at once.
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_load_state("load")
    page.wait_for_function(f"({KEPT_PAGES})().then(paths => paths.length === 0)", timeout=10_000)
    saved_copies = "Object.keys(localStorage).filter(k => k.startsWith('hackathon-saved-'))"
    assert page.evaluate(saved_copies) == []
    context.close()


def test_kept_form_is_never_shown_to_the_next_person(open_form, browser):
    base, proposal_id, author, other = open_form
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    _sign_in(page, base, author)
    path = f"/proposals/{proposal_id}/edit"
    page.goto(base + path)
    _wait_until_kept(page, path)
    assert page.evaluate(KEPT_PAGES) == [path]

    # Someone else signs in on the same browser without the first signing out.
    _sign_in(page, base, other)
    page.wait_for_function(f"({KEPT_PAGES})().then(paths => paths.length === 0)", timeout=10_000)
    context.set_offline(True)
    with pytest.raises(Exception, match=r"net::ERR_(FAILED|INTERNET_DISCONNECTED)"):
        page.goto(base + path)
    context.close()


def test_worker_script_is_served_from_the_root(live_server, browser):
    base, _app = live_server
    page = browser.new_context().new_page()
    response = page.goto(f"{base}/sw.js")
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["service-worker-allowed"] == "/"
    assert "script-src 'self'" in response.headers["content-security-policy"]


def _lan_address() -> str | None:
    """This machine's address on its network (not loopback), as a venue laptop would have."""
    import socket

    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the route
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") else address


@pytest.fixture
def lan_server(live_server):
    """The same app also served on the machine's network address over plain http."""
    import threading

    from werkzeug.serving import make_server

    _base, app = live_server
    address = _lan_address()
    if address is None:
        pytest.skip("no network address other than loopback on this machine")
    server = make_server(address, 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{address}:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def test_plain_http_lan_keeps_the_text_without_a_worker(open_form, lan_server, browser):
    _base, proposal_id, author, _other = open_form
    base = lan_server
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    _sign_in(page, base, author)
    page.goto(f"{base}/proposals/{proposal_id}/edit")
    expect(page.locator("#proposal-form[data-autosave-ready]")).to_have_count(1)
    # Not a secure context: no worker, and the form says what that means.
    assert page.evaluate("window.isSecureContext") is False
    expect(page.locator("#offline-reload-note")).to_be_visible()
    expect(page.locator("#offline-reload-note")).to_contain_text("ikke https")

    context.set_offline(True)
    risks = page.get_by_label("Risici og barrierer")
    risks.fill("Skrevet på venue-nettet uden forbindelse.")
    risks.blur()
    expect(page.locator("#save-status")).to_contain_text(SAFE, timeout=15_000)
    with pytest.raises(Exception, match=r"net::ERR_"):
        page.reload()  # the browser's own error page: nothing kept the form
    context.set_offline(False)
    page.goto(f"{base}/proposals/{proposal_id}/edit")
    expect(page.get_by_label("Risici og barrierer")).to_have_value(
        "Skrevet på venue-nettet uden forbindelse.")  # localStorage put it back
    expect(page.locator("#save-status")).to_contain_text("Gemt", timeout=20_000)
    assert _stored(proposal_id, "risks") == "Skrevet på venue-nettet uden forbindelse."
    context.close()
