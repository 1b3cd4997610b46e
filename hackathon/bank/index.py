"""Keeping the bank in sync with its sources: ``refresh_entry`` rebuilds one proposal's entry
(or removes it when consent, policy or status no longer allow it), and writes the full-text
index row of that entry only — adding an entry never rebuilds the index.

Call ``refresh_for_proposal(proposal_id)`` wherever a source changes: proposal submit,
withdraw and edits, publication and amendments of the decision, consent and policy changes,
and prototype writes (trial actions, indicators, learning notes, stage and status). Flushes,
never commits.
"""

from __future__ import annotations

from sqlalchemy import select, text

from hackathon.bank.facets import packed, target_groups_of
from hackathon.bank.text import stemmed_document
from hackathon.enums import ProposalStatus
from hackathon.extensions import db
from hackathon.models import (
    BankEntry,
    Decision,
    Event,
    LearningNote,
    Proposal,
    Prototype,
    utcnow,
)
from hackathon.models.bank import POLICY_NETWORK, POLICY_PUBLIC

SHARED_POLICIES = (POLICY_NETWORK, POLICY_PUBLIC)


def is_postgres() -> bool:
    """True when the session's database is PostgreSQL (else SQLite)."""
    return db.session.get_bind().dialect.name == "postgresql"


def eligible(proposal: Proposal) -> bool:
    """A proposal enters the bank only when submitted, its team consents and its event shares."""
    return (
        proposal.status == ProposalStatus.SUBMITTED
        and proposal.bank_consent
        and proposal.event.bank_policy in SHARED_POLICIES
    )


def refresh_for_proposal(proposal_id: int) -> BankEntry | None:
    """Rebuild (or remove) the entry of the proposal with this id; None when it has none."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None:
        remove_entry(proposal_id)
        return None
    return refresh_entry(proposal)


def refresh_event(event: Event) -> int:
    """Rebuild every entry of ``event`` (after a policy change); returns how many remain."""
    ids = db.session.scalars(select(Proposal.id).where(Proposal.event_id == event.id)).all()
    return sum(1 for pid in ids if refresh_for_proposal(pid) is not None)


def remove_entry(proposal_id: int) -> None:
    """Delete the proposal's entry and its index row at once."""
    entry = db.session.scalar(select(BankEntry).where(BankEntry.proposal_id == proposal_id))
    if entry is None:
        return
    if not is_postgres():
        db.session.execute(text("DELETE FROM bank_fts WHERE rowid = :id"), {"id": entry.id})
    db.session.delete(entry)
    db.session.flush()


def refresh_entry(proposal: Proposal) -> BankEntry | None:
    """Make the proposal's entry match its sources; None when it may not be in the bank."""
    if not eligible(proposal):
        remove_entry(proposal.id)
        return None
    entry = db.session.scalar(select(BankEntry).where(BankEntry.proposal_id == proposal.id))
    if entry is None:
        entry = BankEntry(proposal_id=proposal.id, event_id=proposal.event_id)
        db.session.add(entry)
    searchable = _fill(entry, proposal)
    entry.updated_at = utcnow()
    db.session.flush()
    _write_index(entry, searchable)
    return entry


def _published_decision(proposal: Proposal) -> Decision | None:
    if proposal.event.decision_published_at is None:
        return None
    return db.session.scalar(select(Decision).where(Decision.proposal_id == proposal.id))


def _fill(entry: BankEntry, proposal: Proposal) -> str:
    """Copy the sources into ``entry``; returns the searchable text."""
    event = proposal.event
    entry.visibility = event.bank_policy
    entry.title = proposal.title
    entry.summary = proposal.summary
    entry.target_group = proposal.target_group
    entry.problem = proposal.problem
    entry.idea = proposal.idea
    entry.trial_action = "\n".join(
        t for t in (proposal.trial_action_what, proposal.trial_action_where) if t
    )
    entry.value = "\n".join(
        t for t in (proposal.value_citizens, proposal.value_organisations) if t
    )
    decision = _published_decision(proposal)
    entry.outcome = decision.outcome.value if decision else None
    entry.rationale = decision.rationale if decision else ""
    prototype = db.session.scalar(select(Prototype).where(Prototype.proposal_id == proposal.id))
    learned: list[str] = []
    themes: list[str] = []
    extra: list[str] = []
    if prototype is not None and decision is not None:
        entry.stage = prototype.stage.value
        entry.status = prototype.status.value
        notes = db.session.scalars(
            select(LearningNote).where(LearningNote.prototype_id == prototype.id)
            .order_by(LearningNote.id)
        ).all()
        for note in notes:
            learned.append(note.text)
            themes.extend(note.themes or [])
        for action in prototype.trial_actions:
            extra.append(action.what)
            if action.learned:
                learned.append(action.learned)
        extra.extend(indicator.name for indicator in prototype.indicators)
    else:
        entry.stage = entry.status = None
    entry.learned = "\n".join(learned)
    entry.authors = (
        ", ".join(a.person.name for a in proposal.authors) if proposal.bank_named else ""
    )
    entry.event_title = event.title
    when = event.starts_at or event.created_at
    entry.year = when.year if when else None
    organisations = [link.organisation for link in proposal.organisations]
    if proposal.problem_owner is not None and proposal.problem_owner not in organisations:
        organisations.insert(0, proposal.problem_owner)
    entry.f_target = packed(target_groups_of(proposal.target_group + " " + proposal.problem))
    entry.f_sectors = packed(o.sector.value for o in organisations)
    entry.f_orgs = packed(o.id for o in organisations)
    entry.f_themes = packed(themes)
    return "\n".join(
        t for t in (
            entry.title, entry.summary, entry.target_group, entry.problem, entry.idea,
            entry.trial_action, entry.value, entry.rationale, entry.learned, *extra,
            *(o.name for o in organisations),
        ) if t
    )


def _write_index(entry: BankEntry, searchable: str) -> None:
    """Write this entry's full-text row (one row; the rest of the index is untouched)."""
    if is_postgres():
        db.session.execute(
            text("UPDATE bank_entry SET search_vector = to_tsvector('danish', :raw) "
                 "WHERE id = :id"),
            {"raw": searchable, "id": entry.id},
        )
    else:
        db.session.execute(text("DELETE FROM bank_fts WHERE rowid = :id"), {"id": entry.id})
        db.session.execute(
            text("INSERT INTO bank_fts(rowid, document) VALUES (:id, :doc)"),
            {"id": entry.id, "doc": stemmed_document(searchable)},
        )


def reindex_all() -> int:
    """Rebuild every entry from its sources (the ``hackathon bank reindex`` command)."""
    if not is_postgres():
        db.session.execute(text("DELETE FROM bank_fts"))
    ids = db.session.scalars(select(Proposal.id).order_by(Proposal.id)).all()
    return sum(1 for pid in ids if refresh_for_proposal(pid) is not None)
