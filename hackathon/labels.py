"""Translated, human names for the domain vocabularies of ``hackathon.enums``."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from hackathon.enums import (
    DiaStage,
    EvidenceKind,
    IndicatorSide,
    LearningTheme,
    MilestoneStatus,
    Outcome,
    Phase,
    ProposalStatus,
    PrototypeStatus,
    Role,
    Sector,
    TrialActionStatus,
)

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

DIA_STAGE = {
    DiaStage.DISCOVERY: _l("Discovery"),
    DiaStage.INCUBATION: _l("Incubation"),
    DiaStage.ACCELERATION: _l("Acceleration"),
}

PROTOTYPE_STATUS = {
    PrototypeStatus.IN_PROGRESS: _l("In progress"),
    PrototypeStatus.STANDBY: _l("On standby"),
    PrototypeStatus.STOPPED: _l("Stopped"),
    PrototypeStatus.IN_OPERATION: _l("In operation"),
    PrototypeStatus.SPREAD: _l("Spread"),
}

TRIAL_ACTION_STATUS = {
    TrialActionStatus.PLANNED: _l("Planned"),
    TrialActionStatus.DONE: _l("Done"),
    TrialActionStatus.CANCELLED: _l("Cancelled"),
}

MILESTONE_STATUS = {
    MilestoneStatus.PLANNED: _l("Planned"),
    MilestoneStatus.DONE: _l("Reached"),
    MilestoneStatus.MISSED: _l("Missed"),
}

INDICATOR_SIDE = {
    IndicatorSide.CITIZENS: _l("Citizens"),
    IndicatorSide.ORGANISATIONS: _l("Organisations"),
}

LEARNING_THEME = {
    LearningTheme.PROBLEM_OWNERSHIP: _l("Ownership of the problem"),
    LearningTheme.PROCESS_OWNERSHIP: _l("Process ownership"),
    LearningTheme.CITIZEN_VOICE: _l("Citizen voice and evidence"),
    LearningTheme.SHARED_VOCABULARY: _l("Shared vocabulary"),
    LearningTheme.FINANCING: _l("Financing"),
    LearningTheme.LAW_AND_DATA: _l("Law and data sharing"),
    LearningTheme.ORGANISATION: _l("Organisation"),
}

_BY_TYPE: dict[type, dict] = {
    DiaStage: DIA_STAGE,
    PrototypeStatus: PROTOTYPE_STATUS,
    TrialActionStatus: TRIAL_ACTION_STATUS,
    MilestoneStatus: MILESTONE_STATUS,
    IndicatorSide: INDICATOR_SIDE,
    LearningTheme: LEARNING_THEME,
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
