"""Deciding: staging, what publishing requires, quota, justification, version conflicts,
amendments, the teams' view and the messages to them."""

from __future__ import annotations

import smtplib

import pytest
from sqlalchemy import func, select

from hackathon.enums import Outcome
from hackathon.extensions import db
from hackathon.models import (
    AuditEntry,
    AuditLogIsAppendOnly,
    Decision,
    DecisionAmendment,
    Organisation,
    OutboxMessage,
)
from tests.conftest import sign_in
from tests.results.conftest import decision_form


def _org(name="Slagelse Kommune"):
    return db.session.scalar(select(Organisation).where(Organisation.name == name))


def _owners(**extra):
    org = _org()
    return {"problem_owner": org.id, "owner_org_0": org.id, "owner_name_0": "Ane Jensen",
            "owner_email_0": "ane@example.org", **extra}


def _decide(client, decided, title, version=0, **fields):
    proposal = decided.proposals[title]
    return client.post(f"/events/{decided.event.id}/results/decisions/{proposal.id}",
                       data=decision_form(version, **fields))


def _decision(decided, title):
    return db.session.scalar(select(Decision).where(
        Decision.proposal_id == decided.proposals[title].id))


def _stage_all(client, decided):
    assert _decide(client, decided, "God Start", **_owners()).status_code == 302
    assert _decide(client, decided, "Familiens Broer", **_owners()).status_code == 302
    assert _decide(client, decided, "Børnene med", outcome="waitlist",
                   rationale="Tæt på").status_code == 302


def test_form_prefills_owners_and_trial_action_from_the_proposal(app, as_role, decision_event):
    decided = decision_event()
    client = as_role("facilitator", decided.event)
    page = client.get(f"/events/{decided.event.id}/results/decisions/"
                      f"{decided.proposals['God Start'].id}").get_data(as_text=True)
    assert "Ane" in page and "2027-03-01" in page


def test_staging_an_incomplete_decision_is_allowed_publishing_lists_what_is_missing(
    app, as_role, decision_event
):
    decided = decision_event()
    event = decided.event
    client = as_role("facilitator", event)
    response = _decide(client, decided, "God Start", rationale="", trial_action="",
                       trial_date="")
    assert response.status_code == 302
    assert _decision(decided, "God Start").outcome == Outcome.SELECTED
    response = client.post(f"/events/{event.id}/results/decisions/publish", data={},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "3 proposals lack something" in html or "3 forslag mangler" in html
    db.session.refresh(event)
    assert event.decision_published_at is None


def test_publish_errors_are_listed_in_danish(app, as_role, decision_event):
    decided = decision_event()
    client = as_role("facilitator", decided.event)
    client.post("/language", data={"lang": "da", "next": "/"})
    _decide(client, decided, "God Start", rationale="", trial_action="", trial_date="")
    html = client.get(f"/events/{decided.event.id}/results/decisions").get_data(as_text=True)
    for words in ("begrundelsen mangler", "ingen problemejer", "ingen procesejer",
                  "første prøvehandling mangler", "ingen dato", "intet udfald valgt"):
        assert words in html, words


def test_publish_then_teams_see_outcome_and_messages_wait_in_the_outbox(
    app, as_role, decision_event
):
    decided = decision_event()
    event = decided.event
    client = as_role("facilitator", event)
    _stage_all(client, decided)
    author = app.test_client()
    sign_in(author, decided.participant)
    proposal = decided.proposals["God Start"]
    before = author.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Stærkt borgerperspektiv" not in before  # staged decisions stay private
    response = client.post(f"/events/{event.id}/results/decisions/publish", data={})
    assert response.status_code == 302
    db.session.refresh(event)
    assert event.decision_published_at is not None
    after = author.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Stærkt borgerperspektiv" in after and "Ane Jensen" in after
    messages = db.session.scalars(select(OutboxMessage)).all()
    assert len(messages) == 3  # one author per proposal in the fixture
    assert all(m.sent_at is None for m in messages)
    outbox = client.get(f"/events/{event.id}/results/outbox").get_data(as_text=True)
    assert "God Start" in outbox
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "publish")) == 1
    # Publishing twice is refused.
    client.post(f"/events/{event.id}/results/decisions/publish", data={})
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 3


def test_messages_are_in_the_recipients_language(app, as_role, decision_event):
    decided = decision_event()
    decided.participant.language = "en"
    db.session.commit()
    client = as_role("facilitator", decided.event)
    _stage_all(client, decided)
    client.post(f"/events/{decided.event.id}/results/decisions/publish", data={})
    message = db.session.scalars(select(OutboxMessage)).first()
    assert message.language == "en"
    assert message.subject.startswith("The decision on your proposal")
    assert "Outcome:" in message.body


def test_selecting_beyond_the_quota_asks_for_confirmation(app, as_role, decision_event):
    decided = decision_event()
    client = as_role("facilitator", decided.event)
    _decide(client, decided, "God Start", **_owners())
    _decide(client, decided, "Familiens Broer", **_owners())
    response = _decide(client, decided, "Børnene med", justification="Vi vil prøve", **_owners())
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "confirm_over_quota" in html
    assert "Vi vil prøve" in html  # what was typed is kept
    assert _decision(decided, "Børnene med") is None
    response = _decide(client, decided, "Børnene med", justification="Vi vil prøve",
                       confirm_over_quota="y", **_owners())
    assert response.status_code == 302
    assert _decision(decided, "Børnene med").outcome == Outcome.SELECTED


def test_selecting_outside_top_k_needs_a_justification(app, as_role, decision_event):
    decided = decision_event()
    client = as_role("facilitator", decided.event)
    _decide(client, decided, "God Start", outcome="not_selected", rationale="Nej")
    _decide(client, decided, "Familiens Broer", **_owners())
    _decide(client, decided, "Børnene med", **_owners())  # outside the top 2, no justification
    html = client.get(f"/events/{decided.event.id}/results/decisions").get_data(as_text=True)
    assert "without a justification" in html or "uden en begrundelse" in html


def test_two_facilitators_cannot_overwrite_each_other(app, as_role, decision_event,
                                                      make_person):
    from hackathon.auth.services import grant_role
    from hackathon.enums import Role

    decided = decision_event()
    event = decided.event
    first = as_role("facilitator", event)
    colleague = make_person(event, Role.PARTICIPANT)
    grant_role(event=event, person=colleague, role=Role.FACILITATOR)
    db.session.commit()
    second = app.test_client()
    sign_in(second, colleague)
    # Both open the empty form (version 0); the first saves, then the second.
    assert _decide(first, decided, "God Start", rationale="Først", **_owners()).status_code == 302
    response = _decide(second, decided, "God Start", rationale="Anden", **_owners())
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Først" in html and "Anden" in html  # theirs shown, mine kept in the form
    decision = _decision(decided, "God Start")
    assert decision.rationale == "Først" and decision.version == 1
    # Saving again from the version now shown works.
    assert _decide(second, decided, "God Start", version=1, rationale="Anden",
                   **_owners()).status_code == 302
    assert _decision(decided, "God Start").rationale == "Anden"


def test_after_publication_a_change_is_an_amendment_with_reason(app, as_role, decision_event):
    decided = decision_event()
    event = decided.event
    client = as_role("facilitator", event)
    _stage_all(client, decided)
    client.post(f"/events/{event.id}/results/decisions/publish", data={})
    version = _decision(decided, "Børnene med").version
    # No reason: refused, nothing changes.
    response = _decide(client, decided, "Børnene med", version=version, outcome="not_selected",
                       rationale="Alligevel ikke")
    assert response.status_code == 200
    assert _decision(decided, "Børnene med").outcome == Outcome.WAITLIST
    # Incomplete: refused too (a published decision stays publishable).
    response = _decide(client, decided, "Børnene med", version=version, rationale="",
                       outcome="not_selected", reason="Ændret")
    assert response.status_code == 200
    response = _decide(client, decided, "Børnene med", version=version, outcome="not_selected",
                       rationale="Alligevel ikke", reason="Partneren trak sig")
    assert response.status_code == 302
    decision = _decision(decided, "Børnene med")
    assert decision.outcome == Outcome.NOT_SELECTED
    amendment = db.session.scalar(select(DecisionAmendment))
    assert amendment.old["outcome"] == "waitlist" and amendment.new["outcome"] == "not_selected"
    assert amendment.reason == "Partneren trak sig"
    assert amendment.changed_by_id == event.test_facilitator.id
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "amendment")) == 1
    # The team is told again.
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 4


def test_merged_needs_the_other_proposal(app, as_role, decision_event):
    decided = decision_event()
    client = as_role("facilitator", decided.event)
    _decide(client, decided, "Børnene med", outcome="merged", rationale="Samme idé")
    html = client.get(f"/events/{decided.event.id}/results/decisions").get_data(as_text=True)
    assert "choose the proposal it is merged into" in html or "vælg det forslag" in html
    target = decided.proposals["Familiens Broer"]
    version = _decision(decided, "Børnene med").version
    _decide(client, decided, "Børnene med", version=version, outcome="merged",
            rationale="Samme idé", merged_into=target.id)
    assert _decision(decided, "Børnene med").merged_into_id == target.id


@pytest.mark.parametrize(("field", "value"), [
    ("problem_owner", "999999"), ("owner_org_0", "abc"), ("merged_into", "-1"),
    ("outcome", "maybe"), ("trial_date", "31-02-2027"), ("owner_email_0", "not-an-email"),
    ("rationale", "x" * 5000),
])
def test_bad_input_is_refused_with_a_message_and_nothing_saved(app, as_role, decision_event,
                                                                field, value):
    decided = decision_event()
    client = as_role("facilitator", decided.event)
    response = _decide(client, decided, "God Start", **{**_owners(), field: value})
    assert response.status_code == 200
    assert "field__error" in response.get_data(as_text=True) or \
        "alert--error" in response.get_data(as_text=True)
    assert _decision(decided, "God Start") is None


def test_owner_without_contact_name_is_explained(app, as_role, decision_event):
    decided = decision_event()
    client = as_role("facilitator", decided.event)
    response = _decide(client, decided, "God Start", problem_owner=_org().id,
                       owner_org_0=_org().id, owner_name_0="")
    assert response.status_code == 200
    assert "contact person" in response.get_data(as_text=True) or \
        "kontaktperson" in response.get_data(as_text=True)


def test_mail_is_sent_when_configured(app, as_role, decision_event, monkeypatch):
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            assert host == "smtp.example.org"

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self, context):
            pass

        def login(self, user, password):
            pass

        def send_message(self, message):
            sent.append(message)

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="smtp.example.org", MAIL_USERNAME="u", MAIL_PASSWORD="p")
    decided = decision_event()
    decided.participant.email = "team@example.org"
    db.session.commit()
    client = as_role("facilitator", decided.event)
    _stage_all(client, decided)
    client.post(f"/events/{decided.event.id}/results/decisions/publish", data={})
    assert len(sent) == 3 and sent[0]["To"] == "team@example.org"
    assert all(m.sent_at is not None for m in db.session.scalars(select(OutboxMessage)))


def test_mail_failure_is_logged_and_kept_in_the_outbox(app, as_role, decision_event,
                                                       monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(smtplib, "SMTP", refuse)
    app.config.update(MAIL_SERVER="smtp.example.org")
    decided = decision_event()
    decided.participant.email = "team@example.org"
    db.session.commit()
    client = as_role("facilitator", decided.event)
    _stage_all(client, decided)
    response = client.post(f"/events/{decided.event.id}/results/decisions/publish", data={})
    assert response.status_code == 302
    db.session.refresh(decided.event)
    assert decided.event.decision_published_at is not None  # publishing itself succeeded
    messages = db.session.scalars(select(OutboxMessage)).all()
    assert all(m.sent_at is None and "connection refused" in m.error for m in messages)
    assert "sending the decision messages failed" in caplog.text


def test_audit_entries_cannot_be_changed_or_deleted(app, decision_event):
    decided = decision_event()
    entry = db.session.scalar(select(AuditEntry))
    entry.details = {"forged": True}
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    entry = db.session.scalar(select(AuditEntry))
    db.session.delete(entry)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert decided.event.id


def test_log_shows_phase_and_score_changes_and_hides_values_while_blind(
    app, as_role, decision_event
):
    from hackathon.enums import Phase

    decided = decision_event(phase=Phase.QUALIFICATION)
    client = as_role("facilitator", decided.event)
    html = client.get(f"/events/{decided.event.id}/audit?action=score").get_data(as_text=True)
    # Blind: which criteria changed, named in Danish, but not the values.
    assert "Gennemførlighed" in html and "→" not in html
    from hackathon.events.services import change_phase

    change_phase(event=decided.event, to_phase=Phase.DECISION,
                 actor=decided.event.test_facilitator, confirm_back=False, confirmed=True)
    db.session.commit()
    html = client.get(f"/events/{decided.event.id}/audit").get_data(as_text=True)
    assert "→" in html and decided.event.test_facilitator.name in html
    assert "Bedømmer To" in html


def test_published_selection_is_on_the_event_page_for_everyone(app, as_role, decision_event):
    decided = decision_event()
    event = decided.event
    client = as_role("facilitator", event)
    _stage_all(client, decided)
    participant = app.test_client()
    sign_in(participant, decided.participant)
    assert "Ane Jensen" not in participant.get(f"/events/{event.id}").get_data(as_text=True)
    client.post(f"/events/{event.id}/results/decisions/publish", data={})
    for viewer in (participant, as_role("observer", event), client):
        html = viewer.get(f"/events/{event.id}").get_data(as_text=True)
        assert 'id="selection-heading"' in html
        assert "God Start" in html and "Familiens Broer" in html
    # Staged decisions on other proposals are not listed as selected.
    html = participant.get(f"/events/{event.id}").get_data(as_text=True)
    assert html.count("<li><strong>") == 2


def test_releasing_reviewer_comments_from_the_decisions_page_is_logged(app, as_role,
                                                                       decision_event):
    decided = decision_event()
    event = decided.event
    client = as_role("facilitator", event)
    response = client.post(f"/events/{event.id}/review/feedback",
                           data={"on": "y", "back": "decisions"})
    assert response.headers["Location"].endswith(f"/events/{event.id}/results/decisions")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "release"))
    assert entry.details == {"what": "feedback", "released": True}
    author = app.test_client()
    sign_in(author, decided.participant)
    html = author.get(f"/proposals/{decided.proposals['God Start'].id}").get_data(as_text=True)
    assert "Til teamet: gør prøvehandlingen konkret" in html and "Bedømmer To" not in html


def test_selecting_without_owners_warns_at_once_what_blocks_publication(
    app, as_role, decision_event
):
    decided = decision_event()
    client = as_role("facilitator", decided.event)
    client.post("/language", data={"lang": "da", "next": "/"})
    response = _decide(client, decided, "God Start", problem_owner="", trial_date="")
    assert response.status_code == 302  # staged: the save is allowed
    assert _decision(decided, "God Start").outcome == Outcome.SELECTED
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "vil blokere offentliggørelsen" in page
    for words in ("ingen problemejer", "ingen procesejer", "ingen dato"):
        assert words in page, words
    assert "alert--warning" in page and "er gemt, men" in page
    # A decision that could be published as it is gets the plain confirmation.
    response = _decide(client, decided, "Familiens Broer", **_owners())
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Beslutningen om \"Familiens Broer\" er gemt." in page.replace("&#34;", '"')


def test_closing_the_round_lands_on_the_decisions_page(app, as_role, decision_event):
    from hackathon.enums import Phase

    decided = decision_event(phase=Phase.QUALIFICATION)
    event = decided.event
    client = as_role("facilitator", event)
    response = client.post(f"/events/{event.id}/review/close",
                           data={"confirm_unfinished": "y"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/events/{event.id}/results/decisions")
    assert client.get(response.headers["Location"]).status_code == 200
    db.session.refresh(event)
    assert event.phase == Phase.DECISION
