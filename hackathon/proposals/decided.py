"""The rule for proposals once their event's decision is published.

The published decision and the ranking it rests on are a record. From then on no proposal's
status changes (a decided proposal is not withdrawn or dropped back to draft; an undecided one
cannot join a decision that is already made) and no proposal is reopened; a change of outcome is
an amendment of the decision, with its reason (``hackathon.results.decisions``). The services
use these functions to refuse with a clear message; ``DecisionRecordIsLocked`` (models) is the
backstop for any other path.
"""

from __future__ import annotations

from flask_babel import gettext as _

from hackathon.models import Proposal


def decision_published(proposal: Proposal) -> bool:
    """True when the decision of the proposal's event is published."""
    return proposal.event.decision_published_at is not None


def status_refusal() -> str:
    """Why the status of a proposal cannot change after publication (translated)."""
    return _("The decision is published, so this proposal's status can no longer change. If "
             "its outcome must change, the facilitators amend the decision with a reason.")


def reopen_refusal() -> str:
    """Why a proposal cannot be reopened after publication (translated)."""
    return _("The decision is published, so proposals can no longer be reopened. To change an "
             "outcome, amend the decision with a reason.")


def required_field_refusal(what: str) -> str:
    """Why a required field of a decided proposal was not emptied (translated); ``what`` is
    the field's own requirement, e.g. its label."""
    return _("Not saved: the decision on this proposal is published, so a required field "
             "cannot be emptied (%(what)s). Your text is kept here.", what=what)


def restore_refusal(what: str) -> str:
    """Why a decided proposal cannot go back to a version lacking required fields."""
    return _("The decision on this proposal is published, so it cannot go back to a version "
             "that lacks required fields (%(what)s).", what=what)
