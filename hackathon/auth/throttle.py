"""Counting failed attempts (wrong join codes, wrong passwords) and refusing after too many.

Only failures count, so a venue full of people behind one address can all join; a browser
session that keeps guessing is stopped early, and an address gets a much larger allowance.
Counters live in Flask-Limiter's storage: per worker with ``memory://``, shared with Redis.
"""

from __future__ import annotations

import math
import secrets
import time

from flask import current_app, request, session
from limits import parse

from hackathon.extensions import limiter


def session_key() -> str:
    """A random id for this browser session, created on first use."""
    if "sid" not in session:
        session["sid"] = secrets.token_urlsafe(12)
    return session["sid"]


def _rules(kind: str) -> list[tuple[str, str]]:
    """(limit expression, identifier) pairs that apply to this request for ``kind``."""
    address = request.remote_addr or "unknown"
    if kind == "join":
        return [
            (current_app.config["JOIN_FAILURES_PER_SESSION"], f"session:{session_key()}"),
            (current_app.config["JOIN_FAILURES_PER_ADDRESS"], f"address:{address}"),
        ]
    return [(current_app.config["LOGIN_FAILURES_PER_ADDRESS"], f"address:{address}")]


def wait_seconds(kind: str) -> int:
    """Seconds until another attempt is allowed, or 0 when one is allowed now."""
    strategy = limiter.limiter
    wait = 0
    for expression, identifier in _rules(kind):
        item = parse(expression)
        if not strategy.test(item, "failures", kind, identifier):
            stats = strategy.get_window_stats(item, "failures", kind, identifier)
            wait = max(wait, math.ceil(stats.reset_time - time.time()), 1)
    return max(wait, 1) if wait > 0 else 0


def record_failure(kind: str) -> None:
    """Count one failed attempt against this session and address."""
    strategy = limiter.limiter
    for expression, identifier in _rules(kind):
        strategy.hit(parse(expression), "failures", kind, identifier)
