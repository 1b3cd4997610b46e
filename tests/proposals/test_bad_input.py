"""Bad input on the proposal pages: autosave and the plain form answer 4xx with a translated
message or store cleaned text, never 500; every export writes any text that was saved."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from hackathon.enums import Phase, Role
from hackathon.extensions import db
from tests.conftest import sign_in


def test_autosave_cleans_lone_surrogate_and_vertical_tab(app, make_proposal):
    proposal = make_proposal()
    client = app.test_client()
    sign_in(client, proposal.test_author)
    body = '{"version": 0, "values": {"summary": "Fra Word\\u000b med \\ud800 tegn"}}'
    response = client.post(f"/proposals/{proposal.id}/autosave", data=body,
                           content_type="application/json")
    assert response.status_code == 200, response.json
    assert response.json["status"] == "saved"
    db.session.refresh(proposal)
    assert proposal.summary == "Fra Word med  tegn"


def test_autosave_answers_with_the_missing_fields_for_the_checklist(app, make_proposal):
    proposal = make_proposal()
    client = app.test_client()
    sign_in(client, proposal.test_author)
    response = client.post(f"/proposals/{proposal.id}/autosave",
                           json={"version": 0, "values": {"summary": "Kort."}})
    names = [item["name"] for item in response.json["missing"]]
    assert "summary" not in names and "target_group" in names
    assert {"name": "target_group", "message": "Målgruppe"} in response.json["missing"]


def test_malformed_organisation_rows_in_the_plain_form_get_422_and_keep_the_rest(
    app, make_proposal
):
    proposal = make_proposal()
    client = app.test_client()
    sign_in(client, proposal.test_author)
    for rows, org in (("abc", "1"), ("2", "\u00b2"), ("1", str(2**64)), (str(10**30), "x")):
        response = client.post(
            f"/proposals/{proposal.id}/edit",
            data={"version": "0", "summary": "Bevares", "org_rows": rows, "org_0": org},
        )
        assert response.status_code in (200, 302, 422), (rows, org)
        if response.status_code == 422:
            assert "Vælg en organisation på listen." in response.get_data(as_text=True) or (
                "Listen over organisationer kunne ikke læses." in response.get_data(as_text=True)
            )
    db.session.refresh(proposal)
    assert list(proposal.organisations) == []


def test_bad_version_in_plain_form_is_400(app, make_proposal):
    proposal = make_proposal()
    client = app.test_client()
    sign_in(client, proposal.test_author)
    for version in ("\u00b2", str(2**70), ""):
        response = client.post(f"/proposals/{proposal.id}/edit",
                               data={"version": version, "summary": "x"})
        assert response.status_code == 400
    db.session.refresh(proposal)
    assert proposal.summary in (None, "")


def test_both_xlsx_exports_write_text_stored_with_control_characters(
    app, make_proposal, make_person
):
    proposal = make_proposal(title="Titel\x0bmed lodret tabulator")
    proposal.summary = "Indsat fra Word\x0b\x0c\x01 her"
    event = proposal.test_event
    make_person(event, Role.REVIEWER)
    db.session.commit()
    client = app.test_client()
    sign_in(client, event.test_facilitator)
    response = client.get(f"/events/{event.id}/proposals/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert "Indsat fra Word her" in cells
    csv_text = client.get(f"/events/{event.id}/proposals/export.csv").get_data(as_text=True)
    assert "Indsat fra Word her" in csv_text and "\x0b" not in csv_text
    # The report's workbook: the event's title was saved with a vertical tab too.
    event.title = "Hackathon\x0b2026"
    event.phase = Phase.DECISION
    db.session.commit()
    report = client.get(f"/events/{event.id}/report/export.xlsx")
    assert report.status_code == 200
    workbook = load_workbook(io.BytesIO(report.data))
    cells = [c.value for row in workbook["Bedømmelsesmodel"].iter_rows() for c in row]
    assert "Hackathon2026" in cells
    assert client.get(f"/events/{event.id}/report/export.json").status_code == 200


def test_deeply_nested_organisations_text_is_a_field_error(app, make_proposal):
    proposal = make_proposal()
    version = proposal.version
    client = app.test_client()
    sign_in(client, proposal.test_author)
    nested = "[" * 50_000 + "]" * 50_000
    response = client.post(f"/proposals/{proposal.id}/autosave",
                           json={"version": version, "values": {"organisations": nested}})
    assert response.status_code == 200
    assert response.json["errors"]["organisations"] == (
        "Listen over organisationer kunne ikke læses.")
    db.session.refresh(proposal)
    assert proposal.version == version and list(proposal.organisations) == []
