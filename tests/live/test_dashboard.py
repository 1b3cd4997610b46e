"""The facilitator's dashboard, its alerts, and announcements (also on participants' pages)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from hackathon.enums import Phase, Role, Sector
from hackathon.extensions import db
from hackathon.live import queries, services
from hackathon.models import Announcement, utcnow
from tests.conftest import count_queries


def _dashboard_queries(client, event, path="") -> int:
    client.get(f"/events/{event.id}/live{path}")
    with count_queries() as statements:
        response = client.get(f"/events/{event.id}/live{path}")
    assert response.status_code == 200
    return len(statements)


def test_dashboard_shows_people_proposals_and_reviews(client, login, scored_event):
    event = scored_event.event
    login(client, event.test_facilitator)
    html = client.get(f"/events/{event.id}/live").get_data(as_text=True)
    for proposal in scored_event.proposals:
        assert proposal.title in html
    for reviewer in scored_event.reviewers:
        assert reviewer.name in html
    assert "Region Sjælland" in html  # the participant's organisation
    assert "cell--conflict" in html and "cell--done" in html
    assert f'action="/events/{event.id}/phase"' in html  # the existing phase route


def test_dashboard_query_count_does_not_grow(client, login, make_round, grow):
    round_ = make_round()
    event = round_.event
    services.post_announcement(event=event, author=event.test_facilitator, message="Hej")
    db.session.commit()
    login(client, event.test_facilitator)
    counts = []
    for n in (2, 15):  # the same event, small and then much larger
        grow(event, n, reviewers=True)
        counts.append((_dashboard_queries(client, event), _dashboard_queries(client, event,
                                                                             "/panel")))
    html = client.get(f"/events/{event.id}/live").get_data(as_text=True)
    assert html.count('<th scope="row">Person') >= 17  # the added reviewers are listed
    assert counts[0] == counts[1], counts
    assert counts[0][0] <= 20 and counts[0][1] <= 16, counts


def test_panel_answers_304_while_nothing_changes(client, login, make_event, make_person):
    event = make_event()
    login(client, event.test_facilitator)
    first = client.get(f"/events/{event.id}/live/panel")
    etag = first.headers["ETag"]
    assert client.get(f"/events/{event.id}/live/panel",
                      headers={"If-None-Match": etag}).status_code == 304
    make_person(event)
    assert client.get(f"/events/{event.id}/live/panel",
                      headers={"If-None-Match": etag}).status_code == 200


def test_alerts_one_sector_reviewer_behind_and_deadline(make_round, make_org):
    round_ = make_round()
    event = round_.event
    event.review_deadline = utcnow() + timedelta(minutes=7)
    db.session.commit()
    grid = [
        {"id": 1, "title": "Alene", "status": "draft", "sectors": {Sector.MUNICIPALITY}},
        {"id": 2, "title": "Sammen", "status": "draft",
         "sectors": {Sector.MUNICIPALITY, Sector.REGION}},
    ]
    totals = [
        {"reviewer": round_.reviewers[0], "done": 0, "assigned": 4, "share": 0.0},
        {"reviewer": round_.reviewers[1], "done": 4, "assigned": 4, "share": 1.0},
        {"reviewer": round_.reviewers[2], "done": 4, "assigned": 4, "share": 1.0},
    ]
    found = queries.alerts(event, grid, totals)
    kinds = [a["kind"] for a in found]
    assert kinds == ["deadline", "one_sector", "behind"]
    assert found[0]["minutes"] in (6, 7)
    assert found[1]["proposal"]["title"] == "Alene"
    assert found[2]["reviewer"] == round_.reviewers[0]
    # A deadline further away, and everyone equally far: no alerts.
    event.review_deadline = utcnow() + timedelta(minutes=30)
    even = [dict(t, done=2, share=0.5) for t in totals]
    assert queries.alerts(event, grid[1:], even) == []
    # Once the round is closed nobody can catch up: no reviewer is "behind", no proposal can
    # gain a sector, so neither is an alert any more.
    event.phase = Phase.DECISION
    assert queries.alerts(event, grid, totals) == []


def test_dashboard_lists_the_alerts(client, login, make_proposal, make_org):
    proposal = make_proposal(title="Kun kommunen")
    event = proposal.test_event
    org = make_org("Kommunen", Sector.MUNICIPALITY)
    from hackathon.models import ProposalOrganisation

    db.session.add(ProposalOrganisation(proposal_id=proposal.id, organisation_id=org.id))
    event.submission_deadline = utcnow() + timedelta(minutes=5)
    db.session.commit()
    login(client, event.test_facilitator)
    html = client.get(f"/events/{event.id}/live").get_data(as_text=True)
    assert "Kun kommunen" in html and "kun én sektor" in html
    assert "Fristen er om" in html


def test_announcement_is_shown_to_participants_and_on_the_projector(client, login, make_event,
                                                                    make_person):
    event = make_event()
    participant = make_person(event, Role.PARTICIPANT)
    outsider = make_person()
    login(client, event.test_facilitator)
    response = client.post(f"/events/{event.id}/live/announcements",
                           data={"message": "  15 minutter tilbage  "})
    assert response.status_code == 302
    stored = db.session.scalar(select(Announcement).where(Announcement.event_id == event.id))
    assert stored.message == "15 minutter tilbage"
    login(client, participant)
    with count_queries() as statements:
        page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "15 minutter tilbage" in page
    assert sum("FROM announcement" in s for s in statements) == 1
    login(client, outsider)
    assert client.get(f"/events/{event.id}").status_code == 403
    token = services.rotate_projector_token(event=event)
    db.session.commit()
    data = client.get(f"/events/{event.id}/live/projector/data?token={token}").json
    assert data["announcement"]["message"] == "15 minutter tilbage"


def test_a_new_announcement_replaces_the_old_and_can_be_withdrawn(client, login, make_event,
                                                                  make_person):
    event = make_event()
    participant = make_person(event, Role.PARTICIPANT)
    login(client, event.test_facilitator)
    client.post(f"/events/{event.id}/live/announcements", data={"message": "Første"})
    client.post(f"/events/{event.id}/live/announcements", data={"message": "Anden"})
    active = db.session.scalars(select(Announcement).where(
        Announcement.event_id == event.id, Announcement.withdrawn_at.is_(None))).all()
    assert [a.message for a in active] == ["Anden"]
    client.post(f"/events/{event.id}/live/announcements/{active[0].id}/withdraw")
    login(client, participant)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Anden" not in page and "Første" not in page


def test_empty_announcement_is_refused_with_a_clear_error(client, login, make_event):
    event = make_event()
    login(client, event.test_facilitator)
    response = client.post(f"/events/{event.id}/live/announcements", data={"message": "   "})
    assert response.status_code == 400
    assert "Skriv meddelelsen, før du sender den." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Announcement)) == 0


def test_too_long_announcement_is_refused_and_the_text_kept(client, login, make_event):
    event = make_event()
    login(client, event.test_facilitator)
    services.post_announcement(event=event, author=event.test_facilitator, message="Gammel")
    db.session.commit()
    text = "Lang besked " * 30  # 360 characters
    response = client.post(f"/events/{event.id}/live/announcements", data={"message": text})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "En meddelelse kan højst være på 280 tegn." in html
    assert text.strip() in html  # nothing the facilitator typed is lost
    active = db.session.scalars(select(Announcement).where(
        Announcement.withdrawn_at.is_(None))).all()
    assert [a.message for a in active] == ["Gammel"]  # the old one stays up


def test_posts_need_the_csrf_token(csrf_app, make_event):
    from tests.conftest import sign_in

    event = make_event(phase=Phase.DECISION)
    client = csrf_app.test_client()
    sign_in(client, event.test_facilitator)
    for path, data in (("/announcements", {"message": "Hej"}), ("/projector/token", {}),
                       ("/reveal", {"on": "y"})):
        assert client.post(f"/events/{event.id}/live{path}", data=data).status_code == 400
    db.session.refresh(event)
    assert event.projector_token is None and event.projector_revealed_at is None
    assert db.session.scalar(select(func.count()).select_from(Announcement)) == 0


def test_phase_buttons_on_the_dashboard_come_back_to_it(app, as_role, make_event):
    from hackathon.enums import Phase

    event = make_event(phase=Phase.SETUP)
    client = as_role("facilitator", event)
    response = client.post(f"/events/{event.id}/phase",
                           data={"to_phase": "submission", "back": "dashboard"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/events/{event.id}/live")
    response = client.post(f"/events/{event.id}/phase", data={"to_phase": "qualification"})
    assert response.headers["Location"].endswith(f"/events/{event.id}")
