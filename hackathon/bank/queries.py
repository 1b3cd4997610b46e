"""Reads the bank's pages share: facet option lists, the front page's lists, an entry's
details, interest and copies, and the proposal form's suggestions."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user
from sqlalchemy import func, select

from hackathon import labels
from hackathon.bank import search, similar
from hackathon.bank.facets import ENUM_FACETS, FACET_LABELS, TARGET_GROUPS
from hackathon.enums import Role, Sector
from hackathon.extensions import db
from hackathon.models import (
    BankEntry,
    BankInterest,
    Event,
    EventRole,
    Indicator,
    LearningNote,
    Organisation,
    Proposal,
    Prototype,
)
from hackathon.parsing import ID_MAX, parse_int
from hackathon.proposals.permissions import is_author

FACET_ORDER = ("target", "sector", "municipality", "region", "org", "stage", "status", "outcome",
               "theme", "event", "year")


def facet_lists(result, filters) -> list[tuple[str, str, list[tuple[str, str, int]]]]:
    """[(facet, label, [(value, label, count)])] for the facets that have values."""
    counts = result.counts
    orgs = search.organisation_names(counts["org"].keys())
    events = search.event_titles(counts["event"].keys())
    out = []
    for name in FACET_ORDER:
        source = counts["org"] if name in ("org", "region", "municipality") else counts[name]
        options = []
        for value, count in source.most_common():
            if name in ENUM_FACETS:
                try:
                    text = labels.label(ENUM_FACETS[name](value))
                except ValueError:
                    continue
            elif name == "target":
                text = str(TARGET_GROUPS[value][0]) if value in TARGET_GROUPS else value
            elif name in ("org", "region", "municipality"):
                if value not in orgs:
                    continue
                org_name, sector = orgs[value]
                wanted = {"region": Sector.REGION, "municipality": Sector.MUNICIPALITY}.get(name)
                if (wanted and sector != wanted) or (
                        name == "org" and sector in (Sector.REGION, Sector.MUNICIPALITY)):
                    continue
                text = org_name
            elif name == "event":
                text = events.get(value, value)
            else:
                text = value
            options.append((value, text, count))
        if options or name in filters.values:
            out.append((name, str(FACET_LABELS[name]), options[:25]))
    return out


def newest_learning(levels, limit: int = 5) -> list[tuple[BankEntry, LearningNote]]:
    """The newest learning notes of visible entries."""
    rows = db.session.execute(
        select(BankEntry, LearningNote)
        .join(Prototype, Prototype.proposal_id == BankEntry.proposal_id)
        .join(LearningNote, LearningNote.prototype_id == Prototype.id)
        .where(BankEntry.visibility.in_(levels), BankEntry.stage.is_not(None))
        .order_by(LearningNote.created_at.desc(), LearningNote.id.desc()).limit(limit)
    ).all()
    return [(entry, note) for entry, note in rows]


def most_adopted(levels, limit: int = 5) -> list[tuple[BankEntry, int]]:
    """Visible prototypes by how many organisations marked them relevant or copied them."""
    interest = (select(BankInterest.proposal_id.label("pid"), func.count().label("n"))
                .group_by(BankInterest.proposal_id).subquery())
    copies = (select(Proposal.bank_source_id.label("pid"), func.count().label("n"))
              .where(Proposal.bank_source_id.is_not(None))
              .group_by(Proposal.bank_source_id).subquery())
    score = func.coalesce(interest.c.n, 0) + func.coalesce(copies.c.n, 0)
    rows = db.session.execute(
        select(BankEntry, score)
        .outerjoin(interest, interest.c.pid == BankEntry.proposal_id)
        .outerjoin(copies, copies.c.pid == BankEntry.proposal_id)
        .where(BankEntry.visibility.in_(levels), score > 0)
        .order_by(score.desc(), BankEntry.id).limit(limit)
    ).all()
    return [(entry, int(n)) for entry, n in rows]


def details(entry: BankEntry) -> dict:
    """The prototype behind an entry (when the decision is published): trial actions,
    indicators and learning notes; no people's names."""
    if entry.stage is None:
        return {"prototype": None}
    prototype = db.session.scalar(
        select(Prototype).where(Prototype.proposal_id == entry.proposal_id))
    if prototype is None:
        return {"prototype": None}
    return {
        "prototype": prototype,
        "trial_actions": prototype.trial_actions,
        "indicators": db.session.scalars(
            select(Indicator).where(Indicator.prototype_id == prototype.id)
            .order_by(Indicator.id)).all(),
        "notes": db.session.scalars(
            select(LearningNote).where(LearningNote.prototype_id == prototype.id)
            .order_by(LearningNote.id)).all(),
    }


def interested_organisations(entry: BankEntry) -> list[str]:
    """Names of the organisations that marked the entry relevant, first first."""
    return list(db.session.scalars(
        select(Organisation.name).join(BankInterest, BankInterest.organisation_id ==
                                       Organisation.id)
        .where(BankInterest.proposal_id == entry.proposal_id).order_by(BankInterest.id)))


def copies_of(entry: BankEntry, person) -> list[tuple[Event, Proposal | None]]:
    """The events that started a proposal from this entry; the proposal only where the
    person may open it (its authors and the event's facilitators)."""
    rows = db.session.execute(
        select(Proposal, Event).join(Event, Event.id == Proposal.event_id)
        .where(Proposal.bank_source_id == entry.proposal_id).order_by(Proposal.id)).all()
    mine = set(_facilitated_event_ids(person))
    return [(event, p if (event.id in mine or is_author(person, p)) else None)
            for p, event in rows]


def _facilitated_event_ids(person) -> list[int]:
    if not search.is_signed_in(person):
        return []
    return list(db.session.scalars(select(EventRole.event_id).where(
        EventRole.person_id == person.id, EventRole.role == Role.FACILITATOR)))


def events_to_copy_into(entry: BankEntry, person) -> list[Event]:
    """The events the person facilitates, other than the entry's own."""
    ids = [i for i in _facilitated_event_ids(person) if i != entry.event_id]
    if not ids:
        return []
    return list(db.session.scalars(select(Event).where(Event.id.in_(ids)).order_by(Event.id)))


def source_entry(proposal: Proposal) -> BankEntry | None:
    """The bank entry a proposal was copied from, if it is still in the bank."""
    if proposal.bank_source_id is None:
        return None
    return db.session.scalar(
        select(BankEntry).where(BankEntry.proposal_id == proposal.bank_source_id))


def suggestions_for(proposal: Proposal, person, text: str | None = None) -> list[BankEntry]:
    """Up to three visible entries of other events like the proposal's text."""
    if text is None:
        text = similar.entry_text(proposal.title, proposal.target_group, proposal.problem,
                                  proposal.idea, proposal.summary)
    pairs = similar.similar_to_text(text, search.visible_levels(person),
                                    exclude_event=proposal.event_id, k=3)
    return similar.entries_by_id(pairs)


def suggest_fragment():
    """GET /bank/suggest?proposal=<id>&text=...: the suggestions list as an HTML fragment
    (the proposal form fetches it while the team writes; authors only)."""
    proposal_id = parse_int(request.args.get("proposal"), maximum=ID_MAX)
    proposal = db.session.get(Proposal, proposal_id) if proposal_id else None
    if proposal is None or not is_author(current_user, proposal):
        return "", 404
    text = (request.args.get("text") or "")[:20_000]
    entries = suggestions_for(proposal, current_user, text=text)
    return render_template("bank/_suggestions_list.html", entries=entries)
