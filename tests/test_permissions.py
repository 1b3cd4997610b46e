"""Every route, for every role: anonymous, participant, reviewer, observer, facilitator of this
event and facilitator of another event. Allowed requests succeed, denied ones get 403 (or the
sign-in page for anonymous visitors)."""

from __future__ import annotations

import io
import re

import pytest
from flask import current_app
from sqlalchemy import Table, select

from hackathon.auth.services import grant_role
from hackathon.auth.tokens import invitation_token, reentry_token
from hackathon.enums import OrganisationStatus, Phase, Role, Sector
from hackathon.events.services import create_invitation
from hackathon.extensions import db
from hackathon.followup.contacts import contact_token
from hackathon.live.services import post_announcement
from hackathon.models import (
    Announcement,
    Conflict,
    Organisation,
    Person,
    Proposal,
    ProposalRevision,
    Prototype,
    PrototypeContact,
    TrialAction,
)
from hackathon.organisations.services import ensure_listed
from tests.conftest import ROLES, sign_in
from tests.review.conftest import make_round  # noqa: F401  (a fixture the matrix builds on)

ALLOWED = "allowed"
DENIED = "denied"  # 403 when signed in
LOGIN = "login"  # anonymous: redirect to the sign-in page
NOT_FOUND = "not_found"

EVENT_MEMBERS = {"participant", "reviewer", "observer", "facilitator"}


def expect(allowed: set[str], anonymous: str = LOGIN, others: str = DENIED) -> dict[str, str]:
    """Expected outcome per role."""
    return {
        role: (ALLOWED if role in allowed else anonymous if role == "anonymous" else others)
        for role in ROLES
    }


ROUTES = [
    ("GET", "/", expect(set(ROLES))),
    ("GET", "/healthz", expect(set(ROLES))),
    ("GET", "/sw.js", expect(set(ROLES))),
    ("GET", "/login", expect(set(ROLES))),
    ("GET", "/join", expect(set(ROLES))),
    ("GET", "/events/new", expect({"facilitator", "other_facilitator"})),
    ("POST", "/events/new", expect({"facilitator", "other_facilitator"})),
    ("GET", "/events/{event}", expect(EVENT_MEMBERS)),
    ("GET", "/events/{event}/edit", expect({"facilitator"})),
    ("POST", "/events/{event}/edit", expect({"facilitator"})),
    ("POST", "/events/{event}/phase", expect({"facilitator"})),
    ("POST", "/events/{event}/join-code", expect({"facilitator"})),
    ("GET", "/events/{event}/people", expect({"facilitator"})),
    ("POST", "/events/{event}/people", expect({"facilitator"})),
    ("POST", "/events/{event}/invitations/{invitation}/revoke", expect({"facilitator"})),
    # Each event's organisations: its facilitators manage the list, members may propose.
    ("GET", "/events/{event}/organisations", expect({"facilitator"})),
    ("POST", "/events/{event}/organisations", expect({"facilitator"})),
    ("GET", "/events/{event}/organisations/{org}", expect({"facilitator"})),
    ("POST", "/events/{event}/organisations/{org}", expect({"facilitator"})),
    ("POST", "/events/{event}/organisations/{org}/merge", expect({"facilitator"})),
    ("POST", "/events/{event}/organisations/{org}/remove", expect({"facilitator"})),
    ("POST", "/events/{event}/organisations/{org}/approve", expect({"facilitator"})),
    ("POST", "/events/{event}/organisations/import", expect({"facilitator"})),
    ("POST", "/events/{event}/organisations/import/confirm", expect({"facilitator"})),
    ("POST", "/events/{event}/organisations/copy", expect({"facilitator"})),
    ("GET", "/events/{event}/organisations/propose", expect(EVENT_MEMBERS)),
    ("POST", "/events/{event}/organisations/propose", expect(EVENT_MEMBERS)),
    # People with a password sign in with it; the personal link is for everyone else.
    (
        "GET",
        "/me/link",
        expect({"participant", "reviewer", "observer"}, others=NOT_FOUND),
    ),
    ("POST", "/me/link/reset", expect({"participant", "reviewer", "observer"}, others="bad")),
    ("POST", "/logout", expect(set(ROLES))),
    ("GET", "/me/sessions", expect(set(ROLES) - {"anonymous"})),
    ("POST", "/logout/everywhere", expect(set(ROLES) - {"anonymous"})),
    # The portfolio board (tests/followup/test_board.py has every follow-up route).
    ("GET", "/portfolio", expect({"facilitator", "other_facilitator", "observer"})),
    ("GET", "/portfolio/export.xlsx", expect({"facilitator", "other_facilitator"})),
    ("POST", "/events/{event}/checkins", expect({"facilitator"})),
    # The clean addresses of personal and invitation links: nothing without a link opened.
    ("GET", "/enter", expect(set(), anonymous=NOT_FOUND, others=NOT_FOUND)),
    ("GET", "/invite", expect(set(), anonymous=NOT_FOUND, others=NOT_FOUND)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "expected"), ROUTES, ids=lambda v: str(v)[:40])
def test_route_permissions(as_role, make_event, role, method, path, expected):
    event = make_event(phase=Phase.SUBMISSION)
    invitation = create_invitation(
        event=event,
        role=Role.REVIEWER,
        name="Invited Reviewer",
        email=None,
        organisation=None,
        created_by=event.test_facilitator,
        valid_days=14,
    )
    org = Organisation(name="Gladsaxe Komune", sector=Sector.MUNICIPALITY)
    target = Organisation(name="Gladsaxe Kommune", sector=Sector.MUNICIPALITY)
    db.session.add_all([org, target])
    db.session.flush()
    for listed in (org, target):
        ensure_listed(event=event, organisation=listed, added_by=None,
                      status=OrganisationStatus.PROPOSED)
    db.session.commit()
    client = as_role(role, event)
    url = path.format(event=event.id, invitation=invitation.id, org=org.id)
    data = {"to_phase": "qualification"} if url.endswith("/phase") else {}
    if url.endswith("/merge"):
        data = {"target": str(target.id)}
    elif url.endswith("/organisations/import"):
        data = {"file": (io.BytesIO("Navn;Sektor\nKøge Kommune;Kommune\n".encode("cp1252")),
                         "liste.csv")}
    elif url.endswith("/import/confirm"):
        data = {"rows": '[["Køge Kommune", "municipality"]]'}
    response = client.open(url, method=method, data=data)
    outcome = expected[role]
    if outcome == ALLOWED:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/login" not in response.headers["Location"]
    elif outcome == LOGIN:
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    elif outcome == NOT_FOUND:
        assert response.status_code == 404
    elif outcome == "bad":
        assert response.status_code == 400
    else:
        assert response.status_code == 403, response.status_code


# --- no action attaches to, or acts as, another person ------------------------------------
#
# Every route of the app, every method it takes, for every role above plus an author who is
# also a reviewer, with form data that tries to name someone else (their email, a team code,
# an invitation addressed to them by the facilitator of ANOTHER event). After each request:
# the browser is signed in as nobody, as the same person, or as a person the request created;
# no one else's account changed; and every row the request created or re-pointed that names
# a person names the actor, except where a facilitator legitimately names others (assigning
# reviewers, messages to the teams).

VICTIM_EMAIL = "victim@region.dk"
ALL_ROLES = (*ROLES, "author_reviewer")
# Extra requests beyond one per (rule, method): the invitation's "take part as a new person".
EXTRA_REQUESTS = [("GET", "/invite/{token}?new=1"), ("POST", "/invite/{token}?new=1")]
# Where a facilitator of the event writes rows naming other people, by design.
FACILITATOR_MAY_NAME_OTHERS = {("assignment", "reviewer_id"), ("outbox_message", "recipient_id")}
LAST = ("auth.logout", "auth.logout_everywhere", "auth.reset_my_link", "events.change_phase")


def _person_columns() -> list[tuple[Table, list[str]]]:
    """Each table with its columns that point at a person."""
    found = []
    for table in db.metadata.sorted_tables:
        columns = [
            column.name
            for column in table.columns
            if any(fk.column.table.name == "person" for fk in column.foreign_keys)
        ]
        if columns:
            found.append((table, columns))
    return found


def _snapshot(tables) -> dict[str, dict[tuple, dict]]:
    """Every row of ``tables`` (and of person), by primary key."""
    rows = {}
    for table in [Person.__table__, *tables]:
        keys = [column.name for column in table.primary_key.columns]
        rows[table.name] = {
            tuple(row[k] for k in keys): dict(row)
            for row in db.session.execute(select(table)).mappings()
        }
    return rows


def _signed_in_id(client) -> int | None:
    with client.session_transaction() as session:
        user_id = session.get("_user_id")
    return int(user_id.partition(".")[0]) if user_id else None


def _world(round_factory, make_event, make_person, role: str):
    """The event with its round open, another event, the actor, and values to try."""
    round_ = round_factory(open=True)
    event = round_.event
    victim = round_.reviewers[1]
    victim.email = VICTIM_EMAIL
    other_event = make_event(title="Another event")
    attack = create_invitation(
        event=other_event, role=Role.FACILITATOR, name="Victim", email=VICTIM_EMAIL,
        organisation=None, created_by=other_event.test_facilitator, valid_days=14,
    )
    own = create_invitation(
        event=event, role=Role.REVIEWER, name="Victim", email=VICTIM_EMAIL, organisation=None,
        created_by=event.test_facilitator, valid_days=14,
    )
    post_announcement(event=event, author=event.test_facilitator, message="Velkommen")
    db.session.commit()
    actor = {
        "anonymous": None,
        "facilitator": event.test_facilitator,
        "other_facilitator": other_event.test_facilitator,
        "author_reviewer": round_.participant,
    }.get(role)
    if role == "author_reviewer":
        # Both roles in one event need the facilitator's recorded leave.
        from hackathon.review.services import allow_both_roles

        allow_both_roles(event=event, person=actor, facilitator=event.test_facilitator,
                         reason="Both author and reviewer, by exception")
        grant_role(event=event, person=actor, role=Role.REVIEWER)
    elif role in ("participant", "reviewer", "observer"):
        actor = make_person(event, Role(role))
    db.session.commit()
    proposal = round_.proposals[1]
    revision = db.session.scalar(
        select(ProposalRevision.id).where(ProposalRevision.proposal_id == proposal.id)
        .order_by(ProposalRevision.id.desc())
    )
    # A prototype of the event (its routes are in the sweep), with a contact named by the
    # victim's email and a trial action.
    prototype = Prototype(event_id=event.id, proposal_id=proposal.id, title=proposal.title)
    prototype.trial_actions.append(TrialAction(what="Første prøvehandling"))
    prototype.contacts.append(PrototypeContact(name="Victim", email=VICTIM_EMAIL))
    db.session.add(prototype)
    db.session.commit()
    with current_app.test_request_context():
        tokens = {
            "invite": invitation_token(attack),
            "enter": reentry_token(actor) if actor and not actor.password_hash else "x.y",
            "contact": contact_token(prototype.contacts[0]),
        }
    ids = {
        "event_id": event.id, "proposal_id": proposal.id, "invitation_id": own.id,
        "revision_id": revision, "conflict_id": db.session.scalar(select(Conflict.id)) or 1,
        "announcement_id": db.session.scalar(select(Announcement.id)), "fmt": "csv",
        "table": "proposals", "filename": "css/app.css", "organisation_id": round_.kommune.id,
        "prototype_id": prototype.id, "item_id": prototype.trial_actions[0].id,
    }
    form = {
        "name": "Navn", "email": VICTIM_EMAIL, "password": "a long enough secret",
        "password_again": "a long enough secret", "organisation_id": str(round_.kommune.id),
        "to_phase": "decision", "role": "facilitator", "title": "Titel", "message": "Hej",
        "confirm": "y", "reason": "Fordi", "code": proposal.team_code,
    }
    return actor, ids, tokens, form, event, proposal


def _requests(app, ids, tokens):
    """(method, url, endpoint) for every rule and method, the destructive ones last."""
    found = []
    for rule in app.url_map.iter_rules():
        path = rule.rule
        for name in rule.arguments:
            kind = "invite" if "invite" in path else "contact" if "contact" in path else "enter"
            value = tokens[kind] if name == "token" else ids[name]
            path = re.sub(rf"<(?:[a-z]+:)?{name}>", str(value), path)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, path, rule.endpoint))
    for method, path in EXTRA_REQUESTS:
        found.append((method, path.format(token=tokens["invite"]), "auth.accept_invitation"))
    return sorted(found, key=lambda item: item[2] in LAST)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_no_route_attaches_to_or_acts_as_another_person(
    app, make_round, make_event, make_person, role  # noqa: F811
):
    actor, ids, tokens, form, event, proposal = _world(make_round, make_event, make_person, role)
    actor_id = actor.id if actor else None
    tables = _person_columns()
    may_name_others = event.test_facilitator.id == actor_id
    for method, url, endpoint in _requests(app, ids, tokens):
        client = app.test_client()
        if actor is not None:
            sign_in(client, actor)
        data = dict(form)
        if endpoint == "auth.join":
            data["code"] = event.join_code
        before = _snapshot([t for t, _ in tables])
        if endpoint == "proposals.autosave":
            version = db.session.get(Proposal, proposal.id).version
            response = client.post(url, json={"version": version, "values": {"summary": "x"}})
        else:
            response = client.open(url, method=method, data=data if method == "POST" else None)
        response.close()
        where = f"{role} {method} {url}"
        assert response.status_code < 500, where
        after = _snapshot([t for t, _ in tables])
        created = set(after["person"]) - set(before["person"])
        me = {actor_id, None} | {key[0] for key in created}
        assert _signed_in_id(client) in me, f"{where}: signed in as someone else"
        for key, row in before["person"].items():
            if key[0] != actor_id:
                assert after["person"].get(key) == row, f"{where}: changed person {key}"
        for table, columns in tables:
            old, new = before[table.name], after[table.name]
            for key, row in new.items():
                for column in columns:
                    if key in old and old[key][column] == row[column]:
                        continue  # not written by this request
                    if may_name_others and (table.name, column) in FACILITATOR_MAY_NAME_OTHERS:
                        continue
                    assert row[column] in me, f"{where}: {table.name}.{column} names another"
            for key, row in old.items():
                if key in new or (may_name_others and any(
                    (table.name, c) in FACILITATOR_MAY_NAME_OTHERS for c in columns
                )):
                    continue
                assert all(row[c] in me for c in columns), f"{where}: removed {table.name} row"
