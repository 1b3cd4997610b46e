"""The ``hackathon`` command's own subcommands."""

from __future__ import annotations

from sqlalchemy import func, select

from hackathon.demo import content
from hackathon.enums import ProposalStatus, Role
from hackathon.extensions import db
from hackathon.models import Event, EventRole, Person, Proposal


def test_create_facilitator(runner):
    result = runner.invoke(
        args=["create-facilitator", "Ny@Example.org", "--name", "Ny", "--password", "0123456789ab"]
    )
    assert result.exit_code == 0, result.output
    person = db.session.scalar(select(Person).where(Person.email == "ny@example.org"))
    assert person.is_facilitator_account and person.check_password("0123456789ab")


def test_create_facilitator_generates_password(runner):
    result = runner.invoke(args=["create-facilitator", "gen@example.org", "--generate"])
    assert result.exit_code == 0
    password = result.output.split("Password: ")[1].strip()
    person = db.session.scalar(select(Person).where(Person.email == "gen@example.org"))
    assert person.check_password(password)


def test_create_facilitator_refuses_short_password(runner):
    result = runner.invoke(args=["create-facilitator", "a@example.org", "--password", "short"])
    assert result.exit_code == 2
    assert db.session.scalar(select(Person)) is None


def test_demo_loads_living_event_once(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "TVAERS26" in result.output
    # The demo event (the knowledge bank's two earlier events of the network come along).
    event = db.session.scalar(select(Event).where(Event.join_code == content.EVENT["join_code"]))
    counts = dict(
        db.session.execute(
            select(EventRole.role, func.count()).where(EventRole.event_id == event.id)
            .group_by(EventRole.role)
        ).all()
    )
    assert counts[Role.FACILITATOR] == 1
    assert counts[Role.REVIEWER] == 5
    assert counts[Role.PARTICIPANT] == len(content.PARTICIPANTS) >= 45
    proposals = db.session.scalars(select(Proposal).where(Proposal.event_id == event.id)).all()
    assert len(proposals) == 8
    titles = {p.title for p in proposals}
    assert {"God Start", "Familiens Broer"} <= titles
    assert all(p.status == ProposalStatus.SUBMITTED and p.authors for p in proposals)
    assert all(len(p.sectors) >= 1 and p.problem_owner for p in proposals)
    again = runner.invoke(args=["demo"])
    assert "already loaded" in again.output
    assert db.session.scalar(select(func.count(Event.id))) == 3


def test_demo_if_empty_skips_when_events_exist(runner, make_event):
    make_event()
    result = runner.invoke(args=["demo", "--if-empty"])
    assert "not loaded" in result.output
    assert db.session.scalar(select(func.count(Proposal.id))) == 0


def test_demo_facilitator_can_sign_in(runner, client):
    runner.invoke(args=["demo"])
    from hackathon.demo.loader import DEMO_PASSWORD

    response = client.post(
        "/login", data={"email": content.FACILITATOR["email"], "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302


def test_login_link_for_reviewer(runner, client):
    runner.invoke(args=["demo"])
    email = content.REVIEWERS[0]["email"]
    result = runner.invoke(args=["login-link", email])
    assert result.exit_code == 0
    link = result.output.strip()
    assert "/enter/" in link
    path = link.split("127.0.0.1:5000", 1)[1]
    assert client.post(path).status_code == 302


def test_login_link_uses_the_address_people_open(runner):
    runner.invoke(args=["demo"])
    email = content.REVIEWERS[0]["email"]
    result = runner.invoke(args=["login-link", "--base-url", "http://192.168.1.20:8000/", email])
    assert result.exit_code == 0
    assert result.output.strip().startswith("http://192.168.1.20:8000/enter/")


def test_login_link_refuses_password_accounts(runner):
    runner.invoke(args=["demo"])
    result = runner.invoke(args=["login-link", content.FACILITATOR["email"]])
    assert result.exit_code == 2


def test_demo_round_is_under_way_with_one_conflict(runner):
    runner.invoke(args=["demo", "--stage", "qualification"])
    from hackathon.enums import Phase
    from hackathon.review import queries

    event = db.session.scalar(select(Event).where(Event.join_code == "TVAERS26"))  # the demo event
    assert event.phase == Phase.QUALIFICATION
    assert event.scoring_model_snapshot["key"] == "kvalificering"
    conflicts = queries.conflicts_of(event)
    assert [(c.reviewer.email, c.proposal.title) for c in conflicts] == [
        (content.REVIEWER_CONFLICT["reviewer"], content.REVIEWER_CONFLICT["proposal"])]
    state = queries.progress(event)
    assert 0 < len(state["unfinished"]) < state["total"]
    scores = queries.complete_scores(event)
    assert any(value is None for *_rest, value in scores)  # an abstention
    from hackathon.scoring import rank_scores

    ranking = rank_scores(queries.scoring_model(event), scores, top_k=2, samples=100)
    titles = {p.id: p.title for p in db.session.scalars(select(Proposal))}
    top = {titles[row["proposal"]] for row in ranking["ranking"][:2]}
    assert top == {"God Start", "Familiens Broer"}


def test_demo_by_default_has_a_published_decision(runner):
    from hackathon.enums import Outcome, Phase
    from hackathon.models import AuditEntry, Decision, OutboxMessage

    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    event = db.session.scalar(select(Event).where(Event.join_code == content.EVENT["join_code"]))
    # The published demo continues into follow-up (hackathon/demo/followup.py).
    assert event.phase == Phase.FOLLOW_UP
    assert event.decision_published_at is not None
    decisions = db.session.scalars(select(Decision).where(Decision.event_id == event.id)).all()
    assert len(decisions) == 8
    selected = {d.proposal.title: d for d in decisions if d.outcome == Outcome.SELECTED}
    assert set(selected) == {"God Start", "Familiens Broer"}
    for decision in selected.values():
        assert decision.problem_owner is not None
        assert decision.process_owners and all(o.contact_name for o in decision.process_owners)
        assert decision.trial_action and decision.trial_date
    merged = [d for d in decisions if d.outcome == Outcome.MERGED]
    assert [d.merged_into.title for d in merged] == ["Familiens Broer"]
    # Every author has a message waiting (no mail server in tests), and so has everyone the
    # follow-up's check-ins asked; the log has the publication.
    from hackathon.models import Prototype

    authors = sum(len(d.proposal.authors) for d in decisions)
    asked = sum(len(p.last_checkin_to.split(", ")) for p in db.session.scalars(
        select(Prototype).where(Prototype.event_id == event.id)))
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.event_id == event.id)) == authors + asked
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"phase", "score", "decision", "publish"} <= actions


def test_demo_stage_decision_leaves_the_two_selected_to_decide(runner):
    from hackathon.enums import Phase
    from hackathon.models import Decision

    runner.invoke(args=["demo", "--stage", "decision"])
    event = db.session.scalar(select(Event).where(Event.join_code == content.EVENT["join_code"]))
    assert event.phase == Phase.DECISION and event.decision_published_at is None
    staged = {d.proposal.title for d in db.session.scalars(
        select(Decision).where(Decision.event_id == event.id))}
    assert len(staged) == 6 and not staged & {"God Start", "Familiens Broer"}
