"""Fuzz every route: malformed values for every parameter (path, query, form, JSON), sent as
every role, never answer 5xx and never change anything stored.

Bounded and reproducible: hypothesis runs derandomized, one example per role by default
(HACKATHON_FUZZ_EXAMPLES=n for more), no shrinking. Each example sends one request per route
and method (form-encoded; JSON too for the proposal routes, the only ones that read JSON) to a
demo event in the decision phase, and the proposal routes again to an event still taking
proposals. Measured on the shared 2-core machine: about a minute on SQLite, of which ~15 s is
building the demo event; about 2.5 minutes on PostgreSQL.
"""

from __future__ import annotations

import json
import os
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import Phase as Phase_
from hypothesis import strategies as st
from sqlalchemy import select
from wtforms.fields.core import UnboundField

from hackathon.auth.services import create_facilitator_account, create_person, grant_role
from hackathon.demo.loader import load_demo
from hackathon.enums import Phase, Role
from hackathon.events.services import create_event, create_invitation
from hackathon.extensions import db
from hackathon.forms_common import BaseForm
from hackathon.live.services import post_announcement
from hackathon.models import Conflict, Organisation, Proposal, ProposalRevision
from hackathon.proposals import services as proposal_services
from hackathon.proposals.fields import BY_NAME
from hackathon.review.queries import scoring_model
from tests.conftest import ROLES, _empty_all_tables, base_config, make_test_app, sign_in

# Values no parameter should accept as they are: ids beyond 64 bits, digits that are not ASCII,
# numbers that are not finite, control characters, lone surrogates, huge and empty values.
MALFORMED = [
    str(2**63),
    str(2**64 + 1),
    "9" * 400,
    "-1",
    "0",
    "\u00b2",
    "\u0661\u0662",
    "1e999",
    "NaN",
    "inf",
    "0,5,5",
    "",
    " ",
    "\x00",
    "a\x0bb",
    "\ud800",
    "\ufffe",
    "<script>alert(1)</script>",
    "=1+1",
    "../../etc/passwd",
    "%00",
    "2026-02-30T25:61",
    "99999-01-01",
    "[" * 200,
    "x" * 5000,
]
MALFORMED_JSON = [
    2**64,
    -(2**63) - 1,
    1e308,
    True,
    None,
    [],
    {},
    "\ud800",
    "\x00",
    [[[[[]]]]],
    {"organisation_id": 2**70},
]
# Free text accepts any characters; malformed text is what cleans to nothing, or is too long.
MALFORMED_TEXT = ["", " ", "\x00", "\ud800", "\x0b\x0c", "\ufffe", "\x00" * 3, "x" * 5000]
value = st.sampled_from(MALFORMED)
text_value = st.sampled_from(MALFORMED_TEXT)
json_value = st.one_of(st.sampled_from(MALFORMED_JSON), value)
json_text_value = st.one_of(st.sampled_from(MALFORMED_JSON), text_value)
TEXT_FIELD_CLASSES = {"StringField", "TextAreaField", "EmailField", "PasswordField"}

# Actions whose only input is the confirmation button (and the CSRF token, off in tests):
# there is no parameter to malform, so they may change state when allowed. Every other
# request must leave every stored row as it was.
ACTIONS_WITHOUT_INPUT = {
    "auth.logout", "auth.reset_my_link", "events.new_join_code", "events.revoke_invitation",
    "proposals.leave", "proposals.withdraw", "proposals.resume", "proposals.submit",
    "proposals.restore", "review.assign", "review.reveal", "review.feedback", "review.close",
    "results.release", "live.withdraw", "live.new_projector_token",
    "live.revoke_projector_token", "live.reveal", "bank.interest",
}
EXAMPLES = int(os.environ.get("HACKATHON_FUZZ_EXAMPLES", "1"))
SKIPPED = {"static", "report.pdf"}  # files; the PDF is rendered elsewhere (seconds per page)


def _form_field_names() -> tuple[set[str], set[str]]:
    """(free-text field names, other field names) of every form in the app, and the names
    views read by hand."""
    text: set[str] = set()
    other: set[str] = set()
    todo = list(BaseForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        for name in dir(cls):
            field = getattr(cls, name, None)
            if isinstance(field, UnboundField):
                kind = field.field_class.__name__
                (text if kind in TEXT_FIELD_CLASSES else other).add(name)
    for name, field in BY_NAME.items():
        (text if field.kind in ("line", "text", "goals") else other).add(name)
    text.update({"comment_internal", "comment_team"})
    other.update({"org_rows", "version", "action", "back", "lang", "next", "to_phase"})
    for i in range(3):
        text.update({f"contact_{i}", f"owner_name_{i}", f"owner_email_{i}"})
        other.update({f"org_{i}", f"owner_{i}"})
    return text, other - text


QUERY_NAMES = ("page", "q", "status", "sector", "revision", "method", "format", "token", "code",
               "next", "action", "welcome",
               # the knowledge bank's search parameters and facets
               "target", "org", "region", "municipality", "stage", "outcome", "event", "year",
               "theme", "proposal", "text")


# Tables that may change without anything of anyone's being stored: the harness signs the
# person in again after every request (a new login session each time), and wrong codes are
# counted on purpose (the failure counters are what throttles a guesser).
NOT_USER_DATA = {"login_session", "failure_counter"}


def _snapshot() -> dict[str, list]:
    """Every stored row of every table (sorted), to compare before and after a request."""
    db.session.rollback()  # see what the requests committed, nothing cached
    conn = db.session.connection()
    return {
        table.name: sorted(map(repr, conn.exec_driver_sql(f'SELECT * FROM "{table.name}"')))
        for table in db.metadata.sorted_tables
        if table.name not in NOT_USER_DATA
    }


@pytest.fixture(scope="module")
def world(database_url):
    """Built once for the file: a demo event in the decision phase and an event taking
    proposals, with one person per role; yields (app, what the requests need)."""
    app = make_test_app(base_config(database_url))
    with app.app_context():
        demo = load_demo(stage="decision")
        event = demo.event
        proposal = demo.proposals[0]
        author = proposal.authors[0].person
        reviewer = next(r.person for r in event.roles if r.role == Role.REVIEWER)
        observer = create_person(name="Observatør", email=None, title=None, organisation=None)
        grant_role(event=event, person=observer, role=Role.OBSERVER)
        invitation = create_invitation(
            event=event, role=Role.REVIEWER, name="Invited", email=None, organisation=None,
            created_by=demo.facilitator, valid_days=14,
        )
        announcement = post_announcement(event=event, author=demo.facilitator,
                                         message="Kaffe i foyeren")
        other_facilitator = create_facilitator_account(
            email="other@example.org", name="Anden facilitator", password="long password 123"
        )
        other = create_event(creator=other_facilitator, title="Andet arrangement",
                             scoring_model_key="kvalificering")
        other.phase = Phase.SUBMISSION
        grant_role(event=other, person=author, role=Role.PARTICIPANT)
        open_proposal = proposal_services.start_proposal(event=other, author=author,
                                                         title="Åben")
        db.session.commit()
        model = scoring_model(event)
        keys = model.criterion_keys if model else []
        demo_org = db.session.scalar(select(Organisation).order_by(Organisation.id).limit(1))
        ids = {
            "event_id": [event.id, other.id],
            "proposal_id": [proposal.id, open_proposal.id],
            "invitation_id": [invitation.id],
            "revision_id": [db.session.scalar(select(ProposalRevision.id).limit(1)) or 1],
            "conflict_id": [db.session.scalar(select(Conflict.id).limit(1)) or 1],
            "announcement_id": [announcement.id],
            "organisation_id": [demo_org.id],
        }
        people = {
            "participant": author,
            "reviewer": reviewer,
            "observer": observer,
            "facilitator": demo.facilitator,
            "other_facilitator": other_facilitator,
        }
        text, other_names = _form_field_names()
        other_names |= {f"c_{k}" for k in keys} | {f"w_{k}" for k in keys}
        yield app, {"ids": ids, "people": people, "text_names": sorted(text),
                    "other_names": sorted(other_names)}
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()


def _routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in SKIPPED:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def _path(rule, ids: dict, which: int, strings: dict) -> str:
    parts = {}
    for name in rule.arguments:
        if name in ids:
            options = ids[name]
            parts[name] = options[which % len(options)]
        else:
            parts[name] = strings.get(name, "x")
    url = rule.rule
    for name, part in parts.items():
        url = url.replace(f"<int:{name}>", str(part)).replace(f"<{name}>", str(part))
    return url


def test_deeply_nested_json_is_a_400_not_a_500(world):
    app, world = world
    client = app.test_client()
    sign_in(client, world["people"]["participant"])
    proposal_id = world["ids"]["proposal_id"][1]
    version = db.session.get(Proposal, proposal_id).version
    before = _snapshot()
    for body in ("[" * 50_000 + "]" * 50_000, '{"a":' * 50_000 + "1" + "}" * 50_000):
        response = client.post(f"/proposals/{proposal_id}/autosave", data=body,
                               content_type="application/json")
        assert response.status_code == 400
        assert response.json["message"] == "Gemningen kunne ikke læses."
    assert _snapshot() == before
    assert db.session.get(Proposal, proposal_id).version == version


@pytest.mark.parametrize("role", ROLES)
def test_malformed_parameters_never_5xx_and_change_nothing(world, role):
    app, world = world
    client = app.test_client()
    person = world["people"].get(role)
    routes = list(_routes(app))

    # No shrinking: a failure names the request; shrinking would resend hundreds of them.
    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              phases=[Phase_.explicit, Phase_.generate], suppress_health_check=list(HealthCheck))
    @given(
        form=st.fixed_dictionaries({name: text_value for name in world["text_names"]}
                                   | {name: value for name in world["other_names"]}),
        query=st.fixed_dictionaries({name: value for name in QUERY_NAMES}),
        payload=st.fixed_dictionaries({
            "version": json_value, "save_id": json_value,
            "values": st.fixed_dictionaries({
                name: json_text_value if field.kind in ("line", "text", "goals") else json_value
                for name, field in BY_NAME.items()
            }),
        }),
        strings=st.fixed_dictionaries({"token": value, "fmt": value, "table": value}),
    )
    def run(form, query, payload, strings):
        # Encoded by hand: a lone surrogate goes out as the raw bytes a broken client sends.
        form_body = urlencode(form, encoding="utf-8", errors="surrogatepass")
        query_string = urlencode(query, encoding="utf-8", errors="surrogatepass")
        strings = {k: quote(v, safe="", errors="surrogatepass") for k, v in strings.items()}
        requests = []
        for which in (0, 1):
            for rule, method in routes:
                if which == 1 and not rule.endpoint.startswith("proposals."):
                    continue  # the open event serves the writing of proposals
                url = _path(rule, world["ids"], which, strings)
                bodies = [{}]
                if method == "POST":
                    bodies = [{"data": form_body,
                               "content_type": "application/x-www-form-urlencoded"}]
                    if rule.endpoint.startswith("proposals."):  # JSON is read only there
                        bodies.append({"data": json.dumps(payload, ensure_ascii=True),
                                       "content_type": "application/json"})
                requests += [(rule, method, url, body) for body in bodies]
        # First every request that has input to malform (nothing may change), then the
        # actions whose only input is the confirmation (they may).
        requests.sort(key=lambda r: r[0].endpoint in ACTIONS_WITHOUT_INPUT)
        before = _snapshot()
        checked = True
        for rule, method, url, body in requests:
            if checked and rule.endpoint in ACTIONS_WITHOUT_INPUT:
                after = _snapshot()
                changed = [t for t in after if after[t] != before[t]]
                assert not changed, f"{role}: malformed requests changed {changed}"
                checked = False
            if person is not None:
                db.session.refresh(person)  # an action may have ended the session
                sign_in(client, person)
            response = client.open(url, method=method, query_string=query_string, **body)
            where = f"{role} {method} {url} {body.get('content_type', '')}"
            assert response.status_code < 500, where

    run()
