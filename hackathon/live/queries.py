"""Reads of the live event, each with a fixed number of queries whatever the event's size."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

import qrcode
from flask import g
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from hackathon.enums import Outcome, Phase, ProposalStatus, Role, Sector
from hackathon.events.phases import phase_rules
from hackathon.extensions import db
from hackathon.labels import label
from hackathon.models import (
    REVIEW_COMPLETE,
    Announcement,
    Decision,
    DecisionAmendment,
    Event,
    EventRole,
    Organisation,
    Person,
    Proposal,
    ProposalAuthor,
    ProposalOrganisation,
    Review,
    utcnow,
)

DEADLINE_SOON = timedelta(minutes=10)
# A reviewer is "far behind" when their share of finished reviews is this far under the average.
BEHIND_BY = 0.5


def active_announcement(event: Event) -> Announcement | None:
    """The event's current announcement (one query, cached for the request)."""
    cache = g.setdefault("_announcement_cache", {})
    if event.id not in cache:
        cache[event.id] = db.session.scalar(
            select(Announcement)
            .where(Announcement.event_id == event.id, Announcement.withdrawn_at.is_(None))
            .order_by(Announcement.created_at.desc(), Announcement.id.desc())
            .limit(1)
        )
    return cache[event.id]


def live_counts(event: Event) -> dict[str, int]:
    """People joined, proposals drafted and submitted, reviews completed: one query."""

    def count(model, *where):
        return select(func.count()).select_from(model).where(*where).scalar_subquery()

    row = db.session.execute(
        select(
            count(EventRole, EventRole.event_id == event.id, EventRole.role == Role.PARTICIPANT),
            count(Proposal, Proposal.event_id == event.id,
                  Proposal.status == ProposalStatus.DRAFT),
            count(Proposal, Proposal.event_id == event.id,
                  Proposal.status == ProposalStatus.SUBMITTED),
            count(Review, Review.event_id == event.id, Review.status == REVIEW_COMPLETE),
        )
    ).one()
    return dict(zip(("joined", "drafted", "submitted", "reviews"), row, strict=True))


def current_deadline(event: Event) -> datetime | None:
    """The deadline of the phase the event is in (submission or review), if set."""
    current = phase_rules(event).current_deadline
    return current.at if current is not None else None


def iso_utc(value: datetime | None) -> str | None:
    """A stored UTC time as ISO 8601 with a Z, for the browser."""
    return value.isoformat() + "Z" if value is not None else None


def projector_state(event: Event, locale: str) -> dict[str, Any]:
    """What the projector shows, without the results: never a score. Two queries."""
    announcement = active_announcement(event)
    return {
        "title": event.title,
        "phase": event.phase.value,
        "phase_label": str(label(event.phase)),
        "deadline": iso_utc(current_deadline(event)),
        "counts": live_counts(event),
        "announcement": (
            {"id": announcement.id, "message": announcement.message} if announcement else None
        ),
        "revealed": event.projector_revealed_at is not None,
        "shown": event.projector_shown if event.projector_revealed_at is not None else 0,
        "total": len(event.projector_reveal or []) if event.projector_revealed_at else 0,
        "locale": locale,
    }


def state_etag(state: dict[str, Any], event: Event) -> str:
    """A short tag that changes whenever the state (or what the reveal would show) changes."""
    basis = json.dumps(
        [state, iso_utc(event.projector_revealed_at), iso_utc(event.decision_published_at),
         event.selection_quota, amendment_mark(event)],
        sort_keys=True,
    )
    return hashlib.sha256(basis.encode()).hexdigest()[:32]


def amendment_mark(event: Event) -> int | None:
    """The latest amendment of the event's published decision (None before any): an amended
    outcome changes what the reveal shows."""
    if event.decision_published_at is None:
        return None
    return db.session.scalar(
        select(func.max(DecisionAmendment.id))
        .join(Decision, Decision.id == DecisionAmendment.decision_id)
        .where(Decision.event_id == event.id)
    )


def reveal_rows(event: Event) -> list[dict[str, Any]]:
    """The list being revealed, best first (place, title, team, organisations; no scores).

    Fixed in the event's row when the reveal started; [] when nothing is revealed.
    """
    if event.projector_revealed_at is None:
        return []
    return list(event.projector_reveal or [])


def shown_rows(event: Event) -> list[dict[str, Any]]:
    """The places the facilitator has shown so far: the last ``projector_shown`` of the list."""
    rows = reveal_rows(event)
    shown = max(0, min(len(rows), event.projector_shown or 0))
    return rows[len(rows) - shown:] if shown else []


def compute_reveal(event: Event) -> list[dict[str, Any]]:
    """The proposals to reveal, best first: the published selection, else the official top k."""
    from hackathon.results.ranking import official_ranking, top_k_ids

    ranking = official_ranking(event, samples=0)
    rank_of = {row["proposal"]: row["rank"] for row in ranking["ranking"]} if ranking else {}
    if event.decision_published_at is not None:
        selected = db.session.scalars(
            select(Decision.proposal_id)
            .join(Proposal, Proposal.id == Decision.proposal_id)
            .where(
                Decision.event_id == event.id, Decision.outcome == Outcome.SELECTED,
                Proposal.status == ProposalStatus.SUBMITTED,
            )
        )
        ids = sorted(selected, key=lambda pid: (rank_of.get(pid, float("inf")), pid))
    else:
        ids = top_k_ids(ranking) if ranking else []
    if not ids:
        return []
    proposals = {
        p.id: p
        for p in db.session.scalars(
            select(Proposal)
            .where(Proposal.id.in_(ids))
            .options(
                selectinload(Proposal.authors).joinedload(ProposalAuthor.person),
                selectinload(Proposal.organisations).joinedload(
                    ProposalOrganisation.organisation
                ),
            )
        )
    }
    shown = [pid for pid in ids if pid in proposals]
    if event.decision_published_at is None:
        # The top k by rank: proposals tied in the ranking share their place (1, 2, 2).
        places = [rank_of[pid] for pid in shown]
    else:
        places = list(range(1, len(shown) + 1))
    return [
        {
            "place": place,
            "title": proposals[pid].title,
            "team": ", ".join(a.person.name for a in proposals[pid].authors),
            "organisations": ", ".join(
                link.organisation.name for link in proposals[pid].organisations
            ),
        }
        for place, pid in zip(places, shown, strict=True)
    ]


# --- the dashboard ------------------------------------------------------------------------


def participants_by_organisation(event: Event) -> dict[str, Any]:
    """Participants joined per organisation (with sector) and per sector: one query."""
    rows = db.session.execute(
        select(Organisation.name, Organisation.sector, func.count(EventRole.id))
        .select_from(EventRole)
        .join(Person, Person.id == EventRole.person_id)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .where(EventRole.event_id == event.id, EventRole.role == Role.PARTICIPANT)
        .group_by(Organisation.name, Organisation.sector)
        .order_by(func.count(EventRole.id).desc(), Organisation.name)
    ).all()
    by_sector: Counter = Counter()
    for _name, sector, n in rows:
        by_sector[sector] += n
    return {
        "organisations": [(name, sector, n) for name, sector, n in rows],
        "sectors": sorted(by_sector.items(), key=lambda item: -item[1]),
        "total": sum(by_sector.values()),
    }


def sector_grid(event: Event) -> list[dict[str, Any]]:
    """Each proposal (not withdrawn) with its status and the sectors taking part: one query."""
    rows = db.session.execute(
        select(Proposal.id, Proposal.title, Proposal.status, Organisation.sector)
        .select_from(Proposal)
        .outerjoin(ProposalOrganisation, ProposalOrganisation.proposal_id == Proposal.id)
        .outerjoin(Organisation, Organisation.id == ProposalOrganisation.organisation_id)
        .where(Proposal.event_id == event.id, Proposal.status != ProposalStatus.WITHDRAWN)
        .order_by(Proposal.title, Proposal.id)
    ).all()
    proposals: dict[int, dict[str, Any]] = {}
    for pid, title, status, sector in rows:
        item = proposals.setdefault(
            pid, {"id": pid, "title": title, "status": status, "sectors": set()}
        )
        if sector is not None:
            item["sectors"].add(sector)
    return list(proposals.values())


def grid_sectors(grid: list[dict[str, Any]]) -> list[Sector]:
    """The sectors that appear in the grid, in the enum's order (the grid's columns)."""
    present = set().union(*(item["sectors"] for item in grid)) if grid else set()
    return [sector for sector in Sector if sector in present]


def reviewer_totals(progress: dict[str, Any]) -> list[dict[str, Any]]:
    """Per reviewer: finished, assigned and the share finished, from ``review.queries.progress``."""
    totals = []
    for reviewer in progress["reviewers"]:
        states = [progress["grid"][(p.id, reviewer.id)] for p in progress["proposals"]]
        assigned = sum(state in ("done", "in_progress", "todo") for state in states)
        done = states.count("done")
        totals.append({
            "reviewer": reviewer,
            "done": done,
            "assigned": assigned,
            "share": done / assigned if assigned else 1.0,
        })
    return totals


def alerts(
    event: Event,
    grid: list[dict[str, Any]],
    totals: list[dict[str, Any]],
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """What needs the facilitator's attention: one-sector proposals (until the round closes),
    reviewers far behind (while the round is open), a deadline within 10 minutes. Each alert
    is {"kind", ...} for the template to word. Nothing is said that can no longer be acted on:
    once the round is closed, a reviewer cannot catch up and a proposal cannot gain a sector."""
    now = now or utcnow()
    found: list[dict[str, Any]] = []
    deadline = current_deadline(event)
    if deadline is not None and now <= deadline <= now + DEADLINE_SOON:
        found.append({"kind": "deadline", "deadline": deadline,
                      "minutes": max(1, int((deadline - now).total_seconds() // 60))})
    if event.phase not in (Phase.SETUP, Phase.SUBMISSION, Phase.QUALIFICATION):
        return found
    for item in grid:
        if len(item["sectors"]) == 1:
            found.append({"kind": "one_sector", "proposal": item,
                          "sector": next(iter(item["sectors"]))})
    active = [t for t in totals if t["assigned"]]
    if event.phase == Phase.QUALIFICATION and len(active) >= 2:
        average = sum(t["share"] for t in active) / len(active)
        for total in active:
            if average - total["share"] >= BEHIND_BY:
                found.append({"kind": "behind", **total})
    return found


# --- the QR code --------------------------------------------------------------------------


@lru_cache(maxsize=32)
def qr_svg(text: str, title: str) -> Markup:
    """``text`` as a QR code in SVG titled ``title``, drawn here (no network), with a white
    quiet zone and no style attributes (the CSP allows none)."""
    code = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()  # includes the border
    size = len(matrix)
    path = "".join(
        f"M{x} {y}h1v1h-1z"
        for y, row in enumerate(matrix)
        for x, dark in enumerate(row)
        if dark
    )
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" class="qr__svg" '
        'role="img" aria-labelledby="qr-title" shape-rendering="crispEdges">'
        '<title id="qr-title">{title}</title>'
        '<rect width="{n}" height="{n}" fill="#ffffff"/>'
        '<path d="{path}" fill="#000000"/></svg>'
    ).format(n=size, path=path, title=title)
