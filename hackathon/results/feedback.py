"""Telling the teams the decision: one message per author, in the author's language.

Messages are stored in the outbox first. With ``HACKATHON_MAIL_SERVER`` set they are sent by
SMTP after the publishing request commits; without it the facilitators see them on the outbox
page (and can pass them on by hand).
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from hackathon import formatting, labels
from hackathon.enums import Outcome
from hackathon.extensions import db
from hackathon.models import Decision, Event, OutboxMessage, Proposal, utcnow


def _proposal_address(proposal: Proposal) -> str:
    if has_request_context():
        return url_for("proposals.show", proposal_id=proposal.id, _external=True)
    return f"/proposals/{proposal.id}"


def compose(proposal: Proposal, decision: Decision, lang: str, amended: bool) -> tuple[str, str]:
    """(subject, body) of the outcome message for one team, in ``lang``."""
    with force_locale(lang):
        if amended:
            subject = _("The decision on your proposal has changed: %(title)s",
                        title=proposal.title)
        else:
            subject = _("The decision on your proposal: %(title)s", title=proposal.title)
        lines = [
            _("The event \"%(event)s\" has published its decision.", event=proposal.event.title),
            "",
            _("Your proposal: %(title)s", title=proposal.title),
            _("Outcome: %(outcome)s", outcome=labels.label(decision.outcome)),
        ]
        if decision.outcome == Outcome.MERGED and decision.merged_into is not None:
            lines.append(_("Merged into: %(title)s", title=decision.merged_into.title))
        lines += ["", _("Rationale:"), decision.rationale]
        if decision.outcome == Outcome.SELECTED:
            lines += ["", _("First trial action: %(action)s", action=decision.trial_action)]
            if decision.trial_date:
                lines.append(_("Date: %(date)s", date=formatting.date(decision.trial_date)))
        lines += ["", _("Read more on your proposal's page: %(url)s",
                        url=_proposal_address(proposal))]
        return subject, "\n".join(lines)


def queue_outcome_messages(*, event: Event, proposals: list[Proposal], amended: bool = False
                           ) -> int:
    """Add one message per author of each proposal to the outbox; returns how many."""
    decisions = {
        d.proposal_id: d
        for d in db.session.scalars(select(Decision).where(Decision.event_id == event.id))
    }
    count = 0
    for proposal in proposals:
        decision = decisions.get(proposal.id)
        if decision is None:
            continue
        for author in proposal.authors:
            person = author.person
            lang = person.language if person.language in current_app.config["LANGUAGES"] \
                else current_app.config["BABEL_DEFAULT_LOCALE"]
            subject, body = compose(proposal, decision, lang, amended)
            db.session.add(OutboxMessage(
                event_id=event.id, recipient_id=person.id, email=person.email or "",
                language=lang, subject=subject[:300], body=body,
            ))
            count += 1
    db.session.flush()
    return count


def mail_configured() -> bool:
    """True when an SMTP server is configured."""
    return bool(current_app.config.get("MAIL_SERVER"))


def deliver_pending(event: Event) -> tuple[int, int]:
    """Send the event's unsent messages that have an address; (sent, failed). Commits."""
    if not mail_configured():
        return 0, 0
    config = current_app.config
    pending = list(db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.event_id == event.id,
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.email != "",
        ).order_by(OutboxMessage.id)
    ))
    if not pending:
        return 0, 0
    sent = failed = 0
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]),
                          timeout=config["MAIL_TIMEOUT"]) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            for message in pending:
                email = EmailMessage()
                email["From"] = config["MAIL_SENDER"]
                email["To"] = message.email
                email["Subject"] = message.subject
                email.set_content(message.body)
                try:
                    smtp.send_message(email)
                except smtplib.SMTPException as exc:
                    message.error = str(exc)[:500]
                    failed += 1
                else:
                    message.sent_at = utcnow()
                    message.error = ""
                    sent += 1
    except (OSError, smtplib.SMTPException) as exc:
        current_app.logger.exception("sending the decision messages failed")
        for message in pending:
            if message.sent_at is None:
                message.error = str(exc)[:500]
        failed = len(pending) - sent
    db.session.commit()
    return sent, failed
