"""The projector: token access and revocation, ETag/304, counts, no score before the reveal,
the reveal itself (top k, or the published selection) and its audit entry."""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from hackathon.enums import Outcome, Phase
from hackathon.extensions import db
from hackathon.live import queries, services
from hackathon.models import AuditEntry, Decision, utcnow
from hackathon.proposals import services as proposal_services
from tests.conftest import count_queries

SCORE_WORDS = ("score", "p_top_k", "rank", "feasibility", "citizen_value", "weight")


def _data(client, event, token=None, **headers):
    url = f"/events/{event.id}/live/projector/data"
    if token:
        url += f"?token={token}"
    return client.get(url, headers=headers)


def test_token_rotation_revokes_the_old_address(client, login, make_event):
    event = make_event()
    login(client, event.test_facilitator)
    client.post(f"/events/{event.id}/live/projector/token")
    first = event.projector_token
    assert first and len(first) >= 40
    anonymous = client.application.test_client()
    assert _data(anonymous, event, first).status_code == 200
    client.post(f"/events/{event.id}/live/projector/token")
    db.session.refresh(event)
    assert event.projector_token != first
    assert _data(anonymous, event, first).status_code == 404
    assert anonymous.get(f"/events/{event.id}/live/projector?token={first}").status_code == 404
    assert _data(anonymous, event, event.projector_token).status_code == 200
    client.post(f"/events/{event.id}/live/projector/token/revoke")
    db.session.refresh(event)
    assert event.projector_token is None
    assert _data(anonymous, event, "").status_code == 401  # no token, not signed in: JSON 401


def test_data_endpoint_answers_304_until_something_changes(client, make_event, make_person):
    event = make_event()
    token = services.rotate_projector_token(event=event)
    db.session.commit()
    first = _data(client, event, token)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and etag
    assert first.headers["Cache-Control"].startswith("no-cache")
    again = _data(client, event, token, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    make_person(event)  # someone joins
    changed = _data(client, event, token, **{"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.json["counts"]["joined"] == 1
    assert changed.headers["ETag"] != etag


def test_counts_follow_joining_writing_and_submitting(client, make_proposal, complete_values):
    proposal = make_proposal()
    event = proposal.test_event
    token = services.rotate_projector_token(event=event)
    db.session.commit()
    counts = _data(client, event, token).json["counts"]
    assert counts == {"joined": 1, "drafted": 1, "submitted": 0, "reviews": 0}
    from hackathon.proposals.values import clean_values

    clean, _ = clean_values(complete_values())
    proposal_services.save_fields(proposal=proposal, author=proposal.test_author,
                                  base_version=proposal.version, values=clean)
    proposal_services.submit(proposal=proposal, author=proposal.test_author)
    db.session.commit()
    counts = _data(client, event, token).json["counts"]
    assert counts == {"joined": 1, "drafted": 0, "submitted": 1, "reviews": 0}


def test_no_score_leaks_before_the_reveal(client, scored_event):
    event = scored_event.event
    token = services.rotate_projector_token(event=event)
    db.session.commit()
    page = client.get(f"/events/{event.id}/live/projector?token={token}").get_data(as_text=True)
    data = _data(client, event, token)
    body = data.get_data(as_text=True)
    assert data.json["revealed"] is False and data.json["reveal"] == []
    assert data.json["counts"]["reviews"] == 8  # 3 reviewers x 3 proposals, minus 1 conflict
    for word in SCORE_WORDS:
        assert word not in body
    for proposal in scored_event.proposals:
        assert proposal.title not in page and proposal.title not in body
    assert 'class="reveal__item' not in page


def test_reveal_shows_the_top_k_in_order_without_scores(client, login, scored_event):
    event = scored_event.event
    token = services.rotate_projector_token(event=event)
    db.session.commit()
    etag = _data(client, event, token).headers["ETag"]
    facilitator = client.application.test_client()
    login(facilitator, event.test_facilitator)
    assert facilitator.post(f"/events/{event.id}/live/reveal", data={"on": "y"}).status_code == 302
    started = _data(client, event, token, **{"If-None-Match": etag})
    assert started.status_code == 200
    # Started, nothing shown yet: the facilitator paces it.
    assert started.json["revealed"] is True and started.json["reveal"] == []
    assert (started.json["shown"], started.json["total"]) == (0, 2)
    for proposal in scored_event.proposals:
        assert proposal.title not in started.get_data(as_text=True)
    facilitator.post(f"/events/{event.id}/live/reveal/next")
    second = _data(client, event, token).json
    assert [row["title"] for row in second["reveal"]] == ["God Start"]
    assert [row["place"] for row in second["reveal"]] == [2]
    facilitator.post(f"/events/{event.id}/live/reveal/next")
    response = _data(client, event, token)
    data = response.json
    assert [row["title"] for row in data["reveal"]] == ["Familiens Broer", "God Start"]
    assert [row["place"] for row in data["reveal"]] == [1, 2]
    assert "Børnene med" not in response.get_data(as_text=True)
    assert set(data["reveal"][0]) == {"place", "title", "team", "organisations"}
    page = client.get(f"/events/{event.id}/live/projector?token={token}").get_data(as_text=True)
    assert page.index("Familiens Broer") < page.index("God Start")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.event_id == event.id,
                                                       AuditEntry.action == "reveal"))
    assert entry.details["shown"] is True and entry.actor_id == event.test_facilitator.id
    # Hiding again takes the list away and is logged too.
    facilitator.post(f"/events/{event.id}/live/reveal", data={"on": "n"})
    assert _data(client, event, token).json["reveal"] == []
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "reveal")).all()
    assert [e.details["shown"] for e in entries] == [True, True, True, False]
    assert [e.details.get("places") for e in entries] == [0, 1, 2, 0]


def test_show_all_places_at_once_and_extra_presses_change_nothing(client, login, scored_event):
    event = scored_event.event
    login(client, event.test_facilitator)
    client.post(f"/events/{event.id}/live/reveal", data={"on": "y"})
    response = client.post(f"/events/{event.id}/live/reveal/next", data={"all": "y"},
                           headers={"Accept": "application/json"})
    assert response.json == {"shown": 2, "total": 2}
    again = client.post(f"/events/{event.id}/live/reveal/next",
                        headers={"Accept": "application/json"})
    assert again.json == {"shown": 2, "total": 2}
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "reveal")).all()
    assert len(entries) == 2  # the start, and showing all; the extra press is not an event


def test_next_before_the_reveal_started_is_refused_clearly(client, login, scored_event):
    event = scored_event.event
    login(client, event.test_facilitator)
    response = client.post(f"/events/{event.id}/live/reveal/next",
                           headers={"Accept": "application/json"})
    assert response.status_code == 409
    assert response.json["message"] == "Start afsløringen først."
    page = client.post(f"/events/{event.id}/live/reveal/next", follow_redirects=True)
    assert "Start afsløringen først." in page.get_data(as_text=True)


def test_the_revealed_list_is_fixed_at_the_reveal_for_every_app_server(
    client, login, scored_event, monkeypatch
):
    """The list is stored with the event at the reveal, never computed per process: another
    app server (here: another app) shows it without ranking again."""
    from tests.conftest import base_config, make_test_app

    event = scored_event.event
    services.set_reveal(event=event, actor=event.test_facilitator, on=True)
    services.reveal_next(event=event, actor=event.test_facilitator, all_places=True)
    db.session.commit()
    stored = [row["title"] for row in event.projector_reveal]

    def no_ranking(_event):
        raise AssertionError("the projector ranked again instead of reading the stored list")

    monkeypatch.setattr(queries, "compute_reveal", no_ranking)
    other_app = make_test_app(base_config(client.application.config["DATABASE_URL"]))
    other_server = other_app.test_client()
    try:
        login(other_server, event.test_facilitator)
        data = other_server.get(f"/events/{event.id}/live/projector/data").json
    finally:
        with other_app.app_context():
            db.engine.dispose()  # its own pool: close it, not the garbage collector
    assert [row["title"] for row in data["reveal"]] == stored == ["Familiens Broer", "God Start"]


def test_projector_in_the_facilitators_session_can_pace_the_reveal(client, login, make_event):
    event = make_event()
    token = services.rotate_projector_token(event=event)
    db.session.commit()
    login(client, event.test_facilitator)
    own = client.get(f"/events/{event.id}/live/projector").get_data(as_text=True)
    assert f'data-next-url="/events/{event.id}/live/reveal/next"' in own
    assert "data-csrf=" in own
    anonymous = client.application.test_client()
    shared = anonymous.get(f"/events/{event.id}/live/projector?token={token}")
    assert "data-next-url" not in shared.get_data(as_text=True)


def test_only_the_events_facilitator_may_show_the_next_place(client, login, scored_event,
                                                             make_event, make_person):
    event = scored_event.event
    services.set_reveal(event=event, actor=event.test_facilitator, on=True)
    db.session.commit()
    other = make_event()
    login(client, other.test_facilitator)
    assert client.post(f"/events/{event.id}/live/reveal/next").status_code in (403, 404)
    participant = make_person(event)
    login(client, participant)
    assert client.post(f"/events/{event.id}/live/reveal/next").status_code in (403, 404)
    anonymous = client.application.test_client()
    assert anonymous.post(f"/events/{event.id}/live/reveal/next").status_code == 302
    db.session.refresh(event)
    assert event.projector_shown == 0


def test_reveal_after_publication_shows_the_selected_proposals(client, scored_event):
    event = scored_event.event
    broer, start, boern = (next(p for p in scored_event.proposals if p.title == t)
                           for t in ("Familiens Broer", "God Start", "Børnene med"))
    for proposal, outcome in ((broer, Outcome.SELECTED), (start, Outcome.WAITLIST),
                              (boern, Outcome.SELECTED)):
        db.session.add(Decision(event_id=event.id, proposal_id=proposal.id, outcome=outcome))
    event.decision_published_at = utcnow()
    token = services.rotate_projector_token(event=event)
    services.set_reveal(event=event, actor=event.test_facilitator, on=True)
    services.reveal_next(event=event, actor=event.test_facilitator, all_places=True)
    db.session.commit()
    data = _data(client, event, token).json
    assert [row["title"] for row in data["reveal"]] == ["Familiens Broer", "Børnene med"]
    assert data["reveal_heading"]


def test_reveal_is_refused_before_the_round_is_closed(client, login, make_event):
    event = make_event(phase=Phase.QUALIFICATION)
    login(client, event.test_facilitator)
    response = client.post(f"/events/{event.id}/live/reveal", data={"on": "y"},
                           follow_redirects=True)
    assert "når kvalificeringen er afsluttet" in response.get_data(as_text=True)
    db.session.refresh(event)
    assert event.projector_revealed_at is None


def test_projector_page_has_qr_of_the_join_address_and_no_inline_styles(client, login,
                                                                         make_event):
    event = make_event()
    login(client, event.test_facilitator)
    response = client.get(f"/events/{event.id}/live/projector")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"/join?code={event.join_code}" in html
    assert f"{event.join_code[:5]}-{event.join_code[5:]}" in html  # ABCDE-FGHJK
    assert "<svg" in html and 'class="qr__svg"' in html
    assert not re.search(r"\sstyle=", html) and "<style" not in html
    assert not re.search(r"<script(?![^>]*\ssrc=)", html)
    assert "Forbindelsen er tabt – prøver igen" in html
    # The data URL of a facilitator's page carries no token.
    assert f'data-url="/events/{event.id}/live/projector/data"' in html


def test_projector_page_with_token_polls_with_the_token(client, make_event):
    event = make_event()
    token = services.rotate_projector_token(event=event)
    db.session.commit()
    html = client.get(f"/events/{event.id}/live/projector?token={token}").get_data(as_text=True)
    assert f"/live/projector/data?token={token}" in html


def test_deadline_of_the_current_phase_is_sent(client, make_event):
    from datetime import timedelta

    event = make_event(submission_deadline=utcnow() + timedelta(minutes=5))
    token = services.rotate_projector_token(event=event)
    db.session.commit()
    data = _data(client, event, token).json
    assert data["deadline"].endswith("Z") and data["phase"] == "submission"


def _grow_and_count(client, event, token, grow, n):
    grow(event, n)
    client.get(f"/events/{event.id}/live/projector/data?token={token}")  # warm caches
    with count_queries() as statements:
        response = client.get(f"/events/{event.id}/live/projector/data?token={token}")
    assert response.status_code == 200
    return len(statements)


def test_projector_data_query_count_does_not_grow(client, make_event, grow):
    small, large = make_event(), make_event()
    tokens = {}
    for event in (small, large):
        tokens[event.id] = services.rotate_projector_token(event=event)
        services.post_announcement(event=event, author=event.test_facilitator, message="Hej")
    db.session.commit()
    few = _grow_and_count(client, small, tokens[small.id], grow, 2)
    many = _grow_and_count(client, large, tokens[large.id], grow, 12)
    assert few == many <= 4, (few, many)


def test_projector_data_query_count_after_reveal_does_not_grow(client, scored_event, grow):
    event = scored_event.event
    token = services.rotate_projector_token(event=event)
    services.set_reveal(event=event, actor=event.test_facilitator, on=True)
    services.reveal_next(event=event, actor=event.test_facilitator, all_places=True)
    db.session.commit()
    with count_queries() as cold:
        first = _data(client, event, token)
    with count_queries() as warm:
        _data(client, event, token)
    grow(event, 10)
    services.set_reveal(event=event, actor=event.test_facilitator, on=False)
    services.set_reveal(event=event, actor=event.test_facilitator, on=True)
    services.reveal_next(event=event, actor=event.test_facilitator, all_places=True)
    db.session.commit()
    with count_queries() as cold_large:
        _data(client, event, token)
    assert first.json["reveal"]
    assert len(warm) <= 4
    assert len(cold) == len(cold_large) <= 16, (len(cold), len(cold_large))


def test_json_is_valid_and_small(client, make_event):
    event = make_event()
    token = services.rotate_projector_token(event=event)
    db.session.commit()
    body = _data(client, event, token).get_data(as_text=True)
    assert json.loads(body)["title"] == event.title
    assert len(body) < 1000
