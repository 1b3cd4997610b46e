"""Authors never review their own proposal; reviewer and participant exclude each other unless
a facilitator allows both (and then the own team's proposals are automatic conflicts)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hackathon.auth.services import grant_role
from hackathon.auth.tokens import invitation_token
from hackathon.enums import Phase, Role
from hackathon.events.services import change_phase, create_invitation
from hackathon.extensions import db
from hackathon.models import (
    AuditEntry,
    EventRole,
    Invitation,
    ProposalAuthor,
    RoleAllowance,
)
from hackathon.proposals import services as proposal_services
from hackathon.review import queries, services
from hackathon.review.roles import RoleConflict
from tests.conftest import sign_in

SCORES = {"c_feasibility": "5", "c_citizen_value": "5", "c_cross_sector_reach": "5",
          "action": "complete"}
REVIEWER_JOINS = "Du er bedømmer i dette arrangement"
PARTICIPANT_REVIEWS = "Du deltager i dette arrangement som deltager"
AUTHOR_REFUSAL = "Du er med på holdet bag dette forslag"


def _client(app, person):
    client = app.test_client()
    sign_in(client, person)
    return client


def _allow(event, person, reason="Lille arrangement: fagekspert på et hold"):
    services.allow_both_roles(event=event, person=person, facilitator=event.test_facilitator,
                              reason=reason)
    db.session.commit()


def _roles(event, person):
    return set(db.session.scalars(select(EventRole.role).where(
        EventRole.event_id == event.id, EventRole.person_id == person.id)))


def _complete(event, proposal, reviewer):
    services.save_review(event=event, proposal=proposal, reviewer=reviewer,
                         scores={"feasibility": 5, "citizen_value": 5, "cross_sector_reach": 5},
                         comment_internal="", comment_team="", complete=True,
                         model=queries.scoring_model(event))
    db.session.commit()


# --- the two roles exclude each other -------------------------------------------------------


def test_reviewer_joining_the_event_with_its_code_is_refused_clearly(app, make_round):
    round_ = make_round(open=False)
    reviewer = round_.reviewers[1]
    response = _client(app, reviewer).post("/join", data={"code": round_.event.join_code})
    assert response.status_code == 403
    assert REVIEWER_JOINS in response.get_data(as_text=True)
    assert _roles(round_.event, reviewer) == {Role.REVIEWER}


def test_reviewer_following_a_team_link_is_refused_clearly(app, make_round):
    round_ = make_round(open=False)
    reviewer = round_.reviewers[1]
    url = f"/events/{round_.event.id}/proposals/join"
    code = round_.proposals[1].team_code
    for response in (_client(app, reviewer).get(f"{url}?code={code}"),
                     _client(app, reviewer).post(url, data={"code": code})):
        assert response.status_code == 403
        assert REVIEWER_JOINS in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ProposalAuthor.id)).where(
        ProposalAuthor.person_id == reviewer.id)) == 0


def test_participant_accepting_a_reviewer_invitation_is_refused_clearly(app, make_round):
    round_ = make_round()
    author = round_.participant
    author.email = "forfatter@example.org"
    invitation = create_invitation(event=round_.event, role=Role.REVIEWER, name=author.name,
                                   email=author.email, organisation=None,
                                   created_by=round_.event.test_facilitator, valid_days=14)
    db.session.commit()
    with app.test_request_context():
        token = invitation_token(invitation)
    data = {"name": author.name, "organisation_id": str(author.organisation_id)}
    # The author opens the link signed in as themself (an invitation never acts as an
    # existing person for someone who is not signed in as them).
    client = app.test_client()
    sign_in(client, author)
    client.get(f"/invite/{token}")
    response = client.post("/invite", data=data)
    assert response.status_code == 403
    assert PARTICIPANT_REVIEWS in response.get_data(as_text=True)
    assert _roles(round_.event, author) == {Role.PARTICIPANT}
    assert db.session.get(Invitation, invitation.id).accepted_at is None  # can be used later
    # Once the facilitator allows it, the same link works, and the own proposals are conflicts.
    _allow(round_.event, author)
    client.get(f"/invite/{token}")
    response = client.post("/invite", data=data)
    assert response.status_code == 302
    assert _roles(round_.event, author) == {Role.PARTICIPANT, Role.REVIEWER}
    assert queries.my_list(round_.event, author) == []  # they wrote all three


def test_reviewer_and_participant_services_refuse_without_allowance(make_round):
    round_ = make_round()
    with pytest.raises(RoleConflict):
        grant_role(event=round_.event, person=round_.reviewers[1], role=Role.PARTICIPANT)
    db.session.rollback()
    with pytest.raises(RoleConflict):
        proposal_services.join_team(proposal=round_.proposals[1], person=round_.reviewers[1])
    db.session.rollback()
    with pytest.raises(RoleConflict):
        proposal_services.start_proposal(event=round_.event, author=round_.reviewers[1],
                                         title="Mit eget")
    db.session.rollback()
    assert _roles(round_.event, round_.reviewers[1]) == {Role.REVIEWER}


def test_other_roles_combine_freely(make_round):
    round_ = make_round()
    grant_role(event=round_.event, person=round_.reviewers[1], role=Role.OBSERVER)
    grant_role(event=round_.event, person=round_.participant, role=Role.OBSERVER)
    db.session.commit()
    assert Role.OBSERVER in _roles(round_.event, round_.reviewers[1])


# --- authorship is an automatic conflict everywhere ------------------------------------------


def test_allowed_reviewer_who_joins_a_team_is_taken_off_that_proposal(app, make_round):
    """Joining a team after the assignment: the pair turns into a conflict at once."""
    round_ = make_round()
    event, reviewer, own = round_.event, round_.reviewers[1], round_.proposals[1]
    assert (own.id, reviewer.id) in queries.assignment_pairs(event)
    _allow(event, reviewer)
    grant_role(event=event, person=reviewer, role=Role.PARTICIPANT)
    proposal_services.join_team(proposal=own, person=reviewer)
    db.session.commit()
    client = _client(app, reviewer)
    mine = client.get(f"/events/{event.id}/review/mine").get_data(as_text=True)
    assert own.title not in mine and "0 af 2" in mine
    for response in (client.get(f"/events/{event.id}/review/proposals/{own.id}"),
                     client.post(f"/events/{event.id}/review/proposals/{own.id}", data=SCORES)):
        assert response.status_code == 403
        assert AUTHOR_REFUSAL in response.get_data(as_text=True)
    assert queries.reviews_by_pair(event) == {}


def test_review_written_before_becoming_an_author_is_excluded_and_explained(
        app, as_role, make_round):
    round_ = make_round()
    event, reviewer, own = round_.event, round_.reviewers[1], round_.proposals[1]
    _complete(event, own, reviewer)
    assert any(p == own.id and r == reviewer.id for p, r, _c, _v in queries.complete_scores(event))
    _allow(event, reviewer)
    grant_role(event=event, person=reviewer, role=Role.PARTICIPANT)
    proposal_services.join_team(proposal=own, person=reviewer)
    db.session.commit()
    assert not any(r == reviewer.id and p == own.id
                   for p, r, _c, _v in queries.complete_scores(event))
    html = as_role("facilitator", event).get(f"/events/{event.id}/review").get_data(as_text=True)
    assert "Automatisk: bedømmeren er med på forslagets hold" in html
    assert "Personens bedømmelse af det tæller ikke med i resultaterne." in html


def test_leaving_the_team_does_not_make_own_work_reviewable(make_round, make_person):
    round_ = make_round(open=False)
    event, own = round_.event, round_.proposals[1]
    writer = make_person(event, Role.PARTICIPANT, name="Skriver")
    proposal_services.join_team(proposal=own, person=writer)
    proposal_services.save_fields(proposal=own, author=writer, base_version=own.version,
                                  values={"summary": "Skrevet af Skriver"})
    proposal_services.leave_team(proposal=own, person=writer)
    _allow(event, writer)
    grant_role(event=event, person=writer, role=Role.REVIEWER)
    db.session.commit()
    change_phase(event=event, to_phase=Phase.QUALIFICATION, actor=event.test_facilitator,
                 confirm_back=False)
    db.session.commit()
    assert (own.id, writer.id) in queries.active_conflict_pairs(event)
    assert own.id not in {p.id for p, _r in queries.my_list(event, writer)}


def test_author_conflict_wins_over_an_overridden_organisation_conflict(app, make_round):
    round_ = make_round()
    event, reviewer, own = round_.event, round_.reviewers[0], round_.proposals[0]
    conflict = next(c for c in queries.conflicts_of(event) if c.reviewer_id == reviewer.id)
    services.override_conflict(conflict=conflict, facilitator=event.test_facilitator,
                               reason="Kender ikke holdet")
    _allow(event, reviewer)
    grant_role(event=event, person=reviewer, role=Role.PARTICIPANT)
    proposal_services.join_team(proposal=own, person=reviewer)
    db.session.commit()
    response = _client(app, reviewer).get(f"/events/{event.id}/review/proposals/{own.id}")
    assert response.status_code == 403
    assert AUTHOR_REFUSAL in response.get_data(as_text=True)


def test_assignment_never_gives_an_author_their_proposal(make_round, make_person):
    round_ = make_round(open=False, assignment="k")
    event = round_.event
    expert = make_person(event, Role.REVIEWER, name="Ekspert")
    _allow(event, expert)
    grant_role(event=event, person=expert, role=Role.PARTICIPANT)
    for proposal in round_.proposals[:2]:
        proposal_services.join_team(proposal=proposal, person=expert)
    db.session.commit()
    change_phase(event=event, to_phase=Phase.QUALIFICATION, actor=event.test_facilitator,
                 confirm_back=False)
    db.session.commit()
    pairs = queries.assignment_pairs(event)
    assert (round_.proposals[0].id, expert.id) not in pairs
    assert (round_.proposals[1].id, expert.id) not in pairs
    assert (round_.participant.id not in {r for _p, r in pairs})


# --- the facilitator's allowance -------------------------------------------------------------


def test_facilitator_allows_both_roles_with_a_reason_in_the_audit_log(app, as_role, make_round):
    round_ = make_round(open=False)
    event, reviewer = round_.event, round_.reviewers[1]
    facilitator = as_role("facilitator", event)
    page = facilitator.get(f"/events/{event.id}/review").get_data(as_text=True)
    assert "Bedømmere, der også deltager" in page and reviewer.name in page
    response = facilitator.post(f"/events/{event.id}/review/roles",
                                data={"person_id": str(reviewer.id), "reason": "Fagekspert"})
    assert response.status_code == 302
    allowance = db.session.scalar(select(RoleAllowance))
    assert allowance.person_id == reviewer.id and allowance.reason == "Fagekspert"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "roles"))
    assert entry.details == {"person": reviewer.name, "reason": "Fagekspert"}
    log = facilitator.get(f"/events/{event.id}/audit").get_data(as_text=True)
    assert f"{reviewer.name} må være både bedømmer og deltager" in log and "Roller" in log
    # Now the reviewer may join the event as a participant and a team.
    client = _client(app, reviewer)
    assert client.post("/join", data={"code": event.join_code}).status_code == 302
    response = client.post(f"/events/{event.id}/proposals/join",
                           data={"code": round_.proposals[1].team_code})
    assert response.status_code == 302
    assert _roles(event, reviewer) == {Role.REVIEWER, Role.PARTICIPANT}
    assert (round_.proposals[1].id, reviewer.id) in queries.active_conflict_pairs(event)
    page = facilitator.get(f"/events/{event.id}/review").get_data(as_text=True)
    assert "tilladt af" in page and "Fagekspert" in page


@pytest.mark.parametrize(("data", "message"), [
    ({"person_id": "", "reason": "Fagekspert"}, "Vælg en person, og skriv en begrundelse."),
    ({"person_id": "{r}", "reason": ""}, "Vælg en person, og skriv en begrundelse."),
    ({"person_id": "{stranger}", "reason": "x"}, "Vælg en person, og skriv en begrundelse."),
    ({"person_id": "tre", "reason": "x"}, "Vælg en person, og skriv en begrundelse."),
])
def test_allowance_with_bad_input_is_explained_and_saves_nothing(
        as_role, make_round, make_person, data, message):
    round_ = make_round()
    stranger = make_person(None, name="Fremmed")
    data = {k: v.format(r=round_.reviewers[1].id, stranger=stranger.id) for k, v in data.items()}
    response = as_role("facilitator", round_.event).post(
        f"/events/{round_.event.id}/review/roles", data=data, follow_redirects=True)
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(RoleAllowance.id))) == 0


@pytest.mark.parametrize("role", ["anonymous", "participant", "reviewer", "observer",
                                  "other_facilitator", "facilitator"])
def test_allowance_route_permissions(as_role, make_round, role):
    round_ = make_round()
    client = as_role(role, round_.event)
    response = client.post(f"/events/{round_.event.id}/review/roles",
                           data={"person_id": str(round_.reviewers[1].id), "reason": "x"})
    saved = db.session.scalar(select(func.count(RoleAllowance.id)))
    if role == "facilitator":
        assert response.status_code == 302 and saved == 1
    elif role == "anonymous":
        assert response.status_code == 302 and "/login" in response.headers["Location"]
        assert saved == 0
    else:
        assert response.status_code == 403 and saved == 0


@pytest.mark.parametrize("role", ["anonymous", "participant", "reviewer", "observer",
                                  "other_facilitator", "facilitator"])
def test_team_join_route_per_role(as_role, make_round, role):
    round_ = make_round(open=False)
    client = as_role(role, round_.event)
    url = f"/events/{round_.event.id}/proposals/join"
    response = client.post(url, data={"code": round_.proposals[1].team_code})
    if role == "participant":
        assert response.status_code == 302
    elif role == "anonymous":
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403
        if role == "reviewer":
            assert REVIEWER_JOINS in response.get_data(as_text=True)


def test_other_reviewers_never_see_an_authors_review_of_their_own_proposal(app, make_round):
    round_ = make_round()
    event, author_reviewer, own = round_.event, round_.reviewers[2], round_.proposals[1]
    queries.round_of(event).visibility = "always"
    _complete(event, own, author_reviewer)
    url = f"/events/{event.id}/review/proposals/{own.id}"
    me = _client(app, round_.reviewers[1])
    assert "Bedømmer 1</th>" in me.get(url).get_data(as_text=True)
    _allow(event, author_reviewer)
    grant_role(event=event, person=author_reviewer, role=Role.PARTICIPANT)
    proposal_services.join_team(proposal=own, person=author_reviewer)
    db.session.commit()
    assert "Bedømmer 1</th>" not in me.get(url).get_data(as_text=True)
