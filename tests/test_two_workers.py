"""gunicorn with two worker processes: the join, login and team-code limits hold across workers,
and the right code or password still gets in while a guesser is throttled.

Runs once with the counters in the database (a migrated temporary SQLite file, the embedded
default) and once in Redis (skipped where no Redis listens on 127.0.0.1:6379). Limits are
lowered through HACKATHON_* variables so each run takes a few seconds; guesses are sent in
parallel so that both workers answer them (checked in gunicorn's access log, which names the
worker's pid), and because a limit must also hold for requests that arrive at the same moment.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.conftest import base_config, make_test_app

ROOT = Path(__file__).resolve().parent.parent
DEADLINE_SECONDS = 55
PASSWORD = "correct horse battery"
LIMITS = {
    "JOIN_FAILURES_PER_SESSION": "5 per 5 minutes",
    "JOIN_FAILURES_PER_ADDRESS": "12 per 10 minutes",
    "LOGIN_FAILURES_PER_SESSION": "5 per 5 minutes",
    "LOGIN_FAILURES_PER_ACCOUNT": "4 per 15 minutes",
    "LOGIN_FAILURES_PER_ADDRESS": "6 per 10 minutes",
    "TEAM_CODE_FAILURES_PER_SESSION": "20 per 5 minutes",
    "TEAM_CODE_FAILURES_PER_ACCOUNT": "4 per hour",
    "TEAM_CODE_FAILURES_PER_ADDRESS": "100 per 10 minutes",
}


class Browser:
    """A browser's cookies and CSRF token, over plain HTTP connections (one per request)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        """Send one request; return the status and the body (redirects are not followed)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        headers = {"Accept-Language": "da"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        conn.close()
        return response.status, text

    def csrf(self, path: str) -> str:
        """Open a form page and return its CSRF token."""
        status, text = self.request("GET", path)
        assert status == 200, (path, status)
        return re.search(r'name="csrf_token" value="([^"]+)"', text).group(1)

    def post(self, path: str, fields: dict, token: str | None = None) -> int:
        """Post a form (fetching a CSRF token first unless given); return the status."""
        token = token or self.csrf(path)
        return self.request("POST", path, {**fields, "csrf_token": token})[0]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _seed(database_url: str) -> dict:
    """Migrate the empty database and create an event, a facilitator and a proposal."""
    from flask_migrate import upgrade

    from hackathon.auth.services import create_facilitator_account, create_person, grant_role
    from hackathon.enums import Phase, Role, Sector
    from hackathon.events.services import create_event
    from hackathon.extensions import db
    from hackathon.models import Organisation
    from hackathon.organisations.services import ensure_listed
    from hackathon.proposals.services import start_proposal

    app = make_test_app(base_config(database_url))
    with app.app_context():
        upgrade()
        facilitator = create_facilitator_account(
            email="fac@example.org", name="Facilitator", password=PASSWORD
        )
        colleague = create_facilitator_account(
            email="colleague@example.org", name="Colleague", password=PASSWORD
        )
        event = create_event(creator=facilitator, title="Two workers",
                             scoring_model_key="kvalificering")
        event.phase = Phase.SUBMISSION
        organisation = Organisation(name="Gladsaxe Kommune", sector=Sector.MUNICIPALITY)
        db.session.add(organisation)
        db.session.flush()
        ensure_listed(event=event, organisation=organisation, added_by=None)  # event's list
        author = create_person(name="Anne", email=None, title=None, organisation=organisation)
        grant_role(event=event, person=author, role=Role.PARTICIPANT)
        proposal = start_proposal(event=event, author=author, title="Familiens Broer")
        db.session.commit()
        seeded = {
            "event_id": event.id,
            "join_code": event.join_code,
            "team_code": proposal.team_code,
            "proposal_id": proposal.id,
            "organisation_id": organisation.id,
            "emails": (facilitator.email, colleague.email),
        }
        db.session.remove()
        db.engine.dispose()
    return seeded


@pytest.fixture(params=["database", "redis"])
def server(request, tmp_path):
    """gunicorn -w 2 on a migrated SQLite file; counters in the database or in Redis."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("HACKATHON_")}
    if request.param == "redis":
        try:
            socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        except OSError:
            if os.environ.get("HACKATHON_REQUIRE_REDIS") == "1":
                pytest.fail("HACKATHON_REQUIRE_REDIS=1 but no Redis at 127.0.0.1:6379")
            pytest.skip("no Redis at 127.0.0.1:6379 (the database run covers the default)")
        prefix = f"hackathon-two-workers-{secrets.token_hex(4)}:"
        env |= {"HACKATHON_REDIS_URL": "redis://127.0.0.1:6379/0",
                "HACKATHON_REDIS_KEY_PREFIX": prefix}
    database_url = f"sqlite:///{tmp_path / 'two_workers.sqlite'}"
    seeded = _seed(database_url)
    port = _free_port()
    access_log = tmp_path / "access.log"
    env |= {f"HACKATHON_{key}": value for key, value in LIMITS.items()}
    env |= {
        "HACKATHON_DATABASE_URL": database_url,
        "HACKATHON_SECRET_KEY": secrets.token_hex(16),
        "HACKATHON_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    errors = (tmp_path / "gunicorn.err").open("w")
    process = subprocess.Popen(  # nosec B603: our own server, fixed arguments
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
         "--access-logfile", str(access_log), "--access-logformat", "%(p)s %(m)s %(U)s %(s)s",
         "--graceful-timeout", "2", "hackathon:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors,
    )
    try:
        deadline = time.monotonic() + 40
        while True:
            try:
                if Browser(port).request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start: " + errors.name)
            time.sleep(0.1)
        # Both workers must be serving before the test starts: while one is still importing
        # the app, the other takes every request and nothing would cross workers.
        while len(_workers_that_answered(access_log, "/healthz", method="GET")) < 2:
            _parallel([lambda: Browser(port).request("GET", "/healthz")[0]] * 8)
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the second gunicorn worker did not start: " + errors.name)
        yield {"port": port, "log": access_log, "storage": request.param, **seeded}
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        errors.close()
        if request.param == "redis":
            import redis

            client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
            for key in client.scan_iter(prefix + "*"):
                client.delete(key)


def _parallel(calls) -> list[int]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda call: call(), calls))


def _workers_that_answered(log: Path, path: str, method: str = "POST") -> set[str]:
    """The worker pids that answered ``method path``, from the access log."""
    if not log.exists():
        return set()
    return {line.split()[0] for line in log.read_text().splitlines()
            if line.split()[1:3] == [method, path]}


def _join_as_participant(port: int, join_code: str, organisation_id: int, name: str) -> Browser:
    browser = Browser(port)
    assert browser.post("/join", {"code": join_code}) == 302
    status = browser.post("/join/profile", {"name": name, "organisation_id": organisation_id})
    assert status == 302
    return browser


def test_limits_hold_across_two_workers_and_the_right_code_still_gets_in(server):
    started = time.monotonic()
    port = server["port"]
    wrong_join = {"code": "ZZZZZZZZZZ"}

    # Join, per session: 5 wrong codes in all, whichever worker answers.
    guesser = Browser(port)
    token = guesser.csrf("/join")
    assert guesser.post("/join", wrong_join, token) == 200  # the session gets its id
    statuses = _parallel([lambda: guesser.post("/join", wrong_join, token)] * 9)
    assert sorted(statuses) == [200] * 4 + [429] * 5
    assert guesser.post("/join", {"code": server["join_code"]}, token) == 429
    assert len(_workers_that_answered(server["log"], "/join")) == 2

    # Join, per address (12): 5 used; 7 more people behind the same address fail once each.
    others = [Browser(port) for _ in range(7)]
    pairs = [(browser, browser.csrf("/join")) for browser in others]
    guesses = [(lambda b=b, t=t: b.post("/join", wrong_join, t)) for b, t in pairs]
    assert _parallel(guesses) == [200] * 7
    # The venue's allowance is used up: whoever failed before now waits ...
    assert _parallel(guesses) == [429] * 7
    # ... a fresh guesser gets one answer and is then locked ...
    fresh = Browser(port)
    token = fresh.csrf("/join")
    assert fresh.post("/join", wrong_join, token) == 200
    assert fresh.post("/join", wrong_join, token) == 429
    # ... and people with the right code get in, on either worker.
    members = _parallel([
        (lambda n=n: _join_as_participant(port, server["join_code"], server["organisation_id"],
                                          f"Deltager {n}"))
        for n in range(4)
    ])

    # Login, per account (4): 8 browsers guess the facilitator's password at once.
    facilitator, colleague = server["emails"]
    own_browser = Browser(port)  # the facilitator signed in here earlier
    assert own_browser.post("/login", {"email": facilitator, "password": PASSWORD}) == 302
    own_browser.request("GET", "/")
    statuses = _parallel([
        (lambda: Browser(port).post("/login", {"email": facilitator, "password": "wrong guess!"}))
    ] * 8)
    assert sorted(statuses) == [200] * 4 + [429] * 4
    assert len(_workers_that_answered(server["log"], "/login")) == 2
    stranger = Browser(port)
    assert stranger.post("/login", {"email": facilitator, "password": PASSWORD}) == 429
    # The address allowance (6) is not used up by 4 failures: one more guesser uses it up.
    assert Browser(port).post("/login", {"email": "x@example.org", "password": "nope"}) == 200
    assert Browser(port).post("/login", {"email": "y@example.org", "password": "nope"}) == 200
    # The facilitator's own browser and a colleague on the same address still sign in.
    own_browser.cookies.pop("session", None)
    assert own_browser.post("/login", {"email": facilitator, "password": PASSWORD}) == 302
    assert Browser(port).post("/login", {"email": colleague, "password": PASSWORD}) == 302

    # Team code, per account (4): one participant guesses in parallel; a team member joins.
    team_path = f"/events/{server['event_id']}/proposals/join"
    guessing_participant = members[0]
    token = guessing_participant.csrf(team_path)
    statuses = _parallel([
        lambda: guessing_participant.post(team_path, {"code": "ZZZZZZZZZZZZ"}, token)
    ] * 8)
    assert sorted(statuses) == [200] * 4 + [429] * 4
    assert guessing_participant.post(team_path, {"code": server["team_code"]}, token) == 429
    assert len(_workers_that_answered(server["log"], team_path)) == 2
    assert members[1].post(team_path, {"code": server["team_code"].lower()}) == 302

    assert time.monotonic() - started < DEADLINE_SECONDS
