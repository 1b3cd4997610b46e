"""All models, importable from one place: ``from hackathon.models import Event``."""

from hackathon.enums import Outcome
from hackathon.models.common import utcnow
from hackathon.models.decision import (
    AuditEntry,
    AuditLogIsAppendOnly,
    Decision,
    DecisionAmendment,
    DecisionRecordIsLocked,
    OutboxMessage,
    ProcessOwner,
    PublishedRanking,
    WeightingAdoption,
)
from hackathon.models.event import Event, EventRole, Invitation, PhaseChange, new_join_code
from hackathon.models.live import Announcement
from hackathon.models.organisation import Organisation
from hackathon.models.person import Person
from hackathon.models.proposal import (
    Proposal,
    ProposalAuthor,
    ProposalOrganisation,
    ProposalRevision,
    new_team_code_for,
)
from hackathon.models.review import (
    ASSIGN_ALL,
    ASSIGN_K,
    REVIEW_COMPLETE,
    REVIEW_IN_PROGRESS,
    VISIBILITIES,
    VISIBILITY_AFTER_OWN,
    VISIBILITY_ALWAYS,
    VISIBILITY_NEVER,
    Assignment,
    Conflict,
    Review,
    ReviewRound,
    ScoreChange,
)

__all__ = [
    "Announcement",
    "AuditEntry",
    "AuditLogIsAppendOnly",
    "Decision",
    "DecisionAmendment",
    "DecisionRecordIsLocked",
    "OutboxMessage",
    "Outcome",
    "ProcessOwner",
    "PublishedRanking",
    "WeightingAdoption",
    "ASSIGN_ALL",
    "ASSIGN_K",
    "REVIEW_COMPLETE",
    "REVIEW_IN_PROGRESS",
    "VISIBILITIES",
    "VISIBILITY_AFTER_OWN",
    "VISIBILITY_ALWAYS",
    "VISIBILITY_NEVER",
    "Assignment",
    "Conflict",
    "Review",
    "ReviewRound",
    "ScoreChange",
    "Event",
    "EventRole",
    "Invitation",
    "Organisation",
    "Person",
    "PhaseChange",
    "Proposal",
    "ProposalAuthor",
    "ProposalOrganisation",
    "ProposalRevision",
    "new_join_code",
    "new_team_code_for",
    "utcnow",
]
