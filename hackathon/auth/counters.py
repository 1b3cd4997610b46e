"""Failure counters that every worker process shares: Redis when configured, else the database.

A counter's window starts at its first hit and lasts ``window`` seconds; after it the count
starts again from zero. Each operation is one atomic statement (a Lua script in Redis, an
``INSERT … ON CONFLICT … RETURNING`` in SQLite and PostgreSQL), so two workers that count at
the same moment never lose a hit. The database counters are written on their own connection
and committed at once: a refused request rolls its own work back, but its failure still counts.
"""

from __future__ import annotations

import logging
import math
import time
from typing import Protocol

from flask import current_app
from sqlalchemy import text

from hackathon.extensions import db

log = logging.getLogger(__name__)

_DB_HIT = text(
    "INSERT INTO failure_counter (bucket, hits, expires_at) VALUES (:bucket, :amount, :expires) "
    "ON CONFLICT (bucket) DO UPDATE SET "
    "hits = CASE WHEN failure_counter.expires_at <= :now THEN :amount "
    "ELSE failure_counter.hits + :amount END, "
    "expires_at = CASE WHEN failure_counter.expires_at <= :now THEN :expires "
    "ELSE failure_counter.expires_at END "
    "RETURNING hits, expires_at"
)
_DB_REFUND = text(
    "UPDATE failure_counter SET hits = hits - :amount "
    "WHERE bucket = :bucket AND expires_at > :now AND hits >= :amount"
)
_DB_PEEK = text("SELECT hits, expires_at FROM failure_counter WHERE bucket = :bucket")
_DB_PURGE = text("DELETE FROM failure_counter WHERE expires_at < :before")

# KEYS[1] = key; ARGV = amount, window. Returns {count, seconds left}.
_REDIS_HIT = """
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return {count, redis.call('TTL', KEYS[1])}
"""
_REDIS_REFUND = """
if redis.call('EXISTS', KEYS[1]) == 1 and tonumber(redis.call('GET', KEYS[1])) >= tonumber(ARGV[1])
then redis.call('DECRBY', KEYS[1], ARGV[1]) end
return 0
"""


class CounterStore(Protocol):
    """What the throttle needs from a storage of counters."""

    def hit(self, bucket: str, window: int, amount: int = 1) -> tuple[int, int]:
        """Add ``amount``; return the count in the current window and the seconds left in it."""

    def refund(self, bucket: str, amount: int = 1) -> None:
        """Take back ``amount`` hits of the current window (an attempt that succeeded)."""

    def peek(self, bucket: str) -> tuple[int, int]:
        """The count in the current window and the seconds left (0, 0 when none)."""


class DatabaseStore:
    """Counters in the ``failure_counter`` table of the app's database."""

    def hit(self, bucket: str, window: int, amount: int = 1) -> tuple[int, int]:
        """Add ``amount`` in one statement, committed on a connection of its own."""
        now = time.time()
        with db.engine.begin() as conn:
            hits, expires_at = conn.execute(
                _DB_HIT,
                {"bucket": bucket, "amount": amount, "now": int(now),
                 "expires": int(now) + window},
            ).one()
            if hits == amount:  # a new window: a good moment to drop long-expired counters
                conn.execute(_DB_PURGE, {"before": int(now) - 3600})
        return hits, max(1, math.ceil(expires_at - now))

    def refund(self, bucket: str, amount: int = 1) -> None:
        """Take back hits of a window that has not expired."""
        with db.engine.begin() as conn:
            conn.execute(_DB_REFUND, {"bucket": bucket, "amount": amount, "now": int(time.time())})

    def peek(self, bucket: str) -> tuple[int, int]:
        """Read a counter without changing it."""
        now = time.time()
        with db.engine.connect() as conn:
            row = conn.execute(_DB_PEEK, {"bucket": bucket}).first()
        if row is None or row.expires_at <= now:
            return 0, 0
        return row.hits, max(1, math.ceil(row.expires_at - now))


class RedisStore:
    """Counters in Redis (``REDIS_URL``), one key per bucket that expires with its window."""

    def __init__(self, url: str, prefix: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.prefix = prefix
        self._hit = self.client.register_script(_REDIS_HIT)
        self._refund = self.client.register_script(_REDIS_REFUND)

    def hit(self, bucket: str, window: int, amount: int = 1) -> tuple[int, int]:
        """INCRBY and set the expiry on the first hit, atomically."""
        count, ttl = self._hit(keys=[self.prefix + bucket], args=[amount, window])
        return int(count), max(1, int(ttl))

    def refund(self, bucket: str, amount: int = 1) -> None:
        """DECRBY if the key still exists (never creates a key without expiry)."""
        self._refund(keys=[self.prefix + bucket], args=[amount])

    def peek(self, bucket: str) -> tuple[int, int]:
        """GET and TTL of the key."""
        pipe = self.client.pipeline()
        pipe.get(self.prefix + bucket)
        pipe.ttl(self.prefix + bucket)
        value, ttl = pipe.execute()
        if value is None or ttl is None or int(ttl) < 0:
            return 0, 0
        return int(value), max(1, int(ttl))


class FallbackStore:
    """Redis, falling back to the database (with an error in the log) while Redis is down."""

    def __init__(self, primary: RedisStore, fallback: DatabaseStore) -> None:
        self.primary = primary
        self.fallback = fallback

    def _call(self, name: str, *args):
        import redis

        try:
            return getattr(self.primary, name)(*args)
        except redis.RedisError as error:
            log.error("Redis unavailable for failure counters, using the database: %s", error)
            return getattr(self.fallback, name)(*args)

    def hit(self, bucket: str, window: int, amount: int = 1) -> tuple[int, int]:
        """See ``CounterStore.hit``."""
        return self._call("hit", bucket, window, amount)

    def refund(self, bucket: str, amount: int = 1) -> None:
        """See ``CounterStore.refund``."""
        self._call("refund", bucket, amount)

    def peek(self, bucket: str) -> tuple[int, int]:
        """See ``CounterStore.peek``."""
        return self._call("peek", bucket)


def store() -> CounterStore:
    """The app's counter store, built once per app from ``REDIS_URL``."""
    extensions = current_app.extensions
    if "hackathon_counters" not in extensions:
        url = current_app.config.get("REDIS_URL")
        if url:
            prefix = current_app.config.get("REDIS_KEY_PREFIX") or "hackathon:failures:"
            extensions["hackathon_counters"] = FallbackStore(
                RedisStore(url, prefix), DatabaseStore()
            )
        else:
            extensions["hackathon_counters"] = DatabaseStore()
    return extensions["hackathon_counters"]


def storage_name() -> str:
    """'redis' or 'database': where the failure counters of this app live."""
    return "redis" if isinstance(store(), FallbackStore) else "database"
