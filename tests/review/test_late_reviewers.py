"""Reviewers who accept after the round opened, late proposals, and the facilitator's alert."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import delete, func, select

from hackathon.auth.tokens import invitation_token
from hackathon.enums import Role, Sector
from hackathon.events.services import create_invitation
from hackathon.extensions import db
from hackathon.models import Assignment, Organisation, Person, Review, utcnow
from hackathon.organisations.services import ensure_listed
from hackathon.proposals import services as proposal_services
from hackathon.proposals.values import clean_values
from hackathon.review import queries, services
from tests.conftest import sign_in
from tests.review.conftest import _values


def _accept_invitation(app, event, name="Sen Bedømmer", email=None, org=None):
    invitation = create_invitation(event=event, role=Role.REVIEWER, name=name, email=email,
                                   organisation=None, created_by=event.test_facilitator,
                                   valid_days=14)
    db.session.commit()
    with app.test_request_context():
        token = invitation_token(invitation)
    client = app.test_client()
    if org is None:
        org = Organisation(name=f"Org for {name}", sector=Sector.KNOWLEDGE_INSTITUTION)
        db.session.add(org)
        db.session.flush()
    ensure_listed(event=event, organisation=org, added_by=None)  # on the event's list
    db.session.commit()
    data = {"name": name, "organisation_id": str(org.id)}
    response = client.post(f"/invite/{token}", data=data)
    return client, response


def _loads(event):
    return Counter(r for _p, r in queries.assignment_pairs(event))


def test_late_reviewer_in_all_round_sees_every_proposal_at_once(app, make_round):
    round_ = make_round()
    client, response = _accept_invitation(app, round_.event)
    assert response.status_code == 302
    page = client.get(f"/events/{round_.event.id}/review/mine").get_data(as_text=True)
    assert "0 af 3" in page
    for proposal in round_.proposals:
        assert proposal.title in page


def test_late_reviewer_in_balanced_round_gets_a_share_and_loads_stay_even(app, make_round):
    round_ = make_round(assignment="k")  # 2 reviewers per proposal, 3 reviewers
    before = _loads(round_.event)
    assert sum(before.values()) == 6
    client, _response = _accept_invitation(app, round_.event)
    late = db.session.scalar(select(Person).where(Person.name == "Sen Bedømmer"))
    after = _loads(round_.event)
    assert sum(after.values()) == 6  # each proposal still has its 2 reviewers
    assert after[late.id] >= 1
    assert max(after.values()) - min(after.values()) <= 1
    page = client.get(f"/events/{round_.event.id}/review/mine").get_data(as_text=True)
    assert f"0 af {after[late.id]}" in page


def test_late_reviewer_never_takes_a_started_review(app, make_round):
    round_ = make_round(assignment="k")
    event = round_.event
    model = queries.scoring_model(event)
    for proposal, reviewer_id in sorted(queries.assignment_pairs(event)):
        reviewer = db.session.get(Person, reviewer_id)
        services.save_review(event=event, proposal=db.session.get(type(round_.proposals[0]),
                                                                     proposal),
                             reviewer=reviewer, scores={"feasibility": 3}, comment_internal="",
                             comment_team="", complete=False, model=model)
    db.session.commit()
    before = queries.assignment_pairs(event)
    _accept_invitation(app, event)
    assert queries.assignment_pairs(event) == before  # everything is started: nothing moves
    gaps = queries.assignment_gaps(queries.progress(event))
    assert [r.name for r in gaps["reviewers"]] == ["Sen Bedømmer"]


def test_late_reviewer_respects_the_cap(app, make_round):
    round_ = make_round(assignment="k")
    services.update_settings(event=round_.event, visibility="after_own", assignment="k",
                             reviewers_per_proposal=3, reviewer_cap=1)
    db.session.commit()
    _accept_invitation(app, round_.event)
    late = db.session.scalar(select(Person).where(Person.name == "Sen Bedømmer"))
    assert _loads(round_.event)[late.id] == 1


def test_reviewer_accepting_before_the_round_gets_assignments_when_it_opens(app, make_round):
    from hackathon.enums import Phase
    from hackathon.events.services import change_phase

    round_ = make_round(open=False)
    _accept_invitation(app, round_.event)
    late = db.session.scalar(select(Person).where(Person.name == "Sen Bedømmer"))
    assert queries.assignment_pairs(round_.event) == set()
    change_phase(event=round_.event, to_phase=Phase.QUALIFICATION,
                 actor=round_.event.test_facilitator, confirm_back=False)
    db.session.commit()
    assert len(queries.my_list(round_.event, late)) == 3


def test_proposal_submitted_during_the_round_gets_reviewers(app, make_round, make_org):
    round_ = make_round()
    event = round_.event
    late = proposal_services.start_proposal(event=event, author=round_.participant,
                                            title="Sent forslag")
    clean, errors = clean_values(_values(round_.kommune, make_org("Hospital", Sector.HOSPITAL)))
    assert not errors
    proposal_services.save_fields(proposal=late, author=round_.participant,
                                  base_version=late.version, values=clean)
    late.reopened_until = utcnow() + timedelta(hours=1)  # the facilitator reopened it
    db.session.commit()
    client = app.test_client()
    sign_in(client, round_.participant)
    response = client.post(f"/proposals/{late.id}/submit")
    assert response.status_code == 302
    reviewers = {r for p, r in queries.assignment_pairs(event) if p == late.id}
    # reviewers[0] works for the kommune the proposal involves: an automatic conflict.
    assert reviewers == {round_.reviewers[1].id, round_.reviewers[2].id}


def test_round_page_alerts_reviewer_and_proposal_without_assignments(app, as_role, make_round):
    round_ = make_round()
    event = round_.event
    stray = round_.reviewers[2]
    db.session.execute(delete(Assignment).where(Assignment.reviewer_id == stray.id))
    for reviewer in round_.reviewers:
        services.declare_conflict(event=event, proposal=round_.proposals[2], reviewer=reviewer,
                                  reason="Kender holdet")
    db.session.commit()
    facilitator = as_role("facilitator", event)
    html = facilitator.get(f"/events/{event.id}/review").get_data(as_text=True)
    assert "Uden opgaver" in html
    assert f"{stray.name} har ingen forslag at bedømme." in html
    assert "Ingen bedømmer “Børnene med”." in html
    live = facilitator.get(f"/events/{event.id}/live").get_data(as_text=True)
    assert f"{stray.name} har ingen forslag at bedømme." in live
    assert "Ingen bedømmer “Børnene med”." in live
    # The action fixes the reviewer; the proposal stays (everyone is conflicted) and is said so.
    response = facilitator.post(f"/events/{event.id}/review/assign", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert f"{stray.name} har ingen forslag at bedømme." not in html
    assert "Ingen bedømmer “Børnene med”." in html
    assert "interessekonflikter eller loftet" in html


def test_round_page_has_no_alert_when_everyone_has_work(as_role, make_round):
    round_ = make_round()
    html = as_role("facilitator", round_.event).get(
        f"/events/{round_.event.id}/review").get_data(as_text=True)
    assert "Uden opgaver" not in html


def test_no_alert_before_the_round_opens(as_role, make_round):
    round_ = make_round(open=False)
    html = as_role("facilitator", round_.event).get(
        f"/events/{round_.event.id}/review").get_data(as_text=True)
    assert "Uden opgaver" not in html
    assert db.session.scalar(select(func.count(Review.id))) == 0
