"""Contact persons of a prototype and their personal links.

A link signs its holder in without a password, as reviewer invitations do: the same signing
(itsdangerous ``URLSafeSerializer`` with the app's secret and a salt of its own) over the
contact's id and a nonce; replacing the nonce revokes every earlier link. The first use binds
the contact to a person (the one signed in, or a new person with the contact's name, email
when free, and language); later uses sign that person in again, unless the person has a
password (they sign in with it). Functions flush only; the view commits."""

from __future__ import annotations

import secrets

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from hackathon.audit import services as audit
from hackathon.auth.services import create_person, person_by_email
from hackathon.extensions import db
from hackathon.followup.rules import FollowupError, touch
from hackathon.models import Organisation, Person, Prototype, PrototypeContact, utcnow

CONTACT_SALT = "prototype-contact-link"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=CONTACT_SALT)


def contact_token(contact: PrototypeContact) -> str:
    """The token in a contact's personal link (valid until re-issued or revoked)."""
    return _serializer().dumps({"c": contact.id, "n": contact.nonce})


def contact_from_token(token: object) -> tuple[PrototypeContact | None, str]:
    """The contact a token names, with "ok", "invalid" or "revoked"."""
    if not isinstance(token, str):
        return None, "invalid"
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None, "invalid"
    if not isinstance(data, dict) or not isinstance(data.get("c"), int):
        return None, "invalid"
    contact = db.session.get(PrototypeContact, data["c"])
    if contact is None or contact.nonce != data.get("n"):
        return None, "invalid"
    if contact.revoked_at is not None:
        return contact, "revoked"
    return contact, "ok"


def _log(contact: PrototypeContact, actor: Person | None, old: str, new: str) -> None:
    prototype = contact.prototype
    audit.record(event=prototype.event, actor=actor, action="prototype",
                 proposal=prototype.proposal, change="contact", prototype=prototype.title,
                 old=old, new=new, reason=contact.name)
    db.session.flush()


def claim(*, contact: PrototypeContact, signed_in: Person | None) -> Person | None:
    """Who the link signs in: the person bound to the contact, or (first use) the person
    signed in, or a new person made from the contact. Returns None when the bound person has
    a password and is not the one signed in (they must sign in with it)."""
    if contact.person_id is not None:
        person = contact.person
        if signed_in is not None and signed_in.id == person.id:
            return person
        return None if person.password_hash else person
    if signed_in is not None:
        person = signed_in
    else:
        email = contact.email if contact.email and person_by_email(contact.email) is None else None
        organisation = (db.session.get(Organisation, contact.organisation_id)
                        if contact.organisation_id else None)
        person = create_person(name=contact.name, email=email, title=None,
                               organisation=organisation)
        person.language = contact.language
    contact.person_id = person.id
    contact.accepted_at = utcnow()
    _log(contact, person, "invited", "accepted")
    return person


def add_contact(*, prototype: Prototype, actor: Person, name: str, email: str,
                organisation_id: int | None, language: str) -> PrototypeContact:
    """A new contact person with a personal link. Raises FollowupError "invalid"."""
    if not (name or "").strip():
        raise FollowupError("invalid", fields={"name": "required"})
    contact = PrototypeContact(prototype=prototype, name=" ".join(name.split()),
                               email=(email or "").strip(), organisation_id=organisation_id,
                               language=language if language in ("da", "en") else "da")
    db.session.add(contact)
    touch(prototype)
    db.session.flush()
    _log(contact, actor, "", "invited")
    return contact


def reissue(*, contact: PrototypeContact, actor: Person) -> None:
    """A new link for the contact; earlier links stop working (the access stays)."""
    old = "revoked" if contact.revoked_at else "invited"
    contact.nonce = secrets.token_urlsafe(12)
    contact.revoked_at = None
    _log(contact, actor, old, "reissued")


def revoke(*, contact: PrototypeContact, actor: Person) -> None:
    """The contact's link stops working (it then says so) and the contact loses access to
    the prototype; a new link (``reissue``) gives it back."""
    contact.revoked_at = utcnow()
    _log(contact, actor, "invited", "revoked")
