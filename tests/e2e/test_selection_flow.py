"""The selection meeting: the facilitator opens the demo event's results, moves a weight in
the what-if sandbox and sees the top 2 change, adopts nothing, decides the two proposals with
owners and first trial actions, publishes, downloads the PDF and the XLSX report (and reads
both), and a participant sees the outcome on the team's proposal. axe checks every screen."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pypdf
from playwright.sync_api import expect
from sqlalchemy import select

from hackathon.auth.tokens import reentry_token
from hackathon.demo.loader import DEMO_PASSWORD, load_demo
from hackathon.extensions import db
from hackathon.models import Proposal, WeightingAdoption
from tests.e2e.conftest import assert_accessible


def _decide(page, base, event_id, title, rationale):
    page.goto(f"{base}/events/{event_id}/results/decisions")
    page.get_by_role("link", name=re.compile(f"Beslut {title}")).click()
    page.get_by_label("Udvalgt til afprøvning").check()
    page.get_by_label("Begrundelse", exact=True).fill(rationale)
    # Owners and the first trial action come from the proposal; the facilitator checks them.
    expect(page.get_by_label("Problemejer")).not_to_have_value("")
    expect(page.get_by_label("Første prøvehandling", exact=True)).not_to_be_empty()
    assert_accessible(page)
    page.get_by_role("button", name="Gem beslutningen").click()
    expect(page.get_by_text(f"Beslutningen om \"{title}\" er gemt.")).to_be_visible()


def test_selection_meeting_from_results_to_published_decision(live_server, browser):
    base, app = live_server
    with app.test_request_context():
        demo = load_demo(stage="decision")
        db.session.commit()
        event_id = demo.event.id
        god_start = db.session.scalar(select(Proposal).where(Proposal.title == "God Start"))
        author = god_start.authors[0].person
        author_link = f"{base}/enter/{reentry_token(author)}"
        proposal_id = god_start.id

    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(base + "/login")
    page.get_by_label("E-mail").fill(demo.facilitator.email)
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()

    # The results: ranking with robustness, agreement, the other methods and the chart.
    page.goto(f"{base}/events/{event_id}/results")
    expect(page.get_by_role("heading", name="Resultater", exact=True)).to_be_visible()
    ranking = page.locator(".results-table tbody tr")
    expect(ranking.first).to_contain_text("God Start")
    expect(page.get_by_text("Er bedømmerne enige?")).to_be_visible()
    expect(page.locator("svg.contrib-chart rect").first).to_be_attached()
    assert_accessible(page)

    # What if: all weight on feasibility moves another proposal into the top 2.
    page.get_by_role("link", name="Hvad nu hvis …").first.click()
    status = page.locator("#same-top")
    expect(status).to_contain_text("Samme top 2")
    page.get_by_label("Gennemførlighed").fill("100")
    page.get_by_label("Borgerværdi").fill("1")
    page.get_by_label("Tværsektoriel rækkevidde").fill("1")
    expect(status).to_contain_text("Top 2 ændrer sig")
    expect(page.locator("#sandbox-table tbody tr.in-top")).to_contain_text(
        ["God Start", "Råd og ro i lægehuset"])
    assert_accessible(page)
    with app.app_context():
        assert db.session.scalar(select(WeightingAdoption)) is None  # nothing adopted

    # Decide the two proposals the group chooses, then publish.
    _decide(page, base, event_id, "God Start", "Højest rangeret og robust i alle metoder.")
    _decide(page, base, event_id, "Familiens Broer", "Bredest tværsektoriel rækkevidde.")
    page.goto(f"{base}/events/{event_id}/results/decisions")
    expect(page.locator(".big-number")).to_contain_text("2 af 2 valgt")
    assert_accessible(page)
    page.get_by_role("button", name="Offentliggør beslutningen").click()
    expect(page.get_by_text("Beslutningen er offentliggjort. Holdene kan se deres udfald.")
           ).to_be_visible()

    # The report: PDF and XLSX, opened and read.
    page.goto(f"{base}/events/{event_id}/report/")
    assert_accessible(page)
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name=re.compile("PDF")).first.click()
    reader = pypdf.PdfReader(io.BytesIO(Path(pdf_download.value.path()).read_bytes()))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "God Start" in text and "Familiens Broer" in text
    assert "Højest rangeret og robust" in text
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name=re.compile("Excel|XLSX")).first.click()
    book = openpyxl.load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
    cells = [str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
             for c in row if c is not None]
    assert "God Start" in cells and "Familiens Broer" in cells
    assert any("Højest rangeret og robust" in c for c in cells)

    # A participant on the God Start team sees the outcome on the proposal.
    team = browser.new_context()
    member = team.new_page()
    member.goto(author_link)
    member.get_by_role("button", name="Fortsæt").click()
    member.goto(f"{base}/proposals/{proposal_id}")
    outcome = member.locator("section.outcome")
    expect(outcome).to_contain_text("Udvalgt til afprøvning")
    expect(outcome).to_contain_text("Højest rangeret og robust i alle metoder.")
    assert_accessible(member)
    team.close()
    context.close()
