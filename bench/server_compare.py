"""Compare WSGI servers for ``hackathon serve``, with normal and with late-closing clients.

For each candidate server this starts the real app (a migrated SQLite instance with the demo
loaded, in a temporary folder) on a free loopback port, then runs, for ``--seconds`` each:

1. ``--normal`` browser-like clients alone (keep-alive where offered), on the front page;
2. the same clients beside ``--late`` clients that read each response and keep their socket
   open ``--linger`` seconds before closing (``--linger never``: they never close).

It prints p50/p95/max and requests per second of the normal clients in both runs, and the
change of their p95. Usage: ``.venv/bin/python bench/server_compare.py [--servers a,b]``.
Targets only 127.0.0.1; every run stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from httpload import run_load  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def commands(port: int, workers: int, threads: int) -> dict[str, list[str]]:
    """The command line of each candidate server, serving ``hackathon.wsgi:app``."""
    addr = f"127.0.0.1:{port}"
    return {
        "gunicorn-sync": [str(BIN / "gunicorn"), "-w", str(workers), "-b", addr,
                          "hackathon.wsgi:app"],
        "gunicorn-gthread": [str(BIN / "gunicorn"), "-w", str(workers), "-k", "gthread",
                             "--threads", str(threads), "-b", addr, "hackathon.wsgi:app"],
        "waitress": [str(BIN / "waitress-serve"), f"--threads={threads * workers}",
                     f"--listen={addr}", "hackathon.wsgi:app"],
        "granian": [str(BIN / "granian"), "--interface", "wsgi", "--workers", str(workers),
                    "--blocking-threads", str(threads), "--host", "127.0.0.1",
                    "--port", str(port), "--no-ws", "--log-level", "warning",
                    "hackathon.wsgi:app"],
        "hackathon-serve": [str(BIN / "hackathon"), "serve", "--host", "127.0.0.1",
                            "--port", str(port)],
    }


def prepare_instance(folder: str, stage: str = "published") -> dict[str, str]:
    """Migrate a fresh SQLite database in ``folder``, load the demo at ``stage``; the
    environment to use."""
    env = os.environ | {"HACKATHON_INSTANCE_PATH": folder}
    env.pop("HACKATHON_DATABASE_URL", None)
    for args in (["db", "upgrade"], ["demo", "--stage", stage]):
        subprocess.run([str(BIN / "hackathon"), *args], env=env, cwd=ROOT, check=True,
                       capture_output=True)
    return env


def wait_ready(port: int, timeout: float = 30.0) -> None:
    """Wait until ``/healthz`` answers 200."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:  # nosec B310
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


def measure(name: str, cmd: list[str], env: dict[str, str], port: int, args) -> dict:
    """Start one server, run the two loads, stop it; the figures."""
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_ready(port)
        time.sleep(1.0)
        linger = None if args.linger == "never" else float(args.linger)
        alone, _ = asyncio.run(run_load("127.0.0.1", port, args.path, normal=args.normal,
                                        late=0, seconds=args.seconds))
        beside, late = asyncio.run(run_load("127.0.0.1", port, args.path, normal=args.normal,
                                            late=args.late, seconds=args.seconds,
                                            linger=linger))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    return {"name": name, "alone": alone.summary(), "beside": beside.summary(),
            "late": late.summary(), "seconds": args.seconds}


def main() -> None:
    """Parse the arguments, run every candidate, print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", default="gunicorn-sync,gunicorn-gthread,waitress,granian")
    parser.add_argument("--normal", type=int, default=200)
    parser.add_argument("--late", type=int, default=50)
    parser.add_argument("--linger", default="2", help="seconds, or 'never'")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--path", default="/")
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        env = prepare_instance(folder) | {"HACKATHON_WARM_SCORING": "0"}
        for name in args.servers.split(","):
            port = free_port()
            rows.append(measure(name, commands(port, args.workers, args.threads)[name], env,
                                port, args))
            print(f"done: {name}", file=sys.stderr)
    print(f"{args.normal} normal clients on {args.path}, {args.seconds:g} s per run; beside "
          f"{args.late} clients that close {args.linger} s late. Workers {args.workers}, "
          f"threads {args.threads}. nproc {os.cpu_count()}.\n")
    print("| server | alone req/s | alone p50 | alone p95 | beside req/s | beside p50 | "
          "beside p95 | p95 change | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        a, b = row["alone"], row["beside"]
        change = (b["p95_ms"] / a["p95_ms"] - 1) * 100 if a["n"] and b["n"] else float("nan")
        print(f"| {row['name']} | {a['n'] / row['seconds']:.0f} | {a['p50_ms']:.0f} ms | "
              f"{a['p95_ms']:.0f} ms | {b['n'] / row['seconds']:.0f} | {b['p50_ms']:.0f} ms | "
              f"{b['p95_ms']:.0f} ms | {change:+.0f} % | {a['errors'] + b['errors']} |")


if __name__ == "__main__":
    main()
