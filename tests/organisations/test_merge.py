"""Merging a duplicate moves every link of the event, one referencing table at a time, and
leaves other events' links alone."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackathon.enums import Outcome, Role
from hackathon.extensions import db
from hackathon.models import (
    AuditEntry,
    BusinessCaseLine,
    Decision,
    EventOrganisation,
    Invitation,
    ProcessOwner,
    ProposalOrganisation,
    Prototype,
    PrototypeContact,
    utcnow,
)
from hackathon.organisations import queries, services
from hackathon.proposals import services as proposal_services


def _proposal(event, author, title="Familiens Broer"):
    proposal = proposal_services.start_proposal(event=event, author=author, title=title)
    db.session.flush()
    return proposal


def _decision(event, proposal, **fields):
    decision = Decision(event_id=event.id, proposal_id=proposal.id, outcome=Outcome.SELECTED,
                        **fields)
    db.session.add(decision)
    db.session.flush()
    return decision


def _prototype(event, proposal, **fields):
    prototype = Prototype(event_id=event.id, proposal_id=proposal.id, title=proposal.title,
                          last_update_at=utcnow(), **fields)
    db.session.add(prototype)
    db.session.flush()
    return prototype


# Each case: make a row of ``event`` naming ``org`` and return a reader of its organisation id.
def _person(event, org, author):
    author.organisation_id = org.id
    return lambda: author.organisation_id


def _invitation(event, org, author):
    inv = Invitation(event_id=event.id, role=Role.REVIEWER, name="R", organisation_id=org.id,
                     expires_at=utcnow())
    db.session.add(inv)
    return lambda: inv.organisation_id


def _problem_owner(event, org, author):
    proposal = _proposal(event, author)
    proposal.problem_owner_id = org.id
    return lambda: proposal.problem_owner_id


def _proposal_organisation(event, org, author):
    proposal = _proposal(event, author)
    link = ProposalOrganisation(proposal_id=proposal.id, organisation_id=org.id,
                                is_process_owner=True, contact_name="Ane")
    db.session.add(link)
    return lambda: db.session.scalar(select(ProposalOrganisation.organisation_id).where(
        ProposalOrganisation.proposal_id == proposal.id))


def _decision_owner(event, org, author):
    decision = _decision(event, _proposal(event, author), problem_owner_id=org.id)
    return lambda: decision.problem_owner_id


def _process_owner(event, org, author):
    decision = _decision(event, _proposal(event, author))
    owner = ProcessOwner(decision_id=decision.id, organisation_id=org.id, contact_name="Bo")
    db.session.add(owner)
    return lambda: owner.organisation_id


def _prototype_owner(event, org, author):
    prototype = _prototype(event, _proposal(event, author), problem_owner_id=org.id)
    return lambda: prototype.problem_owner_id


def _operation_owner(event, org, author):
    prototype = _prototype(event, _proposal(event, author), operation_owner_id=org.id)
    return lambda: prototype.operation_owner_id


def _spread_to(event, org, author):
    prototype = _prototype(event, _proposal(event, author), spread_to=[org.id])
    return lambda: db.session.scalar(select(Prototype.spread_to).where(
        Prototype.id == prototype.id))[0]


def _business_case(event, org, author):
    prototype = _prototype(event, _proposal(event, author))
    line = BusinessCaseLine(prototype_id=prototype.id, organisation_id=org.id, year=2027)
    db.session.add(line)
    return lambda: line.organisation_id


def _contact(event, org, author):
    prototype = _prototype(event, _proposal(event, author))
    contact = PrototypeContact(prototype_id=prototype.id, organisation_id=org.id, name="Cai")
    db.session.add(contact)
    return lambda: contact.organisation_id


CASES = [_person, _invitation, _problem_owner, _proposal_organisation, _decision_owner,
         _process_owner, _prototype_owner, _operation_owner, _spread_to, _business_case,
         _contact]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__.strip("_"))
def test_merge_moves_the_link_of_each_table(make_event, make_person, listed_org, case):
    event = make_event()
    other = make_event(title="Other event")
    duplicate = listed_org(event, "Gladsaxe Komune")
    right = listed_org(event, "Gladsaxe Kommune")
    services.ensure_listed(event=other, organisation=duplicate, added_by=None)
    here = case(event, duplicate, make_person(event, Role.PARTICIPANT))
    there = case(other, duplicate, make_person(other, Role.PARTICIPANT))
    db.session.commit()

    moved = services.merge(event=event, actor=event.test_facilitator, source=duplicate,
                           target=right)
    db.session.commit()

    assert here() == right.id
    assert there() == duplicate.id  # another event's data is not this facilitator's
    assert sum(moved.values()) == 1
    assert queries.link_of(event, duplicate.id) is None
    assert queries.link_of(other, duplicate.id) is not None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.event_id == event.id,
                                                       AuditEntry.action == "organisations"))
    assert entry.details["change"] == "merged"
    assert entry.details["old"] == "Gladsaxe Komune"


def test_merge_into_itself_is_refused(make_event, listed_org):
    event = make_event()
    org = listed_org(event, "Region Hovedstaden")
    with pytest.raises(services.OrganisationError) as error:
        services.merge(event=event, actor=event.test_facilitator, source=org, target=org)
    assert error.value.code == "self"


def test_merge_keeps_one_row_when_a_proposal_names_both(make_event, make_person, listed_org):
    event = make_event()
    duplicate = listed_org(event, "Herlev Hospital ")
    right = listed_org(event, "Herlev Hospital")
    proposal = _proposal(event, make_person(event, Role.PARTICIPANT))
    db.session.add_all([
        ProposalOrganisation(proposal_id=proposal.id, organisation_id=duplicate.id,
                             is_process_owner=True, contact_name="Ane"),
        ProposalOrganisation(proposal_id=proposal.id, organisation_id=right.id),
    ])
    db.session.commit()
    services.merge(event=event, actor=event.test_facilitator, source=duplicate, target=right)
    db.session.commit()
    rows = db.session.scalars(select(ProposalOrganisation).where(
        ProposalOrganisation.proposal_id == proposal.id)).all()
    assert [(r.organisation_id, r.is_process_owner, r.contact_name) for r in rows] == [
        (right.id, True, "Ane")]


def test_merge_spread_to_without_duplicates(make_event, make_person, listed_org):
    event = make_event()
    duplicate = listed_org(event, "Aarhus Komune")
    right = listed_org(event, "Aarhus Kommune")
    third = listed_org(event, "Region Midtjylland")
    prototype = _prototype(event, _proposal(event, make_person(event, Role.PARTICIPANT)),
                           spread_to=[right.id, duplicate.id, third.id])
    db.session.commit()
    services.merge(event=event, actor=event.test_facilitator, source=duplicate, target=right)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Prototype, prototype.id).spread_to == [right.id, third.id]


def test_merge_through_the_page(app, make_event, make_person, listed_org, login):
    event = make_event()
    duplicate = listed_org(event, "Gentofte Komune")
    right = listed_org(event, "Gentofte Kommune")
    author = make_person(event, Role.PARTICIPANT, organisation=duplicate)
    client = app.test_client()
    login(client, event.test_facilitator)
    url = f"/events/{event.id}/organisations/{duplicate.id}/merge"
    assert client.post(url, data={"target": str(duplicate.id)}).status_code == 422
    response = client.post(url, data={"target": str(right.id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert author.organisation_id == right.id
    assert db.session.scalar(select(EventOrganisation).where(
        EventOrganisation.event_id == event.id,
        EventOrganisation.organisation_id == duplicate.id)) is None
