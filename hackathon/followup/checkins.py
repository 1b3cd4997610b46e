"""Check-ins, so silence is visible: every ``event.checkin_weeks`` weeks each active prototype's
contacts are asked, in their language, for a two-minute update (status, what happened, next
step) with a link to the update page.

Messages go to the outbox (``OutboxMessage``) and are sent by SMTP when a mail server is
configured (``hackathon.results.feedback.deliver_pending``); otherwise the facilitators see them
on the outbox page. Asking is idempotent: a prototype asked less than ``checkin_weeks`` weeks ago
is not asked again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, has_request_context, request, url_for
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from hackathon import labels
from hackathon.audit import services as audit
from hackathon.enums import Role
from hackathon.extensions import db
from hackathon.followup.board import ACTIVE
from hackathon.models import (
    Event,
    EventRole,
    OutboxMessage,
    Person,
    Prototype,
    PrototypeContact,
    utcnow,
)


@dataclass
class Recipient:
    """Someone asked for an update: name, address, language, and the person if known."""

    name: str
    email: str
    language: str
    person_id: int | None


def update_address(prototype: Prototype) -> str:
    """The absolute address of the prototype's update page (the path alone outside a request
    without ``BASE_URL``)."""
    path = f"/prototypes/{prototype.id}/update"
    if has_request_context():
        if "followup.update" in current_app.view_functions:
            return url_for("followup.update", prototype_id=prototype.id, _external=True)
        return request.host_url.rstrip("/") + path
    return current_app.config.get("BASE_URL", "").rstrip("/") + path


def _language(value: str | None) -> str:
    languages = current_app.config["LANGUAGES"]
    return value if value in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def recipients(prototype: Prototype) -> list[Recipient]:
    """The contacts with an email address (not revoked); if none, the event's facilitators."""
    found = [
        Recipient(c.name, c.email.strip(), _language(c.language), c.person_id)
        for c in prototype.contacts
        if c.email.strip() and c.revoked_at is None
    ]
    if found:
        return found
    facilitators = db.session.scalars(
        select(Person)
        .join(EventRole, EventRole.person_id == Person.id)
        .where(EventRole.event_id == prototype.event_id, EventRole.role == Role.FACILITATOR)
        .order_by(Person.name)
    )
    return [Recipient(p.name, p.email or "", _language(p.language), p.id) for p in facilitators]


def compose(prototype: Prototype, recipient: Recipient) -> tuple[str, str]:
    """(subject, body) of the check-in message, in the recipient's language."""
    with force_locale(recipient.language):
        subject = _("Two minutes: how is %(title)s going?", title=prototype.title)
        lines = [
            _("Dear %(name)s,", name=recipient.name),
            "",
            _("You follow the prototype \"%(title)s\" from the event \"%(event)s\". It is "
              "%(stage)s, %(status)s.", title=prototype.title, event=prototype.event.title,
              stage=labels.label(prototype.stage).lower(),
              status=labels.label(prototype.status).lower()),
            _("Please take two minutes to tell us:"),
            "  - " + _("the status in a few words,"),
            "  - " + _("what has happened since the last update,"),
            "  - " + _("the next step."),
            "",
            _("Write your update here: %(url)s", url=update_address(prototype)),
            "",
            _("Last update: %(date)s.", date=format_date(prototype.last_update_at, "long")),
            _("Prototypes without an update for 60 days are shown as silent on the portfolio "
              "board."),
        ]
        return subject, "\n".join(lines)


def due(prototype: Prototype, now: datetime) -> bool:
    """True when an active prototype was never asked, or last asked at least
    ``event.checkin_weeks`` weeks before ``now``."""
    if prototype.status not in ACTIVE:
        return False
    if prototype.last_checkin_at is None:
        return True
    weeks = max(int(prototype.event.checkin_weeks or 4), 1)
    return now - prototype.last_checkin_at >= timedelta(weeks=weeks)


def ask(prototype: Prototype, now: datetime, actor: Person | None = None) -> list[Recipient]:
    """Queue the check-in messages of one prototype and record whom and when; returns the
    recipients (none: nothing recorded). Flushes."""
    people = recipients(prototype)
    if not people:
        return []
    names = ", ".join(r.name for r in people)
    # Claim the prototype: of two runs at once (cron and the button, two workers), only the
    # one whose UPDATE still finds the check-in time it read asks; the other asks nobody.
    seen = prototype.last_checkin_at
    claimed = db.session.execute(
        update(Prototype)
        .where(Prototype.id == prototype.id,
               Prototype.last_checkin_at.is_(None) if seen is None
               else Prototype.last_checkin_at == seen)
        .values(last_checkin_at=now, last_checkin_to=names)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        db.session.refresh(prototype)
        return []
    for recipient in people:
        subject, body = compose(prototype, recipient)
        db.session.add(OutboxMessage(
            event_id=prototype.event_id, recipient_id=recipient.person_id,
            email=recipient.email, language=recipient.language, subject=subject[:300],
            body=body, created_at=now,
        ))
    set_committed_value(prototype, "last_checkin_at", now)
    set_committed_value(prototype, "last_checkin_to", names)
    audit.record(event=prototype.event, actor=actor, action="prototype",
                 proposal=prototype.proposal, change="checkin", prototype=prototype.title,
                 old="", new=prototype.last_checkin_to, reason="")
    db.session.flush()
    return people


def send_checkins(*, now: datetime | None = None, event: Event | None = None,
                  actor: Person | None = None) -> list[tuple[Prototype, list[Recipient]]]:
    """Ask every prototype that is due (of one event, or of all); returns what was asked.
    Flushes; the caller commits (and then delivers by SMTP when configured)."""
    now = now or utcnow()
    query = (
        select(Prototype)
        .where(Prototype.status.in_(ACTIVE))
        .options(selectinload(Prototype.contacts).selectinload(PrototypeContact.organisation),
                 selectinload(Prototype.event))
        .order_by(Prototype.id)
    )
    if event is not None:
        query = query.where(Prototype.event_id == event.id)
    asked = []
    for prototype in db.session.scalars(query):
        if due(prototype, now):
            people = ask(prototype, now, actor)
            if people:
                asked.append((prototype, people))
    return asked
