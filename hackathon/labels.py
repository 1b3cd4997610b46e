"""Translated, human names for the domain vocabularies of ``hackathon.enums``."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from hackathon.enums import EvidenceKind, Outcome, Phase, ProposalStatus, Role, Sector

SECTOR = {
    Sector.MUNICIPALITY: _l("Municipality"),
    Sector.REGION: _l("Region"),
    Sector.HOSPITAL: _l("Hospital"),
    Sector.GENERAL_PRACTICE: _l("General practice"),
    Sector.KNOWLEDGE_INSTITUTION: _l("Knowledge institution"),
    Sector.CIVIL_SOCIETY: _l("Civil society"),
    Sector.COMPANY: _l("Company"),
    Sector.OTHER: _l("Other"),
}

PHASE = {
    Phase.SETUP: _l("Setup"),
    Phase.SUBMISSION: _l("Submission"),
    Phase.QUALIFICATION: _l("Qualification round"),
    Phase.DECISION: _l("Decision"),
    Phase.FOLLOW_UP: _l("Follow-up"),
    Phase.ARCHIVED: _l("Archived"),
}

PHASE_EXPLAINED = {
    Phase.SETUP: _l("The facilitators prepare the event. Participants can already join."),
    Phase.SUBMISSION: _l("Teams write their proposals and submit them before the deadline."),
    Phase.QUALIFICATION: _l("Reviewers score the submitted proposals."),
    Phase.DECISION: _l("The proposals are ranked and the decision on testing is made."),
    Phase.FOLLOW_UP: _l("The chosen prototypes are tested with citizens and followed up."),
    Phase.ARCHIVED: _l("The event is closed and kept for reference."),
}

ROLE = {
    Role.FACILITATOR: _l("Facilitator"),
    Role.REVIEWER: _l("Reviewer"),
    Role.PARTICIPANT: _l("Participant"),
    Role.OBSERVER: _l("Observer"),
}

PROPOSAL_STATUS = {
    ProposalStatus.DRAFT: _l("Draft"),
    ProposalStatus.SUBMITTED: _l("Submitted"),
    ProposalStatus.WITHDRAWN: _l("Withdrawn"),
}

EVIDENCE_KIND = {
    EvidenceKind.FIRST_HAND: _l("First-hand (citizens' own accounts)"),
    EvidenceKind.SECOND_HAND: _l("Second-hand (professionals' accounts)"),
    EvidenceKind.BOTH: _l("Both first-hand and second-hand"),
}

OUTCOME = {
    Outcome.SELECTED: _l("Selected for testing"),
    Outcome.WAITLIST: _l("Waiting list"),
    Outcome.NOT_SELECTED: _l("Not selected"),
    Outcome.MERGED: _l("Merged into another proposal"),
}

_BY_TYPE: dict[type, dict] = {
    Outcome: OUTCOME,
    Sector: SECTOR,
    Phase: PHASE,
    Role: ROLE,
    ProposalStatus: PROPOSAL_STATUS,
    EvidenceKind: EVIDENCE_KIND,
}


def label(value: StrEnum | None) -> str:
    """The translated name of an enum member (a Jinja filter: ``{{ event.phase|label }}``)."""
    if value is None:
        return ""
    return str(_BY_TYPE[type(value)][value])


def choices(enum_cls: type[StrEnum], members=None) -> list[SelectChoice]:
    """Options with translated labels for a form's select field (all members by default)."""
    table = _BY_TYPE[enum_cls]
    return [SelectChoice(member.value, table[member]) for member in (members or enum_cls)]
