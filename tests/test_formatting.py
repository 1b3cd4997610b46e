"""Numbers and dates in the reader's locale, from one module (hackathon.formatting), on the
demo's pages, messages, PDF and spreadsheet."""

from __future__ import annotations

import datetime as dt
import io
import re

import pypdf
import pytest
from flask_babel import force_locale
from sqlalchemy import select

from hackathon import formatting
from hackathon.extensions import db
from hackathon.models import Event, OutboxMessage, Person, Proposal
from tests.conftest import sign_in

# An English-formatted decimal in running text: "4.50", "0.624" (not a date, not "kl. 14.30").
ENGLISH_DECIMAL = re.compile(r"(?<!kl\. )(?<![\d.,\w-])\d+\.\d{2,3}(?![\d.])")


def visible_text(html: str) -> str:
    """The text a reader sees: no tags, no attribute values, no scripts."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize(("lang", "expected"), [
    ("da", ["0,62", "1.234,50", "62\u00a0%", "1. marts 2027", "1. marts 2027 kl. 15.30", "15.30"]),
    ("en", ["0.62", "1,234.50", "62%", "March 1, 2027", "March 1, 2027 at 3:30\u202fPM",
            "3:30\u202fPM"]),
])
def test_formatters_follow_the_locale_and_show_utc_in_copenhagen(app, lang, expected):
    moment = dt.datetime(2027, 3, 1, 14, 30)  # stored naive UTC; Copenhagen is UTC+1 in March
    with app.test_request_context(), force_locale(lang):
        got = [formatting.number(0.6249), formatting.number(1234.5), formatting.percent(0.62),
               formatting.date(dt.date(2027, 3, 1)), formatting.datetime(moment),
               formatting.time(moment)]
    assert got == expected


def test_formatters_round_half_up_and_show_missing_values_as_a_dash(app):
    with app.test_request_context(), force_locale("da"):
        assert formatting.number(0.6125, 3) == "0,613"
        assert formatting.number(2.0, None) == "2" and formatting.number(0.35, None) == "0,35"
        assert formatting.number(None) == formatting.number(float("nan")) == "–"
        assert formatting.date(None) == formatting.datetime(None) == "–"
        assert formatting.duration(dt.timedelta(hours=3)) == "3 timer"


@pytest.fixture
def demo(app, runner):
    """The published demo event and a client per person."""
    assert runner.invoke(args=["demo", "--stage", "published"]).exit_code == 0
    return db.session.scalar(select(Event).where(Event.join_code == "TVAERS26"))  # the demo event


def _client_as(app, person: Person, lang: str | None = None):
    client = app.test_client()
    sign_in(client, person)
    if lang:
        with client.session_transaction() as session:
            session["lang"] = lang
    return client


def _facilitator(event: Event) -> Person:
    from hackathon.demo import content

    return db.session.scalar(select(Person).where(Person.email == content.FACILITATOR["email"]))


def test_demo_pages_messages_pdf_and_xlsx_use_danish_formats(app, demo):
    facilitator = _facilitator(demo)
    client = _client_as(app, facilitator)
    results = visible_text(client.get(f"/events/{demo.id}/results").get_data(as_text=True))
    assert re.search(r"\b\d,\d{3}\b", results)  # totals like 0,812
    assert "\u00a0%" in results
    assert not ENGLISH_DECIMAL.findall(results), ENGLISH_DECIMAL.findall(results)[:5]

    god_start = db.session.scalar(select(Proposal).where(Proposal.title == "God Start"))
    # The proposal's outcome page and the reviewer's view write the trial date out.
    outcome = visible_text(client.get(f"/proposals/{god_start.id}").get_data(as_text=True))
    assert "1. marts 2027" in outcome and "01-03-2027" not in outcome
    assert "2027-03-01" not in outcome
    reviewer = god_start_reviewer(demo, god_start)
    review = client_get_text(app, reviewer, f"/events/{demo.id}/review/proposals/{god_start.id}")
    assert "1. marts 2027" in review and "2027-03-01" not in review

    bodies = [m.body for m in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.language == "da"))]
    assert any("1. marts 2027" in body for body in bodies)
    assert not any("01-03-2027" in body for body in bodies)

    report = client.get(f"/events/{demo.id}/report/report.pdf")
    assert report.mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(report.data)).pages)
    assert "1. marts 2027" in text and re.search(r"\b0,\d{3}\b", text)
    assert not ENGLISH_DECIMAL.findall(text), ENGLISH_DECIMAL.findall(text)[:5]

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(f"/events/{demo.id}/report/export.xlsx").data))
    ranking = book["Rangordning"]
    assert isinstance(ranking["C2"].value, float) and ranking["C2"].number_format == "0.000"
    decisions = book["Beslutninger"]
    trial = [decisions.cell(r, 10).value for r in range(2, decisions.max_row + 1)]
    assert dt.datetime(2027, 3, 1) in trial
    assert decisions.cell(2, 10).number_format.startswith("d. mmmm")


def god_start_reviewer(event: Event, proposal: Proposal) -> Person:
    """A reviewer of the demo event who has a review of ``proposal``."""
    from hackathon.models import Review

    review = db.session.scalar(select(Review).where(Review.proposal_id == proposal.id).limit(1))
    return db.session.get(Person, review.reviewer_id)


def client_get_text(app, person: Person, path: str, lang: str | None = None) -> str:
    response = _client_as(app, person, lang).get(path)
    assert response.status_code == 200, (path, response.status_code)
    return visible_text(response.get_data(as_text=True))


def test_demo_results_in_english_use_decimal_points(app, demo):
    text = client_get_text(app, _facilitator(demo), f"/events/{demo.id}/results", "en")
    assert re.search(r"\b0\.\d{3}\b", text)
    assert not re.search(r"\b0,\d{2,3}\b", text)
    god_start = db.session.scalar(select(Proposal).where(Proposal.title == "God Start"))
    page = client_get_text(app, _facilitator(demo), f"/proposals/{god_start.id}", "en")
    assert "March 1, 2027" in page


def test_counted_messages_use_the_danish_singular_for_one(app):
    from flask_babel import ngettext

    with app.test_request_context(), force_locale("da"):
        one = ngettext("%(n)d review is not complete:", "%(n)d reviews are not complete:", 1, n=1)
        two = ngettext("%(n)d review is not complete:", "%(n)d reviews are not complete:", 2, n=2)
    assert (one, two) == ("1 bedømmelse er ikke færdig:", "2 bedømmelser er ikke færdige:")


def test_missing_items_join_without_doubled_punctuation():
    from hackathon.proposals.values import join_missing

    joined = join_missing([("title", "Arbejdstitel"),
                           ("organisations", "Tilføj de deltagende organisationer.")])
    assert joined == "Arbejdstitel, Tilføj de deltagende organisationer"
