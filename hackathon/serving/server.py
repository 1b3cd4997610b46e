"""Serve the app with Granian, the production server chosen for ``hackathon serve``.

Why Granian (measured in ``bench/server_compare.py``, figures in ``bench/RESULTS.md``): its
HTTP layer is asynchronous (Rust, tokio), so a client that reads slowly or closes its socket
late holds no Python thread; it runs several worker processes, so both cores of a laptop serve
requests; and it ships wheels for Linux, macOS and Windows, the systems facilitators' laptops
run. gunicorn's sync and gthread workers stalled behind late-closing clients, and gunicorn does
not run on Windows; waitress (one process) fell behind at 200 clients.
"""

from __future__ import annotations

import os

# Connections a worker accepts at once; a room of 1,200 with keep-alive fits in 2 workers.
BACKLOG = 2048
# Python threads per worker that run the app (database waits release the GIL).
DEFAULT_THREADS = 8


def default_workers() -> int:
    """Worker processes: one per core, at least 2 and at most 4 (SQLite has one writer)."""
    return max(2, min(4, os.cpu_count() or 2))


def serve(*, host: str, port: int, workers: int, threads: int) -> None:
    """Serve ``hackathon.wsgi:app`` until interrupted (Ctrl+C or SIGTERM stops it cleanly).

    Each worker imports :mod:`hackathon.wsgi`, builds the app and warms the scoring libraries
    on a background thread. There is no access log: a projector link carries its secret in
    the URL, and no log of ours may hold it. Blocks until the server stops.
    """
    from granian import Granian
    from granian.constants import Interfaces

    Granian(
        "hackathon.wsgi:app",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=threads,
        backlog=BACKLOG,
        websockets=False,
        log_access=False,
        respawn_failed_workers=True,
    ).serve()
