"""Entries follow their sources: edits, withdrawal, the published decision, its amendments
and the prototype; the demo's past events are in the bank."""

from __future__ import annotations

from sqlalchemy import select

from hackathon.bank import services
from hackathon.demo.loader import load_demo
from hackathon.enums import Outcome
from hackathon.extensions import db
from hackathon.models import BankEntry, Decision, Proposal
from hackathon.results import decisions


def _entry(proposal_id):
    db.session.expire_all()
    return db.session.scalar(select(BankEntry).where(BankEntry.proposal_id == proposal_id))


def test_decision_prototype_and_amendment_reach_the_entry(app):
    result = load_demo()
    db.session.commit()
    god_start = next(p for p in result.proposals if p.title == "God Start")
    services.set_policy(event=result.event, actor=result.facilitator, policy="public")
    services.set_consent(proposal=god_start, actor=god_start.authors[0].person, consent=True,
                         named=False)
    db.session.commit()
    entry = _entry(god_start.id)
    assert (entry.outcome, entry.stage, entry.status) == ("selected", "discovery", "in_progress")
    assert entry.authors == ""
    decision = db.session.scalar(select(Decision).where(Decision.proposal_id == god_start.id))
    data = decisions.DecisionInput(outcome=Outcome.WAITLIST, rationale="Venter på finansiering")
    decisions.save_decision(event=result.event, proposal=god_start, actor=result.facilitator,
                            data=data, expected_version=decision.version, in_top_k=True,
                            reason="Kommunen har omprioriteret")
    db.session.commit()
    entry = _entry(god_start.id)
    assert entry.outcome == "waitlist" and entry.rationale == "Venter på finansiering"
    # The past events of the demo are in the bank; the demo event's other teams did not consent.
    titles = set(db.session.scalars(select(BankEntry.title)))
    assert {"Madvenner", "Tidlig hjælp til unge gravide", "God Start"} <= titles
    assert "Familiens Broer" not in titles


def test_a_proposal_that_leaves_submitted_leaves_the_bank(make_banked):
    from hackathon.proposals import services as proposal_services

    # The factory's proposal lacks required fields: an edit sends it back to draft.
    proposal = make_banked("Broen", "Familier venter")
    author = proposal.authors[0].person
    assert _entry(proposal.id) is not None
    result = proposal_services.save_fields(proposal=proposal, author=author,
                                           base_version=proposal.version,
                                           values={"summary": "Et nyt resumé"})
    db.session.commit()
    assert result.back_to_draft and _entry(proposal.id) is None
    other = make_banked("Anden", "Familier venter")
    proposal_services.withdraw(proposal=db.session.get(Proposal, other.id),
                               author=other.authors[0].person)
    db.session.commit()
    assert _entry(other.id) is None


def test_a_prototype_stage_change_and_a_learning_note_reach_the_entry(app):
    from hackathon.enums import DiaStage, LearningTheme
    from hackathon.followup import records, rules
    from hackathon.models import Prototype

    result = load_demo()
    db.session.commit()
    god_start = next(p for p in result.proposals if p.title == "God Start")
    services.set_policy(event=result.event, actor=result.facilitator, policy="public")
    services.set_consent(proposal=god_start, actor=god_start.authors[0].person, consent=True,
                         named=False)
    db.session.commit()
    prototype = db.session.scalar(select(Prototype).where(Prototype.proposal_id == god_start.id))
    assert _entry(god_start.id).stage == prototype.stage.value
    prototype = db.session.scalar(select(Prototype).where(Prototype.proposal_id == god_start.id))
    rules.change_stage(prototype=prototype, actor=result.facilitator,
                       stage=DiaStage.INCUBATION, reason="Første prøvehandling gik godt",
                       expected_version=prototype.version)
    records.add_note(prototype=prototype, actor=result.facilitator,
                     text="Jordemødrene skal med fra første møde",
                     themes=[LearningTheme.PROCESS_OWNERSHIP.value])
    db.session.commit()
    entry = _entry(god_start.id)
    assert entry.stage == "incubation"
    assert "Jordemødrene skal med fra første møde" in entry.learned
    from tests.conftest import sign_in

    client = app.test_client()
    sign_in(client, result.facilitator)
    page = client.get(f"/prototypes/{prototype.id}").get_data(as_text=True)
    assert f"/bank/entries/{god_start.id}" in page
    services.set_consent(proposal=god_start, actor=god_start.authors[0].person, consent=False,
                         named=False)
    db.session.commit()
    page = client.get(f"/prototypes/{prototype.id}").get_data(as_text=True)
    assert f"/bank/entries/{god_start.id}" not in page
