"""Autosave when the session ends or the database goes away mid-typing: the text stays in the
browser, the status says "not saved" and what to do, and it is sent once things recover.
Also: the submission checklist follows every save (no reload needed)."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from hackathon.auth.services import create_facilitator_account
from hackathon.auth.tokens import reentry_token
from hackathon.enums import Phase, Sector
from hackathon.events.services import create_event
from hackathon.extensions import db
from hackathon.models import Organisation, Person, Proposal, utcnow
from hackathon.organisations.services import ensure_listed
from tests.e2e.test_proposal_flow import _join

SAVED = re.compile(r"Gemt \d")


def _event_taking_proposals() -> str:
    facilitator = create_facilitator_account(
        email="fac@example.org", name="Fac", password="long password 123"
    )
    event = create_event(creator=facilitator, title="Hackathon", scoring_model_key="kvalificering")
    event.phase = Phase.SUBMISSION
    event.submission_deadline = utcnow() + timedelta(hours=2)
    db.session.add(Organisation(name="Gladsaxe Kommune", sector=Sector.MUNICIPALITY))
    db.session.flush()
    for org in db.session.scalars(select(Organisation)).all():  # the event's list
        ensure_listed(event=event, organisation=org, added_by=None)
    db.session.commit()
    return event.join_code


def _author_on_new_proposal(browser, base):
    page = _join(browser, base, _event_taking_proposals(), "Anne Sagsbehandler")
    page.get_by_label("Arbejdstitel").fill("Familiens Broer")
    page.get_by_role("button", name="Start et nyt forslag").click()
    expect(page.locator("#proposal-form[data-autosave-ready]")).to_have_count(1)
    return page


def _stored_summary() -> str | None:
    db.session.rollback()
    proposal = db.session.scalar(select(Proposal))
    db.session.refresh(proposal)
    return proposal.summary


def _kept_in_browser(page) -> str:
    return page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('hackathon-proposal-'))"
        ".map(k => localStorage.getItem(k)).join('')"
    )


@contextmanager
def database_away(app):
    """Every statement the app sends fails as if the database server were gone."""
    state = {"away": False}

    def refuse(_conn, _cursor, statement, *_args):
        if state["away"]:
            raise OperationalError(statement, {}, Exception("database away (test)"))

    with app.app_context():
        engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", refuse)
    try:
        yield state
    finally:
        state["away"] = False
        sa_event.remove(engine, "before_cursor_execute", refuse)


def test_session_ends_mid_typing_text_kept_then_sent_after_sign_in(live_server, browser):
    base, _app = live_server
    page = _author_on_new_proposal(browser, base)
    summary = page.get_by_label("Kort resumé")
    summary.fill("Første del.")
    expect(page.locator("#save-status")).to_contain_text(SAVED, timeout=15_000)
    person = db.session.scalar(select(Person).where(Person.name == "Anne Sagsbehandler"))
    link = f"{base}/enter/{reentry_token(person)}"

    # The session ends (the cookie is gone) while she types.
    page.context.clear_cookies()
    summary.press_sequentially(" Skrevet efter udlogning.", delay=5)
    status = page.locator("#save-status")
    expect(status).to_contain_text("du er logget ud", timeout=15_000)
    expect(status).to_contain_text("Log ind igen i en anden fane")
    expect(status).not_to_contain_text("Gemt")
    expect(page.get_by_role("link", name="Log ind igen i en ny fane")).to_be_visible()
    expect(summary).to_have_value("Første del. Skrevet efter udlogning.")
    assert "Skrevet efter udlogning." in _kept_in_browser(page)
    assert _stored_summary() == "Første del."

    # She signs in again in another tab; back on the first, the kept text is sent.
    other = page.context.new_page()
    other.goto(link)
    other.get_by_role("button", name="Fortsæt").click()
    expect(other.locator(".alert--success")).to_contain_text("Velkommen tilbage")
    other.close()
    page.bring_to_front()
    expect(status).to_contain_text(SAVED, timeout=20_000)
    assert _stored_summary() == "Første del. Skrevet efter udlogning."
    assert "Skrevet efter udlogning." not in _kept_in_browser(page)


def test_database_away_mid_typing_text_kept_then_saved_after_recovery(live_server, browser):
    base, app = live_server
    page = _author_on_new_proposal(browser, base)
    summary = page.get_by_label("Kort resumé")
    summary.fill("Før udfaldet.")
    status = page.locator("#save-status")
    expect(status).to_contain_text(SAVED, timeout=15_000)

    with database_away(app) as database:
        database["away"] = True
        summary.press_sequentially(" Under udfaldet.", delay=5)
        # A 503, not "signed out": the signed-in person is not taken for anonymous.
        expect(status).to_contain_text("serveren kan ikke gemme", timeout=15_000)
        expect(status).not_to_contain_text("logget ud")
        expect(summary).to_have_value("Før udfaldet. Under udfaldet.")
        assert "Under udfaldet." in _kept_in_browser(page)
        database["away"] = False
        assert _stored_summary() == "Før udfaldet."
        # Back: the same save is sent again by itself.
        expect(status).to_contain_text(SAVED, timeout=20_000)
    assert _stored_summary() == "Før udfaldet. Under udfaldet."
    assert "Under udfaldet." not in _kept_in_browser(page)


def test_submission_checklist_follows_each_save(live_server, browser):
    base, _app = live_server
    page = _author_on_new_proposal(browser, base)
    checklist = page.locator("#missing-list")
    expect(checklist).to_contain_text("Kort resumé")
    expect(checklist).to_contain_text("Målgruppe")
    before = checklist.locator("li").count()

    page.get_by_label("Kort resumé").fill("To sætninger om idéen.")
    page.get_by_label("Målgruppe").fill("Familier")
    expect(page.locator("#save-status")).to_contain_text(SAVED, timeout=15_000)
    expect(checklist).not_to_contain_text("Kort resumé")
    expect(checklist).not_to_contain_text("Målgruppe")
    expect(checklist.locator("li")).to_have_count(before - 2)

    # Emptying a required field puts it back on the list, also without a reload.
    page.get_by_label("Målgruppe").fill("")
    expect(page.locator("#save-status")).to_contain_text(SAVED, timeout=15_000)
    expect(checklist).to_contain_text("Målgruppe")
    expect(checklist.locator("li")).to_have_count(before - 1)
