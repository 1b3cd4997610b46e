"""Two app servers (separate ``hackathon serve`` processes on two ports) on one database and one
Redis, as behind a load balancer: every browser's requests alternate between them.

Nothing is lost and nothing is stale: a participant joins, writes and autosaves with the
session and CSRF token of one server accepted by the other; two reviewers score on both; the
facilitator closes the round on one server and reveals on the other, and the projector polling
the first shows each place at once; the join-code limit counts the guesses on both servers.

On PostgreSQL (HACKATHON_TEST_DATABASE_URL) the servers use a database of their own next to
the suite's; otherwise a migrated SQLite file. Redis is required where CI says so, else the
test is skipped without it (the counters then live in the database, which test_two_workers
covers).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import create_engine, select, text

from tests.conftest import TEST_SECRET, base_config, make_test_app

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "demo-facilitator"
FACILITATOR = "facilitator@demo.hackathon.dk"
JOIN_LIMIT = 3


class Browser:
    """One browser behind a round-robin load balancer: request i goes to ports[i % 2]."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self.turn = 0
        self.cookies: dict[str, str] = {}
        self.served_by: list[int] = []

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, Any, str]:
        port = self.ports[self.turn % len(self.ports)]
        self.turn += 1
        self.served_by.append(port)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        sent = {"Accept-Language": "da", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        content = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        conn.close()
        return response.status, response.headers, content

    def get(self, path: str) -> tuple[int, str]:
        status, _headers, content = self.request("GET", path)
        return status, content

    def token(self, path: str) -> str:
        """The CSRF token of a form page (from whichever server answers)."""
        status, content = self.get(path)
        assert status == 200, (path, status)
        return re.search(r'name="csrf_token" value="([^"]+)"', content).group(1)

    def post(self, path: str, fields: dict, token: str, accept: str = "text/html") -> tuple[
        int, str
    ]:
        status, headers, content = self.request(
            "POST", path, urlencode({**fields, "csrf_token": token}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        )
        return status, headers.get("Location", "") or content

    def post_json(self, path: str, payload: dict, token: str,
                  accept: str = "application/json") -> tuple[int, dict]:
        status, _headers, content = self.request(
            "POST", path, json.dumps(payload).encode(),
            {"Content-Type": "application/json", "X-CSRFToken": token, "Accept": accept},
        )
        return status, json.loads(content) if content.startswith("{") else {}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database(tmp_path: Path):
    """(URL for the servers, cleanup): a database of their own."""
    suite_url = os.environ.get("HACKATHON_TEST_DATABASE_URL")
    if not suite_url:
        return f"sqlite:///{tmp_path / 'two_servers.sqlite'}", lambda: None
    suite_url = suite_url.replace("postgresql://", "postgresql+psycopg://", 1)
    name = f"two_servers_{secrets.token_hex(4)}"
    admin = create_engine(suite_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = suite_url.rsplit("/", 1)[0] + f"/{name}"

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def _seed(database_url: str) -> dict:
    """Migrate; load the demo with its round under way; add an event in submission."""
    from flask_migrate import upgrade

    from hackathon.demo.loader import load_demo
    from hackathon.enums import Phase, Role
    from hackathon.events.services import create_event
    from hackathon.extensions import db
    from hackathon.models import EventRole, Person

    app = make_test_app(base_config(database_url))
    with app.app_context():
        upgrade()
        demo = load_demo(stage="qualification")
        writing = create_event(creator=demo.facilitator, title="To servere",
                               scoring_model_key="kvalificering")
        writing.phase = Phase.SUBMISSION
        db.session.commit()
        reviewers = db.session.scalars(
            select(Person).join(EventRole, EventRole.person_id == Person.id)
            .where(EventRole.event_id == demo.event.id, EventRole.role == Role.REVIEWER)
            .order_by(Person.id)
        ).all()
        from hackathon.auth.tokens import reentry_token

        seeded = {
            "demo_id": demo.event.id,
            "writing_id": writing.id,
            "join_code": writing.join_code,
            "criteria": [c["key"] for c in demo.event.scoring_model_snapshot["criteria"]],
            "reviewer_links": [(r.id, f"/enter/{reentry_token(r)}") for r in reviewers[:2]],
        }
        db.session.remove()
        db.engine.dispose()
    return seeded


@pytest.fixture
def servers(tmp_path):
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        if os.environ.get("HACKATHON_REQUIRE_REDIS") == "1":
            pytest.fail("HACKATHON_REQUIRE_REDIS=1 but no Redis at 127.0.0.1:6379")
        pytest.skip("no Redis at 127.0.0.1:6379: two app servers share their limits there")
    database_url, drop = _database(tmp_path)
    prefix = f"hackathon-two-servers-{secrets.token_hex(4)}:"
    env = {key: value for key, value in os.environ.items() if not key.startswith("HACKATHON_")}
    env |= {
        "HACKATHON_DATABASE_URL": database_url,
        # The seeding app signed the reviewers' personal links with this key.
        "HACKATHON_SECRET_KEY": TEST_SECRET,
        "HACKATHON_REDIS_URL": "redis://127.0.0.1:6379/0",
        "HACKATHON_REDIS_KEY_PREFIX": prefix,
        "HACKATHON_JOIN_FAILURES_PER_SESSION": f"{JOIN_LIMIT} per 5 minutes",
        "HACKATHON_WARM_SCORING": "0",
    }
    processes, logs = [], []
    try:
        seeded = _seed(database_url)
        ports = [_free_port(), _free_port()]
        for n, port in enumerate(ports):
            # Each server has its own instance folder: nothing is shared through files.
            log = (tmp_path / f"server{n}.log").open("w")
            logs.append(log)
            processes.append(subprocess.Popen(  # nosec B603: our own server, fixed arguments
                [sys.executable, "-c", "from hackathon.cli import main; main()", "serve",
                 "--port", str(port), "--workers", "1"],
                cwd=ROOT, env=env | {"HACKATHON_INSTANCE_PATH": str(tmp_path / f"instance{n}")},
                stdout=log, stderr=subprocess.STDOUT,
            ))
        deadline = time.monotonic() + 60
        for port, process in zip(ports, processes, strict=True):
            while True:
                try:
                    if Browser([port]).get("/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server on {port} did not start; see {tmp_path}")
                time.sleep(0.2)
        yield {"ports": ports, "database_url": database_url, **seeded}
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in logs:
            log.close()
        import redis

        client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
        for key in client.scan_iter(prefix + "*"):
            client.delete(key)
        client.close()
        drop()


def _query(database_url: str, sql: str, **params):
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).all()
    finally:
        engine.dispose()


def test_two_app_servers_share_sessions_saves_reviews_reveal_and_limits(servers):
    ports = servers["ports"]

    # The join-code limit counts the guesses on both servers together.
    guesser = Browser(ports)
    token = guesser.token("/join")
    statuses = [guesser.post("/join", {"code": "ZZZZZZZZZZ"}, token)[0]
                for _ in range(JOIN_LIMIT + 2)]
    assert statuses == [200] * JOIN_LIMIT + [429] * 2
    assert set(guesser.served_by) == set(ports)

    # A participant joins on one server and fills in the profile on the other.
    anne = Browser(ports)
    token = anne.token("/join")
    assert anne.post("/join", {"code": servers["join_code"]}, token)[0] == 302
    token = anne.token("/join/profile")
    profile = {"name": "Anne Deltager", "new_organisation": "Herlev Kommune",
               "new_organisation_sector": "municipality"}
    assert anne.post("/join/profile", profile, token)[0] == 302
    event_path = f"/events/{servers['writing_id']}"
    token = anne.token(event_path)
    status, location = anne.post(f"{event_path}/proposals/new", {"title": "Familiens Broer"},
                                 token)
    assert status == 302, location
    edit_path = urlparse_path(location)
    proposal_id = int(re.search(r"/proposals/(\d+)/edit", edit_path).group(1))
    token = anne.token(edit_path)
    # Autosaves alternate between the servers; each builds on the version the other gave.
    version, acknowledged = None, None
    status, content = anne.get(edit_path)
    version = int(re.search(r'name="version" value="(\d+)"', content).group(1))
    for n in range(8):
        text_now = f"Forældre med psykisk sårbarhed, gemt {n + 1}. gang"
        status, body = anne.post_json(
            f"/proposals/{proposal_id}/autosave",
            {"version": version, "values": {"problem": text_now}, "save_id": f"save-{n}"},
            token,
        )
        assert status == 200 and body["status"] == "saved", (n, status, body)
        version, acknowledged = body["version"], text_now
    stored = _query(servers["database_url"], "SELECT problem, version FROM proposal "
                    "WHERE id = :id", id=proposal_id)
    assert stored == [(acknowledged, version)]
    assert len(set(anne.served_by)) == 2

    # Two reviewers score on both servers (form from one, save on the other).
    demo = f"/events/{servers['demo_id']}"
    for reviewer_id, link in servers["reviewer_links"]:
        reviewer = Browser(ports)
        status, _headers, _content = reviewer.request("GET", link)
        assert status == 302
        token = reviewer.token("/enter")
        assert reviewer.post("/enter", {}, token)[0] == 302
        status, content = reviewer.get(f"{demo}/review/mine")
        assert status == 200
        proposal = int(re.findall(rf"{demo}/review/proposals/(\d+)", content)[0])
        score_path = f"{demo}/review/proposals/{proposal}"
        token = reviewer.token(score_path)
        fields = {f"c_{key}": "4" for key in servers["criteria"]} | {"action": "save"}
        status, location = reviewer.post(score_path, fields, token)
        assert status == 302, location
        scores = _query(servers["database_url"], "SELECT scores FROM review WHERE "
                        "reviewer_id = :r AND proposal_id = :p", r=reviewer_id, p=proposal)
        saved = scores[0][0] if isinstance(scores[0][0], dict) else json.loads(scores[0][0])
        assert saved == {key: 4 for key in servers["criteria"]}

    # The facilitator closes the round on one server and reveals on the other; the projector,
    # polling both, shows each step at once (no per-process cache can hold an old reveal).
    facilitator = Browser(ports)
    token = facilitator.token("/login")
    assert facilitator.post("/login", {"email": FACILITATOR, "password": PASSWORD},
                            token)[0] == 302
    token = facilitator.token(f"{demo}/review")
    status, location = facilitator.post(f"{demo}/review/close", {"confirm_unfinished": "y"},
                                        token)
    assert status == 302 and "/decisions" in location, location
    projector = Browser(ports)
    projector.cookies = dict(facilitator.cookies)
    status, content = projector.get(f"{demo}/live/projector/data")
    assert status == 200 and json.loads(content)["reveal"] == []
    token = facilitator.token(f"{demo}/live")
    assert facilitator.post(f"{demo}/live/reveal", {"on": "y"}, token)[0] == 302
    shown_before, total = 0, None
    while total is None or shown_before < total:
        status, content = facilitator.post(f"{demo}/live/reveal/next", {}, token,
                                           accept="application/json")
        assert status == 200, content
        body = json.loads(content)
        total = body["total"]
        for _poll in range(2):  # one poll on each server
            status, content = projector.get(f"{demo}/live/projector/data")
            assert status == 200
            assert len(json.loads(content)["reveal"]) == body["shown"] > shown_before
        shown_before = body["shown"]
    assert total >= 2
    assert set(projector.served_by) == set(ports)


def urlparse_path(location: str) -> str:
    """The path of a redirect's Location (absolute or relative)."""
    from urllib.parse import urlsplit

    return urlsplit(location).path
