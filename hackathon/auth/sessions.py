"""Server-side login sessions: a signed-in browser is valid only while its record exists.

Flask keeps the session in a signed cookie, which on its own cannot be taken back: a copy made
before "Sign out" would keep working until it expires. So every sign-in also stores a record
(the hash of a random key; the key itself is in the cookie), every request of a signed-in
browser checks it, and signing out deletes it. Signing out on one device leaves the person's
other devices signed in; "sign out everywhere" deletes all of the person's records.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app, g, request, session
from sqlalchemy import delete, func, select
from sqlalchemy.orm import joinedload

from hackathon.extensions import db
from hackathon.models import Person, utcnow
from hackathon.models.person import LoginSession, session_key_hash

SESSION_KEY = "_ls"


def start(person: Person) -> str:
    """Create a login session for ``person`` and return its key (to keep in the cookie)."""
    now = utcnow()
    lifetime: timedelta = current_app.config["PERMANENT_SESSION_LIFETIME"]
    # Old records of this person are tidied up here rather than by a scheduled job.
    db.session.execute(
        delete(LoginSession).where(
            LoginSession.person_id == person.id, LoginSession.expires_at <= now
        )
    )
    key = secrets.token_urlsafe(32)
    db.session.add(
        LoginSession(
            key_hash=session_key_hash(key), person_id=person.id, created_at=now,
            expires_at=now + lifetime,
        )
    )
    db.session.flush()
    return key


def end(key: str | None) -> None:
    """Delete the login session with ``key`` (nothing happens for an unknown key)."""
    if key:
        key_hash = session_key_hash(key)
        db.session.execute(delete(LoginSession).where(LoginSession.key_hash == key_hash))


def end_all(person: Person) -> int:
    """Delete every login session of ``person``; returns how many there were."""
    result = db.session.execute(delete(LoginSession).where(LoginSession.person_id == person.id))
    return result.rowcount or 0


def active_count(person: Person) -> int:
    """How many unexpired login sessions ``person`` has."""
    return db.session.scalar(
        select(func.count()).where(
            LoginSession.person_id == person.id, LoginSession.expires_at > utcnow()
        )
    ) or 0


def valid_record(key: object, user_id: object) -> LoginSession | None:
    """The unexpired login session ``key`` names, if it belongs to the person in ``user_id``."""
    if not isinstance(key, str) or not isinstance(user_id, str):
        return None
    # The person comes along in the same statement, so that the user loader's lookup that
    # follows is answered from the session's identity map: checking costs no extra query.
    record = db.session.get(
        LoginSession, session_key_hash(key), options=[joinedload(LoginSession.person)]
    )
    if record is None or record.expires_at <= utcnow():
        return None
    return record if user_id.partition(".")[0] == str(record.person_id) else None


def check_request() -> None:
    """Forget the sign-in of a browser whose login session was ended (before_app_request).

    This runs before Flask-Login loads the user, so a revoked cookie is simply anonymous. A
    database error is not caught here: it must answer 503, never "signed out".
    """
    if request.endpoint == "static" or "_user_id" not in session:
        return
    record = valid_record(session.get(SESSION_KEY), session.get("_user_id"))
    if record is None:
        session.clear()
    # Held for the request: the identity map keeps rows only while something refers to them.
    g.login_session = record
