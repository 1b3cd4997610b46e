"""Load the demo event from ``content.py`` into the database. Flushes; the caller commits."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from hackathon.auth.services import (
    create_facilitator_account,
    create_person,
    get_or_create_organisation,
    grant_role,
)
from hackathon.demo import content, past_events
from hackathon.demo.followup import continue_into_followup
from hackathon.enums import EvidenceKind, Phase, Role, Sector
from hackathon.events.services import change_phase
from hackathon.extensions import db
from hackathon.models import Event, Organisation, Person, PhaseChange, Proposal, utcnow
from hackathon.organisations.services import ensure_listed
from hackathon.proposals import services as proposal_services
from hackathon.proposals.values import clean_values, goals_to_text
from hackathon.review import queries as review_queries
from hackathon.review import services as review_services

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


STAGES = ("qualification", "decision", "published")


def load_demo(stage: str = "published") -> DemoResult | None:
    """Create the demo event: organisations, people, 8 submitted proposals and the
    qualification round (four reviewers done, one halfway, one conflict).

    ``stage`` is how far the event has come: "qualification" (the round under way),
    "decision" (the round closed; the six proposals that are not selected have their staged
    outcome, God Start and Familiens Broer are still to be decided in the meeting) or
    "published" (God Start and Familiens Broer selected for testing, every team told, and a
    year of follow-up since: see ``hackathon.demo.followup``; the event then took place about
    ten months before loading).

    Returns None (and changes nothing) when the demo event already exists. Times are set
    relative to now, so the event is live whenever the demo is loaded: it started six hours
    ago, submission closed an hour ago, and the reviews are due in two hours.
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
        starts_at=now - timedelta(hours=6),
        ends_at=now + timedelta(hours=3),
        submission_deadline=now - timedelta(hours=1),
        review_deadline=now + timedelta(hours=2),
        selection_quota=2,
        scoring_model_key=DEFAULT_MODEL,
        phase=Phase.SUBMISSION,
    )
    db.session.add(event)
    db.session.flush()
    grant_role(event=event, person=facilitator, role=Role.FACILITATOR)
    for organisation in organisations.values():  # the demo event's list
        ensure_listed(event=event, organisation=organisation, added_by=facilitator)
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
        _add_proposal(event, row, organisations, people_by_name,
                      submitted_at=now - timedelta(hours=1, minutes=10 + 7 * i))
        for i, row in enumerate(content.PROPOSALS)
    ]
    db.session.flush()
    change = change_phase(event=event, to_phase=Phase.QUALIFICATION, actor=facilitator,
                          confirm_back=False)
    change.changed_at = event.submission_deadline
    _add_reviews(event, proposals)
    db.session.flush()
    if stage in ("decision", "published"):
        change_phase(event=event, to_phase=Phase.DECISION, actor=facilitator,
                     confirm_back=False, confirmed=True)
    if stage in ("decision", "published"):
        _stage_decisions(event, facilitator, proposals, organisations,
                         include_selected=stage == "published")
    if stage == "published":
        continue_into_followup(event, facilitator, organisations)
    past_events.load_past_events()  # the knowledge bank's earlier events
    return DemoResult(event=event, facilitator=facilitator, proposals=proposals)


def _stage_decisions(
    event: Event,
    facilitator: Person,
    proposals: list[Proposal],
    organisations: dict[str, Organisation],
    include_selected: bool,
) -> None:
    """Stage the decisions through the services; with ``include_selected`` also those on the
    two selected proposals, and publish."""
    from hackathon.enums import Outcome
    from hackathon.results import decisions
    from hackathon.results.ranking import official_ranking, top_k_ids

    top = set(top_k_ids(official_ranking(event, samples=0)))
    by_title = {p.title: p for p in proposals}
    rows = {row["title"]: row for row in content.PROPOSALS}
    for proposal in proposals:
        spec = content.DECISIONS[proposal.title]
        outcome = Outcome(spec["outcome"])
        if outcome == Outcome.SELECTED and not include_selected:
            continue
        data = decisions.DecisionInput(outcome=outcome, rationale=spec["rationale"])
        if outcome == Outcome.SELECTED:
            row = rows[proposal.title]
            data.problem_owner_id = organisations[row["problem_owner"]].id
            data.process_owners = [
                decisions.OwnerInput(organisations[o["organisation"]].id, o["contact"])
                for o in row["process_owners"]
            ]
            trial = row["trial_action"]
            data.trial_action = f"{trial['what']} ({trial['where']})"
            data.trial_date = date.fromisoformat(trial["when"])
        if outcome == Outcome.MERGED:
            data.merged_into_id = by_title[spec["merged_into"]].id
        decisions.save_decision(event=event, proposal=proposal, actor=facilitator, data=data,
                                expected_version=0, in_top_k=proposal.id in top)
    if include_selected:
        decisions.publish(event=event, actor=facilitator, top_k_ids=top)


# How good each demo proposal is on (feasibility, citizen value, cross-sector reach), before
# each reviewer's own leniency and judgement: God Start and Familiens Broer lead, as in the seeds.
QUALITY = {
    "God Start": (4.4, 4.6, 4.3),
    "Familiens Broer": (3.9, 4.5, 4.7),
}
DEFAULT_QUALITY = (3.2, 3.3, 3.0)
LENIENCY = (0.3, -0.5, 0.0, 0.4, -0.2)  # per reviewer, in the order of content.REVIEWERS


def _add_reviews(event: Event, proposals: list[Proposal]) -> None:
    """Plausible scores: quality + reviewer leniency + a little noise; the last reviewer has
    only got halfway, and one reviewer clearly disagrees about one proposal."""
    rng = random.Random(2026)  # nosec B311 - demo data, not security
    model = review_queries.scoring_model(event)
    reviewers = {r.email: r for r in review_queries.reviewers_of(event)}
    conflicts = review_queries.active_conflict_pairs(event)
    keys = model.criterion_keys
    for r_index, row in enumerate(content.REVIEWERS):
        reviewer = reviewers[row["email"]]
        for p_index, proposal in enumerate(proposals):
            if (proposal.id, reviewer.id) in conflicts:
                continue
            base = QUALITY.get(proposal.title, DEFAULT_QUALITY)
            if p_index >= 2:  # spread the other six a little
                base = tuple(q + 0.35 * ((p_index * 3 + i) % 4 - 1.5) for i, q in enumerate(base))
            scores = {}
            for key, quality in zip(keys, base, strict=True):
                value = quality + LENIENCY[r_index] + rng.gauss(0, 0.45)
                scores[key] = max(1, min(5, round(value)))
            if r_index == 2 and p_index == 6:  # a reviewer who sees this one very differently
                scores = dict.fromkeys(keys, 5)
            if r_index == 3 and p_index == 4:
                scores[keys[2]] = None  # "ved ikke / undlader"
            halfway = r_index == len(content.REVIEWERS) - 1
            if halfway and p_index >= 4:
                continue  # not started yet
            review_services.save_review(
                event=event, proposal=proposal, reviewer=reviewer, scores=scores,
                comment_internal="", comment_team=TEAM_COMMENTS[(p_index + r_index) % 4],
                complete=not (halfway and p_index == 3), model=model,
            )


TEAM_COMMENTS = (
    "Stærkt borgerperspektiv. Gør prøvehandlingen endnu mere konkret: hvor mange familier, "
    "og hvornår ved I, om det virker?",
    "Godt tværsektorielt partnerskab. Overvej, hvem der ejer indsatsen, når projektperioden "
    "slutter.",
    "Flot brug af virkelige sager. Business casen kan styrkes med tal fra jeres egne systemer.",
    "",
)


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
