"""Domain vocabularies shared by models, services and views (values are stored in the database)."""

from __future__ import annotations

from enum import StrEnum


class Sector(StrEnum):
    """The sector an organisation belongs to; a proposal's cross-sector profile is built from it."""

    MUNICIPALITY = "municipality"
    REGION = "region"
    HOSPITAL = "hospital"
    GENERAL_PRACTICE = "general_practice"
    KNOWLEDGE_INSTITUTION = "knowledge_institution"
    CIVIL_SOCIETY = "civil_society"
    COMPANY = "company"
    OTHER = "other"


class Phase(StrEnum):
    """An event's phases, in the order an event moves through them."""

    SETUP = "setup"
    SUBMISSION = "submission"
    QUALIFICATION = "qualification"
    DECISION = "decision"
    FOLLOW_UP = "follow_up"
    ARCHIVED = "archived"

    @property
    def index(self) -> int:
        """Position in the phase sequence (0 = setup)."""
        return list(Phase).index(self)

    def next(self) -> Phase | None:
        """The phase after this one, or None for the last."""
        phases = list(Phase)
        return phases[self.index + 1] if self.index + 1 < len(phases) else None

    def previous(self) -> Phase | None:
        """The phase before this one, or None for the first."""
        return list(Phase)[self.index - 1] if self.index > 0 else None


class Role(StrEnum):
    """What a person is in one event. A person may hold several roles in one event."""

    FACILITATOR = "facilitator"
    REVIEWER = "reviewer"
    PARTICIPANT = "participant"
    OBSERVER = "observer"


class ProposalStatus(StrEnum):
    """Life cycle of a proposal."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


class EvidenceKind(StrEnum):
    """Whether the problem rests on citizens' own accounts or on what others say about them."""

    FIRST_HAND = "first_hand"
    SECOND_HAND = "second_hand"
    BOTH = "both"


class Outcome(StrEnum):
    """What the decision says about one proposal."""

    SELECTED = "selected"
    WAITLIST = "waitlist"
    NOT_SELECTED = "not_selected"
    MERGED = "merged"


class DiaStage(StrEnum):
    """The network's model of a prototype's path: Discovery, Incubation, Acceleration (DIA)."""

    DISCOVERY = "discovery"
    INCUBATION = "incubation"
    ACCELERATION = "acceleration"

    @property
    def index(self) -> int:
        """Position in the DIA sequence (0 = Discovery)."""
        return list(DiaStage).index(self)


class PrototypeStatus(StrEnum):
    """Where a prototype stands within its stage."""

    IN_PROGRESS = "in_progress"
    STANDBY = "standby"  # with a reason and an expected restart date
    STOPPED = "stopped"  # with what was learned
    IN_OPERATION = "in_operation"  # with the organisation that runs it
    SPREAD = "spread"  # to which other organisations


class TrialActionStatus(StrEnum):
    """A trial action is planned until it is done (or cancelled)."""

    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"


class MilestoneStatus(StrEnum):
    """A milestone's state."""

    PLANNED = "planned"
    DONE = "done"
    MISSED = "missed"


class IndicatorSide(StrEnum):
    """Whose value an indicator measures."""

    CITIZENS = "citizens"
    ORGANISATIONS = "organisations"


class LearningTheme(StrEnum):
    """The seeds' themes a learning note is tagged with."""

    PROBLEM_OWNERSHIP = "problem_ownership"
    PROCESS_OWNERSHIP = "process_ownership"
    CITIZEN_VOICE = "citizen_voice"  # citizen voice and evidence
    SHARED_VOCABULARY = "shared_vocabulary"
    FINANCING = "financing"
    LAW_AND_DATA = "law_and_data"  # law and data sharing
    ORGANISATION = "organisation"


class OrganisationStatus(StrEnum):
    """An organisation's place on an event's list: approved by the facilitator, or proposed by
    a participant (usable by the proposer at once, shown to the facilitator for approval)."""

    ACTIVE = "active"
    PROPOSED = "proposed"
