"""Importing a list (CSV from Danish Excel, XLSX), what participants are offered, proposing."""

from __future__ import annotations

import io
import json

from openpyxl import Workbook
from sqlalchemy import select

from hackathon.enums import OrganisationStatus, Role, Sector
from hackathon.extensions import db
from hackathon.models import EventOrganisation, Organisation
from hackathon.organisations import importing, queries


def _client(app, login, person):
    client = app.test_client()
    login(client, person)
    return client


def _upload(client, event, name, raw):
    return client.post(f"/events/{event.id}/organisations/import",
                       data={"file": (io.BytesIO(raw), name)},
                       content_type="multipart/form-data")


def test_windows_1252_semicolon_csv_preview_then_confirm(app, make_event, login):
    event = make_event()
    client = _client(app, login, event.test_facilitator)
    raw = ("Navn;Sektor\r\nKøge Kommune;Kommune\r\nRegion Sjælland;Region\r\n"
           "Lægerne i Ølstykke;Almen praksis\r\nForeningen Ønsket;Ukendt\r\n;Kommune\r\n"
           ).encode("cp1252")
    preview = _upload(client, event, "organisationer.csv", raw)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Køge Kommune" in page and "Lægerne i Ølstykke" in page
    assert "Ukendt sektor" in page  # row 5's error, in Danish
    assert "Navnet mangler" in page  # row 6
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Køge Kommune")) \
        is None  # nothing added before the confirm step
    rows = json.loads(_hidden(page, "rows"))
    assert rows == [["Køge Kommune", "municipality"], ["Region Sjælland", "region"],
                    ["Lægerne i Ølstykke", "general_practice"]]
    response = client.post(f"/events/{event.id}/organisations/import/confirm",
                           data={"rows": json.dumps(rows)})
    assert response.status_code == 302
    names = {o.name: o.sector for o in queries.offered(event)}
    assert names == {"Køge Kommune": Sector.MUNICIPALITY, "Region Sjælland": Sector.REGION,
                     "Lægerne i Ølstykke": Sector.GENERAL_PRACTICE}


def _hidden(page: str, name: str) -> str:
    import html
    import re

    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', page)
    return html.unescape(match.group(1))


def test_xlsx_import_with_header_and_bad_row(app, make_event, login):
    event = make_event()
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "sector"])
    sheet.append(["Roskilde Universitet", "Vidensinstitution"])
    sheet.append(["Røde Kors", "Civilsamfund"])
    sheet.append(["Røde Kors", "Civilsamfund"])
    buffer = io.BytesIO()
    book.save(buffer)
    client = _client(app, login, event.test_facilitator)
    page = _upload(client, event, "liste.xlsx", buffer.getvalue()).get_data(as_text=True)
    assert "Navnet står to gange i filen" in page
    assert json.loads(_hidden(page, "rows")) == [
        ["Roskilde Universitet", "knowledge_institution"], ["Røde Kors", "civil_society"]]


def test_too_large_file_is_refused(app, make_event, login):
    event = make_event()
    client = _client(app, login, event.test_facilitator)
    raw = b"Navn;Sektor\n" + b"x" * (importing.MAX_BYTES + 10)
    response = _upload(client, event, "stor.csv", raw)
    assert response.status_code in (413, 422)
    assert db.session.scalar(select(EventOrganisation)) is None


def test_too_many_rows_are_refused(app):
    table = [(i, [f"Org {i}", "Kommune"]) for i in range(importing.MAX_ROWS + 1)]
    try:
        importing.check_rows(table)
    except importing.ImportFileError as error:
        assert str(importing.MAX_ROWS) in error.message
    else:
        raise AssertionError("too many rows were accepted")


def test_participant_sees_only_the_events_organisations(app, make_event, make_person,
                                                        listed_org, login):
    event = make_event()
    other = make_event(title="Other")
    listed_org(event, "Ballerup Kommune")
    listed_org(other, "Tyop Kommune")  # another event's typo
    proposer = make_person(event, Role.PARTICIPANT)
    listed_org(event, "Someone's proposal", status=OrganisationStatus.PROPOSED, added_by=proposer)
    participant = make_person(event, Role.PARTICIPANT)
    offered = {o.name for o in queries.offered(event, participant)}
    assert offered == {"Ballerup Kommune"}
    assert {o.name for o in queries.offered(event, proposer)} == {
        "Ballerup Kommune", "Someone's proposal"}


def test_joining_offers_the_event_list_and_a_new_name_is_proposed(app, make_event, listed_org):
    event = make_event()
    listed_org(event, "Ballerup Kommune")
    listed_org(make_event(title="Other"), "Tyop Kommune")
    client = app.test_client()
    client.post("/join", data={"code": event.join_code})
    page = client.get("/join/profile").get_data(as_text=True)
    assert "Ballerup Kommune" in page and "Tyop Kommune" not in page
    tyop = db.session.scalar(select(Organisation).where(Organisation.name == "Tyop Kommune"))
    refused = client.post("/join/profile", data={"name": "Ida", "organisation_id": str(tyop.id)})
    assert refused.status_code == 200  # not on this event's list
    response = client.post("/join/profile", data={
        "name": "Ida", "new_organisation": "Ballerup Sundhedshus",
        "new_organisation_sector": "municipality"})
    assert response.status_code == 302
    org = db.session.scalar(select(Organisation).where(
        Organisation.name == "Ballerup Sundhedshus"))
    link = queries.link_of(event, org.id)
    assert link.status == OrganisationStatus.PROPOSED
    facilitator = app.test_client()
    from tests.conftest import sign_in

    sign_in(facilitator, event.test_facilitator)
    page = facilitator.get(f"/events/{event.id}/organisations").get_data(as_text=True)
    assert "Ballerup Sundhedshus" in page and "Foreslået" in page


def test_proposing_from_the_proposal_form(app, make_event, make_person, listed_org, login):
    event = make_event()
    person = make_person(event, Role.PARTICIPANT)
    client = _client(app, login, person)
    response = client.post(f"/events/{event.id}/organisations/propose", data={
        "name": "Familiehuset Nord", "sector": "civil_society", "next": "//evil.example/x"})
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]
    org = db.session.scalar(select(Organisation).where(Organisation.name == "Familiehuset Nord"))
    assert org.id in queries.offered_ids(event, person)
    assert org.id not in queries.offered_ids(event, make_person(event, Role.PARTICIPANT))
    missing = client.post(f"/events/{event.id}/organisations/propose",
                          data={"name": "Nyt Sted", "sector": ""})
    assert "Vælg sektor for den nye organisation" in missing.get_data(as_text=True)


def test_rename_shared_organisation_makes_a_copy_for_this_event(make_event, listed_org,
                                                                make_person):
    from hackathon.organisations import services

    event = make_event()
    other = make_event(title="Other")
    org = listed_org(event, "Hvidovre Hospita", Sector.HOSPITAL)
    services.ensure_listed(event=other, organisation=org, added_by=None)
    person = make_person(event, Role.PARTICIPANT, organisation=org)
    result = services.rename(event=event, actor=event.test_facilitator, organisation=org,
                             name="Hvidovre Hospital", sector=Sector.HOSPITAL)
    db.session.commit()
    assert result.id != org.id and org.name == "Hvidovre Hospita"
    assert person.organisation_id == result.id
    assert queries.link_of(other, org.id) is not None


def test_remove_is_refused_while_used(app, make_event, make_person, listed_org, login):
    event = make_event()
    org = listed_org(event, "Brøndby Kommune")
    make_person(event, Role.PARTICIPANT, organisation=org)
    client = _client(app, login, event.test_facilitator)
    client.post(f"/events/{event.id}/organisations/{org.id}/remove")
    assert queries.link_of(event, org.id) is not None
    unused = listed_org(event, "Ubrugt")
    client.post(f"/events/{event.id}/organisations/{unused.id}/remove")
    assert queries.link_of(event, unused.id) is None


def test_proposal_form_offers_and_accepts_only_the_events_list(app, make_event, make_person,
                                                                listed_org, login):
    from hackathon.proposals import services as proposal_services

    event = make_event()
    ours = listed_org(event, "Ballerup Kommune")
    theirs = listed_org(make_event(title="Other"), "Tyop Kommune")
    author = make_person(event, Role.PARTICIPANT)
    proposal = proposal_services.start_proposal(event=event, author=author, title="God Start")
    db.session.commit()
    client = _client(app, login, author)
    page = client.get(f"/proposals/{proposal.id}/edit").get_data(as_text=True)
    assert "Ballerup Kommune" in page and "Tyop Kommune" not in page
    assert "Foreslå en ny organisation" in page
    refused = client.post(f"/proposals/{proposal.id}/edit", data={
        "version": "1", "title": "God Start", "summary": "Kort", "org_rows": "1",
        "org_0": str(theirs.id)})
    assert refused.status_code == 422
    assert "Vælg en organisation fra arrangementets liste" in refused.get_data(as_text=True)
    db.session.refresh(proposal)
    assert proposal.summary == "Kort" and proposal.organisations == []  # the text is kept
    accepted = client.post(f"/proposals/{proposal.id}/edit", data={
        "version": str(proposal.version), "org_rows": "1", "org_0": str(ours.id)})
    assert accepted.status_code == 302
    db.session.refresh(proposal)
    assert [link.organisation_id for link in proposal.organisations] == [ours.id]


def test_new_event_starts_empty_and_may_copy_another_of_its_facilitators_lists(
        app, make_event, listed_org, login):
    from hackathon.auth.services import grant_role
    from hackathon.events.services import create_event

    old = make_event(title="Tværs 2026")
    listed_org(old, "Køge Kommune")
    listed_org(old, "Forslag", status=OrganisationStatus.PROPOSED)
    stranger = make_event(title="Fremmed")
    listed_org(stranger, "Fremmed Kommune")
    new = create_event(creator=old.test_facilitator, title="Tværs 2027",
                       scoring_model_key="kvalificering")
    grant_role(event=new, person=old.test_facilitator, role=Role.FACILITATOR)
    db.session.commit()
    assert queries.offered(new) == []
    client = _client(app, login, old.test_facilitator)
    page = client.get(f"/events/{new.id}/organisations").get_data(as_text=True)
    assert "Tværs 2026" in page and "Fremmed" not in page
    client.post(f"/events/{new.id}/organisations/copy", data={"source": str(stranger.id)})
    assert queries.offered(new) == []  # not one of this facilitator's events
    client.post(f"/events/{new.id}/organisations/copy", data={"source": str(old.id)})
    assert [o.name for o in queries.offered(new)] == ["Køge Kommune"]  # active ones only
