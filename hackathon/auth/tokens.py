"""Signed personal links: re-entry for people without a password, and invitations."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

from hackathon.extensions import db
from hackathon.models import Invitation, Person, utcnow

REENTRY_SALT = "reentry-link"
INVITATION_SALT = "invitation-link"


def _timed(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=salt)


def reentry_token(person: Person) -> str:
    """A link token that signs ``person`` in on another device until their nonce is rotated."""
    return _timed(REENTRY_SALT).dumps({"p": person.id, "n": person.login_nonce})


def person_from_reentry_token(token: str) -> Person | None:
    """The person a valid, unexpired, unrevoked re-entry token belongs to, else None."""
    max_age = current_app.config["REENTRY_MAX_AGE_DAYS"] * 86400
    try:
        data = _timed(REENTRY_SALT).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict):
        return None
    person = db.session.get(Person, data.get("p")) if isinstance(data.get("p"), int) else None
    if person is None or person.login_nonce != data.get("n") or person.password_hash:
        # Accounts with a password sign in with it, never with a link.
        return None
    return person


def invitation_token(invitation: Invitation) -> str:
    """The token in an invitation link; expiry is kept on the invitation itself."""
    return URLSafeSerializer(current_app.secret_key, salt=INVITATION_SALT).dumps(
        {"i": invitation.id, "n": invitation.nonce}
    )


def invitation_from_token(token: str) -> tuple[Invitation | None, str]:
    """The invitation a token names, with a reason when it cannot be used.

    The reason is one of "ok", "invalid", "expired", "revoked", "used".
    """
    try:
        data = URLSafeSerializer(current_app.secret_key, salt=INVITATION_SALT).loads(token)
    except BadSignature:
        return None, "invalid"
    if not isinstance(data, dict) or not isinstance(data.get("i"), int):
        return None, "invalid"
    invitation = db.session.get(Invitation, data["i"])
    if invitation is None or invitation.nonce != data.get("n"):
        return None, "invalid"
    if invitation.revoked_at is not None:
        return invitation, "revoked"
    if invitation.accepted_at is not None:
        return invitation, "used"
    if invitation.expires_at <= utcnow():
        return invitation, "expired"
    return invitation, "ok"
