"""Autosave under load: 200 authors, each autosaving every 5 s for 60 s, against gunicorn with
2 workers, on SQLite (WAL) and on PostgreSQL. Prints p50/p95 latency, requests/s, errors, and
checks that the revisions stored equal the saves the server acknowledged (no lost saves).

Usage:
  .venv/bin/python bench/autosave_bench.py [--db sqlite|postgres|both] [--authors 200]
                                           [--interval 5] [--duration 60]
Only 127.0.0.1 is contacted. PostgreSQL: postgresql+psycopg://postgres@127.0.0.1:5432, a
database "hackathon_bench" is (re)created for the run.
Target (issue 3): p95 < 150 ms, 0 errors, 0 lost saves.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
FIELDS = ("summary", "problem", "idea", "citizen_voice")  # one per author of a team
TEAM = len(FIELDS)


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_database(kind: str, instance: str, name: str = "hackathon_bench") -> str:
    """Create an empty database (PostgreSQL: ``name``, dropped first) and return its URL."""
    if kind == "sqlite":
        return f"sqlite:///{instance}/bench.sqlite"
    from sqlalchemy import create_engine, text

    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def seed(env: dict, authors: int) -> list[dict]:
    """Migrate, then create an event with authors/4 proposals of 4 authors; return logins."""
    subprocess.run([str(Path(sys.executable).with_name("hackathon")), "db", "upgrade"], env=env,
                   cwd=ROOT, check=True, capture_output=True)
    code = f"""
import json
from hackathon import create_app
from hackathon.auth.services import create_facilitator_account, create_person, grant_role
from hackathon.auth.tokens import reentry_token
from hackathon.enums import Phase, Role
from hackathon.events.services import create_event
from hackathon.extensions import db
from hackathon.proposals.services import join_team, start_proposal
app = create_app()
out = []
with app.app_context(), app.test_request_context():
    fac = create_facilitator_account(email="bench@example.org", name="Bench", password="x"*12)
    event = create_event(creator=fac, title="Bench", scoring_model_key="kvalificering")
    event.phase = Phase.SUBMISSION
    proposal = None
    for i in range({authors}):
        person = create_person(name=f"Author {{i}}", email=None, title=None, organisation=None)
        grant_role(event=event, person=person, role=Role.PARTICIPANT)
        if i % {TEAM} == 0:
            proposal = start_proposal(event=event, author=person, title=f"Proposal {{i}}")
        else:
            join_team(proposal=proposal, person=person)
        out.append({{"token": reentry_token(person), "proposal": proposal.id,
                    "field": {FIELDS!r}[i % {TEAM}]}})
    db.session.commit()
print(json.dumps(out))
"""
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True,
                            capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


class Author:
    """One simulated author with their own cookie jar."""

    def __init__(self, base: str, login: dict):
        self.base = base
        self.login = login
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = ""
        self.version = 0
        self.acked: list[str] = []

    def request(self, path: str, data: bytes | None = None, headers: dict | None = None):
        """Send a request and return (status, body)."""
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def sign_in(self) -> None:
        """Use the personal link like a person would, then open the proposal form."""
        _, page = self.request(f"/enter/{self.login['token']}")
        token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
        self.request(f"/enter/{self.login['token']}",
                     data=f"csrf_token={token}".encode(),
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        status, page = self.request(f"/proposals/{self.login['proposal']}/edit")
        assert status == 200, status
        self.csrf = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
        self.version = int(re.search(rb'name="version" value="(\d+)"', page).group(1))

    def autosave(self, n: int) -> tuple[float, int, dict]:
        """One autosave of this author's field; returns (seconds, status, body)."""
        text = f"{self.login['field']} from author, save {n}: " + "tekst æøå " * 20
        payload = json.dumps({"version": self.version, "values": {self.login["field"]: text},
                              "save_id": str(uuid.uuid4())}).encode()
        start = time.perf_counter()
        status, body = self.request(
            f"/proposals/{self.login['proposal']}/autosave", data=payload,
            headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf,
                     "Accept": "application/json"})
        elapsed = time.perf_counter() - start
        parsed = json.loads(body) if body[:1] == b"{" else {}
        if status == 200 and parsed.get("status") == "saved":
            self.version = parsed["version"]
            self.acked.append(text)
        return elapsed, status, parsed


def run(kind: str, authors: int, interval: float, duration: float) -> dict:
    """One full run against one database kind; returns the figures."""
    instance = tempfile.mkdtemp(prefix="bench-")
    url = prepare_database(kind, instance)
    env = os.environ | {"HACKATHON_DATABASE_URL": url, "HACKATHON_INSTANCE_PATH": instance,
                        "HACKATHON_SECRET_KEY": uuid.uuid4().hex}
    logins = seed(env, authors)
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-w", "2", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "hackathon:create_app()"],
        env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        people = [Author(base, login) for login in logins]
        for person in people:
            person.sign_in()
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        lock = threading.Lock()
        stop_at = time.monotonic() + duration

        def loop(person: Author) -> None:
            time.sleep(random.uniform(0, interval))  # spread the authors over the interval
            n = 0
            while time.monotonic() < stop_at:
                began = time.monotonic()
                elapsed, status, _ = person.autosave(n)
                with lock:
                    latencies.append(elapsed)
                    statuses[status] = statuses.get(status, 0) + 1
                n += 1
                time.sleep(max(0.0, interval - (time.monotonic() - began)))

        threads = [threading.Thread(target=loop, args=(p,)) for p in people]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - t0
    finally:
        server.terminate()
        server.wait(timeout=10)

    acked = sum(len(p.acked) for p in people)
    check = f"""
import json
from sqlalchemy import func, select
from hackathon import create_app
from hackathon.extensions import db
from hackathon.models import Proposal, ProposalRevision
app = create_app()
with app.app_context():
    edits = db.session.scalar(select(func.count()).where(ProposalRevision.kind == "edit"))
    values = {{p.id: {{f: getattr(p, f) for f in {FIELDS!r}}}
              for p in db.session.scalars(select(Proposal))}}
print(json.dumps({{"edits": edits, "values": values}}))
"""
    stored = json.loads(subprocess.run([sys.executable, "-c", check], env=env, cwd=ROOT,
                                       check=True, capture_output=True, text=True)
                        .stdout.strip().splitlines()[-1])
    final_mismatch = sum(
        1 for p in people
        if p.acked and stored["values"][str(p.login["proposal"])][p.login["field"]] != p.acked[-1]
    )
    ms = sorted(x * 1000 for x in latencies)
    return {
        "db": kind, "authors": authors, "requests": len(ms), "wall_s": wall,
        "rps": len(ms) / wall, "p50_ms": statistics.median(ms),
        "p95_ms": ms[int(len(ms) * 0.95) - 1], "max_ms": ms[-1], "statuses": statuses,
        "errors": sum(n for s, n in statuses.items() if s != 200), "acked": acked,
        "revisions": stored["edits"], "lost": acked - stored["edits"],
        "final_value_mismatch": final_mismatch,
    }


def main() -> None:
    """Parse arguments, run, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--authors", type=int, default=200)
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--duration", type=float, default=60.0)
    args = parser.parse_args()
    kinds = ("sqlite", "postgres") if args.db == "both" else (args.db,)
    print(f"autosave bench: {args.authors} authors, every {args.interval:g} s, "
          f"{args.duration:g} s, gunicorn -w 2 (sync), {os.cpu_count()} cores")
    for kind in kinds:
        r = run(kind, args.authors, args.interval, args.duration)
        print(f"{r['db']:9s} requests {r['requests']:5d}  {r['rps']:6.1f} req/s  "
              f"p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms  max {r['max_ms']:6.1f} ms  "
              f"errors {r['errors']}  acknowledged {r['acked']}  revisions {r['revisions']}  "
              f"lost {r['lost']}  final-value mismatches {r['final_value_mismatch']}  "
              f"statuses {r['statuses']}")


if __name__ == "__main__":
    main()
