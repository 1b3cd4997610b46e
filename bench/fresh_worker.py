"""How fast a fresh server worker answers its first results page (target: under 500 ms).

Starts ``hackathon serve --workers 1`` on a temporary SQLite instance with the demo at its
decision stage (the round closed, the decision not yet published: the results page ranks
live with scikit-criteria; once published it shows the stored record and ranks nothing),
waits until ``/healthz`` answers and then ``--settle`` seconds (the worker warms the scoring
libraries on a background thread meanwhile), signs the demo facilitator in and times the first
GET of the results page, then a second one. Runs once with the warm-up and once without
(``HACKATHON_WARM_SCORING=0``) for comparison. Usage: ``.venv/bin/python bench/fresh_worker.py``.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server_compare import BIN, ROOT, free_port, prepare_instance, wait_ready  # noqa: E402

FACILITATOR = ("facilitator@demo.hackathon.dk", "demo-facilitator")


def sign_in(opener, base: str) -> None:
    """Sign the demo facilitator in through the login form (CSRF token included)."""
    page = opener.open(f"{base}/login", timeout=10).read().decode()  # nosec B310
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrf_token": token, "email": FACILITATOR[0], "password": FACILITATOR[1]}
    ).encode()
    opener.open(f"{base}/login", data=data, timeout=10).read()  # nosec B310


def first_results_page(env: dict[str, str], settle: float) -> tuple[float, float]:
    """(first, second) results-page times in seconds from one fresh worker."""
    port = free_port()
    proc = subprocess.Popen(
        [str(BIN / "hackathon"), "serve", "--host", "127.0.0.1", "--port", str(port),
         "--workers", "1"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(port)
        time.sleep(settle)
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        sign_in(opener, base)
        times = []
        for _ in range(2):
            started = time.perf_counter()
            with opener.open(f"{base}/events/1/results", timeout=30) as response:  # nosec B310
                response.read()
                assert response.status == 200, response.status
            times.append(time.perf_counter() - started)
        return times[0], times[1]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)


def main() -> None:
    """Measure with and without the warm-up; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settle", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = prepare_instance(folder, stage="decision")
        print(f"first results page of a fresh worker ({args.runs} runs, {args.settle:g} s after "
              f"it answers /healthz); nproc {os.cpu_count()}")
        for label, warm in (("with warm-up", "1"), ("without warm-up", "0")):
            runs = [first_results_page(env | {"HACKATHON_WARM_SCORING": warm}, args.settle)
                    for _ in range(args.runs)]
            firsts = sorted(r[0] for r in runs)
            seconds = sorted(r[1] for r in runs)
            print(f"  {label:16s} first: median {firsts[len(firsts) // 2] * 1000:.0f} ms, "
                  f"worst {firsts[-1] * 1000:.0f} ms; second: median "
                  f"{seconds[len(seconds) // 2] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
