"""axe finds no serious or critical issue on any page, in Danish and in English.

The facilitator, a team member and a signed-out visitor each open their start pages on the
published demo (which continues into follow-up, with the knowledge bank's earlier events) and
every same-origin page linked from them; axe-core checks each page in both languages. Files,
personal links and JSON are skipped (tests/e2e/test_narrow_screens.py walks the same way).
"""

from __future__ import annotations

from hackathon.auth.tokens import reentry_token
from hackathon.demo.loader import DEMO_PASSWORD, load_demo
from hackathon.extensions import db
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_narrow_screens import LINKS, SKIP

# The language switch's button at the bottom of every page.
SWITCH = {"da": "Dansk", "en": "English"}


def _choose(page, lang: str) -> None:
    """Choose ``lang`` with the switch (after signing in: a sign-in starts a fresh session)."""
    page.get_by_role("button", name=SWITCH[lang], exact=True).click()
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == lang


def _crawl(page, base: str, paths: list[str]) -> list[str]:
    todo = list(dict.fromkeys(paths))
    for path in list(todo):
        page.goto(f"{base}{path}")
        for link in page.evaluate(LINKS):
            if link and link not in todo and not SKIP.search(link.split("?")[0]):
                todo.append(link)
    return todo


def _check_all(page, base: str, paths: list[str], who: str) -> int:
    pages = _crawl(page, base, paths)
    for path in pages:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, (who, path)
        try:
            assert_accessible(page)
        except AssertionError as error:
            raise AssertionError(f"{who} {path}: {error}") from None
    return len(pages)


def test_no_serious_axe_issue_on_any_page_in_danish_or_english(live_server, browser):
    base, _app = live_server
    result = load_demo("published")
    db.session.commit()
    event, proposal = result.event, result.proposals[0]
    e, p = f"/events/{event.id}", proposal.id
    author_link = f"/enter/{reentry_token(proposal.authors[0].person)}"
    checked = 0
    for lang in SWITCH:
        facilitator = browser.new_context().new_page()
        facilitator.goto(f"{base}/login")
        facilitator.get_by_label("E-mail", exact=True).fill("facilitator@demo.hackathon.dk")
        facilitator.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
        facilitator.get_by_role("button", name="Log ind").click()
        facilitator.wait_for_load_state("load")
        _choose(facilitator, lang)
        checked += _check_all(facilitator, base, [
            "/", e, f"{e}/people", f"{e}/live", f"{e}/review", f"{e}/results",
            f"{e}/results/decisions", f"{e}/report/", f"{e}/audit", f"{e}/prototypes",
            f"{e}/organisations", "/portfolio", "/bank"], f"facilitator ({lang})")
        member = browser.new_context().new_page()
        member.goto(f"{base}{author_link}")
        member.get_by_role("button", name="Fortsæt").click()
        member.wait_for_load_state("load")
        _choose(member, lang)
        checked += _check_all(member, base, ["/", e, f"/proposals/{p}"], f"team ({lang})")
        visitor = browser.new_context().new_page()
        visitor.goto(f"{base}/")
        _choose(visitor, lang)
        checked += _check_all(visitor, base, ["/", "/join", "/login", "/bank"],
                              f"signed out ({lang})")
    print(f"axe checked {checked} pages")  # pytest -s shows how much was walked
    assert checked > 60
