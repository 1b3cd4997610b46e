"""Flask extension objects, created unbound; ``create_app`` binds them to an app."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import Pool

# Named constraints so migrations can alter them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Make SQLite fit for several workers: WAL, a busy timeout, and enforced foreign keys."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    files = [row[2] for row in cursor.execute("PRAGMA database_list") if row[1] == "main"]
    cursor.close()
    if files and files[0]:
        _record.info[_WRITER_LOCK] = os.open(files[0] + "-writers", os.O_RDWR | os.O_CREAT, 0o600)


# SQLite lets one writer in at a time, and makes the others poll with growing sleeps (1, 2, 5,
# 10 … 100 ms) while they wait. Under a room full of autosaves, two gunicorn workers then
# spend much of their time asleep while the lock is free (measured in bench/live_event.py).
# So writers take an OS file lock beside the database before their first write, polled every
# half millisecond, and release it when the connection goes back to the pool (after its
# commit or rollback). Readers are not affected (WAL). Each connection opens the lock file
# itself, so threads of one process take turns too; a crashed process releases it. After
# WRITER_WAIT_SECONDS the write goes ahead without it and SQLite's own busy timeout applies
# (so two connections of one thread, as in tests, can never wait for each other for ever).
_WRITER_LOCK = "hackathon_writer_lock_fd"
_WRITER_HELD = "hackathon_writer_lock_held"
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
WRITER_WAIT_SECONDS = 5.0


@event.listens_for(Engine, "before_cursor_execute")
def _queue_sqlite_writers(conn, _cursor, statement, _params, _context, _executemany) -> None:
    info = conn.info
    fd = info.get(_WRITER_LOCK)
    if fd is None or info.get(_WRITER_HELD):
        return
    if not statement.lstrip()[:7].upper().startswith(_WRITES):
        return
    deadline = time.monotonic() + WRITER_WAIT_SECONDS
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() > deadline:
                return
            time.sleep(0.0005)
        else:
            info[_WRITER_HELD] = True
            return


@event.listens_for(Pool, "checkin")
def _release_sqlite_writer(_dbapi_connection, record) -> None:
    if record is not None and record.info.pop(_WRITER_HELD, False):
        fcntl.flock(record.info[_WRITER_LOCK], fcntl.LOCK_UN)


@event.listens_for(Pool, "close")
def _close_sqlite_writer_lock(_dbapi_connection, record) -> None:
    fd = record.info.pop(_WRITER_LOCK, None) if record is not None else None
    if fd is not None:
        record.info.pop(_WRITER_HELD, None)
        os.close(fd)
