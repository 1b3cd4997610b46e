"""People: facilitators (with a password), participants, reviewers and observers (without)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from hackathon.extensions import db
from hackathon.models.common import utcnow
from hackathon.models.organisation import Organisation


def new_nonce() -> str:
    """A random value that, when replaced, invalidates sessions and personal links."""
    return secrets.token_urlsafe(12)


class Person(UserMixin, db.Model):
    """Anyone who uses the tool. Only facilitator accounts have a password."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    title: Mapped[str | None] = mapped_column(String(120))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # A facilitator account may create events; its rights in an event still come from its role.
    is_facilitator_account: Mapped[bool] = mapped_column(default=False)
    # Part of the session id and of personal links: rotating it signs the person out everywhere.
    login_nonce: Mapped[str] = mapped_column(String(32), default=new_nonce)
    language: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation | None] = relationship()

    def set_password(self, password: str) -> None:
        """Store a salted scrypt hash of ``password`` (werkzeug's current default)."""
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        """True when ``password`` matches the stored hash."""
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """Session id for Flask-Login: id plus nonce, so a rotated nonce ends old sessions."""
        return f"{self.id}.{self.login_nonce}"

    def revoke_logins(self) -> None:
        """Invalidate every session and personal link of this person."""
        self.login_nonce = new_nonce()

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.name!r}>"


def session_key_hash(key: str) -> str:
    """The stored form of a session key (the key itself lives only in the signed cookie)."""
    return hashlib.sha256(key.encode()).hexdigest()


class LoginSession(db.Model):
    """One signed-in browser. Signing out deletes it, so a copied cookie stops working."""

    __tablename__ = "login_session"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]

    person: Mapped[Person] = relationship()
