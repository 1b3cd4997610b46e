"""A live event under load, replayed with locust against gunicorn (2 workers) on 127.0.0.1.

Scenario (one run per database): participants join with the event's code (join page, code,
profile), start a proposal, open it and autosave every 10 s, reading the event page now and
then; reviewers score proposals of a second event in its qualification round; facilitators'
dashboards poll the live panel (ETag) every 5 s; projectors poll the data endpoint (ETag)
every 2 s; a probe reads /healthz once a second. Then, in the same run against the same
server, two saturation phases: closed-loop autosaves (the maximum sustainable autosave rate)
and closed-loop GET /healthz; their ratio is printed. After the run every acknowledged
autosave is checked against the database (revisions stored and final text).

Usage:
  .venv/bin/python bench/live_event.py [--db sqlite|postgres|both] [--participants 1200]
      [--reviewers 30] [--duration 90] [--spawn-rate 30] [--saturation 15]

Only 127.0.0.1 is contacted. PostgreSQL: a database "bench_live" on
postgresql+psycopg://postgres@127.0.0.1:5432 is (re)created for the run.
Targets (issue 7): p95 < 250 ms for every request type, 0 errors, 0 lost autosaves.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from gevent import monkey

monkey.patch_all()

import gevent  # noqa: E402
from locust import FastHttpUser, constant, constant_pacing, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import autosave_bench  # noqa: E402  (free_port, prepare_database)

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
TARGET_P95_MS = 250

# Filled by main() before the users start: what the seed made, and what the users saw.
SEED: dict = {}
ACKED: dict[int, list[str]] = {}  # proposal id -> texts the server acknowledged, in order
SENT: dict[int, list[str]] = {}  # proposal id -> every text sent, in order (some in flight)
TIMINGS: dict[str, float] = {}


def prepare_database(kind: str, instance: str) -> str:
    """An empty database (its own PostgreSQL database "bench_live"); returns its URL."""
    return autosave_bench.prepare_database(kind, instance, name="bench_live")


SEED_CODE = """
import json
from hackathon import create_app
from hackathon.auth.services import create_facilitator_account, create_person, grant_role
from hackathon.auth.tokens import reentry_token
from hackathon.enums import Phase, Role, Sector
from hackathon.events.services import change_phase, create_event
from hackathon.extensions import db
from hackathon.live.services import rotate_projector_token
from hackathon.models import Organisation
from hackathon.proposals.services import save_fields, start_proposal, submit
from hackathon.proposals.values import clean_values
from hackathon.review.queries import scoring_model
SATURATION, REVIEWERS, REVIEW_PROPOSALS = {saturation_authors}, {reviewers}, {review_proposals}
app = create_app()
with app.app_context(), app.test_request_context():
    fac = create_facilitator_account(email="bench@example.org", name="Bench", password="x" * 12)
    sectors = list(Sector)
    orgs = [Organisation(name=f"Organisation {{i}}", sector=sectors[i % len(sectors)])
            for i in range(40)]
    db.session.add_all(orgs)
    db.session.flush()
    live = create_event(creator=fac, title="Velfaerdsdagen", scoring_model_key="kvalificering",
                        selection_quota=2)
    live.phase = Phase.SUBMISSION
    token = rotate_projector_token(event=live)
    savers = []
    for i in range(SATURATION):
        person = create_person(name=f"Saver {{i}}", email=None, title=None,
                               organisation=orgs[i % 40])
        grant_role(event=live, person=person, role=Role.PARTICIPANT)
        proposal = start_proposal(event=live, author=person, title=f"Saver {{i}}")
        savers.append({{"token": reentry_token(person), "proposal": proposal.id}})
    review = create_event(creator=fac, title="Kvalificering", scoring_model_key="kvalificering")
    review.phase = Phase.SUBMISSION
    author = create_person(name="Forfatter", email=None, title=None, organisation=orgs[0])
    grant_role(event=review, person=author, role=Role.PARTICIPANT)
    for i in range(REVIEW_PROPOSALS):
        p = start_proposal(event=review, author=author, title=f"Forslag {{i:02d}}")
        clean, _ = clean_values({{
            "summary": "Resume", "target_group": "Familier", "problem": "Problem",
            "problem_owner_id": str(orgs[0].id), "citizen_voice": "Interview",
            "evidence": "Sager", "evidence_kind": "both", "idea": "Ide", "goals": "Maal",
            "organisations": json.dumps([
                {{"organisation_id": orgs[i % 40].id, "process_owner": True, "contact": "A"}},
                {{"organisation_id": orgs[(i + 1) % 40].id, "process_owner": False,
                  "contact": ""}}]),
            "trial_action_what": "Test", "trial_action_where": "Her",
            "trial_action_when": "2027-03-01", "value_citizens": "Vaerdi", "measurement": "Tal"}})
        save_fields(proposal=p, author=author, base_version=p.version, values=clean)
        submit(proposal=p, author=author)
    reviewer_tokens = []
    for i in range(REVIEWERS):
        person = create_person(name=f"Reviewer {{i}}", email=None, title=None, organisation=None)
        grant_role(event=review, person=person, role=Role.REVIEWER)
        reviewer_tokens.append(reentry_token(person))
    db.session.commit()
    change_phase(event=review, to_phase=Phase.QUALIFICATION, actor=fac, confirm_back=False)
    db.session.commit()
    model = scoring_model(review)
    from hackathon.review.queries import submitted_proposals
    print(json.dumps({{
        "live_event": live.id, "join_code": live.join_code, "projector_token": token,
        "orgs": [o.id for o in orgs], "savers": savers,
        "review_event": review.id, "reviewer_tokens": reviewer_tokens,
        "review_proposals": [p.id for p in submitted_proposals(review)],
        "criteria": [[c.key, c.scale_min, c.scale_max] for c in model.criteria],
    }}))
"""


def seed(env: dict, reviewers: int, saturation_authors: int) -> dict:
    """Migrate, then create the live event, its savers, and the event under review."""
    subprocess.run([str(Path(sys.executable).with_name("hackathon")), "db", "upgrade"], env=env,
                   cwd=ROOT, check=True, capture_output=True)
    code = SEED_CODE.format(reviewers=reviewers, saturation_authors=saturation_authors,
                            review_proposals=30)
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True,
                            capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _csrf(text: str) -> str:
    match = CSRF.search(text)
    return match.group(1) if match else ""


class Browser(FastHttpUser):
    """Shared helpers: a checked request that records failures with a reason."""

    abstract = True

    def check(self, method: str, path: str, name: str, expect=(200,), **kwargs):
        """One request; anything but the expected status is a failure."""
        kwargs.setdefault("allow_redirects", False)
        with self.client.request(method, path, name=name, catch_response=True,
                                  **kwargs) as response:
            if response.status_code not in expect:
                response.failure(f"HTTP {response.status_code}")
            else:
                response.success()
            return response

    def autosave(self, proposal: int, field: str = "summary") -> None:
        """One JSON autosave of this user's proposal; acknowledged texts are remembered."""
        text = f"{field} {uuid.uuid4().hex} " + "tekst æøå " * 20
        payload = {"version": self.version, "values": {field: text},
                   "save_id": uuid.uuid4().hex}
        SENT.setdefault(proposal, []).append(text)
        response = self.check("POST", f"/proposals/{proposal}/autosave", "POST autosave",
                              json=payload, headers={"X-CSRFToken": self.csrf,
                                                     "Accept": "application/json"})
        if response.status_code == 200:
            body = response.json()
            if body.get("status") == "saved":
                self.version = body["version"]
                ACKED.setdefault(proposal, []).append(text)

    def enter(self, token: str) -> None:
        """Sign in with a personal link (confirm with the button, as a person would)."""
        page = self.check("GET", f"/enter/{token}", "GET /enter/<token>")
        self.check("POST", f"/enter/{token}", "POST /enter/<token>", expect=(302,),
                   data={"csrf_token": _csrf(page.text)})


class Participant(Browser):
    """Joins with the code, starts a proposal, autosaves every 10 s, reads now and then."""

    wait_time = constant_pacing(10)
    weight = 1

    def on_start(self) -> None:
        """The join flow as on the projector: code, profile, event page, new proposal."""
        gevent.sleep(random.uniform(0, 2))
        code, event = SEED["join_code"], SEED["live_event"]
        page = self.check("GET", f"/join?code={code}", "GET /join")
        self.check("POST", "/join", "POST /join", expect=(302,),
                   data={"csrf_token": _csrf(page.text), "code": code})
        page = self.check("GET", "/join/profile", "GET /join/profile")
        self.check("POST", "/join/profile", "POST /join/profile", expect=(302,),
                   data={"csrf_token": _csrf(page.text), "name": f"Deltager {uuid.uuid4().hex[:8]}",
                         "organisation_id": str(random.choice(SEED["orgs"]))})
        page = self.check("GET", f"/events/{event}", "GET event page")
        response = self.check("POST", f"/events/{event}/proposals/new", "POST new proposal",
                              expect=(302,), data={"csrf_token": _csrf(page.text),
                                                   "title": "Bro mellem sektorer"})
        match = re.search(r"/proposals/(\d+)/edit", response.headers.get("Location", ""))
        if not match:
            self.proposal = None
            return
        self.proposal = int(match.group(1))
        page = self.check("GET", f"/proposals/{self.proposal}/edit", "GET proposal edit")
        self.csrf = _csrf(page.text)
        found = VERSION.search(page.text)
        self.version = int(found.group(1)) if found else 1
        self.turn = random.randrange(3)

    @task
    def write(self) -> None:
        """Autosave; every third turn also read the event page."""
        if self.proposal is None:
            return
        self.autosave(self.proposal)
        self.turn += 1
        if self.turn % 3 == 0:
            self.check("GET", f"/events/{SEED['live_event']}", "GET event page")


class Reviewer(Browser):
    """Opens the list, then scores proposals one by one (about one review every 20 s)."""

    wait_time = constant_pacing(20)
    fixed_count = 30

    def on_start(self) -> None:
        """Sign in with the personal link."""
        index = Reviewer._next = getattr(Reviewer, "_next", -1) + 1
        self.enter(SEED["reviewer_tokens"][index % len(SEED["reviewer_tokens"])])
        self.queue = list(SEED["review_proposals"])
        random.shuffle(self.queue)
        self.check("GET", f"/events/{SEED['review_event']}/review/mine", "GET review list")

    @task
    def score(self) -> None:
        """Open the next proposal and complete its review."""
        if not self.queue:
            self.queue = list(SEED["review_proposals"])
        pid = self.queue.pop()
        path = f"/events/{SEED['review_event']}/review/proposals/{pid}"
        page = self.check("GET", path, "GET review score page")
        data = {"csrf_token": _csrf(page.text), "action": "complete",
                "comment_internal": "", "comment_team": "Godt forslag"}
        for key, low, high in SEED["criteria"]:
            data[f"c_{key}"] = str(random.randint(int(low), int(high)))
        self.check("POST", path, "POST review score", expect=(302,), data=data)


class Dashboard(Browser):
    """A facilitator's live dashboard: the page once, then the panel every 5 s (ETag)."""

    wait_time = constant_pacing(5)
    fixed_count = 5

    def on_start(self) -> None:
        """Sign in with the password, open the dashboard."""
        page = self.check("GET", "/login", "GET /login")
        self.check("POST", "/login", "POST /login", expect=(302,),
                   data={"csrf_token": _csrf(page.text), "email": "bench@example.org",
                         "password": "x" * 12})
        self.check("GET", f"/events/{SEED['live_event']}/live", "GET dashboard")
        self.etag = ""

    @task
    def poll(self) -> None:
        """Poll the live panel with If-None-Match."""
        response = self.check("GET", f"/events/{SEED['live_event']}/live/panel",
                              "GET dashboard panel", expect=(200, 304),
                              headers={"If-None-Match": self.etag} if self.etag else {})
        self.etag = response.headers.get("ETag", self.etag) or self.etag


class Projector(Browser):
    """The projector page once, then its data endpoint every 2 s with If-None-Match."""

    wait_time = constant_pacing(2)
    fixed_count = 2

    def on_start(self) -> None:
        """Open the page with the token."""
        self.base = f"/events/{SEED['live_event']}/live/projector"
        self.check("GET", f"{self.base}?token={SEED['projector_token']}", "GET projector")
        self.etag = ""

    @task
    def poll(self) -> None:
        """Poll the data endpoint."""
        response = self.check("GET", f"{self.base}/data?token={SEED['projector_token']}",
                              "GET projector data", expect=(200, 304),
                              headers={"If-None-Match": self.etag} if self.etag else {})
        self.etag = response.headers.get("ETag", self.etag) or self.etag


class HealthProbe(Browser):
    """GET /healthz once a second during the scenario."""

    wait_time = constant_pacing(1)
    fixed_count = 1

    @task
    def health(self) -> None:
        """The bare health check."""
        self.check("GET", "/healthz", "GET /healthz")


class Saver(Browser):
    """Saturation: autosaves with no pause, on a proposal of its own (personal link)."""

    wait_time = constant(0)

    def on_start(self) -> None:
        """Sign in and open the proposal."""
        index = Saver._next = getattr(Saver, "_next", -1) + 1
        login = SEED["savers"][index % len(SEED["savers"])]
        self.enter(login["token"])
        self.proposal = login["proposal"]
        page = self.check("GET", f"/proposals/{self.proposal}/edit", "GET proposal edit")
        self.csrf = _csrf(page.text)
        found = VERSION.search(page.text)
        self.version = int(found.group(1)) if found else 1

    @task
    def save(self) -> None:
        """Autosave at once, again and again."""
        self.autosave(self.proposal, field="problem")


class HealthFlood(Browser):
    """Saturation: GET /healthz with no pause."""

    wait_time = constant(0)

    @task
    def health(self) -> None:
        """The bare health check."""
        self.check("GET", "/healthz", "GET /healthz (closed loop)")


def run_locust(base: str, users: list[type], count: int, spawn_rate: float, seconds: float,
               ramp: list | None = None):
    """Run ``users`` for ``seconds`` and return locust's stats and the wall time.

    With ``ramp`` (a list to fill), the figures of the arrival phase (until every user has
    started, plus 10 s to settle) are summarised into it and the stats are reset, so the
    returned stats and time cover the steady state alone, ``seconds`` long."""
    # Users finish the request they are in when the time is up (no request is cut off).
    env = Environment(user_classes=users, host=base, stop_timeout=15)
    runner = env.create_local_runner()
    started = time.monotonic()
    runner.start(count, spawn_rate=spawn_rate)
    if ramp is not None:
        gevent.sleep(count / spawn_rate + 10)
        ramp.extend(summarise(env.stats, time.monotonic() - started))
        TIMINGS["ramp"] = time.monotonic() - started
        env.stats.reset_all()
        started = time.monotonic()
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()
    return env.stats, time.monotonic() - started


def summarise(stats, wall: float) -> list[dict]:
    """Per request type: count, failures, rate, p50/p95/max."""
    rows = []
    for entry in sorted(stats.entries.values(), key=lambda e: e.name):
        if not entry.num_requests:
            continue
        rows.append({
            "name": entry.name, "requests": entry.num_requests,
            "failures": entry.num_failures, "rps": entry.num_requests / wall,
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95), "max": entry.max_response_time,
        })
    return rows


CHECK_CODE = """
import json
from sqlalchemy import select
from hackathon import create_app
from hackathon.extensions import db
from hackathon.models import Proposal, ProposalRevision
app = create_app()
with app.app_context():
    stored = [new for changes in db.session.scalars(select(ProposalRevision.changes)
              .where(ProposalRevision.kind == "edit"))
              for field, (old, new) in changes.items() if field in ("summary", "problem")]
    values = {p.id: [p.summary, p.problem] for p in db.session.scalars(select(Proposal))}
print(json.dumps({"stored": stored, "values": values}))
"""


def verify(env: dict) -> dict:
    """Every acknowledged autosave must be stored as a revision, and each proposal's final
    text must be the last acknowledged one or one sent after it (in flight at the stop)."""
    stored = json.loads(subprocess.run([sys.executable, "-c", CHECK_CODE], env=env, cwd=ROOT,
                                       check=True, capture_output=True, text=True)
                        .stdout.strip().splitlines()[-1])
    revisions = set(stored["stored"])
    acked = [text for texts in ACKED.values() for text in texts]
    lost = sum(1 for text in acked if text not in revisions)
    mismatch = 0
    for pid, texts in ACKED.items():
        sent = SENT[pid]
        allowed = set(sent[sent.index(texts[-1]):])
        if not allowed & set(stored["values"][str(pid)]):
            mismatch += 1
    return {"acked": len(acked), "stored": len(revisions), "lost": lost,
            "final_mismatch": mismatch}


def run(kind: str, args) -> dict:
    """Seed, start gunicorn, replay the event, saturate, verify; return the figures."""
    instance = tempfile.mkdtemp(prefix="bench-live-")
    url = prepare_database(kind, instance)
    env = os.environ | {"HACKATHON_DATABASE_URL": url, "HACKATHON_INSTANCE_PATH": instance,
                        "HACKATHON_SECRET_KEY": uuid.uuid4().hex}
    SEED.clear()
    SEED.update(seed(env, args.reviewers, saturation_authors=args.savers))
    ACKED.clear()
    SENT.clear()
    port = autosave_bench.free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-w", "2", "-b", f"127.0.0.1:{port}",
         *(["-k", "gthread", "--threads", str(args.threads)] if args.threads > 1 else []),
         "--log-level", "warning", "--timeout", "60", "hackathon:create_app()"],
        env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        Participant.fixed_count = 0
        scenario_users = [Participant, Reviewer, Dashboard, Projector, HealthProbe]
        for cls in scenario_users:
            cls.weight = 1
        total = args.participants + args.reviewers + 5 + 2 + 1
        Reviewer.fixed_count = args.reviewers
        arrival: list[dict] = []
        stats, wall = run_locust(base, scenario_users, total, args.spawn_rate, args.duration,
                                 ramp=arrival)
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
        scenario = summarise(stats, wall)
        saver_stats, saver_wall = run_locust(base, [Saver], args.savers, args.savers,
                                             args.saturation)
        health_stats, health_wall = run_locust(base, [HealthFlood], args.savers, args.savers,
                                               args.saturation)
    finally:
        server.terminate()
        server.wait(timeout=15)
    saturation = summarise(saver_stats, saver_wall) + summarise(health_stats, health_wall)
    autosave_rate = next(r for r in saturation if r["name"] == "POST autosave")
    health_rate = next(r for r in saturation if r["name"] == "GET /healthz (closed loop)")
    return {
        "db": kind, "wall": wall, "scenario": scenario, "saturation": saturation,
        "arrival": arrival, "arrival_wall": TIMINGS["ramp"],
        "autosave_rate": autosave_rate["requests"] / saver_wall,
        "health_rate": health_rate["requests"] / health_wall,
        "locust_cpu_share": ((cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime))
        / (wall + TIMINGS["ramp"]),
        "verify": verify(env),
    }


def print_result(r: dict) -> None:
    """Print one run's figures as Markdown tables."""
    print(f"\n### {r['db']}  (arrival {r['arrival_wall']:.0f} s, then steady state "
          f"{r['wall']:.0f} s; locust used {r['locust_cpu_share'] * 100:.0f}% of one core)\n")
    print("| request | requests | failures | req/s | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    phases = (("arrival: everyone joins", r["arrival"], True),
              ("steady state: everyone writes", r["scenario"], True),
              ("saturation: closed loop, no pauses", r["saturation"], False))
    for title, rows, judged in phases:
        print(f"| **{title}** | | | | | | |")
        for row in rows:
            flag = " **over**" if judged and row["p95"] >= TARGET_P95_MS else ""
            print(f"| {row['name']} | {row['requests']} | {row['failures']} | "
                  f"{row['rps']:.1f} | {row['p50']:.0f} | {row['p95']:.0f}{flag} | "
                  f"{row['max']:.0f} |")
    v = r["verify"]
    errors = sum(row["failures"] for row in r["arrival"] + r["scenario"] + r["saturation"])
    print(f"\nerrors {errors}; autosaves acknowledged {v['acked']}, revisions {v['stored']}, "
          f"lost {v['lost']}, final-text mismatches {v['final_mismatch']}")
    print(f"max sustainable autosave rate {r['autosave_rate']:.0f}/s; GET /healthz "
          f"{r['health_rate']:.0f}/s; ratio {r['autosave_rate'] / r['health_rate']:.2f}")


def main() -> None:
    """Parse arguments, run, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--participants", type=int, default=1200)
    parser.add_argument("--reviewers", type=int, default=30)
    parser.add_argument("--duration", type=float, default=90.0)
    parser.add_argument("--spawn-rate", type=float, default=30.0)
    parser.add_argument("--saturation", type=float, default=15.0,
                        help="seconds of each closed-loop phase")
    parser.add_argument("--threads", type=int, default=1,
                        help="threads per gunicorn worker (gthread when above 1)")
    parser.add_argument("--savers", type=int, default=16,
                        help="closed-loop users in the saturation phases")
    args = parser.parse_args()
    kinds = ("sqlite", "postgres") if args.db == "both" else (args.db,)
    print(f"live event bench {time.strftime('%Y-%m-%d %H:%M')}: {args.participants} "
          f"participants, {args.reviewers} reviewers, 5 dashboards, 2 projectors, "
          f"{args.duration:g} s (spawn {args.spawn_rate:g}/s); gunicorn -w 2 "
          f"({'gthread, ' + str(args.threads) + ' threads' if args.threads > 1 else 'sync'}); "
          f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}")
    for kind in kinds:
        print_result(run(kind, args))


if __name__ == "__main__":
    main()
