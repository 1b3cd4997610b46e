"""The portfolio board, its exports and the follow-up reports: every route for every role,
the filters, the CSV/XLSX content and the PDFs."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from hackathon.enums import DiaStage, Phase, PrototypeStatus, Role, Sector
from hackathon.extensions import db
from hackathon.models import FundingItem, Milestone, Person, PrototypeContact, utcnow
from tests.conftest import count_queries, sign_in
from tests.followup.conftest import add_measurements

ALLOWED, DENIED, LOGIN = "allowed", "denied", "login"
WHO = ("anonymous", "participant", "reviewer", "observer", "facilitator", "other_facilitator",
       "team_member", "contact")
READERS = {"facilitator", "other_facilitator", "observer", "team_member", "contact"}


def _expect(allowed: set[str]) -> dict[str, str]:
    return {who: ALLOWED if who in allowed else LOGIN if who == "anonymous" else DENIED
            for who in WHO}


ROUTES = [
    ("GET", "/portfolio", _expect({"facilitator", "other_facilitator", "observer"})),
    ("GET", "/portfolio/export.csv", _expect({"facilitator", "other_facilitator"})),
    ("GET", "/portfolio/export.csv?excel=1", _expect({"facilitator", "other_facilitator"})),
    ("GET", "/portfolio/export.xlsx", _expect({"facilitator", "other_facilitator"})),
    ("GET", "/portfolio/report", _expect({"facilitator", "other_facilitator"})),
    ("GET", "/prototypes/{p}/report", _expect(READERS)),
    ("POST", "/events/{e}/checkins", _expect({"facilitator"})),
]
PDF_ROUTES = [
    ("GET", "/portfolio/report.pdf", _expect({"facilitator", "other_facilitator"})),
    ("GET", "/prototypes/{p}/report.pdf", _expect(READERS)),
]


def _client_for(who, prototype, app, make_event, make_person):
    client = app.test_client()
    event = prototype.test_event
    if who == "anonymous":
        return client
    if who == "facilitator":
        person = prototype.test_facilitator
    elif who == "other_facilitator":
        person = make_event(title="Et andet arrangement").test_facilitator
    elif who == "team_member":
        person = prototype.test_author
    elif who == "contact":
        person = make_person(name="Kontakt")
        prototype.contacts.append(PrototypeContact(name="Kontakt", person_id=person.id,
                                                   accepted_at=utcnow()))
        db.session.commit()
    else:
        person = make_person(event, Role(who))
    sign_in(client, person)
    return client


def _check(response, outcome):
    if outcome == ALLOWED:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/login" not in response.headers["Location"]
    elif outcome == LOGIN:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403, response.status_code


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("method", "path", "expected"), ROUTES, ids=lambda v: str(v)[:40])
def test_route_permissions(app, make_prototype, make_event, make_person, who, method, path,
                           expected):
    prototype = make_prototype()
    client = _client_for(who, prototype, app, make_event, make_person)
    url = path.format(p=prototype.id, e=prototype.event_id)
    _check(client.open(url, method=method), expected[who])


@pytest.mark.parametrize("who", ("anonymous", "participant", "observer", "facilitator",
                                 "contact"))
@pytest.mark.parametrize(("method", "path", "expected"), PDF_ROUTES, ids=lambda v: str(v)[:40])
def test_pdf_permissions(app, make_prototype, make_event, make_person, who, method, path,
                         expected):
    prototype = make_prototype()
    client = _client_for(who, prototype, app, make_event, make_person)
    response = client.open(path.format(p=prototype.id), method=method)
    _check(response, expected[who])
    if expected[who] == ALLOWED:
        assert response.mimetype == "application/pdf"


def test_unknown_prototype_and_format_are_not_found(app, client, make_prototype):
    prototype = make_prototype()
    sign_in(client, prototype.test_facilitator)
    assert client.get("/prototypes/99999/report").status_code == 404
    assert client.get("/portfolio/export.json").status_code == 404


def test_an_observer_sees_only_the_events_they_observe(app, client, make_prototype,
                                                       make_event, make_person):
    mine = make_prototype(title="Familiens Broer")
    other = make_prototype(title="God Start")
    observer = make_person(mine.test_event, Role.OBSERVER)
    sign_in(client, observer)
    page = client.get("/portfolio").get_data(as_text=True)
    assert "Familiens Broer" in page and "God Start" not in page
    assert "kun til læsning" in page and "export.xlsx" not in page
    # A facilitator of an unrelated event sees both.
    sign_in(client, make_event(title="Tredje").test_facilitator)
    page = client.get("/portfolio").get_data(as_text=True)
    assert "Familiens Broer" in page and "God Start" in page
    assert other.id and "export.xlsx" in page


def _board_world(make_prototype, make_event, make_org):
    region = make_org("Region Hovedstadens Psykiatri", Sector.REGION)
    old_event = make_event(phase=Phase.FOLLOW_UP, title="Hackathon 2025")
    old_event.starts_at = utcnow().replace(year=2025, month=3, day=1)
    broer = make_prototype(title="Familiens Broer", owner=region)
    start = make_prototype(event=old_event, title="God Start")
    broer.stage = DiaStage.INCUBATION
    broer.status = PrototypeStatus.STANDBY
    broer.last_update_at = utcnow() - timedelta(days=90)
    broer.funding_items += [
        FundingItem(purpose="Tre praktiserende læger", amount=180000, secured=False),
        FundingItem(purpose="Følgeevaluering", amount=450000, secured=False),
        FundingItem(purpose="=HYPERLINK(\"http://x\")", amount=1000, secured=True),
    ]
    broer.milestones.append(Milestone(title="=1+1 genstart", due_on=date.today()
                                      + timedelta(days=30)))
    db.session.commit()
    return broer, start


def test_board_groups_by_stage_and_shows_gap_silence_and_milestone(
        app, client, make_prototype, make_event, make_org):
    broer, start = _board_world(make_prototype, make_event, make_org)
    sign_in(client, broer.test_facilitator)
    page = client.get("/portfolio").get_data(as_text=True)
    assert "Porteføljetavle" in page
    incubation = page.split('id="stage-incubation"')[1].split('id="stage-acceleration"')[0]
    assert "Familiens Broer" in incubation and "God Start" not in incubation
    assert "630.000 kr." in incubation and "Stille" in incubation
    assert "ingen opdatering i 90 dage" in incubation
    assert "=1+1 genstart" in incubation
    discovery = page.split('id="stage-discovery"')[1].split('id="stage-incubation"')[0]
    assert "God Start" in discovery


@pytest.mark.parametrize(("query", "shown"), [
    ("stage=incubation", {"Familiens Broer"}),
    ("status=in_progress", {"God Start"}),
    ("sector=region", {"Familiens Broer"}),
    ("year=2025", {"God Start"}),
    ("sector=company", set()),
])
def test_filters(app, client, make_prototype, make_event, make_org, query, shown):
    broer, start = _board_world(make_prototype, make_event, make_org)
    sign_in(client, broer.test_facilitator)
    page = client.get(f"/portfolio?{query}").get_data(as_text=True)
    cards = {t for t in ("Familiens Broer", "God Start") if f">{t}</a></h3>" in page}
    assert cards == shown
    if not shown:
        assert "Ingen prototyper passer til disse filtre." in page


def test_filter_by_event_and_organisation(app, client, make_prototype, make_event, make_org):
    broer, start = _board_world(make_prototype, make_event, make_org)
    sign_in(client, broer.test_facilitator)
    page = client.get(f"/portfolio?event={start.event_id}").get_data(as_text=True)
    assert ">God Start</a>" in page and ">Familiens Broer</a>" not in page
    org = broer.problem_owner_id
    page = client.get(f"/portfolio?organisation={org}").get_data(as_text=True)
    assert ">Familiens Broer</a>" in page and ">God Start</a>" not in page


def test_a_bad_filter_is_named_and_left_out(app, client, make_prototype):
    prototype = make_prototype()
    sign_in(client, prototype.test_facilitator)
    response = client.get("/portfolio?stage=moon&year=abc&event=99999999999")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Filteret “DIA-fase” havde en værdi" in page and "Filteret “År”" in page
    assert ">Familiens Broer</a>" in page


def test_csv_plain_and_danish_excel(app, client, make_prototype, make_event, make_org):
    broer, _start = _board_world(make_prototype, make_event, make_org)
    sign_in(client, broer.test_facilitator)
    plain = client.get("/portfolio/export.csv").get_data(as_text=True)
    assert plain.startswith("\ufeffid,title,event,year,stage,status")
    assert ",630000\r\n" in plain and ",true," in plain
    excel = client.get("/portfolio/export.csv?excel=1&stage=incubation")
    body = excel.get_data(as_text=True)
    assert excel.headers["Content-Disposition"].endswith('-excel.csv"')
    lines = body.split("\r\n")
    assert lines[0].startswith("\ufeffPrototype-id;Prototype;Arrangement;År;DIA-fase")
    assert len([line for line in lines if line]) == 2
    assert ";Inkubation;" in lines[1] and ";Ja;" in lines[1] and ";630000" in lines[1]
    assert "'=1+1 genstart" in lines[1]  # a formula is neutralised


def test_xlsx_opens_with_numbers_dates_and_danish_headers(app, client, make_prototype,
                                                          make_event, make_org):
    from openpyxl import load_workbook

    broer, _start = _board_world(make_prototype, make_event, make_org)
    sign_in(client, broer.test_facilitator)
    response = client.get("/portfolio/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    headers = [c.value for c in sheet[1]]
    assert headers[:5] == ["Prototype-id", "Prototype", "Arrangement", "År", "DIA-fase"]
    assert sheet.freeze_panes == "A2"
    rows = {row[1]: dict(zip(headers, row, strict=True))
            for row in sheet.iter_rows(min_row=2, values_only=True)}
    broer_row = rows["Familiens Broer"]
    assert broer_row["Manglende finansiering (kr.)"] == 630000
    assert broer_row["Stille (ingen opdatering i 60 dage)"] == "Ja"
    # Text that starts like a formula is a string cell, shown as typed (no apostrophe).
    assert broer_row["Næste milepæl"] == "=1+1 genstart"
    milestone_col = headers.index("Næste milepæl") + 1
    broer_line = next(r for r in range(2, sheet.max_row + 1)
                      if sheet.cell(row=r, column=2).value == "Familiens Broer")
    assert sheet.cell(row=broer_line, column=milestone_col).data_type == "s"
    assert rows["God Start"]["Stille (ingen opdatering i 60 dage)"] == "Nej"
    gap_col = headers.index("Manglende finansiering (kr.)") + 1
    assert sheet.cell(row=2, column=gap_col).number_format == "#,##0"
    assert sheet.column_dimensions["B"].width >= 30


def test_prototype_report_holds_every_part(app, client, make_prototype):
    prototype = make_prototype()
    add_measurements(prototype, [(date(2027, 1, 10), 81.0), (date(2027, 3, 1), 44.5)])
    prototype.funding_items.append(FundingItem(purpose="Følgeevaluering", amount=450000))
    db.session.commit()
    sign_in(client, prototype.test_author)
    page = client.get(f"/prototypes/{prototype.id}/report").get_data(as_text=True)
    for text in ("Beslutningen, den udsprang af", "Bredest rækkevidde.",
                 "Historik for fase og status",
                 "Prøvehandlinger", "Fire familier", "Indikatorer", "<svg", "44,5",
                 "Business case", "Manglende finansiering", "450.000 kr.", "Læringsnoter",
                 "Styrke samarbejdet"):
        assert text in page, text
    assert "style=" not in page


def test_prototype_pdf_has_the_content(app, client, make_prototype):
    from pypdf import PdfReader

    prototype = make_prototype()
    add_measurements(prototype, [(date(2027, 1, 10), 81.0), (date(2027, 3, 1), 44.5)])
    sign_in(client, prototype.test_facilitator)
    response = client.get(f"/prototypes/{prototype.id}/report.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Familiens Broer" in text and "Opfølgningsrapport" in text
    assert "44,5" in text and "Bredest rækkevidde." in text


def test_export_command_writes_the_followup(app, runner, make_prototype, tmp_path):
    from openpyxl import load_workbook

    prototype = make_prototype()
    out = tmp_path / "fu.xlsx"
    result = runner.invoke(args=["export", str(prototype.event_id), "--followup", "--format",
                                 "xlsx", "--output", str(out)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    assert sheet["B2"].value == "Familiens Broer"
    csv_result = runner.invoke(args=["export", str(prototype.event_id), "--followup",
                                     "--format", "csv", "--excel", "--output", "-"])
    assert "Familiens Broer" in csv_result.output and ";" in csv_result.output
    bad = runner.invoke(args=["export", str(prototype.event_id), "--followup", "--format",
                              "json", "--output", "-"])
    assert bad.exit_code == 2
    assert db.session.scalar(select(Person.id)) is not None


def test_board_takes_the_same_number_of_queries_for_more_prototypes(
        app, client, make_prototype, make_event):
    event = make_event(phase=Phase.FOLLOW_UP)
    first = make_prototype(event=event, title="P1")
    sign_in(client, first.test_facilitator)
    client.get("/portfolio")  # warm up
    with count_queries() as few:
        client.get("/portfolio")
    for n in range(2, 6):
        make_prototype(event=event, title=f"P{n}")
    with count_queries() as many:
        page = client.get("/portfolio").get_data(as_text=True)
    assert ">P5</a>" in page
    assert len(many) == len(few)


def test_home_page_links_the_board_for_those_who_may_see_it(app, client, make_prototype,
                                                            make_person):
    prototype = make_prototype()
    for person, shown in ((prototype.test_facilitator, True),
                          (make_person(prototype.test_event, Role.OBSERVER), True),
                          (make_person(prototype.test_event, Role.REVIEWER), False),
                          (prototype.test_author, False)):
        sign_in(client, person)
        page = client.get("/").get_data(as_text=True)
        assert ('href="/portfolio"' in page) is shown, person.name


def test_board_and_report_in_english(app, client, make_prototype):
    prototype = make_prototype()
    add_measurements(prototype, [(date(2027, 1, 10), 1250.5)])
    sign_in(client, prototype.test_facilitator)
    with client.session_transaction() as session:
        session["lang"] = "en"
    board = client.get("/portfolio").get_data(as_text=True)
    assert "Portfolio board" in board and "0 kr." in board
    report = client.get(f"/prototypes/{prototype.id}/report").get_data(as_text=True)
    assert "Follow-up report" in report and "1,250.5" in report
