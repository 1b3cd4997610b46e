"""Saving, merging, revisions, submission and restore (the service layer)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hackathon.enums import ProposalStatus, Role
from hackathon.extensions import db
from hackathon.models import ProposalRevision
from hackathon.proposals import services
from hackathon.proposals.values import clean_values, read_values, text_to_goals


def _save(proposal, author, base, **values):
    clean, errors = clean_values(values)
    assert errors == {}
    result = services.save_fields(proposal=proposal, author=author, base_version=base,
                                  values=clean)
    db.session.commit()
    return result


def test_start_records_first_revision(make_proposal):
    proposal = make_proposal()
    assert proposal.version == 1
    revision = db.session.scalar(select(ProposalRevision))
    assert revision.changes == {"title": ["", "Familiens Broer"]}
    assert revision.author_id == proposal.test_author.id


def test_save_on_current_version_applies_and_versions(make_proposal):
    proposal = make_proposal()
    result = _save(proposal, proposal.test_author, 1, summary="Ny tekst", idea="Idé")
    assert result.version == 2 and result.conflicts == {}
    assert result.applied == ["idea", "summary"]
    assert proposal.summary == "Ny tekst"
    revision = db.session.scalar(select(ProposalRevision).where(ProposalRevision.version == 2))
    assert revision.changes == {"summary": ["", "Ny tekst"], "idea": ["", "Idé"]}


def test_unchanged_values_make_no_revision(make_proposal):
    proposal = make_proposal()
    result = _save(proposal, proposal.test_author, 1, title="Familiens Broer")
    assert result.version == 1 and result.applied == []


def test_different_fields_from_two_authors_merge(make_proposal, make_person):
    proposal = make_proposal()
    other = make_person(proposal.event)
    services.join_team(proposal=proposal, person=other)
    _save(proposal, proposal.test_author, 1, summary="A skrev dette")
    result = _save(proposal, other, 1, idea="B skrev dette")  # stale version, other field
    assert result.conflicts == {}
    assert (proposal.summary, proposal.idea) == ("A skrev dette", "B skrev dette")
    assert proposal.version == 3


def test_same_field_conflict_keeps_both_texts(make_proposal, make_person):
    proposal = make_proposal()
    other = make_person(proposal.event)
    _save(proposal, proposal.test_author, 1, summary="Version A")
    result = _save(proposal, other, 1, summary="Version B", idea="ikke i konflikt")
    assert result.conflicts == {
        "summary": {"mine": "Version B", "theirs": "Version A", "base": ""}
    }
    assert proposal.summary == "Version A"  # nothing silently overwritten
    assert proposal.idea == "ikke i konflikt"  # the rest is applied
    resolved = _save(proposal, other, result.version, summary="Version A og B")
    assert resolved.conflicts == {} and proposal.summary == "Version A og B"


def test_stale_save_of_untouched_field_does_not_revert(make_proposal, make_person):
    proposal = make_proposal()
    other = make_person(proposal.event)
    _save(proposal, proposal.test_author, 1, summary="Ny")
    # The other author's browser sends the field as it was at version 1 (unchanged by them).
    result = _save(proposal, other, 1, summary="")
    assert result.conflicts == {} and proposal.summary == "Ny"


def test_retried_save_is_stored_once(make_proposal):
    proposal = make_proposal()
    clean, _ = clean_values({"summary": "Én gang"})
    for _ in range(3):
        services.save_fields(proposal=proposal, author=proposal.test_author, base_version=1,
                             values=clean, save_id="abc-123")
        db.session.commit()
    count = db.session.scalar(select(func.count(ProposalRevision.id)))
    assert count == 2  # "create" and one save
    assert proposal.version == 2


def test_future_version_is_refused(make_proposal):
    proposal = make_proposal()
    with pytest.raises(services.ProposalError):
        services.save_fields(proposal=proposal, author=proposal.test_author, base_version=9,
                             values={"summary": "x"})


def test_submit_names_missing_fields(make_proposal):
    proposal = make_proposal()
    with pytest.raises(services.ProposalError) as error:
        services.submit(proposal=proposal, author=proposal.test_author)
    missing = dict(error.value.detail)
    assert "summary" in missing and "organisations" in missing
    assert "title" not in missing
    assert str(missing["summary"]) == "Kort resumé"


def test_submit_complete_proposal(make_proposal, complete_values):
    proposal = make_proposal()
    _save(proposal, proposal.test_author, 1, **complete_values())
    services.submit(proposal=proposal, author=proposal.test_author)
    db.session.commit()
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.submitted_at
    assert {s.value for s in proposal.sectors} == {"municipality", "general_practice"}


def test_process_owner_needs_contact(make_proposal, complete_values):
    proposal = make_proposal()
    values = complete_values()
    values["organisations"] = values["organisations"].replace('"Ane"', '""')
    _save(proposal, proposal.test_author, 1, **values)
    with pytest.raises(services.ProposalError) as error:
        services.submit(proposal=proposal, author=proposal.test_author)
    assert dict(error.value.detail)["organisations"].startswith("Skriv en kontaktperson")


def test_emptying_required_field_sends_submitted_back_to_draft(make_proposal, complete_values):
    proposal = make_proposal()
    _save(proposal, proposal.test_author, 1, **complete_values())
    services.submit(proposal=proposal, author=proposal.test_author)
    db.session.commit()
    result = _save(proposal, proposal.test_author, proposal.version, summary="")
    assert result.back_to_draft and proposal.status == ProposalStatus.DRAFT


def test_state_at_and_restore(make_proposal, make_event):
    proposal = make_proposal()
    _save(proposal, proposal.test_author, 1, summary="første")
    _save(proposal, proposal.test_author, 2, summary="anden", idea="idé")
    assert services.state_at(proposal, 2)["summary"] == "første"
    assert services.state_at(proposal, 2)["idea"] == ""
    revision = db.session.scalar(select(ProposalRevision).where(ProposalRevision.version == 2))
    facilitator = proposal.test_event.test_facilitator
    restored = services.restore(proposal=proposal, facilitator=facilitator, revision=revision)
    db.session.commit()
    assert restored == ["idea", "summary"]
    assert (proposal.summary, proposal.idea) == ("første", "")
    last = db.session.scalar(select(ProposalRevision).order_by(ProposalRevision.version.desc()))
    assert last.kind == "restore" and last.author_id == facilitator.id


def test_leave_team_and_last_author(make_proposal, make_person):
    proposal = make_proposal()
    with pytest.raises(services.ProposalError):
        services.leave_team(proposal=proposal, person=proposal.test_author)
    other = make_person(proposal.event, Role.PARTICIPANT)
    services.join_team(proposal=proposal, person=other)
    assert services.join_team(proposal=proposal, person=other) is False
    services.leave_team(proposal=proposal, person=proposal.test_author)
    assert [a.person_id for a in proposal.authors] == [other.id]


def test_goals_text_round_trip():
    goals = text_to_goals("Mål 1\n- a\n- b\n\nMål 2\n• c")
    assert goals == [{"goal": "Mål 1", "activities": ["a", "b"]},
                     {"goal": "Mål 2", "activities": ["c"]}]


def test_organisations_round_trip(make_proposal, complete_values):
    proposal = make_proposal()
    values = complete_values()
    _save(proposal, proposal.test_author, 1, organisations=values["organisations"])
    assert read_values(proposal)["organisations"] == clean_values(
        {"organisations": values["organisations"]}
    )[0]["organisations"]
    assert [link.is_process_owner for link in proposal.organisations] == [True, False]
