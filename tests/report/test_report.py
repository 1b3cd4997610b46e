"""The decision report page, its PDF, and the exports (CSV, XLSX, JSON) in the browser."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import zlib
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hackathon.enums import Phase
from hackathon.extensions import db
from hackathon.models import WeightingAdoption
from hackathon.report import pdf as report_pdf
from tests.conftest import ROLES

ROUTES = ("", "report.pdf", "ranking.csv", "scores.csv", "decisions.csv", "export.xlsx",
          "export.json")
DRAFT = "Udkast – beslutningen er ikke offentliggjort"


def url(event, route: str = "") -> str:
    return f"/events/{event.id}/report/{route}"


@pytest.fixture
def fake_pdf(monkeypatch):
    """A fast stand-in for WeasyPrint where the PDF's content does not matter."""
    monkeypatch.setattr("hackathon.report.views.render_pdf", lambda app, html: b"%PDF-1.7 fake")


def pdf_text(body: bytes) -> str:
    """The PDF's metadata and decompressed streams as text (WeasyPrint's title is in them)."""
    parts = [body.decode("latin-1")]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)).decode("latin-1"))
        except zlib.error:
            continue
    return "\n".join(parts)


def pdf_title(body: bytes) -> str:
    """The document title from the PDF's info dictionary (UTF-16 hex or a literal string)."""
    text = pdf_text(body)
    found = re.search(r"/Title\s*<([0-9A-Fa-f]+)>", text)
    if found:
        return bytes.fromhex(found.group(1)).decode("utf-16")
    found = re.search(r"/Title\s*\((.*?)\)", text)
    return found.group(1) if found else ""


# --- permissions -----------------------------------------------------------------------


def expected_status(role: str, released: bool) -> int:
    if role == "anonymous":
        return 302  # to the sign-in page
    if role == "facilitator":
        return 200
    if role in ("reviewer", "observer") and released:
        return 200
    return 403


@pytest.mark.parametrize("released", [False, True])
@pytest.mark.parametrize("role", ROLES)
def test_every_route_allows_exactly_those_who_see_results(
    make_scored, as_role, fake_pdf, role, released
):
    scored = make_scored(decided=True)
    scored.event.results_released = released
    db.session.commit()
    client = as_role(role, scored.event)
    for route in ROUTES:
        response = client.get(url(scored.event, route))
        assert response.status_code == expected_status(role, released), (route, role)
        if role == "anonymous":
            assert "/login" in response.headers["Location"]


def test_facilitator_sees_no_report_while_the_round_is_blind(make_round, as_role, fake_pdf):
    round_ = make_round()
    client = as_role("facilitator", round_.event)
    for route in ROUTES:
        assert client.get(url(round_.event, route)).status_code == 403


def test_unknown_event_and_table_are_404(make_scored, as_role):
    scored = make_scored()
    client = as_role("facilitator", scored.event)
    assert client.get("/events/99999/report/").status_code == 404
    assert client.get(url(scored.event, "reviewers.csv")).status_code == 404
    assert client.get(url(scored.event, "export.docx")).status_code == 404


def test_event_menu_links_the_report_only_when_it_may_be_seen(make_scored, make_event, as_role):
    scored = make_scored()
    page = as_role("facilitator", scored.event).get(f"/events/{scored.event.id}")
    assert url(scored.event) in page.get_data(as_text=True)
    blind = make_event(phase=Phase.QUALIFICATION)
    page = as_role("facilitator", blind).get(f"/events/{blind.id}")
    assert page.status_code == 200
    assert url(blind) not in page.get_data(as_text=True)


# --- the page --------------------------------------------------------------------------


def test_report_page_shows_event_model_ranking_agreement_decisions_and_method(
    make_scored, as_role
):
    scored = make_scored(decided=True)
    html = as_role("facilitator", scored.event).get(url(scored.event)).get_data(as_text=True)
    for text in (
        scored.event.title, "Udsatte familier", "Sorø",  # event
        "Slagelse Kommune", "Almen praksis",  # organisations and sectors
        "Gennemførlighed", "40\u00a0%",  # criteria and weights in force
        "Sandsynlighed for top 2", "100\u00a0%",  # robustness
        "Krippendorffs alfa", "foreløbig enighed", "svag enighed",  # agreement in plain Danish
        "Stærk borgerværdi og klare ejere.", "Ane Jensen", "ane@slagelse.dk", "Bo Holm",
        "Ti gravide familier i to måneder", "1. marts 2027",  # trial action with its date
        "Kommunen fandt ressourcer.", "1. februar 2027 → 1. marts 2027",  # amendment
        "Sådan blev rangordningen lavet",  # the method in plain Danish
        DRAFT,
    ):
        assert text in html, text
    # The ranking is in rank order.
    assert html.index("God Start</th>") < html.index("Familiens Broer</th>") < html.index(
        "Børnene med</th>")
    assert 'media="print"' in html and re.search(r"css/print\.[0-9a-f]{12}\.css", html)
    assert "style=" not in html


def test_published_report_is_not_marked_as_draft(make_scored, as_role):
    scored = make_scored(decided=True, published=True)
    scored.event.results_released = True
    db.session.commit()
    html = as_role("reviewer", scored.event).get(url(scored.event)).get_data(as_text=True)
    assert html.count(DRAFT) == 0
    assert "Beslutningen blev offentliggjort" in html


def test_unpublished_decisions_are_hidden_from_reviewers(make_scored, as_role, reviewer_names):
    scored = make_scored(decided=True)
    scored.event.results_released = True
    db.session.commit()
    client = as_role("reviewer", scored.event)
    html = client.get(url(scored.event)).get_data(as_text=True)
    assert DRAFT in html and "Beslutningen er ikke offentliggjort endnu." in html
    assert "Stærk borgerværdi" not in html
    assert "Stærk borgerværdi" not in client.get(url(scored.event, "export.json")).get_data(
        as_text=True)


def test_adopted_weighting_is_shown_with_its_reason(make_scored, as_role):
    scored = make_scored()
    db.session.add(WeightingAdoption(
        event_id=scored.event.id, method="wsm", reason="Borgerværdi skal veje tungest.",
        weights={"feasibility": 1, "citizen_value": 2, "cross_sector_reach": 1},
        adopted_by_id=scored.event.test_facilitator.id,
    ))
    db.session.commit()
    html = as_role("facilitator", scored.event).get(url(scored.event)).get_data(as_text=True)
    assert "Der blev vedtaget en anden vægtning" in html
    assert "Borgerværdi skal veje tungest." in html
    assert "Vægt da runden åbnede" in html and "50 %" in html


def test_report_is_in_english_when_chosen(make_scored, as_role):
    scored = make_scored()
    client = as_role("facilitator", scored.event)
    client.post("/language", data={"lang": "en", "next": "/"})
    html = client.get(url(scored.event)).get_data(as_text=True)
    assert "Draft – the decision has not been published" in html
    assert "Probability of top 2" in html


# --- PDF -------------------------------------------------------------------------------


def test_pdf_is_a_real_pdf_with_the_event_title(make_scored, as_role):
    scored = make_scored(decided=True)
    scored.event.title = "Velfærdsinnovation Sjælland"
    db.session.commit()
    response = as_role("facilitator", scored.event).get(url(scored.event, "report.pdf"))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "Velfærdsinnovation Sjælland" in pdf_title(response.data)
    assert "/Type /Page" in pdf_text(response.data)


def test_failing_pdf_logs_and_falls_back_to_the_page(make_scored, as_role, monkeypatch, caplog):
    def broken(app, html):
        raise RuntimeError("pango is gone")

    monkeypatch.setattr("hackathon.report.views.render_pdf", broken)
    scored = make_scored(decided=True)
    client = as_role("facilitator", scored.event)
    with caplog.at_level(logging.ERROR):
        response = client.get(url(scored.event, "report.pdf"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(url(scored.event))
    assert any("pango is gone" in (r.exc_text or str(r.exc_info)) for r in caplog.records)
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "PDF&#39;en kunne ikke laves" in html or "PDF'en kunne ikke laves" in html
    assert "Stærk borgerværdi og klare ejere." in html


def test_pdf_fetches_only_static_files(app):
    body, mime = report_pdf.static_file(app, report_pdf.BASE_URL + "static/css/print.css")
    assert mime == "text/css" and b"@page" in body
    for bad in ("https://cdn.example.org/x.css", report_pdf.BASE_URL + "static/../README.md",
                report_pdf.BASE_URL + "events/1", "file:///etc/passwd",
                report_pdf.BASE_URL + "static/nothing.css"):
        with pytest.raises(ValueError):
            report_pdf.static_file(app, bad)


# --- exports ---------------------------------------------------------------------------


def read_csv(response) -> list[dict[str, str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_exports_have_pseudonyms_and_no_reviewer_names(make_scored, as_role, reviewer_names):
    scored = make_scored(decided=True)
    client = as_role("facilitator", scored.event)
    scores = read_csv(client.get(url(scored.event, "scores.csv")))
    assert list(scores[0]) == ["proposal", "reviewer", "criterion", "score"]
    assert {row["reviewer"] for row in scores} == {"R1", "R2", "R3"}
    assert len(scores) == 8 * 3
    everything = "".join(
        client.get(url(scored.event, route)).get_data(as_text=True)
        for route in ("scores.csv", "ranking.csv", "decisions.csv", "export.json")
    )
    for name in reviewer_names:
        assert name not in everything
    ranking = read_csv(client.get(url(scored.event, "ranking.csv")))
    assert [row["title"] for row in ranking] == ["God Start", "Familiens Broer", "Børnene med"]
    assert [row["rank"] for row in ranking] == ["1", "2", "3"]


def test_csv_neutralises_formulas(make_scored, as_role):
    scored = make_scored(decided=True)
    scored.proposals[1].title = "=cmd|' /C calc'!A0"
    db.session.commit()
    client = as_role("facilitator", scored.event)
    decisions = read_csv(client.get(url(scored.event, "decisions.csv")))
    rationale = {row["proposal"]: row["rationale"] for row in decisions}
    assert rationale[str(scored.proposals[2].id)] == "'=HYPERLINK(\"http://evil.example\")"
    ranking = read_csv(client.get(url(scored.event, "ranking.csv")))
    assert "'=cmd|' /C calc'!A0" in {row["title"] for row in ranking}


def test_xlsx_has_one_sheet_per_table(make_scored, as_role, reviewer_names):
    scored = make_scored(decided=True)
    response = as_role("facilitator", scored.event).get(url(scored.event, "export.xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Point", "Rangordning", "Beslutninger", "Bedømmelsesmodel"]
    scores = list(book["Point"].values)
    assert scores[0] == ("Forslag", "Bedømmer", "Kriterium", "Score")
    assert len(scores) == 1 + 24
    assert {row[2] for row in scores[1:]} == {
        "Gennemførlighed", "Borgerværdi", "Tværsektoriel rækkevidde"}  # names, not keys
    sheet = book["Rangordning"]
    ranking = list(sheet.values)
    assert ranking[0][:4] == ("Placering", "Forslag", "Samlet score", "Gennemførlighed")
    assert [row[1] for row in ranking[1:]] == ["God Start", "Familiens Broer", "Børnene med"]
    # Numbers are numbers with number formats; yes/no in Danish; the header row is frozen.
    assert isinstance(sheet["C2"].value, float) and sheet["C2"].number_format == "0.000"
    assert sheet["D2"].number_format == "0.00"
    assert sheet["G2"].number_format == "0%" and 0 <= sheet["G2"].value <= 1
    assert sheet["H2"].value == "Ja" and sheet["H4"].value == "Nej"
    assert sheet.freeze_panes == "A2" and sheet.column_dimensions["B"].width >= 12
    decisions = book["Beslutninger"]
    rows = list(decisions.values)
    god_start = next(row for row in rows if row[0] == "God Start")
    assert "Ane Jensen" in god_start[7] and god_start[8] == "Ti gravide familier i to måneder"
    assert god_start[9].date() == date(2027, 3, 1)  # a date cell, shown as a date
    not_selected = next(r for r in range(2, decisions.max_row + 1)
                        if decisions.cell(r, 1).value == "Børnene med")
    rationale = decisions.cell(not_selected, 4)
    # A text cell holding exactly what was typed: not a formula, no apostrophe added.
    assert rationale.value == "=HYPERLINK(\"http://evil.example\")" and rationale.data_type == "s"
    model = list(book["Bedømmelsesmodel"].values)
    assert model[0][0] == "Kriterium" and model[1][0] == "Gennemførlighed"
    assert model[1][1] == pytest.approx(0.4) and model[1][-1] == "feasibility"
    cells = " ".join(str(c) for sheet in book for row in sheet.values for c in row)
    for name in reviewer_names:
        assert name not in cells


def test_json_holds_every_table_and_the_model(make_scored, as_role):
    scored = make_scored(decided=True, published=True)
    response = as_role("facilitator", scored.event).get(url(scored.event, "export.json"))
    document = json.loads(response.get_data(as_text=True))
    assert document["event"]["title"] == scored.event.title
    assert document["published"] is True
    assert [row["title"] for row in document["ranking"]][0] == "God Start"
    assert 0 <= document["ranking"][0]["p_top_k"] <= 1
    assert document["model"]["snapshot"]["key"] == "kvalificering"
    assert {row["reviewer"] for row in document["scores"]} == {"R1", "R2", "R3"}
    selected = next(d for d in document["decisions"] if d["outcome"] == "selected")
    assert selected["trial_date"] == "2027-03-01"
    assert selected["process_owners"][0]["contact_name"] == "Ane Jensen"
    assert selected["amendments"][0]["reason"] == "Kommunen fandt ressourcer."
    assert {a["key"] for a in document["agreement"]} == {
        "feasibility", "citizen_value", "cross_sector_reach"}


# --- an event with no scores -----------------------------------------------------------


def test_event_without_scores_gives_an_empty_report_everywhere(make_scored, as_role):
    scored = make_scored(scored=False)
    client = as_role("facilitator", scored.event)
    html = client.get(url(scored.event)).get_data(as_text=True)
    assert "Der er ingen scorer endnu" in html
    assert "Der er ikke registreret nogen beslutninger endnu." in html
    response = client.get(url(scored.event, "report.pdf"))
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    for table in ("scores", "decisions"):
        assert read_csv(client.get(url(scored.event, f"{table}.csv"))) == []
    # The ranking lists the submitted proposals, none ranked, each marked as missing scores.
    ranking = read_csv(client.get(url(scored.event, "ranking.csv")))
    assert len(ranking) == 3
    assert all(row["rank"] == "" and row["flags"] == "missing_scores" for row in ranking)
    book = load_workbook(io.BytesIO(client.get(url(scored.event, "export.xlsx")).data))
    assert list(book["Point"].values) == [("Forslag", "Bedømmer", "Kriterium", "Score")]
    document = json.loads(client.get(url(scored.event, "export.json")).get_data(as_text=True))
    assert document["empty"] is True and document["scores"] == []
    assert [row["rank"] for row in document["ranking"]] == [None, None, None]


def test_event_without_a_model_gives_an_empty_report(make_event, as_role):
    event = make_event(phase=Phase.DECISION, scoring_model_key=None)
    client = as_role("facilitator", event)
    html = client.get(url(event)).get_data(as_text=True)
    assert "ingen gyldig bedømmelsesmodel" in html
    document = json.loads(client.get(url(event, "export.json")).get_data(as_text=True))
    assert document["model"] is None and document["empty"] is True



def test_pdf_fetcher_reads_assets_linked_by_their_hashed_names(app):
    manifest = app.extensions["static_manifest"]
    body, mime = report_pdf.static_file(
        app, report_pdf.BASE_URL + "static/" + manifest["css/print.css"]
    )
    assert mime == "text/css" and body == (Path(app.static_folder) / "css/print.css").read_bytes()


def test_csv_for_danish_excel_has_semicolons_decimal_commas_and_danish_headers(make_scored,
                                                                               as_role):
    scored = make_scored(decided=True)
    client = as_role("facilitator", scored.event)
    response = client.get(url(scored.event, "ranking.csv") + "?variant=excel")
    assert response.status_code == 200 and response.data.startswith("\ufeff".encode())
    text = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Placering", "Forslags-id", "Forslag"]
    god_start = next(row for row in rows if row[2] == "God Start")
    total = god_start[3]
    assert "," in total and "." not in total and float(total.replace(",", ".")) > 0
    assert "Ja" in god_start  # in the top
    assert god_start[-1] == "bedømmerne er uenige: drøft"  # notes in words, not "discuss"
    # The standard CSV beside it is unchanged: commas, decimal points, English keys.
    standard = read_csv(client.get(url(scored.event, "ranking.csv")))
    assert "." in next(r for r in standard if r["title"] == "God Start")["score"]
    scores = client.get(url(scored.event, "scores.csv") + "?variant=excel").data.decode(
        "utf-8-sig")
    assert scores.splitlines()[0] == "Forslag;Bedømmer;Kriterium;Score"
