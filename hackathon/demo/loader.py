"""Load the demo event from ``content.py`` into the database. Flushes; the caller commits."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from hackathon.auth.services import (
    create_facilitator_account,
    create_person,
    get_or_create_organisation,
    grant_role,
)
from hackathon.demo import content
from hackathon.enums import EvidenceKind, Phase, Role, Sector
from hackathon.extensions import db
from hackathon.models import Event, Organisation, Person, PhaseChange, Proposal, utcnow
from hackathon.proposals import services as proposal_services
from hackathon.proposals.values import clean_values, goals_to_text

# A documented demo login, never used outside the demo (README: "Demo logins").
DEMO_PASSWORD = "demo-facilitator"  # nosec B105
DEFAULT_MODEL = "kvalificering"


@dataclass
class DemoResult:
    """What ``load_demo`` created."""

    event: Event
    facilitator: Person
    proposals: list[Proposal]


def database_is_empty() -> bool:
    """True when no event exists yet."""
    return db.session.scalar(select(Event.id).limit(1)) is None


def load_demo() -> DemoResult | None:
    """Create the demo event with its organisations, people and 8 submitted proposals.

    Returns None (and changes nothing) when the demo event already exists. Times are set
    relative to now, so the event is live whenever the demo is loaded: it started an hour
    ago and submission closes in three hours.
    """
    if db.session.scalar(select(Event).where(Event.join_code == content.EVENT["join_code"])):
        return None

    organisations: dict[str, Organisation] = {
        org["key"]: get_or_create_organisation(name=org["name"], sector=Sector(org["sector"]))
        for org in content.ORGANISATIONS
    }

    facilitator = create_facilitator_account(
        email=content.FACILITATOR["email"],
        name=content.FACILITATOR["name"],
        password=DEMO_PASSWORD,
    )
    facilitator.title = content.FACILITATOR["title"]
    facilitator.organisation = organisations[content.FACILITATOR["organisation"]]

    now = utcnow().replace(second=0, microsecond=0)
    event = Event(
        title=content.EVENT["title"],
        theme=content.EVENT["theme"],
        description=content.EVENT["description"],
        venue=content.EVENT["venue"],
        join_code=content.EVENT["join_code"],
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=6),
        submission_deadline=now + timedelta(hours=3),
        review_deadline=now + timedelta(days=7),
        selection_quota=2,
        scoring_model_key=DEFAULT_MODEL,
        phase=Phase.SUBMISSION,
    )
    db.session.add(event)
    db.session.flush()
    grant_role(event=event, person=facilitator, role=Role.FACILITATOR)
    db.session.add(
        PhaseChange(
            event=event,
            from_phase=Phase.SETUP,
            to_phase=Phase.SUBMISSION,
            changed_by=facilitator,
            changed_at=event.starts_at,
        )
    )

    people_by_name: dict[str, Person] = {}
    groups = ((Role.REVIEWER, content.REVIEWERS), (Role.PARTICIPANT, content.PARTICIPANTS))
    for role, rows in groups:
        for row in rows:
            person = create_person(
                name=row["name"],
                email=row["email"],
                title=row["title"],
                organisation=organisations[row["organisation"]],
            )
            grant_role(event=event, person=person, role=role)
            people_by_name[person.name] = person

    proposals = [
        _add_proposal(event, row, organisations, people_by_name, submitted_at=now)
        for row in content.PROPOSALS
    ]
    db.session.flush()
    return DemoResult(event=event, facilitator=facilitator, proposals=proposals)


def _add_proposal(
    event: Event,
    row: dict,
    organisations: dict[str, Organisation],
    people_by_name: dict[str, Person],
    submitted_at,
) -> Proposal:
    """Write a demo proposal the way a team would: start, join, save every field, submit."""
    authors = [people_by_name[name] for name in row["authors"]]
    proposal = proposal_services.start_proposal(event=event, author=authors[0], title=row["title"])
    for person in authors[1:]:
        proposal_services.join_team(proposal=proposal, person=person)
    contacts = {owner["organisation"]: owner["contact"] for owner in row["process_owners"]}
    trial = row["trial_action"]
    values = {
        "summary": row["summary"],
        "target_group": row["target_group"],
        "problem": row["problem"],
        "problem_owner_id": str(organisations[row["problem_owner"]].id),
        "citizen_voice": row["citizen_voice"],
        "evidence": row["evidence"],
        "evidence_kind": EvidenceKind(row["evidence_kind"]).value,
        "idea": row["idea"],
        "goals": goals_to_text(row["goals"]),
        "organisations": json.dumps(
            [
                {
                    "organisation_id": organisations[key].id,
                    "process_owner": key in contacts,
                    "contact": contacts.get(key, ""),
                }
                for key in row["organisations"]
            ]
        ),
        "trial_action_what": trial["what"],
        "trial_action_where": trial["where"],
        "trial_action_when": date.fromisoformat(trial["when"]).isoformat(),
        "value_citizens": row["value_citizens"],
        "value_organisations": row["value_organisations"],
        "measurement": row["measurement"],
        "resources": row["resources"],
        "risks": row["risks"],
        "scaling": row["scaling"],
    }
    clean, errors = clean_values(values)
    if errors:
        raise ValueError(f"demo proposal {row['title']!r}: {errors}")
    proposal_services.save_fields(
        proposal=proposal, author=authors[-1], base_version=proposal.version, values=clean
    )
    proposal_services.submit(proposal=proposal, author=authors[0])
    proposal.submitted_at = submitted_at
    return proposal
