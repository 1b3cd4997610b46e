"""Writes for proposals: start, teams, saving with merge, submit, withdraw, reopen, restore.

Every function flushes and never commits. Every change of a proposal's content or status is a
``ProposalRevision`` with the old and new value of each changed field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update

from hackathon.bank import index as bank_index
from hackathon.enums import ProposalStatus
from hackathon.extensions import db
from hackathon.models import (
    Event,
    Person,
    Proposal,
    ProposalAuthor,
    ProposalRevision,
    new_team_code_for,
    utcnow,
)
from hackathon.proposals import decided
from hackathon.proposals import values as v
from hackathon.review.roles import ensure_may_author

STATUS_FIELD = "status"


class ProposalError(ValueError):
    """A write that is not possible; ``code`` names the rule."""

    def __init__(self, code: str, detail: object = None):
        super().__init__(code)
        self.code = code
        self.detail = detail


@dataclass
class SaveResult:
    """What a save did: the new version, what was applied, and the conflicts left."""

    version: int
    saved_at: datetime
    applied: list[str] = field(default_factory=list)
    conflicts: dict[str, dict[str, str]] = field(default_factory=dict)
    duplicate: bool = False
    back_to_draft: bool = False
    # Fields left unsaved because emptying them would drop a decided proposal to draft after
    # the decision's publication: {field name: translated reason}.
    refused: dict[str, str] = field(default_factory=dict)


def lock_proposal_row(proposal_id: int) -> None:
    """Take the write lock on one proposal before reading it (see ``lock_proposal``): the reads
    that follow in the same transaction see the latest committed state, with no reload."""
    db.session.execute(
        update(Proposal).where(Proposal.id == proposal_id).values(version=Proposal.version)
    )


def lock_proposal(proposal: Proposal) -> None:
    """Serialise writes to one proposal and reload it with the latest committed state.

    A no-op UPDATE takes the row lock on PostgreSQL and the write lock on SQLite (where it is
    the transaction's first write, so the following reads see the newest data). Without it two
    saves of the same version race to write the same revision number.
    """
    db.session.execute(
        update(Proposal).where(Proposal.id == proposal.id).values(version=Proposal.version)
    )
    db.session.refresh(proposal)


def _record(
    proposal: Proposal, author: Person | None, changes: dict, kind: str, save_id: str | None = None
) -> ProposalRevision:
    proposal.version += 1
    proposal.updated_at = utcnow()
    revision = ProposalRevision(
        proposal_id=proposal.id,
        version=proposal.version,
        author_id=author.id if author else None,
        changes=changes,
        kind=kind,
        save_id=save_id,
        created_at=proposal.updated_at,
    )
    db.session.add(revision)
    db.session.flush()
    if proposal.bank_consent:  # the knowledge bank's entry follows every change
        bank_index.refresh_entry(proposal)
    return revision


def start_proposal(*, event: Event, author: Person, title: str) -> Proposal:
    """Create a draft with ``author`` as its first team member (not a reviewer: RoleConflict)."""
    ensure_may_author(event=event, person=author)
    proposal = Proposal(
        event=event, title=title.strip(), team_code=new_team_code_for(event.id), version=0
    )
    proposal.authors.append(ProposalAuthor(person=author))
    db.session.add(proposal)
    db.session.flush()
    _record(proposal, author, {"title": ["", proposal.title]}, "create")
    return proposal


def join_team(*, proposal: Proposal, person: Person) -> bool:
    """Add ``person`` to the team; False when they were already in it (RoleConflict when they
    review in the event and the facilitator has not allowed both roles)."""
    ensure_may_author(event=proposal.event, person=person)
    if any(a.person_id == person.id for a in proposal.authors):
        return False
    proposal.authors.append(ProposalAuthor(person=person))
    db.session.flush()
    return True


def leave_team(*, proposal: Proposal, person: Person) -> None:
    """Remove ``person`` from the team; the last author cannot leave a proposal that is live."""
    link = next((a for a in proposal.authors if a.person_id == person.id), None)
    if link is None:
        raise ProposalError("not_author")
    if len(proposal.authors) == 1 and proposal.status != ProposalStatus.WITHDRAWN:
        raise ProposalError("last_author")
    proposal.authors.remove(link)
    db.session.flush()


def revisions_since(proposal: Proposal, version: int) -> list[ProposalRevision]:
    """The revisions after ``version``, oldest first."""
    return list(
        db.session.scalars(
            select(ProposalRevision)
            .where(ProposalRevision.proposal_id == proposal.id, ProposalRevision.version > version)
            .order_by(ProposalRevision.version)
        )
    )


def state_at(proposal: Proposal, version: int) -> dict[str, str]:
    """The field values as they were at ``version``, rebuilt by undoing later revisions."""
    state = v.read_values(proposal)
    for revision in reversed(revisions_since(proposal, version)):
        for name, (old, _new) in revision.changes.items():
            if name in state:
                state[name] = old
    return state


def save_fields(
    *,
    proposal: Proposal,
    author: Person,
    base_version: int,
    values: dict[str, str],
    save_id: str | None = None,
    locked: bool = False,
) -> SaveResult:
    """Save clean field values written against ``base_version``; merge, never overwrite.

    A field someone else changed since ``base_version`` is a conflict when this save changes it
    too, to something else; it is then left as it is and reported with both texts. Other fields
    are applied. A retried save (same ``save_id``) is stored once. ``locked`` says the caller
    took the lock (``lock_proposal_row``) before loading ``proposal``.
    """
    if not locked:
        lock_proposal(proposal)
    if save_id:
        earlier = db.session.scalar(
            select(ProposalRevision).where(
                ProposalRevision.proposal_id == proposal.id, ProposalRevision.save_id == save_id
            )
        )
        if earlier is not None:
            return SaveResult(
                version=proposal.version, saved_at=earlier.created_at,
                applied=list(earlier.changes), duplicate=True,
            )
    if base_version > proposal.version or base_version < 0:
        raise ProposalError("bad_version")
    current = v.read_values(proposal)
    changed_by_others: set[str] = set()
    base = current
    if base_version < proposal.version:
        for revision in revisions_since(proposal, base_version):
            changed_by_others.update(revision.changes)
        base = state_at(proposal, base_version)

    to_apply: dict[str, str] = {}
    conflicts: dict[str, dict[str, str]] = {}
    for name, new in values.items():
        if new == current[name]:
            continue
        if name not in changed_by_others:
            to_apply[name] = new
        elif base[name] == new:
            continue  # this author did not touch it; keep the other author's change
        else:
            conflicts[name] = {"mine": new, "theirs": current[name], "base": base[name]}

    result = SaveResult(version=proposal.version, saved_at=proposal.updated_at)
    result.conflicts = conflicts
    if proposal.status == ProposalStatus.SUBMITTED and decided.decision_published(proposal):
        # The decision rests on this proposal: it stays submitted, so a required field is not
        # emptied (the other fields are saved; the author's text stays in the form).
        for name, what in v.missing_for_submission({**current, **to_apply}):
            if name in to_apply:
                del to_apply[name]
                result.refused[name] = decided.required_field_refusal(what)
    if not to_apply:
        return result
    changes = {name: [current[name], new] for name, new in to_apply.items()}
    v.apply_values(proposal, to_apply)
    if proposal.status == ProposalStatus.SUBMITTED and v.missing_for_submission(
        v.read_values(proposal)
    ) and not decided.decision_published(proposal):
        # A submitted proposal must stay complete: it goes back to draft, visibly.
        proposal.status = ProposalStatus.DRAFT
        proposal.submitted_at = None
        changes[STATUS_FIELD] = [ProposalStatus.SUBMITTED.value, ProposalStatus.DRAFT.value]
        result.back_to_draft = True
    revision = _record(proposal, author, changes, "edit", save_id)
    result.version = proposal.version
    result.saved_at = revision.created_at
    result.applied = sorted(to_apply)
    return result


def submit(*, proposal: Proposal, author: Person) -> None:
    """Mark the proposal ready for qualification; raises ProposalError("missing", [...])."""
    lock_proposal(proposal)
    missing = v.missing_for_submission(v.read_values(proposal))
    if missing:
        raise ProposalError("missing", missing)
    if proposal.status == ProposalStatus.SUBMITTED:
        return
    _set_status(proposal, author, ProposalStatus.SUBMITTED, "submit")
    proposal.submitted_at = utcnow()


def withdraw(*, proposal: Proposal, author: Person) -> None:
    """Take the proposal out of the qualification round (it can be taken back up as a draft)."""
    _set_status(proposal, author, ProposalStatus.WITHDRAWN, "withdraw")
    proposal.submitted_at = None


def resume(*, proposal: Proposal, author: Person) -> None:
    """Bring a withdrawn proposal back as a draft."""
    _set_status(proposal, author, ProposalStatus.DRAFT, "resume")


def _set_status(proposal: Proposal, author: Person, status: ProposalStatus, kind: str) -> None:
    """Change the status, as a revision; raises ProposalError("published") once the event's
    decision is published (see ``decided``)."""
    lock_proposal(proposal)
    if proposal.status == status:
        return
    if decided.decision_published(proposal):
        raise ProposalError("published", decided.status_refusal())
    changes = {STATUS_FIELD: [proposal.status.value, status.value]}
    proposal.status = status
    _record(proposal, author, changes, kind)


def reopen(*, proposal: Proposal, facilitator: Person, until: datetime) -> None:
    """Let the team edit this one proposal after the deadline, until ``until`` (UTC); raises
    ProposalError("published") once the event's decision is published."""
    lock_proposal(proposal)
    if decided.decision_published(proposal):
        raise ProposalError("published", decided.reopen_refusal())
    old = proposal.reopened_until.isoformat() if proposal.reopened_until else ""
    proposal.reopened_until = until
    _record(proposal, facilitator, {"reopened_until": [old, until.isoformat()]}, "reopen")


def restore(*, proposal: Proposal, facilitator: Person, revision: ProposalRevision) -> list[str]:
    """Bring the fields back to how they were at ``revision``, as a new revision. Raises
    ProposalError("published") when that would empty a required field of a proposal whose
    decision is published (it stays submitted, see ``decided``)."""
    lock_proposal(proposal)
    target = state_at(proposal, revision.version)
    current = v.read_values(proposal)
    if proposal.status == ProposalStatus.SUBMITTED and decided.decision_published(proposal):
        missing = v.missing_for_submission(target)
        if missing:
            raise ProposalError("published", decided.restore_refusal(
                v.join_missing(missing)))
    to_apply = {name: value for name, value in target.items() if current[name] != value}
    if not to_apply:
        return []
    v.apply_values(proposal, to_apply)
    changes = {name: [current[name], new] for name, new in to_apply.items()}
    _record(proposal, facilitator, changes, "restore")
    return sorted(to_apply)
