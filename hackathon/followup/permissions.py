"""Who may read and change a prototype. Each function is tested for every role.

- Facilitators of the prototype's event read and change everything: stage and status, the
  team's permission to contribute, the contacts and their links.
- A contact person of THIS prototype (who opened their personal link) reads it and records
  the follow-up: trial actions, milestones, indicators and measurements, business case and
  funding, learning notes and updates. Stage and status stay the facilitators' decision (a
  contact writes what they propose in an update); a contact has no rights in other prototypes.
- Observers of the event read.
- The proposal's team reads its own prototype, and adds trial actions and learning notes when
  the facilitators allow it (``team_may_contribute``).
- Everyone else (reviewers and participants outside the team, facilitators of other events):
  no access. Once the event is archived, nobody writes.
"""

from __future__ import annotations

from sqlalchemy import select

from hackathon.enums import Phase, Role
from hackathon.events.queries import roles_in
from hackathon.extensions import db
from hackathon.models import Event, EventRole, ProposalAuthor, Prototype, PrototypeContact


def _signed_in(person) -> bool:
    return person is not None and getattr(person, "is_authenticated", False)


def is_facilitator(person, prototype: Prototype) -> bool:
    """A facilitator of the prototype's event."""
    return Role.FACILITATOR in roles_in(person, prototype.event)


def is_contact(person, prototype: Prototype) -> bool:
    """A contact person of this prototype who accepted the link (and was not revoked)."""
    if not _signed_in(person):
        return False
    return db.session.scalar(
        select(PrototypeContact.id).where(
            PrototypeContact.prototype_id == prototype.id,
            PrototypeContact.person_id == person.id,
            PrototypeContact.revoked_at.is_(None),
        ).limit(1)
    ) is not None


def is_team_member(person, prototype: Prototype) -> bool:
    """An author of the proposal the prototype came from."""
    if not _signed_in(person):
        return False
    return db.session.scalar(
        select(ProposalAuthor.id).where(
            ProposalAuthor.proposal_id == prototype.proposal_id,
            ProposalAuthor.person_id == person.id,
        ).limit(1)
    ) is not None


def _writable(prototype: Prototype) -> bool:
    return prototype.event.phase != Phase.ARCHIVED


def can_list(person, event: Event) -> bool:
    """The event's list of prototypes: facilitators and observers, and the event's teams
    (each sees only the prototypes it may read)."""
    return bool(roles_in(person, event) & {Role.FACILITATOR, Role.OBSERVER, Role.PARTICIPANT})


def sees_whole_portfolio(person) -> bool:
    """Facilitator accounts and facilitators of any event see every prototype of the
    installation (the portfolio board), read-only outside their own events."""
    if not _signed_in(person):
        return False
    return bool(person.is_facilitator_account or db.session.scalar(
        select(EventRole.id).where(EventRole.person_id == person.id,
                                   EventRole.role == Role.FACILITATOR).limit(1)))


def can_read(person, prototype: Prototype) -> bool:
    """Facilitators and observers of the event, its contacts, its own team, and whoever sees
    the whole portfolio (they see it on the board; reading its page is no more)."""
    if roles_in(person, prototype.event) & {Role.FACILITATOR, Role.OBSERVER}:
        return True
    return (is_contact(person, prototype) or is_team_member(person, prototype)
            or sees_whole_portfolio(person))


def can_manage(person, prototype: Prototype) -> bool:
    """Stage, status, team permission and contacts: the event's facilitators."""
    return _writable(prototype) and is_facilitator(person, prototype)


def can_record(person, prototype: Prototype) -> bool:
    """Milestones, indicators, measurements, business case, funding and updates: facilitators
    and this prototype's contacts."""
    if not _writable(prototype):
        return False
    return is_facilitator(person, prototype) or is_contact(person, prototype)


def can_contribute(person, prototype: Prototype) -> bool:
    """Trial actions and learning notes: those who record, and the team when allowed."""
    if can_record(person, prototype):
        return True
    return (_writable(prototype) and prototype.team_may_contribute
            and is_team_member(person, prototype))


def can_edit_trial_action(person, prototype: Prototype, trial_action) -> bool:
    """Facilitators and contacts edit every trial action; a team member (when the team may
    contribute) edits the ones they added."""
    if can_record(person, prototype):
        return True
    return (can_contribute(person, prototype) and _signed_in(person)
            and trial_action.created_by_id == person.id)
