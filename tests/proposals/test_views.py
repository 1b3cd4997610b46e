"""Proposal pages and the autosave endpoint: flows and every bad input."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta

from sqlalchemy import func, select

from hackathon.enums import Phase, ProposalStatus, Role
from hackathon.extensions import db
from hackathon.models import Proposal, ProposalRevision, utcnow
from hackathon.organisations.services import ensure_listed
from tests.conftest import sign_in


def _author_client(app, proposal):
    client = app.test_client()
    sign_in(client, proposal.test_author)
    return client


def _autosave(client, proposal, version, **values):
    return client.post(
        f"/proposals/{proposal.id}/autosave",
        json={"version": version, "values": values, "save_id": None},
    )


def test_participant_starts_proposal_and_lands_in_form(app, make_event, make_person):
    event = make_event()
    person = make_person(event)
    client = app.test_client()
    sign_in(client, person)
    response = client.post(f"/events/{event.id}/proposals/new", data={"title": "God Start"})
    proposal = db.session.scalar(select(Proposal))
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}/edit")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Målgruppe" in html and "Hvilke borgere" in html  # Danish labels and guidance
    assert 'maxlength="1200"' in html and "Højst 1200 tegn." in html  # limit shown up front


def test_start_without_title_is_explained(app, make_event, make_person):
    event = make_event()
    client = app.test_client()
    sign_in(client, make_person(event))
    response = client.post(f"/events/{event.id}/proposals/new", data={"title": ""},
                           follow_redirects=True)
    assert "Arbejdstitel: Dette felt er påkrævet." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Proposal.id))) == 0


def test_join_team_with_code(app, make_proposal, make_person):
    proposal = make_proposal()
    other = make_person(proposal.test_event)
    client = app.test_client()
    sign_in(client, other)
    response = client.post(f"/events/{proposal.event_id}/proposals/join",
                           data={"code": proposal.team_code.lower()})
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}/edit")
    assert {a.person_id for a in proposal.authors} == {proposal.test_author.id, other.id}


def test_wrong_team_code_is_explained(app, make_proposal, make_person):
    proposal = make_proposal()
    client = app.test_client()
    sign_in(client, make_person(proposal.test_event))
    response = client.post(f"/events/{proposal.event_id}/proposals/join", data={"code": "ZZZZZZ"})
    assert "Intet forslag i arrangementet har den holdkode." in response.get_data(as_text=True)


def test_autosave_saves_and_returns_version(app, make_proposal):
    proposal = make_proposal()
    client = _author_client(app, proposal)
    response = _autosave(client, proposal, 1, summary="Hej")
    assert response.status_code == 200
    body = response.json
    assert body["status"] == "saved" and body["version"] == 2 and body["applied"] == ["summary"]
    assert "saved_at" in body
    db.session.refresh(proposal)
    assert proposal.summary == "Hej"


def test_autosave_same_save_twice_is_stored_once(app, make_proposal):
    proposal = make_proposal()
    client = _author_client(app, proposal)
    payload = {"version": 1, "values": {"summary": "Én"}, "save_id": "retry-1"}
    first = client.post(f"/proposals/{proposal.id}/autosave", json=payload)
    second = client.post(f"/proposals/{proposal.id}/autosave", json=payload)
    assert first.json["version"] == second.json["version"] == 2
    assert db.session.scalar(select(func.count(ProposalRevision.id))) == 2


def test_autosave_conflict_returns_both_texts(app, make_proposal, make_person):
    proposal = make_proposal()
    other = make_person(proposal.test_event)
    db.session.commit()
    first = _author_client(app, proposal)
    second = app.test_client()
    sign_in(second, other)
    second.post(f"/events/{proposal.event_id}/proposals/join", data={"code": proposal.team_code})
    assert _autosave(first, proposal, 1, summary="A").status_code == 200
    response = _autosave(second, proposal, 1, summary="B", idea="ok")
    assert response.status_code == 409
    body = response.json
    assert body["conflicts"]["summary"]["mine"] == "B"
    assert body["conflicts"]["summary"]["theirs"] == "A"
    assert body["conflicts"]["summary"]["label"] == "Kort resumé"
    assert body["applied"] == ["idea"]


def test_autosave_by_non_author_is_403_and_writes_nothing(app, make_proposal, make_person):
    proposal = make_proposal()
    client = app.test_client()
    sign_in(client, make_person(proposal.test_event))
    response = _autosave(client, proposal, 1, summary="indbrud")
    assert response.status_code == 403
    assert response.json["message"] == "Du er ikke på holdet bag dette forslag."
    db.session.refresh(proposal)
    assert proposal.summary == "" and proposal.version == 1


def test_autosave_after_deadline_is_refused_clearly(app, make_proposal):
    proposal = make_proposal()
    proposal.test_event.submission_deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client = _author_client(app, proposal)
    response = _autosave(client, proposal, 1, summary="for sent")
    assert response.status_code == 409
    assert response.json["status"] == "closed"
    assert "Fristen for ændringer er overskredet" in response.json["message"]
    db.session.refresh(proposal)
    assert proposal.summary == ""


def test_autosave_bad_payloads(app, make_proposal):
    proposal = make_proposal()
    client = _author_client(app, proposal)
    url = f"/proposals/{proposal.id}/autosave"
    assert client.post(url, data="not json", content_type="application/json").status_code == 400
    assert client.post(url, json={"version": "1", "values": {}}).status_code == 400
    assert client.post(url, json={"version": 1, "values": []}).status_code == 400
    assert client.post(url, json={"version": 99, "values": {"summary": "x"}}).status_code == 400
    too_long = client.post(url, json={"version": 1, "values": {"summary": "x" * 1201}})
    assert too_long.status_code == 200
    assert too_long.json["errors"]["summary"] == "Højst 1200 tegn (nu 1201)."
    bad_org = client.post(url, json={"version": 1, "values": {"problem_owner_id": "999"}})
    assert bad_org.json["errors"]["problem_owner_id"] == "Vælg en organisation på listen."
    bad_date = client.post(url, json={"version": 1, "values": {"trial_action_when": "31-02"}})
    assert "dag, måned og år" in bad_date.json["errors"]["trial_action_when"]
    db.session.refresh(proposal)
    assert proposal.version == 1


def test_oversized_autosave_gets_413_json(app, make_proposal):
    proposal = make_proposal()
    client = _author_client(app, proposal)
    response = client.post(
        f"/proposals/{proposal.id}/autosave",
        data=json.dumps({"version": 1, "values": {"summary": "x" * (1024 * 1024)}}),
        content_type="application/json",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 413
    assert "større end tilladt" in response.json["message"]


def test_html_in_fields_is_shown_as_text(app, make_proposal):
    proposal = make_proposal()
    client = _author_client(app, proposal)
    _autosave(client, proposal, 1, summary="<script>alert(1)</script><b>fed</b>")
    for path in ("edit", "history", ""):
        html = client.get(f"/proposals/{proposal.id}/{path}".rstrip("/")).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_plain_form_save_without_javascript(app, make_proposal, make_org):
    proposal = make_proposal()
    org = make_org("Region Sjælland")
    ensure_listed(event=proposal.event, organisation=org, added_by=None)
    db.session.commit()
    client = _author_client(app, proposal)
    response = client.post(
        f"/proposals/{proposal.id}/edit",
        data={"version": "1", "title": "God Start", "summary": "Kort", "org_rows": "3",
              "org_0": str(org.id), "owner_0": "y", "contact_0": "Ane", "org_1": ""},
    )
    assert response.status_code == 302
    db.session.refresh(proposal)
    assert proposal.summary == "Kort"
    assert [(o.organisation_id, o.is_process_owner, o.contact_name)
            for o in proposal.organisations] == [(org.id, True, "Ane")]


def test_plain_form_conflict_keeps_typed_text_and_shows_other(app, make_proposal):
    proposal = make_proposal()
    client = _author_client(app, proposal)
    _autosave(client, proposal, 1, summary="Den gemte tekst")
    response = client.post(f"/proposals/{proposal.id}/edit",
                           data={"version": "1", "summary": "Min nye tekst"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Min nye tekst</textarea>" in html
    assert "Den gemte tekst" in html and "Den anden version" in html
    assert 'name="version" value="2"' in html


def test_plain_form_error_keeps_text(app, make_proposal):
    proposal = make_proposal()
    client = _author_client(app, proposal)
    response = client.post(f"/proposals/{proposal.id}/edit",
                           data={"version": "1", "summary": "Behold mig",
                                 "trial_action_when": "i morgen"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Behold mig</textarea>" in html
    assert "Skriv datoen som dag, måned og år." in html
    db.session.refresh(proposal)
    assert proposal.summary == "Behold mig"  # the valid field was saved


def test_submit_names_missing_and_then_succeeds(app, make_proposal, complete_values):
    proposal = make_proposal()
    client = _author_client(app, proposal)
    response = client.post(f"/proposals/{proposal.id}/submit", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Forslaget kan ikke sendes ind endnu. Mangler: Kort resumé, Målgruppe" in html
    _autosave(client, proposal, 1, **complete_values())
    client.post(f"/proposals/{proposal.id}/submit")
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.SUBMITTED


def test_read_only_after_deadline(app, make_proposal):
    proposal = make_proposal()
    proposal.test_event.submission_deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client = _author_client(app, proposal)
    response = client.get(f"/proposals/{proposal.id}/edit")
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}")
    html = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Fristen er overskredet: forslaget kan kun læses." in html
    assert client.post(f"/proposals/{proposal.id}/edit", data={"version": "1"}).status_code == 409


def test_facilitator_reopens_one_proposal(app, make_proposal, login):
    proposal = make_proposal()
    event = proposal.test_event
    event.submission_deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    facilitator = app.test_client()
    login(facilitator, event.test_facilitator)
    until = (utcnow() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    facilitator.post(f"/proposals/{proposal.id}/reopen", data={"until": until})
    client = _author_client(app, proposal)
    assert _autosave(client, proposal, proposal.version, summary="igen").status_code == 200


def test_facilitator_extends_deadline_for_event(app, make_proposal, login):
    proposal = make_proposal()
    event = proposal.test_event
    event.submission_deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client = _author_client(app, proposal)
    assert _autosave(client, proposal, 1, summary="x").status_code == 409
    event.submission_deadline = utcnow() + timedelta(hours=1)
    db.session.commit()
    assert _autosave(client, proposal, 1, summary="x").status_code == 200


def test_phase_after_submission_closes_editing(app, make_proposal):
    proposal = make_proposal()
    proposal.test_event.phase = Phase.QUALIFICATION
    db.session.commit()
    client = _author_client(app, proposal)
    assert _autosave(client, proposal, 1, summary="x").status_code == 409


def test_withdraw_and_resume(app, make_proposal):
    proposal = make_proposal()
    client = _author_client(app, proposal)
    client.post(f"/proposals/{proposal.id}/withdraw")
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert _autosave(client, proposal, proposal.version, summary="x").status_code == 409
    client.post(f"/proposals/{proposal.id}/resume")
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.DRAFT


def test_last_author_cannot_leave(app, make_proposal):
    proposal = make_proposal()
    client = _author_client(app, proposal)
    response = client.post(f"/proposals/{proposal.id}/leave", follow_redirects=True)
    assert "Du er den sidste på holdet" in response.get_data(as_text=True)


def test_history_diff_and_restore(app, make_proposal, login):
    proposal = make_proposal()
    client = _author_client(app, proposal)
    _autosave(client, proposal, 1, summary="gammel tekst")
    _autosave(client, proposal, 2, summary="ny tekst")
    html = client.get(f"/proposals/{proposal.id}/history").get_data(as_text=True)
    assert "<del>gammel</del>" in html and "<ins>ny</ins>" in html
    assert "Gendan denne version" not in html  # authors cannot restore
    facilitator = app.test_client()
    login(facilitator, proposal.test_event.test_facilitator)
    revision = db.session.scalar(select(ProposalRevision).where(ProposalRevision.version == 2))
    assert "Gendan denne version" in facilitator.get(
        f"/proposals/{proposal.id}/history?revision={revision.id}").get_data(as_text=True)
    facilitator.post(f"/proposals/{proposal.id}/revisions/{revision.id}/restore")
    db.session.refresh(proposal)
    assert proposal.summary == "gammel tekst" and proposal.version == 4


def test_restore_revision_of_other_proposal_is_404(app, make_proposal, login):
    first = make_proposal()
    second = make_proposal(event=first.test_event, title="Andet")
    foreign = db.session.scalar(select(ProposalRevision).where(
        ProposalRevision.proposal_id == second.id))
    facilitator = app.test_client()
    login(facilitator, first.test_event.test_facilitator)
    response = facilitator.post(f"/proposals/{first.id}/revisions/{foreign.id}/restore")
    assert response.status_code == 404


def test_facilitator_list_filters_and_exports(app, make_proposal, complete_values, login):
    proposal = make_proposal()
    make_proposal(event=proposal.test_event, title="Børnene med")
    client = _author_client(app, proposal)
    _autosave(client, proposal, 1, **complete_values())
    client.post(f"/proposals/{proposal.id}/submit")
    facilitator = app.test_client()
    login(facilitator, proposal.test_event.test_facilitator)
    event_id = proposal.event_id
    html = facilitator.get(f"/events/{event_id}/proposals").get_data(as_text=True)
    assert "Familiens Broer" in html and "Børnene med" in html
    html = facilitator.get(f"/events/{event_id}/proposals?status=submitted").get_data(True)
    assert "Familiens Broer" in html and "Børnene med" not in html
    html = facilitator.get(f"/events/{event_id}/proposals?sector=general_practice").get_data(True)
    assert "Familiens Broer" in html and "Børnene med" not in html
    html = facilitator.get(f"/events/{event_id}/proposals?q=børn").get_data(True)
    assert "Børnene med" in html and "Familiens Broer" not in html
    response = facilitator.get(f"/events/{event_id}/proposals/export.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["id", "Status", "Holdstørrelse"]
    assert {row[rows[0].index("Arbejdstitel")] for row in rows[1:]} == {
        "Familiens Broer", "Børnene med"}
    xlsx = facilitator.get(f"/events/{event_id}/proposals/export.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet.max_row == 3
    # Times are date cells, ids numbers, the header frozen; the sheet is named in Danish.
    assert sheet.title == "Forslag" and sheet.freeze_panes == "B2"
    header = [c.value for c in sheet[1]]
    submitted = [sheet.cell(row=r, column=header.index("Senest ændret") + 1) for r in (2, 3)]
    assert all(isinstance(c.value, datetime) and "yyyy" in c.number_format for c in submitted)
    assert isinstance(sheet.cell(row=2, column=1).value, int)
    # The variant for Danish Excel: semicolons.
    excel = facilitator.get(f"/events/{event_id}/proposals/export.csv?variant=excel")
    lines = excel.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("id;Status;Holdstørrelse;")


def test_export_neutralises_formulas(app, make_proposal, login):
    proposal = make_proposal(title="=HYPERLINK(\"http://evil\")")
    facilitator = app.test_client()
    login(facilitator, proposal.test_event.test_facilitator)
    text = facilitator.get(f"/events/{proposal.event_id}/proposals/export.csv").get_data(True)
    assert "'=HYPERLINK" in text
    # In XLSX the title stays the text it is (no apostrophe), stored as a string, not a formula.
    from openpyxl import load_workbook

    xlsx = facilitator.get(f"/events/{proposal.event_id}/proposals/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    title_column = [c.value for c in sheet[1]].index("Arbejdstitel") + 1
    cell = sheet.cell(row=2, column=title_column)
    assert cell.value == "=HYPERLINK(\"http://evil\")" and cell.data_type == "s"


def test_my_proposals_on_event_page(app, make_proposal):
    proposal = make_proposal()
    client = _author_client(app, proposal)
    html = client.get(f"/events/{proposal.event_id}").get_data(as_text=True)
    assert "Mine forslag" in html and "Familiens Broer" in html
    assert "Næste skridt: udfyld" in html


def test_list_query_count_is_bounded(app, make_proposal, make_person, login):
    from tests.conftest import count_queries

    first = make_proposal()
    for i in range(12):
        make_proposal(event=first.test_event, title=f"Forslag {i}",
                      author=make_person(first.test_event, Role.PARTICIPANT))
    facilitator = app.test_client()
    login(facilitator, first.test_event.test_facilitator)
    with count_queries() as statements:
        assert facilitator.get(f"/events/{first.event_id}/proposals").status_code == 200
    assert len(statements) <= 8


def test_autosave_query_count_is_bounded_whatever_the_team_size(app, make_proposal,
                                                                 make_person, complete_values):
    """The hottest route of a live event: 8 statements (user, lock, proposal with its authors
    and organisations, retry check, update, revision), for a team of 1 or of 8."""
    from hackathon.proposals.services import join_team
    from tests.conftest import count_queries

    counts = []
    values = complete_values()
    for team in (1, 8):
        proposal = make_proposal(title=f"Hold på {team}")
        for _ in range(team - 1):
            join_team(proposal=proposal, person=make_person(proposal.test_event,
                                                            Role.PARTICIPANT))
        db.session.commit()
        client = _author_client(app, proposal)
        _autosave(client, proposal, 1, **values)
        with count_queries() as statements:
            response = _autosave(client, proposal, 2, summary=f"Ny tekst {team}")
        assert response.status_code == 200, response.json
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 8
