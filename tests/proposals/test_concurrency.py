"""Concurrent saves of one proposal from several browsers: never a server error, never a lost
or duplicated revision (the race that a load test on PostgreSQL showed)."""

from __future__ import annotations

import threading

from flask.testing import FlaskClient
from sqlalchemy import func, select

from hackathon.enums import Role
from hackathon.extensions import db
from hackathon.models import ProposalRevision
from hackathon.proposals import services
from tests.conftest import session_values

FIELDS = ("summary", "problem", "idea", "citizen_voice")


def test_parallel_autosaves_are_serialised(app, make_proposal, make_person):
    proposal = make_proposal()
    authors = [proposal.test_author]
    for _ in range(3):
        person = make_person(proposal.test_event, Role.PARTICIPANT)
        services.join_team(proposal=proposal, person=person)
        authors.append(person)
    db.session.commit()
    session_ids = [session_values(a) for a in authors]
    proposal_id = proposal.id
    results: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def author(index: int) -> None:
        client = FlaskClient(app, app.response_class, use_cookies=True)
        with client.session_transaction() as session:
            session.update(session_ids[index])
        version = 1  # every author starts from the same version, as after opening the page
        for n in range(6):
            response = client.post(
                f"/proposals/{proposal_id}/autosave",
                json={"version": version, "values": {FIELDS[index]: f"{index}-{n}"},
                      "save_id": f"{index}-{n}"},
            )
            body = response.get_json() or {}
            version = body.get("version", version)
            with lock:
                results.append((response.status_code, body))

    threads = [threading.Thread(target=author, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = [status for status, _ in results]
    assert set(statuses) == {200}, statuses
    saved = db.session.scalar(
        select(func.count(ProposalRevision.id)).where(ProposalRevision.kind == "edit")
    )
    assert saved == 24
    db.session.refresh(proposal)
    assert [getattr(proposal, f) for f in FIELDS] == [f"{i}-5" for i in range(4)]
    assert proposal.version == 25
