"""Each page says what is true in the current phase, from one place (events/phases.phase_rules).

An event is put in each moment of its life: set-up, proposal writing, submission phase after
its deadline, the qualification round opened before the submission deadline (the deadline is
still in the future), the qualification round past its review deadline, the decision, and the
published decision. In each, the author's proposal pages, the event page (author, participant
without a team, reviewer, facilitator), the live dashboard and the projector's data are read,
and nothing on them may contradict the phase's rules: no countdown to a deadline whose phase
is over, no "deadline passed" next to a countdown, no invitation to a team that cannot be
joined, no "start a proposal" without the button.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from hackathon.enums import Phase, Role
from hackathon.events.phases import (
    CLOSED,
    PASSED,
    PHASE_ACTIONS,
    RUNNING,
    UPCOMING,
    phase_rules,
)
from hackathon.events.services import change_phase
from hackathon.extensions import db
from hackathon.models import Proposal, ProposalAuthor, utcnow
from hackathon.proposals import services as proposal_services
from tests.conftest import sign_in
from tests.review.conftest import make_round  # noqa: F401

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Moment:
    """One moment in an event's life and what must be true in it."""

    name: str
    phase: Phase
    submission_in: timedelta  # the submission deadline, relative to now
    review_in: timedelta
    published: bool
    writing_open: bool
    running: str | None  # the deadline counting down, if any
    current: str | None  # the deadline of the phase the event is in (running or passed)


MOMENTS = [
    Moment("setup", Phase.SETUP, 3 * HOUR, 24 * HOUR, False, False, None, None),
    Moment("writing", Phase.SUBMISSION, 3 * HOUR, 24 * HOUR, False, True, "submission",
           "submission"),
    Moment("after_deadline", Phase.SUBMISSION, -HOUR, 24 * HOUR, False, False, None,
           "submission"),
    # The facilitators opened the round 3 hours before the submission deadline.
    Moment("round_opened_early", Phase.QUALIFICATION, 3 * HOUR, 24 * HOUR, False, False,
           "review", "review"),
    Moment("round_past_review_deadline", Phase.QUALIFICATION, -24 * HOUR, -HOUR, False, False,
           None, "review"),
    Moment("decision", Phase.DECISION, -24 * HOUR, -2 * HOUR, False, False, None, None),
    Moment("published", Phase.DECISION, -24 * HOUR, -2 * HOUR, True, False, None, None),
    Moment("follow_up", Phase.FOLLOW_UP, -48 * HOUR, -24 * HOUR, True, False, None, None),
]
NAMES = {"submission": "Frist for indsendelse", "review": "Frist for bedømmelse"}


def _visible(page: str) -> str:
    """The page's text as a reader sees it (attributes, such as the countdown's messages for
    later, are not text)."""
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _running_deadlines(page: str) -> list[str]:
    """The names of the deadlines that count down on the page."""
    found = re.findall(r'data-deadline-state="running"[^>]*>\s*<strong>([^<]+):</strong>', page)
    return [html_lib.unescape(name) for name in found]


@dataclass
class World:
    """The event in one moment, with a signed-in client per person."""

    event: object
    proposal: object
    author: object
    loner: object
    reviewer: object
    facilitator: object


@pytest.fixture
def world(app, make_event, make_person):
    """Factory: an event in ``moment`` with a draft proposal and its author, a participant
    without a team, a reviewer and the facilitator."""

    def make(moment: Moment) -> World:
        now = utcnow()
        event = make_event(phase=moment.phase,
                           submission_deadline=now + moment.submission_in,
                           review_deadline=now + moment.review_in)
        if moment.published:
            event.decision_published_at = now - HOUR
        author = make_person(event, Role.PARTICIPANT, name="Ane Forfatter")
        proposal = proposal_services.start_proposal(event=event, author=author,
                                                    title="Familiens Broer")
        other = make_person(event, Role.PARTICIPANT, name="Bo Medforfatter")
        proposal.authors.append(ProposalAuthor(person=other))
        db.session.commit()
        clients = {}
        for key, person in (("author", author),
                            ("loner", make_person(event, Role.PARTICIPANT)),
                            ("reviewer", make_person(event, Role.REVIEWER)),
                            ("facilitator", event.test_facilitator)):
            clients[key] = app.test_client()
            sign_in(clients[key], person)
        world = World(event, proposal, **clients)
        world.team_code = proposal.team_code
        world.team_code_display = proposal.team_code_display
        return world

    return make


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda m: m.name)
def test_proposal_pages_say_what_is_true_in_the_phase(world, moment):
    w = world(moment)
    pid = w.proposal.id
    for path in (f"/proposals/{pid}", f"/proposals/{pid}/history"):
        page = w.author.get(path).get_data(as_text=True)
        text = _visible(page)
        # The countdown runs only while writing is open; never next to "deadline passed".
        expected_running = [NAMES["submission"]] if moment.writing_open else []
        assert _running_deadlines(page) == expected_running, path
        assert ("Fristen er overskredet" in text) == (moment.name == "after_deadline"), path
        assert not ("Fristen er overskredet" in text and _running_deadlines(page))
        # Write tab, team code and "Leave the team" only while the team can change.
        assert (f'href="/proposals/{pid}/edit"' in page) == moment.writing_open, path
    page = w.author.get(f"/proposals/{pid}").get_data(as_text=True)
    text = _visible(page)
    assert ("Forlad holdet" in text) == moment.writing_open
    assert ("Andre kommer med på holdet" in text) == moment.writing_open
    assert (w.team_code_display in text) == moment.writing_open  # shown in groups
    # A draft that can no longer be submitted is not told what to fill in before submitting.
    assert ("Før I kan sende ind" in text) == moment.writing_open
    if not moment.writing_open:
        assert "kan kun læses" in text or "Skrivningen åbner" in text
        if moment.phase.index > Phase.SUBMISSION.index:
            assert "Indsendelsen er lukket: forslaget kan kun læses." in text
            assert "Holdet ligger fast" in text
        if moment.phase == Phase.SETUP:
            assert "Skrivningen åbner, når facilitatorerne åbner for indsendelse" in text
            assert "når der åbnes for indsendelse" in text


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda m: m.name)
def test_event_page_offers_only_what_the_phase_allows(world, moment):
    w = world(moment)
    url = f"/events/{w.event.id}"
    pages = {who: getattr(w, who).get(url).get_data(as_text=True)
             for who in ("author", "loner", "reviewer", "facilitator")}
    expected_running = [NAMES[moment.running]] if moment.running else []
    for who, page in pages.items():
        assert _running_deadlines(page) == expected_running, who
        text = _visible(page)
        assert ("Fristen for indsendelse er overskredet" in text) == (
            moment.name == "after_deadline"), who
    loner = _visible(pages["loner"])
    # "Start a proposal" is said only where the button is.
    assert ("Start et nyt forslag" in loner) == moment.writing_open
    assert ("Start et forslag," in loner) == moment.writing_open
    if moment.phase == Phase.SETUP:
        assert "Når facilitatorerne åbner for indsendelse, kan du starte et forslag" in loner
        assert "Fristen for forslag er" in loner
    elif not moment.writing_open:
        assert "Indsendelsen er lukket: nye forslag og hold er ikke længere mulige." in loner
    author = _visible(pages["author"])
    assert ("Næste skridt" in author) == moment.writing_open
    reviewer = _visible(pages["reviewer"])
    round_on = moment.phase.index >= Phase.QUALIFICATION.index
    assert ("Gå til mine bedømmelser" in reviewer) == round_on
    assert ("Kvalificeringen er ikke åbnet endnu" in reviewer) == (not round_on)


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda m: m.name)
def test_live_dashboard_counts_down_only_to_the_running_deadline(world, moment):
    w = world(moment)
    page = w.facilitator.get(f"/events/{w.event.id}/live").get_data(as_text=True)
    assert _running_deadlines(page) == ([NAMES[moment.running]] if moment.running else [])
    text = _visible(page)
    if moment.phase.index > Phase.SUBMISSION.index:
        assert "indsendelsen er lukket" in text
    if moment.name == "round_past_review_deadline":
        assert "bedømmelser kan stadig gemmes, indtil facilitatorerne lukker runden" in text


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda m: m.name)
def test_projector_shows_only_the_current_phase_deadline(world, moment):
    w = world(moment)
    data = w.facilitator.get(f"/events/{w.event.id}/live/projector/data").get_json()
    expected = {"submission": w.event.submission_deadline,
                "review": w.event.review_deadline}.get(moment.current)
    assert data["deadline"] == (expected.isoformat() + "Z" if expected else None)


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda m: m.name)
def test_leaving_a_team_after_submission_closed_is_refused_clearly(world, moment):
    w = world(moment)
    response = w.author.post(f"/proposals/{w.proposal.id}/leave")
    db.session.refresh(w.proposal)
    names = {a.person.name for a in w.proposal.authors}
    if moment.writing_open:
        assert response.status_code == 302 and "Ane Forfatter" not in names
    else:
        assert response.status_code == 409
        assert "Holdet ligger fast, når indsendelsen er lukket." in response.get_data(as_text=True)
        assert names == {"Ane Forfatter", "Bo Medforfatter"}


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda m: m.name)
def test_starting_and_joining_follow_the_same_rules_as_the_page(world, moment):
    w = world(moment)
    start = w.loner.post(f"/events/{w.event.id}/proposals/new", data={"title": "Nyt"})
    join = w.loner.post(f"/events/{w.event.id}/proposals/join", data={"code": w.team_code})
    assert (start.status_code == 302) == moment.writing_open
    assert (join.status_code == 302) == moment.writing_open
    titles = set(db.session.scalars(select(Proposal.title).where(
        Proposal.event_id == w.event.id)))
    assert ("Nyt" in titles) == moment.writing_open
    if not moment.writing_open:
        expected = ("Når facilitatorerne åbner for indsendelse" if moment.phase == Phase.SETUP
                    else "Indsendelsen er lukket: nye forslag og hold er ikke længere mulige.")
        for response in (start, join):
            assert response.status_code == 409
            assert expected in response.get_data(as_text=True)


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda m: m.name)
def test_a_refused_save_names_the_true_reason(world, moment):
    w = world(moment)
    response = w.author.post(f"/proposals/{w.proposal.id}/autosave",
                             json={"version": w.proposal.version, "values": {"summary": "x"}})
    if moment.writing_open:
        assert response.status_code == 200
        return
    assert response.status_code == 409
    message = response.get_json()["message"]
    if moment.phase == Phase.SETUP:
        assert message.startswith("Skrivningen åbner, når facilitatorerne åbner for indsendelse")
    elif moment.phase == Phase.SUBMISSION:
        assert "Fristen" in message
    else:
        assert message == "Indsendelsen er lukket: forslaget kan kun læses."


def test_reviewer_is_offered_a_conflict_declaration_only_while_the_round_is_open(
    app, make_round,  # noqa: F811
):
    round_ = make_round()
    event, reviewer = round_.event, round_.reviewers[1]
    client = app.test_client()
    sign_in(client, reviewer)
    assert "Erklær dig inhabil" in _visible(
        client.get(f"/events/{event.id}/review/mine").get_data(as_text=True))
    change_phase(event=event, to_phase=Phase.DECISION, actor=event.test_facilitator,
                 confirm_back=False, confirmed=True)
    db.session.commit()
    page = client.get(f"/events/{event.id}/review/mine")
    assert page.status_code == 200 and "Erklær dig inhabil" not in _visible(
        page.get_data(as_text=True))
    refused = client.post(f"/events/{event.id}/review/proposals/{round_.proposals[1].id}/conflict",
                          data={"reason": "Min svoger er med"})
    assert refused.status_code == 409


# --- the rules themselves -------------------------------------------------------------------


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda m: m.name)
def test_phase_rules_name_the_running_and_current_deadline(app, make_event, moment):
    now = utcnow()
    event = make_event(phase=moment.phase, submission_deadline=now + moment.submission_in,
                       review_deadline=now + moment.review_in)
    rules = phase_rules(event, now)
    assert (rules.running_deadline.kind if rules.running_deadline else None) == moment.running
    assert (rules.current_deadline.kind if rules.current_deadline else None) == moment.current
    for action in ("edit_proposals", "start_proposal", "join_team", "invite_members",
                   "leave_team"):
        assert rules.allows(action) == moment.writing_open, action
    assert rules.allows("review") == (moment.phase == Phase.QUALIFICATION)


def test_deadline_states_follow_the_phase_of_each_deadline(app, make_event):
    now = utcnow()
    event = make_event(phase=Phase.SETUP, submission_deadline=now + HOUR,
                       review_deadline=now + 2 * HOUR)
    expected = {
        Phase.SETUP: (UPCOMING, UPCOMING),
        Phase.SUBMISSION: (RUNNING, UPCOMING),
        Phase.QUALIFICATION: (CLOSED, RUNNING),
        Phase.DECISION: (CLOSED, CLOSED),
    }
    for phase, (submission, review) in expected.items():
        event.phase = phase
        rules = phase_rules(event, now)
        assert rules.deadline("submission").state == submission, phase
        assert rules.deadline("review").state == review, phase
    event.phase = Phase.SUBMISSION
    assert phase_rules(event, now + 2 * HOUR).deadline("submission").state == PASSED


def test_no_deadline_set_means_no_deadline_and_writing_open_all_phase(app, make_event):
    event = make_event(phase=Phase.SUBMISSION)
    rules = phase_rules(event)
    assert rules.deadlines == () and rules.running_deadline is None
    assert rules.allows("edit_proposals") and rules.submission == "open"


def test_unknown_action_is_a_programming_error(app, make_event):
    rules = phase_rules(make_event())
    with pytest.raises(KeyError):
        rules.allows("fly")
    assert set(PHASE_ACTIONS) >= {"join", "edit_proposals", "review", "decide", "reveal"}
