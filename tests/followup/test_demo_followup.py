"""The published demo continues into follow-up; the earlier stages have no prototypes."""

from __future__ import annotations

from sqlalchemy import func, select

from hackathon.demo.loader import load_demo
from hackathon.enums import DiaStage, Phase, PrototypeStatus, TrialActionStatus
from hackathon.extensions import db
from hackathon.followup.board import is_silent
from hackathon.models import LearningNote, Prototype, utcnow
from tests.conftest import sign_in


def test_published_demo_has_both_prototypes_on_the_board(app, client):
    demo = load_demo("published")
    db.session.commit()
    assert demo.event.phase == Phase.FOLLOW_UP
    prototypes = {p.title: p for p in db.session.scalars(select(Prototype))}
    broer, start = prototypes["Familiens Broer"], prototypes["God Start"]

    assert (broer.stage, broer.status) == (DiaStage.INCUBATION, PrototypeStatus.STANDBY)
    assert "prioriterer andre indsatser" in broer.status_reason
    assert broer.funding_gap == 630000
    assert {f.purpose for f in broer.funding_items if not f.secured} == {
        "Honorering af tre praktiserende lægers deltagelse",
        "Følgeevaluering ved forskningsenheden i Region Hovedstadens Børne- og "
        "Ungdomspsykiatri"}
    assert len(broer.goals) == 2
    assert [(c.kind, c.new) for c in broer.changes] == [
        ("created", "discovery"), ("stage", "incubation"), ("status", "standby")]
    assert [c.changed_at for c in broer.changes] == sorted(c.changed_at for c in broer.changes)
    contacts = {c.organisation.name for c in broer.contacts}
    assert {"Gladsaxe Kommune", "Region Hovedstadens Psykiatri", "Lægehuset Søborg"} <= contacts
    assert any("Samordningsudvalget" in name for name in contacts)
    done = [t for t in broer.trial_actions if t.status == TrialActionStatus.DONE]
    assert len(done) >= 2 and all(t.what_happened and t.learned for t in done)
    assert any(t.citizen_input for t in done) and sum(t.citizen_count or 0 for t in done) >= 4
    assert broer.indicators and all(i.measurements for i in broer.indicators)
    assert broer.business_lines
    notes = db.session.scalars(select(LearningNote).where(
        LearningNote.prototype_id == broer.id)).all()
    assert {"financing", "citizen_voice", "shared_vocabulary"} <= {
        t for n in notes for t in n.themes}
    assert is_silent(broer, utcnow()) and broer.last_checkin_to

    assert start.status == PrototypeStatus.IN_PROGRESS and not is_silent(start, utcnow())
    assert [t.status for t in start.trial_actions][0] == TrialActionStatus.DONE
    assert any(m.status.value == "planned" and m.due_on > utcnow().date()
               for m in start.milestones)
    # Nothing happened in the future.
    now = utcnow()
    for prototype in (broer, start):
        assert all(c.changed_at <= now for c in prototype.changes)
        assert all(t.done_on is None or t.done_on <= now.date() for t in prototype.trial_actions)
    assert demo.event.decision_published_at < broer.changes[1].changed_at

    sign_in(client, demo.facilitator)
    page = client.get("/portfolio").get_data(as_text=True)
    incubation = page.split('id="stage-incubation"')[1].split('id="stage-acceleration"')[0]
    assert "Familiens Broer" in incubation and "Sat i bero" in incubation
    assert "630.000 kr." in incubation and "Stille" in incubation
    discovery = page.split('id="stage-discovery"')[1].split('id="stage-incubation"')[0]
    assert "God Start" in discovery and "I gang" in discovery
    event_page = client.get(f"/events/{demo.event.id}").get_data(as_text=True)
    assert "Stille prototyper" in event_page and "Marianne Holst Poulsen" in event_page


def test_earlier_demo_stages_have_no_prototypes(app):
    result = load_demo("decision")
    db.session.commit()
    # (The knowledge bank's earlier events of the network have theirs.)
    assert db.session.scalar(select(func.count(Prototype.id)).where(
        Prototype.event_id == result.event.id)) == 0
