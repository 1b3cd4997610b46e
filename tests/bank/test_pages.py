"""The bank's pages and actions, for every role: who sees what, who may do what."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hackathon.enums import Phase, Role
from hackathon.extensions import db
from hackathon.models import AuditEntry, BankEntry, BankInterest, OutboxMessage, Proposal
from tests.conftest import ROLES, sign_in


@pytest.fixture
def world(make_banked, make_event, make_org):
    """A public and a network entry of one earlier event; the role's event is another one."""
    public = make_banked("Trygge fødsler", "Sårbare gravide siger nej tak til hjælp",
                         policy="public")
    network = make_banked("Unge på kanten", "Unge falder ud af skolen", policy="network")
    event = make_event(phase=Phase.SUBMISSION, title="Ny begivenhed")
    return {"public": public, "network": network, "event": event, "org": make_org("Interesseret")}


@pytest.mark.parametrize("role", ROLES)
def test_front_page_shows_public_to_all_and_network_to_members(as_role, world, role):
    client = as_role(role, world["event"])
    page = client.get("/bank?q=gravide").get_data(as_text=True)
    assert "Trygge fødsler" in page and "<mark>" in page
    listing = client.get("/bank").get_data(as_text=True)
    assert ("Unge på kanten" in listing) == (role != "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_entry_page_respects_visibility(as_role, world, role):
    client = as_role(role, world["event"])
    assert client.get(f"/bank/entries/{world['public'].id}").status_code == 200
    network = client.get(f"/bank/entries/{world['network'].id}").status_code
    assert network == (404 if role == "anonymous" else 200)
    assert client.get("/bank/entries/999999").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_interest_needs_a_signed_in_member_with_an_organisation(as_role, world, role):
    client = as_role(role, world["event"])
    response = client.post(f"/bank/entries/{world['public'].id}/interest")
    if role == "anonymous":
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == 302
    assert db.session.scalar(select(func.count(BankInterest.id))) == 0  # nobody has an org


def test_interest_tells_the_owners_and_shows_the_organisation(client, world, make_person):
    person = make_person(world["event"], Role.PARTICIPANT, organisation=world["org"])
    sign_in(client, person)
    response = client.post(f"/bank/entries/{world['public'].id}/interest")
    assert response.status_code == 302
    messages = db.session.scalars(select(OutboxMessage)).all()
    assert len(messages) == 1 and "Interesseret" in messages[0].subject
    assert messages[0].recipient_id == world["public"].authors[0].person_id
    page = client.get(f"/bank/entries/{world['public'].id}").get_data(as_text=True)
    assert "Interesseret" in page
    client.post(f"/bank/entries/{world['public'].id}/interest")
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1


@pytest.mark.parametrize("role", ROLES)
def test_contact_owners_goes_through_the_outbox(as_role, world, role):
    client = as_role(role, world["event"])
    response = client.post(f"/bank/entries/{world['public'].id}/contact",
                           data={"message": "Hvordan fik I lægerne med?"})
    sent = db.session.scalar(select(func.count(OutboxMessage.id)))
    if role == "anonymous":
        assert response.status_code == 302 and "/login" in response.headers["Location"]
        assert sent == 0
    else:
        assert response.status_code == 302 and sent == 1
    empty = client.post(f"/bank/entries/{world['public'].id}/contact", data={"message": " "})
    assert empty.status_code in (302, 422)


@pytest.mark.parametrize("role", ROLES)
def test_only_a_facilitator_of_the_target_event_copies(as_role, world, role):
    client = as_role(role, world["event"])
    response = client.post(f"/bank/entries/{world['public'].id}/copy",
                           data={"event_id": world["event"].id})
    copies = db.session.scalars(select(Proposal).where(Proposal.bank_source_id.is_not(None))).all()
    if role == "facilitator":
        assert response.status_code == 302 and len(copies) == 1
        assert copies[0].event_id == world["event"].id
        assert copies[0].problem == world["public"].problem
        page = client.get(f"/proposals/{copies[0].id}").get_data(as_text=True)
        assert "Trygge fødsler" in page
        entry = client.get(f"/bank/entries/{world['public'].id}").get_data(as_text=True)
        assert "Ny begivenhed" in entry
        assert db.session.scalar(select(AuditEntry.action).where(
            AuditEntry.event_id == world["event"].id, AuditEntry.action == "bank")) == "bank"
    else:
        assert copies == []
        assert response.status_code in ((302,) if role == "anonymous" else (403,))


@pytest.mark.parametrize("role", ROLES)
def test_only_authors_set_consent(as_role, world, role, make_person):
    proposal = world["public"]
    client = as_role(role, world["event"])
    response = client.post(f"/proposals/{proposal.id}/bank-consent", data={})
    assert response.status_code in ((302,) if role == "anonymous" else (403,))
    assert db.session.scalar(select(func.count(BankEntry.id))) == 2


def test_author_withdraws_consent_and_the_entry_leaves_search_and_export(client, world):
    proposal = world["public"]
    author = proposal.authors[0].person
    sign_in(client, author)
    assert "Trygge" in client.get("/bank/open-data.json").get_data(as_text=True)
    response = client.post(f"/proposals/{proposal.id}/bank-consent", data={})
    assert response.status_code == 302
    assert "Trygge" not in client.get("/bank?q=gravide").get_data(as_text=True)
    assert "Trygge" not in client.get("/bank/open-data.json").get_data(as_text=True)
    assert "Trygge" not in client.get("/bank/open-data.csv").get_data(as_text=True)
    assert client.get(f"/bank/entries/{proposal.id}").status_code == 404
    client.post(f"/proposals/{proposal.id}/bank-consent", data={"consent": "y", "named": "y"})
    page = client.get(f"/bank/entries/{proposal.id}").get_data(as_text=True)
    assert author.name in page


@pytest.mark.parametrize("role", ROLES)
def test_only_the_events_facilitator_sets_the_policy(as_role, world, role):
    event = world["public"].event
    client = as_role(role, world["event"])
    response = client.post(f"/events/{event.id}/bank-policy", data={"policy": "none"})
    assert response.status_code in ((302,) if role == "anonymous" else (403,))
    assert db.session.scalar(select(func.count(BankEntry.id))) == 2


def test_facilitator_policy_change_removes_entries_and_is_audited(client, world):
    event = world["public"].event
    sign_in(client, world["public"].test_facilitator)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert 'name="policy"' in page
    assert client.post(f"/events/{event.id}/bank-policy", data={"policy": "none"}).status_code \
        == 302
    assert db.session.scalar(select(func.count(BankEntry.id))) == 1
    assert client.post(f"/events/{event.id}/bank-policy", data={"policy": "bogus"}).status_code \
        == 302
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "bank")).all()
    assert [a.details["new"] for a in audit] == ["none"]


def test_open_data_holds_only_public_entries_without_names(client, world):
    data = client.get("/bank/open-data.json").get_json()
    assert [e["title"] for e in data["entries"]] == ["Trygge fødsler"]
    entry = data["entries"][0]
    assert entry["id"] == f"hk-{world['public'].id}" and entry["authors"] == ""
    assert entry["url"].endswith(f"/bank/entries/{world['public'].id}")
    assert data["licence"] == "CC-BY-4.0"
    assert "@" not in client.get("/bank/open-data.csv").get_data(as_text=True)
    assert client.get("/bank/open-data.xml").status_code == 404


def test_bad_search_input_never_fails(client, world):
    for query in ('"', "x" * 10_000, "🤰", "' OR 1=1 --", "NEAR(", "a*"):
        response = client.get("/bank", query_string={"q": query})
        assert response.status_code == 200
    page = client.get("/bank", query_string={"q": "ingenting", "stage": "x", "org": "99999"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "stage" in text and "org" in text  # the notice names the ignored filters


@pytest.mark.parametrize("role", ROLES)
def test_only_authors_get_suggestions_for_their_draft(as_role, world, role, make_banked):
    draft = make_banked("Eget forslag", "", event=world["event"], consent=False)
    client = as_role(role, world["event"])
    response = client.get("/bank/suggest", query_string={
        "proposal": draft.id, "text": "sårbare gravide siger nej tak"})
    assert response.status_code == 404
    sign_in(client, draft.authors[0].person)
    response = client.get("/bank/suggest", query_string={
        "proposal": draft.id, "text": "sårbare gravide siger nej tak"})
    assert response.status_code == 200 and "Trygge fødsler" in response.get_data(as_text=True)
    for bad in ("", "x" * 30_000, '"', "🤰"):
        assert client.get("/bank/suggest", query_string={
            "proposal": draft.id, "text": bad}).status_code == 200


def test_reindex_command_rebuilds_entries(runner, world):
    db.session.execute(BankEntry.__table__.delete())
    db.session.commit()
    result = runner.invoke(args=["bank", "reindex"])
    assert result.exit_code == 0 and "2 entries" in result.output
    assert db.session.scalar(select(func.count(BankEntry.id))) == 2
