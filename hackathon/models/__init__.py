"""All models, importable from one place: ``from hackathon.models import Event``."""

from hackathon.models.common import utcnow
from hackathon.models.event import Event, EventRole, Invitation, PhaseChange, new_join_code
from hackathon.models.organisation import Organisation
from hackathon.models.person import Person
from hackathon.models.proposal import (
    Proposal,
    ProposalAuthor,
    ProposalOrganisation,
    ProposalRevision,
    new_team_code_for,
)

__all__ = [
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
