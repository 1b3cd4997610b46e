"""The bank's writes: policy, consent, interest, messages to owners, copying an entry into
another event. Keyword-only; flush, never commit."""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from hackathon.audit.services import record
from hackathon.bank import index
from hackathon.extensions import db
from hackathon.models import (
    BankEntry,
    BankInterest,
    Event,
    OutboxMessage,
    Person,
    Proposal,
    ProposalAuthor,
    new_team_code_for,
)
from hackathon.models.bank import POLICIES

COPIED_FIELDS = ("summary", "target_group", "problem", "idea", "trial_action_what",
                 "trial_action_where", "value_citizens", "value_organisations", "measurement",
                 "scaling")


class BankError(ValueError):
    """A refused bank action, with a message for the person."""


def set_policy(*, event: Event, actor: Person, policy: str) -> None:
    """Set the event's bank policy and rebuild its entries at once (audited)."""
    if policy not in POLICIES:
        raise BankError(_("Choose how the event's proposals are shared."))
    old = event.bank_policy
    if old == policy:
        return
    event.bank_policy = policy
    db.session.flush()
    index.refresh_event(event)
    record(event=event, actor=actor, action="bank", change="policy", old=old, new=policy)


def set_consent(*, proposal: Proposal, actor: Person, consent: bool, named: bool) -> None:
    """The team's consent (and whether names show); withdrawing removes the entry at once."""
    old = {"consent": proposal.bank_consent, "named": proposal.bank_named}
    proposal.bank_consent = consent
    proposal.bank_named = named and consent
    new = {"consent": proposal.bank_consent, "named": proposal.bank_named}
    if old == new:
        return
    db.session.flush()
    index.refresh_entry(proposal)
    record(event=proposal.event, actor=actor, action="bank", proposal=proposal,
           change="consent", old=old, new=new)


def _message_authors(proposal: Proposal, subject_of, body_of) -> int:
    """One outbox message to each author of ``proposal``, in their language."""
    count = 0
    for author in proposal.authors:
        person = author.person
        lang = person.language if person.language in current_app.config["LANGUAGES"] \
            else current_app.config["BABEL_DEFAULT_LOCALE"]
        with force_locale(lang):
            subject, body = subject_of(), body_of()
        db.session.add(OutboxMessage(
            event_id=proposal.event_id, recipient_id=person.id, email=person.email or "",
            language=lang, subject=subject[:300], body=body,
        ))
        count += 1
    db.session.flush()
    return count


def _entry_url(entry: BankEntry) -> str:
    return url_for("bank.entry", proposal_id=entry.proposal_id, _external=True)


def _sender(person: Person) -> str:
    org = person.organisation.name if person.organisation else ""
    return f"{person.name} ({org})" if org else person.name


def mark_interest(*, entry: BankEntry, person: Person) -> bool:
    """Record that the person's organisation finds the entry relevant and tell the owners;
    False when that organisation had already said so."""
    if person.organisation_id is None:
        raise BankError(_("Add your organisation to your profile first."))
    exists = db.session.scalar(select(BankInterest.id).where(
        BankInterest.proposal_id == entry.proposal_id,
        BankInterest.organisation_id == person.organisation_id))
    if exists is not None:
        return False
    db.session.add(BankInterest(proposal_id=entry.proposal_id,
                                organisation_id=person.organisation_id, person_id=person.id))
    org = person.organisation.name
    _message_authors(
        entry.proposal,
        lambda: _("%(org)s is interested in %(title)s", org=org, title=entry.title),
        lambda: "\n".join([
            _("%(sender)s marked your proposal %(title)s in the knowledge bank as relevant "
              "for their organisation: \"Could it work for us?\"",
              sender=_sender(person), title=entry.title),
            "", _("The entry: %(url)s", url=_entry_url(entry)),
        ]),
    )
    return True


def contact_owners(*, entry: BankEntry, person: Person, message: str) -> int:
    """Send the owners a message through the app (their addresses are never shown)."""
    reply = person.email or ""
    return _message_authors(
        entry.proposal,
        lambda: _("A question about %(title)s from the knowledge bank", title=entry.title),
        lambda: "\n".join([
            _("%(sender)s writes about your proposal %(title)s:", sender=_sender(person),
              title=entry.title),
            "", message.strip(), "",
            (_("Reply to: %(email)s", email=reply) if reply else
             _("The sender left no e-mail address.")),
            _("The entry: %(url)s", url=_entry_url(entry)),
        ]),
    )


def copy_into_event(*, entry: BankEntry, event: Event, facilitator: Person) -> Proposal:
    """A new draft in ``event`` with the entry's fields, linked to where it came from."""
    if event.id == entry.event_id:
        raise BankError(_("The entry already belongs to this event."))
    source = entry.proposal
    proposal = Proposal(event=event, title=source.title, team_code=new_team_code_for(event.id),
                        bank_source_id=source.id)
    for name in COPIED_FIELDS:
        setattr(proposal, name, getattr(source, name))
    proposal.goals = list(source.goals or [])
    proposal.authors.append(ProposalAuthor(person=facilitator))
    db.session.add(proposal)
    db.session.flush()
    record(event=event, actor=facilitator, action="bank", proposal=proposal, change="copied",
           old=entry.public_id, new=proposal.id)
    return proposal
