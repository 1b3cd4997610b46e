"""One read of everything the decision report shows, used by the page, the PDF, the exports and
the command line, so that they all give the same numbers.

Needs an app context but no request and no person: who may see what is the caller's business.
Translated texts follow the current locale (the CLI wraps the call in ``force_locale``).
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hackathon import formatting, labels
from hackathon.enums import Outcome, Role
from hackathon.extensions import db
from hackathon.models import (
    Decision,
    Event,
    EventRole,
    Organisation,
    ProcessOwner,
    Proposal,
)
from hackathon.parsing import ParseError, parse_date
from hackathon.results.display import WSM_WHY, left_out_text
from hackathon.results.ranking import official_ranking
from hackathon.review import queries as review_queries

# What each ranking method does, in plain words (shown in the report's method section).
METHOD_EXPLAINED = {
    "wsm": _l(
        "Weighted sum: each score is placed on its scale from 0 to 1, multiplied by the "
        "criterion's weight, and the results are added up. The highest total wins."
    ),
    "wpm": _l(
        "Weighted product: the scores are multiplied together, each raised to the power of its "
        "weight. A low score on one criterion pulls the total down more than in a sum."
    ),
    "topsis": _l(
        "TOPSIS: each proposal is compared with an imagined best proposal (the best score on "
        "every criterion) and an imagined worst one. The proposal closest to the best and "
        "furthest from the worst ranks highest."
    ),
    "vikor": _l(
        "VIKOR: for each proposal it measures how far it falls short of the best on each "
        "criterion, both in total and on its weakest point. The smallest shortfall ranks "
        "highest."
    ),
    "moora": _l(
        "MOORA: the scores are put on a common footing, weighted and added up. The highest "
        "total ranks highest."
    ),
    "refpoint": _l(
        "Reference point: each proposal is judged by its largest weighted distance to the best "
        "score on any criterion. The smallest distance ranks highest."
    ),
}

METHOD_NAME = {
    "wsm": _l("Weighted sum"),
    "wpm": _l("Weighted product"),
    "topsis": "TOPSIS",
    "vikor": "VIKOR",
    "moora": "MOORA",
    "refpoint": _l("Reference point"),
}

AGGREGATION_EXPLAINED = {
    "mean": _l("The reviewers' scores on each criterion are averaged."),
    "median": _l("For each criterion the middle score among the reviewers is used."),
    "centred": _l(
        "The reviewers' scores are averaged after correcting for reviewers who generally score "
        "high or low."
    ),
}

READING = {
    "good": _l("good agreement"),
    "tentative": _l("tentative agreement"),
    "weak": _l("weak agreement"),
}

FLAG = {
    "tied": _l("tied"),
    "tie_at_quota": _l("tie at the quota"),
    "single_reviewer": _l("only one reviewer"),
    "discuss": _l("reviewers disagree: discuss"),
    "borderline": _l("borderline"),
    "missing_scores": _l("scores missing"),
}

DECISION_FIELD = {
    "outcome": _l("Outcome"),
    "rationale": _l("Rationale"),
    "justification": _l("Justification for selecting outside the top"),
    "merged_into_id": _l("Merged into"),
    "problem_owner_id": _l("Problem owner"),
    "process_owners": _l("Process owners"),
    "trial_action": _l("First trial action"),
    "trial_date": _l("Date of the first trial action"),
}

OUTCOME_ORDER = [Outcome.SELECTED, Outcome.WAITLIST, Outcome.MERGED, Outcome.NOT_SELECTED]


def report_data(event: Event, lang: str = "da", *, include_staged: bool = True) -> dict[str, Any]:
    """Everything the report and the exports show, as plain data (see the keys below).

    ``include_staged``: show decisions that are not published yet (for the facilitators and the
    command line); otherwise an unpublished decision is left out.
    """
    result = official_ranking(event)
    proposals = review_queries.submitted_proposals(event)
    titles = {p.id: p.title for p in proposals}
    published = event.decision_published_at is not None
    data: dict[str, Any] = {
        "event": _event(event),
        "lang": lang,
        "published": published,
        "published_at": event.decision_published_at,
        "organisations": _organisations(proposals),
        "proposal_count": len(proposals),
        "model": None,
        "adoption": None,
        "ranking": [],
        "unranked": [],
        "left_out": [],
        "agreement": [],
        "scores": [],
        "reviewer_count": 0,
        "decisions": [],
        "decisions_hidden": not published and not include_staged,
        "empty": True,
        # When the decision is published: the time the ranking shown was stored (a record).
        "ranking_recorded_at": ((result or {}).get("record") or {}).get("published_at"),
        "record": (result or {}).get("record"),
    }
    if result is not None:
        data.update(_ranking_part(event, result, lang, titles))
    if published or include_staged:
        data["decisions"] = _decisions(event, data["ranking"], titles)
    return data


def _event(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": event.title,
        "theme": event.theme,
        "venue": event.venue,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "phase": event.phase,
        "selection_quota": event.selection_quota,
    }


def _organisations(proposals: list[Proposal]) -> list[dict[str, Any]]:
    """The organisations taking part in the submitted proposals, by sector and name."""
    seen: dict[int, Organisation] = {}
    for proposal in proposals:
        for link in proposal.organisations:
            seen.setdefault(link.organisation_id, link.organisation)
    rows = [
        {"name": org.name, "sector": org.sector.value, "sector_label": labels.label(org.sector)}
        for org in seen.values()
    ]
    return sorted(rows, key=lambda row: (row["sector_label"], row["name"]))


def _ranking_part(
    event: Event, result: dict[str, Any], lang: str, titles: dict[int, str]
) -> dict[str, Any]:
    model = result["scoring_model"]
    frozen = review_queries.scoring_model(event)
    frozen_weights = frozen.normalised_weights() if frozen is not None else {}
    criteria = [
        {
            "key": c["key"],
            "label": model.criterion(c["key"]).label(lang),
            "weight": c["weight"],
            "frozen_weight": frozen_weights.get(c["key"]),
            "objective": c["objective"],
            "scale": c["scale"],
            "used": c.get("used", True),
            "weight_used": c.get("weight_used", c["weight"]),
        }
        for c in result["criteria"]
    ]
    labels_by_key = {c["key"]: c["label"] for c in criteria}
    top_k = result["top_k"]
    ranking = [
        {
            "proposal": row["proposal"],
            "title": titles.get(row["proposal"], str(row["proposal"])),
            "rank": row["rank"],
            "score": row["score"],
            "criteria": row["criteria"],
            "p_top_k": row["p_top_k"],
            "in_top_k": row["rank"] <= top_k,
            "flags": row["flags"],
            "flag_labels": [str(FLAG[f]) for f in row["flags"] if f in FLAG],
            "discuss": sorted(
                key for key, s in (row.get("spread") or {}).items() if s.get("discuss")
            ),
        }
        for row in result["ranking"]
    ]
    unranked = [
        {
            "proposal": row["proposal"],
            "title": titles.get(row["proposal"], str(row["proposal"])),
            "missing": [labels_by_key.get(k, k) for k in row["missing"]],
            "criteria": row["criteria"],
        }
        for row in result["unranked"]
    ]
    agreement = [
        {
            "key": key,
            "label": labels_by_key.get(key, key),
            "alpha": found["interval"],
            "reading": found["reading"],
            "reading_label": str(READING[found["reading"]])
            if found["reading"]
            else _("too few scores to tell"),
        }
        for key, found in result["agreement"].items()
    ]
    adoption = result["adoption"]
    scores, reviewers = _pseudonymous_scores(event, titles, model.criterion_keys,
                                             result["score_rows"])
    return {
        "model": {
            "key": model.key,
            "label": model.label(lang),
            "method": result["method"],
            "method_name": str(METHOD_NAME.get(result["method"], result["method"])),
            "method_explained": str(METHOD_EXPLAINED.get(result["method"], "")),
            "why_default": str(WSM_WHY),
            "aggregation": result["aggregation"],
            "aggregation_explained": str(AGGREGATION_EXPLAINED.get(result["aggregation"], "")),
            "criteria": criteria,
            "top_k": top_k,
            "snapshot": model.to_snapshot(),
            "samples": (result["robustness"] or {}).get("samples", 0),
            "seed": (result["robustness"] or {}).get("seed"),
        },
        "adoption": None
        if adoption is None
        else {
            "method": adoption.method,
            "method_name": str(METHOD_NAME.get(adoption.method, adoption.method)),
            "reason": adoption.reason,
            "adopted_by": adoption.adopted_by.name if adoption.adopted_by else "",
            "adopted_at": adoption.adopted_at,
        },
        "ranking": ranking,
        "unranked": unranked,
        "left_out": [
            {
                "key": entry["criterion"],
                "label": labels_by_key.get(entry["criterion"], entry["criterion"]),
                "reason": entry["reason"],
                "text": left_out_text(labels_by_key.get(entry["criterion"], entry["criterion"])),
            }
            for entry in result.get("left_out", [])
        ],
        "agreement": agreement,
        "scores": scores,
        "reviewer_count": reviewers,
        "all_same_top_k": (result.get("method_agreement") or {}).get("all_same_top_k"),
        "empty": not scores,
    }


def _pseudonymous_scores(
    event: Event, titles: dict[int, str], keys: tuple[str, ...], records: list
) -> tuple[list[dict[str, Any]], int]:
    """The score rows the ranking used (``records``; the stored ones once the decision is
    published), with reviewers as stable pseudonyms (R1, R2 ... by the
    reviewers' ids), and the number of reviewers who scored.

    Rows are grouped by reviewer in the order the ranking first met them, so that ``hackathon
    rank`` on the exported rows draws the same reviewer samples as the app.
    """
    reviewer_ids = set(
        db.session.scalars(
            select(EventRole.person_id).where(
                EventRole.event_id == event.id, EventRole.role == Role.REVIEWER
            )
        )
    )
    reviewer_ids |= {reviewer for _p, reviewer, _c, _v in records}
    pseudonym = {rid: f"R{n}" for n, rid in enumerate(sorted(reviewer_ids), start=1)}
    met: dict[int, int] = {}
    for _p, reviewer, _c, _v in records:
        met.setdefault(reviewer, len(met))
    proposal_order = {pid: i for i, pid in enumerate(titles)}
    criterion_order = {key: i for i, key in enumerate(keys)}
    ordered = sorted(
        records,
        key=lambda r: (
            met[r[1]],
            proposal_order.get(r[0], len(proposal_order)),
            r[0],
            criterion_order.get(r[2], len(keys)),
        ),
    )
    rows = [
        {
            "proposal": proposal,
            "title": titles.get(proposal, ""),
            "reviewer": pseudonym[reviewer],
            "criterion": criterion,
            "score": value,
        }
        for proposal, reviewer, criterion, value in ordered
    ]
    return rows, len(met)


def _decisions(
    event: Event, ranking: list[dict[str, Any]], titles: dict[int, str]
) -> list[dict[str, Any]]:
    decisions = list(
        db.session.scalars(
            select(Decision)
            .where(Decision.event_id == event.id)
            .options(
                selectinload(Decision.proposal),
                selectinload(Decision.merged_into),
                selectinload(Decision.problem_owner),
                selectinload(Decision.process_owners).selectinload(ProcessOwner.organisation),
                selectinload(Decision.amendments),
            )
        )
    )
    # A decision staged on a proposal that left the round before publication is not part of it.
    decisions = [d for d in decisions if d.proposal_id in titles]
    rank_of = {row["proposal"]: row["rank"] for row in ranking}
    org_ids: set[int] = set()
    proposal_ids: set[int] = set()
    for decision in decisions:
        for amendment in decision.amendments:
            for snap in (amendment.old or {}, amendment.new or {}):
                if snap.get("problem_owner_id"):
                    org_ids.add(snap["problem_owner_id"])
                org_ids |= {o["organisation_id"] for o in snap.get("process_owners") or []}
                if snap.get("merged_into_id"):
                    proposal_ids.add(snap["merged_into_id"])
    names = {
        o.id: o.name
        for o in db.session.scalars(select(Organisation).where(Organisation.id.in_(org_ids)))
    } if org_ids else {}
    other_titles = dict(
        db.session.execute(select(Proposal.id, Proposal.title).where(Proposal.id.in_(proposal_ids)))
        .tuples()
        .all()
    ) if proposal_ids else {}
    all_titles = {**other_titles, **titles}
    rows = []
    for decision in decisions:
        rows.append(
            {
                "proposal": decision.proposal_id,
                "title": decision.proposal.title,
                "rank": rank_of.get(decision.proposal_id),
                "outcome": decision.outcome.value,
                "outcome_label": labels.label(decision.outcome),
                "rationale": decision.rationale,
                "justification": decision.justification,
                "merged_into": decision.merged_into.title if decision.merged_into else "",
                "problem_owner": _org(decision.problem_owner),
                "process_owners": [
                    {
                        **_org(owner.organisation),
                        "contact_name": owner.contact_name,
                        "contact_email": owner.contact_email,
                    }
                    for owner in decision.process_owners
                ],
                "trial_action": decision.trial_action,
                "trial_date": decision.trial_date,
                "updated_at": decision.updated_at,
                "amendments": [
                    {
                        "changes": _changes(a.old or {}, a.new or {}, names, all_titles),
                        "reason": a.reason,
                        "changed_by": a.changed_by.name if a.changed_by else "",
                        "changed_at": a.changed_at,
                    }
                    for a in decision.amendments
                ],
            }
        )
    order = {outcome.value: i for i, outcome in enumerate(OUTCOME_ORDER)}
    rows.sort(key=lambda r: (order[r["outcome"]], r["rank"] or 10**9, r["title"]))
    return rows


def _org(org: Organisation | None) -> dict[str, Any] | None:
    if org is None:
        return None
    return {"name": org.name, "sector": org.sector.value, "sector_label": labels.label(org.sector)}


def _changes(
    old: dict[str, Any], new: dict[str, Any], names: dict[int, str], titles: dict[int, str]
) -> list[dict[str, str]]:
    """The fields an amendment changed, as readable old and new texts."""

    def text(key: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return "–"
        if key == "outcome":
            try:
                return labels.label(Outcome(value))
            except ValueError:
                return str(value)
        if key == "problem_owner_id":
            return names.get(value, _("organisation %(id)s", id=value))
        if key == "merged_into_id":
            return titles.get(value, _("proposal %(id)s", id=value))
        if key == "trial_date":
            try:
                return formatting.date(parse_date(value))
            except ParseError:
                return str(value)
        if key == "process_owners":
            return "; ".join(
                f"{names.get(o['organisation_id'], o['organisation_id'])} ({o['contact_name']})"
                for o in value
            )
        return str(value)

    changes = []
    for key, field_label in DECISION_FIELD.items():
        if old.get(key) != new.get(key):
            changes.append(
                {
                    "field": key,
                    "label": str(field_label),
                    "old": text(key, old.get(key)),
                    "new": text(key, new.get(key)),
                }
            )
    return changes
