"""The report PDF stays on its A4 pages: every text run starts and ends inside the media box,
also with a 150-character title without spaces."""

from __future__ import annotations

import io

import pypdf
from sqlalchemy import select

from hackathon.extensions import db
from hackathon.models import Event, Person, Proposal
from tests.conftest import sign_in

# Running text in DejaVu Sans averages about 0.5 em per character. A run whose
# estimated end passes the page edge by more than this many points is off the page.
CHAR_EM = 0.5
SLACK = 2.0


def text_runs(pdf: bytes) -> list[dict]:
    """Each text run of the PDF with its page, start x, estimated end x and the page width
    (points), read from the text and current transformation matrices."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    runs: list[dict] = []
    for number, page in enumerate(reader.pages):
        width = float(page.mediabox.width)

        def visit(text, cm, tm, _font, size, number=number, width=width):
            text = text.strip()
            if not text:
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            scale = abs(tm[0] * cm[0] + tm[1] * cm[2]) or 1.0
            runs.append({"page": number, "x": x, "end": x + len(text) * size * scale * CHAR_EM,
                         "text": text, "width": width})

        page.extract_text(visitor_text=visit)
    return runs


def off_page(runs: list[dict]) -> list[dict]:
    return [r for r in runs if r["x"] < -SLACK or r["end"] > r["width"] + SLACK]


def _demo_pdf(app, runner, title: str | None = None) -> bytes:
    assert runner.invoke(args=["demo", "--stage", "published"]).exit_code == 0
    from hackathon.demo import content

    event = db.session.scalar(select(Event).where(Event.join_code == "TVAERS26"))  # the demo event
    if title:
        proposal = db.session.scalar(select(Proposal).where(Proposal.title == "God Start"))
        proposal.title = title
        db.session.commit()
    client = app.test_client()
    sign_in(client, db.session.scalar(
        select(Person).where(Person.email == content.FACILITATOR["email"])))
    response = client.get(f"/events/{event.id}/report/report.pdf")
    assert response.mimetype == "application/pdf"
    return response.data


def test_demo_report_pdf_keeps_every_text_run_on_the_a4_page(app, runner):
    runs = text_runs(_demo_pdf(app, runner))
    assert runs and {round(r["width"]) for r in runs} == {595}  # A4 portrait
    assert not off_page(runs), off_page(runs)[:5]


def test_a_long_title_without_spaces_wraps_inside_the_page(app, runner):
    title = "Tværsektoriel" * 11 + "Sammenhæng"[:7]  # 150 characters, no space
    assert len(title) == 150
    runs = text_runs(_demo_pdf(app, runner, title))
    assert not off_page(runs), off_page(runs)[:5]
    # The title is there, broken over lines rather than cut.
    joined = "".join(r["text"] for r in runs)
    assert "TværsektorielTværsektoriel" in joined



def test_a_long_ranking_table_repeats_its_header_and_keeps_rows_whole(app):
    """The report's stylesheet on a ranking of 90 rows: the header is on every page."""
    from flask import render_template_string

    from hackathon.report.pdf import render_pdf

    rows = "".join(
        f"<tr><td class='num'>{i}</td><th scope='row'>Forslag nummer {i}</th>"
        f"<td class='num'>4,00</td><td class='num'>0,812</td><td>96 %</td><td>–</td></tr>"
        for i in range(1, 91))
    with app.test_request_context():
        html = render_template_string(
            "<!doctype html><html lang='da'><head><meta charset='utf-8'>"
            "<link rel='stylesheet' href='{{ url_for(\"static\", filename=\"css/report.css\") }}'>"
            "<link rel='stylesheet' href='{{ url_for(\"static\", filename=\"css/print.css\") }}'"
            " media='print'></head><body class='report-pdf'><table class='table report__table'>"
            "<thead><tr><th class='num col-rank'>Placering</th><th class='col-title'>Forslag</th>"
            "<th class='num'>Borgerværdi</th><th class='num col-total'>Total</th>"
            "<th class='col-chance'>Sandsynlighed</th><th class='col-notes'>Bemærkninger</th>"
            "</tr></thead><tbody>{{ rows|safe }}</tbody></table></body></html>", rows=rows)
        pdf = render_pdf(app, html)
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 2
    for page in pages:  # a hyphenated header word counts as the word
        text = page.extract_text().replace("\u2010\n", "")
        assert "Placering" in text and "Bemærkninger" in text
    assert not off_page(text_runs(pdf))
