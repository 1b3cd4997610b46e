"""A published decision and the ranking it rests on are a record (issue 11, item 4).

Publication stores the official ranking; from then on every reader (results, what-if,
decisions, report, exports, projector) shows the stored record, and every path that could move
it or a decided proposal's status (withdraw, reopen, drop to draft, delete, phase back,
re-scoring, adopting a weighting) is refused with a clear message or goes through an amendment.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from hackathon.enums import Phase, ProposalStatus
from hackathon.events.services import change_phase
from hackathon.extensions import db
from hackathon.models import (
    DecisionAmendment,
    DecisionRecordIsLocked,
    Proposal,
    PublishedRanking,
    WeightingAdoption,
    utcnow,
)
from hackathon.proposals import services as proposal_services
from hackathon.results.ranking import OFFICIAL_SAMPLES, SEED, official_ranking, published_record
from hackathon.review import queries as review_queries
from hackathon.review import services as review_services
from tests.conftest import sign_in
from tests.results.conftest import decision_form

RECORD_NOTE_DA = "Rangeringen som den var ved offentliggørelsen"


def _org_form(org_id: int) -> dict[str, str]:
    return {"problem_owner": str(org_id), "owner_org_0": str(org_id),
            "owner_name_0": "Ane Jensen", "owner_email_0": "ane@example.org"}


def _publish(app, as_role, decided, *, reopen_until=None):
    """Stage complete decisions (two selected, one waitlisted) and publish; optionally reopen
    every proposal for its team first (a window granted before publication)."""
    from hackathon.models import Organisation

    event = decided.event
    if reopen_until is not None:
        for proposal in decided.proposals.values():
            proposal_services.reopen(proposal=proposal, facilitator=event.test_facilitator,
                                     until=reopen_until)
        db.session.commit()
    client = as_role("facilitator", event)
    client.post("/language", data={"lang": "da", "next": "/"})
    org = db.session.scalar(select(Organisation).where(Organisation.name == "Slagelse Kommune"))
    for title, outcome in (("God Start", "selected"), ("Familiens Broer", "selected"),
                           ("Børnene med", "waitlist")):
        proposal = decided.proposals[title]
        response = client.post(
            f"/events/{event.id}/results/decisions/{proposal.id}",
            data=decision_form(0, outcome=outcome, justification="Tæt på toppen",
                               **_org_form(org.id)),
        )
        assert response.status_code == 302, title
    response = client.post(f"/events/{event.id}/results/decisions/publish", data={})
    assert response.status_code == 302
    db.session.refresh(event)
    assert event.decision_published_at is not None
    return client


def _ranking_rows(result):
    return [(row["proposal"], row["rank"], row["score"], row["p_top_k"])
            for row in result["ranking"]]


def _author(app, decided):
    client = app.test_client()
    sign_in(client, decided.participant)
    client.post("/language", data={"lang": "da", "next": "/"})
    return client


def _record_row(event):
    db.session.expire_all()
    return db.session.scalar(select(PublishedRanking).where(PublishedRanking.event_id == event.id))


def _rescore(decided, values=(1, 1, 1)):
    """Change one reviewer's complete scores on "God Start" through the service (the route is
    closed after the round; this stands for any path that changes the live scores)."""
    event = decided.event
    model = review_queries.scoring_model(event)
    review_services.save_review(
        event=event, proposal=decided.proposals["God Start"], reviewer=decided.reviewers[1],
        scores=dict(zip(model.criterion_keys, values, strict=True)), comment_internal="",
        comment_team="", complete=True, model=model,
    )
    db.session.commit()


# --- storing the record ------------------------------------------------------------------


def test_publication_stores_the_ranking_as_it_was_with_method_weights_and_samples(
    app, as_role, decision_event
):
    decided = decision_event()
    event = decided.event
    before = official_ranking(event)
    assert before["record"] is None
    _publish(app, as_role, decided)
    stored = published_record(event)
    assert stored is not None
    assert stored.published_at == event.decision_published_at
    assert stored.method == before["method"] and stored.model_key == before["model"]
    assert stored.samples == OFFICIAL_SAMPLES and stored.seed == SEED
    assert stored.weights == {c["key"]: c["weight"] for c in before["criteria"]}
    assert stored.model_snapshot == before["scoring_model"].to_snapshot()
    assert sorted(map(tuple, stored.score_rows)) == sorted(before["score_rows"])
    after = official_ranking(event, samples=0)  # the record, whatever the caller asks for
    assert after["record"]["published_at"] == event.decision_published_at
    assert _ranking_rows(after) == _ranking_rows(before)
    assert after["robustness"]["samples"] == OFFICIAL_SAMPLES
    assert [r["rank_acceptability"] for r in after["ranking"]] == [
        r["rank_acceptability"] for r in before["ranking"]]
    assert list(after["by_id"]) == list(before["by_id"])
    assert after["scoring_model"] == before["scoring_model"]


def test_before_publication_the_official_ranking_is_computed_live(app, decision_event):
    decided = decision_event()
    first = official_ranking(decided.event, samples=0)
    _rescore(decided)
    second = official_ranking(decided.event, samples=0)
    assert first["record"] is None and second["record"] is None
    assert _ranking_rows(first) != _ranking_rows(second)


def test_rescoring_after_publication_does_not_move_the_official_ranking(
    app, as_role, decision_event
):
    decided = decision_event()
    event = decided.event
    _publish(app, as_role, decided)
    recorded = official_ranking(event)
    _rescore(decided)
    live = review_queries.complete_scores(event)
    assert sorted(live) != sorted(recorded["score_rows"])  # the live scores did change
    assert _ranking_rows(official_ranking(event)) == _ranking_rows(recorded)
    # The exports carry the recorded scores, so `hackathon rank` on them reproduces the record.
    client = as_role("facilitator", event)
    document = json.loads(client.get(f"/events/{event.id}/report/export.json").data)
    assert document["ranking_as_published_at"]
    exported = sorted((row["score"] for row in document["scores"]), key=lambda v: (v is None, v))
    assert exported == sorted((r[3] for r in recorded["score_rows"]),
                              key=lambda v: (v is None, v))
    assert [(r["proposal"], r["rank"], r["score"]) for r in document["ranking"]] == [
        (r["proposal"], r["rank"], r["score"]) for r in recorded["ranking"]]
    # ... and so does the results page: the recorded first place and its score.
    html = client.get(f"/events/{event.id}/results").get_data(as_text=True)
    assert RECORD_NOTE_DA in html or "as it was at publication" in html


def test_reviewer_cannot_rescore_after_publication(app, as_role, decision_event):
    decided = decision_event()
    event = decided.event
    _publish(app, as_role, decided)
    recorded = _ranking_rows(official_ranking(event))
    scores_before = sorted(review_queries.complete_scores(event))
    client = app.test_client()
    sign_in(client, decided.reviewers[1])
    model = review_queries.scoring_model(event)
    data = {f"score_{k}": "1" for k in model.criterion_keys} | {"action": "complete"}
    response = client.post(
        f"/events/{event.id}/review/proposals/{decided.proposals['God Start'].id}", data=data)
    assert response.status_code in (403, 409)
    assert sorted(review_queries.complete_scores(event)) == scores_before
    assert _ranking_rows(official_ranking(event)) == recorded


# --- every reader shows the record ----------------------------------------------------------


def test_results_decisions_what_if_and_report_say_the_ranking_is_the_record(
    app, as_role, decision_event
):
    decided = decision_event()
    event = decided.event
    client = _publish(app, as_role, decided)
    for url in (f"/events/{event.id}/results", f"/events/{event.id}/results/decisions",
                f"/events/{event.id}/results/what-if", f"/events/{event.id}/report/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert RECORD_NOTE_DA in response.get_data(as_text=True), url
    xlsx = client.get(f"/events/{event.id}/report/export.xlsx")
    assert xlsx.status_code == 200


def test_pdf_report_says_the_ranking_is_the_record(app, as_role, decision_event):
    decided = decision_event()
    event = decided.event
    client = _publish(app, as_role, decided)
    from hackathon.report.data import report_data

    seen = {}

    def capture(_app, html):
        seen["html"] = html
        return b"%PDF-1.4"

    import hackathon.report.views as report_views

    original = report_views.render_pdf
    report_views.render_pdf = capture
    try:
        response = client.get(f"/events/{event.id}/report/report.pdf")
    finally:
        report_views.render_pdf = original
    assert response.status_code == 200
    assert RECORD_NOTE_DA in seen["html"]
    assert report_data(event)["ranking_recorded_at"] == event.decision_published_at


def test_unpublished_report_and_results_carry_no_record_note(app, as_role, decision_event):
    decided = decision_event()
    client = as_role("facilitator", decided.event)
    client.post("/language", data={"lang": "da", "next": "/"})
    html = client.get(f"/events/{decided.event.id}/results").get_data(as_text=True)
    assert RECORD_NOTE_DA not in html


def test_amended_outcome_is_recorded_shown_and_leaves_the_stored_ranking(
    app, as_role, decision_event
):
    decided = decision_event()
    event = decided.event
    client = _publish(app, as_role, decided)
    from hackathon.live import queries as live_queries
    from hackathon.live import services as live_services

    live_services.set_reveal(event=event, actor=event.test_facilitator, on=True)
    live_services.reveal_next(event=event, actor=event.test_facilitator, all_places=True)
    db.session.commit()
    assert [r["title"] for r in live_queries.reveal_rows(event)] == [
        "God Start", "Familiens Broer"]
    stored_before = _record_row(event).result
    proposal = decided.proposals["Familiens Broer"]
    from hackathon.models import Decision

    version = db.session.scalar(select(Decision.version).where(
        Decision.proposal_id == proposal.id))
    response = client.post(
        f"/events/{event.id}/results/decisions/{proposal.id}",
        data=decision_form(version, outcome="not_selected", rationale="Partneren trak sig",
                           reason="Kommunen har omprioriteret"),
    )
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(DecisionAmendment.id))) == 1
    assert _record_row(event).result == stored_before
    html = client.get(f"/events/{event.id}/results").get_data(as_text=True)
    assert "Kommunen har omprioriteret" in html
    assert "Familiens Broer: Udvalgt til afprøvning → Ikke udvalgt" in html
    report = client.get(f"/events/{event.id}/report/").get_data(as_text=True)
    assert "Kommunen har omprioriteret" in report
    # The revealed selection on the projector follows the amended outcome.
    db.session.refresh(event)
    assert [r["title"] for r in live_queries.reveal_rows(event)] == ["God Start"]
    assert [r["title"] for r in live_queries.shown_rows(event)] == ["God Start"]


def test_projector_heading_names_the_record(app, as_role, decision_event):
    decided = decision_event()
    event = decided.event
    _publish(app, as_role, decided)
    facilitator = as_role("facilitator", event)
    facilitator.post("/language", data={"lang": "da", "next": "/"})
    from hackathon.live.views import _reveal_heading

    with app.test_request_context(headers={"Accept-Language": "da"}):
        assert "som den var ved offentliggørelsen" in _reveal_heading(event)


# --- sibling paths that would change a decided proposal's status ----------------------------


def test_team_cannot_withdraw_a_decided_proposal_after_publication(
    app, as_role, decision_event
):
    decided = decision_event()
    event = decided.event
    _publish(app, as_role, decided, reopen_until=utcnow() + timedelta(days=2))
    proposal = decided.proposals["God Start"]
    author = _author(app, decided)
    page = author.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert f"/proposals/{proposal.id}/withdraw" not in page  # no button offered
    response = author.post(f"/proposals/{proposal.id}/withdraw", data={})
    assert response.status_code == 409
    assert "Beslutningen er offentliggjort" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).status == ProposalStatus.SUBMITTED
    assert "God Start" in [p.title for p in review_queries.submitted_proposals(event)]


def test_withdraw_service_refuses_after_publication(app, as_role, decision_event):
    decided = decision_event()
    _publish(app, as_role, decided)
    proposal = decided.proposals["Børnene med"]
    with pytest.raises(proposal_services.ProposalError) as raised:
        proposal_services.withdraw(proposal=proposal, author=decided.participant)
    assert raised.value.code == "published"
    db.session.rollback()


def test_emptying_a_required_field_after_publication_keeps_the_text_and_the_status(
    app, as_role, decision_event
):
    decided = decision_event()
    _publish(app, as_role, decided, reopen_until=utcnow() + timedelta(days=2))
    proposal = decided.proposals["God Start"]
    summary = proposal.summary
    author = _author(app, decided)
    response = author.post(
        f"/proposals/{proposal.id}/edit",
        data={"version": str(proposal.version), "summary": "",
              "target_group": "Gravide i Slagelse og deres familier"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ikke gemt: beslutningen om forslaget er offentliggjort" in html
    assert "Gravide i Slagelse og deres familier" in html
    db.session.expire_all()
    saved = db.session.get(Proposal, proposal.id)
    assert saved.status == ProposalStatus.SUBMITTED
    assert saved.summary == summary  # not emptied
    assert saved.target_group == "Gravide i Slagelse og deres familier"  # the rest is saved


def test_autosave_emptying_a_required_field_after_publication_is_a_field_error(
    app, as_role, decision_event
):
    decided = decision_event()
    _publish(app, as_role, decided, reopen_until=utcnow() + timedelta(days=2))
    proposal = decided.proposals["Familiens Broer"]
    author = _author(app, decided)
    response = author.post(f"/proposals/{proposal.id}/autosave",
                           json={"version": proposal.version, "values": {"title": ""}})
    body = response.get_json()
    assert response.status_code == 200
    assert "title" in body["errors"] and "offentliggjort" in body["errors"]["title"]
    assert body["proposal_status"] == "submitted"
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).title == "Familiens Broer"


def test_facilitator_cannot_reopen_a_proposal_after_publication(app, as_role, decision_event):
    decided = decision_event()
    event = decided.event
    client = _publish(app, as_role, decided)
    proposal = decided.proposals["God Start"]
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert f"/proposals/{proposal.id}/reopen" not in page
    response = client.post(f"/proposals/{proposal.id}/reopen",
                           data={"until": "2099-01-01T12:00"}, follow_redirects=True)
    assert "forslag kan ikke længere genåbnes" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).reopened_until is None
    assert event.decision_published_at is not None


def test_event_cannot_go_back_before_the_decision_after_publication(
    app, as_role, decision_event
):
    decided = decision_event()
    event = decided.event
    client = _publish(app, as_role, decided)
    response = client.post(f"/events/{event.id}/phase",
                           data={"to_phase": "qualification", "confirm_back": "y"},
                           follow_redirects=True)
    assert "arrangementet kan ikke gå tilbage til før beslutningsfasen" in response.get_data(
        as_text=True)
    db.session.refresh(event)
    assert event.phase == Phase.DECISION
    # Forward to follow-up and back to the decision phase stays possible.
    change_phase(event=event, to_phase=Phase.FOLLOW_UP, actor=event.test_facilitator,
                 confirm_back=False)
    change_phase(event=event, to_phase=Phase.DECISION, actor=event.test_facilitator,
                 confirm_back=True)
    db.session.commit()
    assert event.phase == Phase.DECISION


def test_adopting_a_weighting_after_publication_is_refused(app, as_role, decision_event):
    decided = decision_event()
    event = decided.event
    client = _publish(app, as_role, decided)
    recorded = _ranking_rows(official_ranking(event))
    model = review_queries.scoring_model(event)
    data = {f"w_{k}": str(10 * (i + 1)) for i, k in enumerate(model.criterion_keys)}
    data |= {"method": "wsm", "reason": "Vi vil hellere"}
    response = client.post(f"/events/{event.id}/results/what-if/adopt", data=data,
                           follow_redirects=True)
    assert "offentliggjort" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(WeightingAdoption.id))) == 0
    assert _ranking_rows(official_ranking(event)) == recorded


def test_backstop_refuses_status_change_or_deletion_of_a_decided_proposal(
    app, as_role, decision_event
):
    decided = decision_event()
    _publish(app, as_role, decided)
    proposal = db.session.get(Proposal, decided.proposals["God Start"].id)
    proposal.status = ProposalStatus.DRAFT
    with pytest.raises(DecisionRecordIsLocked):
        db.session.flush()
    db.session.rollback()
    proposal = db.session.get(Proposal, decided.proposals["God Start"].id)
    db.session.delete(proposal)
    with pytest.raises(DecisionRecordIsLocked):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(Proposal, decided.proposals["God Start"].id).status == (
        ProposalStatus.SUBMITTED)


def test_the_stored_ranking_cannot_be_changed_or_deleted(app, as_role, decision_event):
    decided = decision_event()
    _publish(app, as_role, decided)
    stored = _record_row(decided.event)
    stored.method = "topsis"  # anything but the stored "wsm"
    with pytest.raises(DecisionRecordIsLocked):
        db.session.flush()
    db.session.rollback()
    db.session.delete(_record_row(decided.event))
    with pytest.raises(DecisionRecordIsLocked):
        db.session.flush()
    db.session.rollback()
    assert _record_row(decided.event) is not None


def test_status_of_a_decided_proposal_is_free_before_publication(app, decision_event):
    decided = decision_event()
    proposal = decided.proposals["Børnene med"]
    proposal_services.withdraw(proposal=proposal, author=decided.participant)
    db.session.commit()
    assert proposal.status == ProposalStatus.WITHDRAWN


def test_event_published_without_a_record_shows_the_live_ranking_without_the_note(
    app, as_role, decision_event
):
    """An event published before records existed (an older database): computed as before."""
    decided = decision_event()
    event = decided.event
    event.decision_published_at = utcnow()
    db.session.commit()
    result = official_ranking(event, samples=0)
    assert result["record"] is None and result["ranking"]
    client = as_role("facilitator", event)
    client.post("/language", data={"lang": "da", "next": "/"})
    html = client.get(f"/events/{event.id}/results").get_data(as_text=True)
    assert RECORD_NOTE_DA not in html


def test_restoring_an_incomplete_version_after_publication_is_refused(
    app, as_role, decision_event
):
    decided = decision_event()
    client = _publish(app, as_role, decided)
    proposal = decided.proposals["God Start"]
    from hackathon.models import ProposalRevision

    first = db.session.scalar(select(ProposalRevision).where(
        ProposalRevision.proposal_id == proposal.id).order_by(ProposalRevision.version))
    version = proposal.version
    response = client.post(f"/proposals/{proposal.id}/revisions/{first.id}/restore",
                           data={}, follow_redirects=True)
    assert "kan ikke føres tilbage til en version" in response.get_data(as_text=True)
    db.session.expire_all()
    saved = db.session.get(Proposal, proposal.id)
    assert saved.version == version and saved.status == ProposalStatus.SUBMITTED


def test_a_proposal_withdrawn_before_publication_is_not_published_as_selected(
    app, as_role, decision_event
):
    """Before publication a team may still withdraw (here in a reopened window): the decision
    staged on it then no longer counts, is not published as selected, not revealed."""
    from hackathon.models import Organisation
    from hackathon.results.decisions import selected_count
    from hackathon.results.queries import published_selection

    decided = decision_event()
    event = decided.event
    withdrawn = decided.proposals["Børnene med"]
    proposal_services.reopen(proposal=withdrawn, facilitator=event.test_facilitator,
                             until=utcnow() + timedelta(days=1))
    db.session.commit()
    client = as_role("facilitator", event)
    org = db.session.scalar(select(Organisation).where(Organisation.name == "Slagelse Kommune"))
    for title, outcome in (("God Start", "selected"), ("Familiens Broer", "waitlist"),
                           ("Børnene med", "selected")):
        response = client.post(
            f"/events/{event.id}/results/decisions/{decided.proposals[title].id}",
            data=decision_form(0, outcome=outcome, justification="Tæt på", **_org_form(org.id)),
        )
        assert response.status_code == 302, title
    assert selected_count(event) == 2
    author = _author(app, decided)
    assert author.post(f"/proposals/{withdrawn.id}/withdraw", data={}).status_code == 302
    assert selected_count(event) == 1
    assert client.post(f"/events/{event.id}/results/decisions/publish", data={}).status_code \
        == 302
    db.session.refresh(event)
    assert event.decision_published_at is not None
    assert [d.proposal.title for d in published_selection(event)] == ["God Start"]
    assert withdrawn.id not in published_record(event).proposal_ids
    from hackathon.live import queries as live_queries
    from hackathon.live import services as live_services

    live_services.set_reveal(event=event, actor=event.test_facilitator, on=True)
    db.session.commit()

    assert [r["title"] for r in live_queries.reveal_rows(event)] == ["God Start"]
    report = json.loads(client.get(f"/events/{event.id}/report/export.json").data)
    assert [d["title"] for d in report["decisions"]] == ["God Start", "Familiens Broer"]


def test_a_value_that_is_not_finite_is_stored_as_none():
    """PostgreSQL's JSON refuses Infinity (a WPM contribution of log 0); readers draw None as 0."""
    from hackathon.results.ranking import _json_safe

    data = {"ranking": [{"contributions": {"a": float("-inf"), "b": 0.25}, "pair": (1, 2)}],
            "score": float("nan")}
    assert _json_safe(data) == {"ranking": [{"contributions": {"a": None, "b": 0.25},
                                             "pair": [1, 2]}], "score": None}
    json.dumps(_json_safe(data), allow_nan=False)
