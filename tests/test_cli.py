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
    event = db.session.scalar(select(Event))
    counts = dict(
        db.session.execute(
            select(EventRole.role, func.count()).where(EventRole.event_id == event.id)
            .group_by(EventRole.role)
        ).all()
    )
    assert counts[Role.FACILITATOR] == 1
    assert counts[Role.REVIEWER] == 5
    assert counts[Role.PARTICIPANT] == len(content.PARTICIPANTS) >= 45
    proposals = db.session.scalars(select(Proposal)).all()
    assert len(proposals) == 8
    titles = {p.title for p in proposals}
    assert {"God Start", "Familiens Broer"} <= titles
    assert all(p.status == ProposalStatus.SUBMITTED and p.authors for p in proposals)
    assert all(len(p.sectors) >= 1 and p.problem_owner for p in proposals)
    again = runner.invoke(args=["demo"])
    assert "already loaded" in again.output
    assert db.session.scalar(select(func.count(Event.id))) == 1


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


def test_login_link_refuses_password_accounts(runner):
    runner.invoke(args=["demo"])
    result = runner.invoke(args=["login-link", content.FACILITATOR["email"]])
    assert result.exit_code == 2


def test_demo_round_is_under_way_with_one_conflict(runner):
    runner.invoke(args=["demo"])
    from hackathon.enums import Phase
    from hackathon.review import queries

    event = db.session.scalar(select(Event))
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
