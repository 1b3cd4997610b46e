"""The official ranking of an event, and the what-if sandbox beside it.

The official ranking uses the model frozen when the round opened, or the latest weighting the
facilitators adopted with a recorded reason. The sandbox never changes either. Once the
decision is published, the official ranking is the record stored at publication
(``PublishedRanking``): later withdrawals, scores or weightings do not move it.
"""

from __future__ import annotations

import copy
import math
from datetime import datetime
from typing import Any

from sqlalchemy import select

from hackathon.enums import Outcome
from hackathon.extensions import db
from hackathon.models import (
    Decision,
    DecisionAmendment,
    Event,
    Proposal,
    PublishedRanking,
    WeightingAdoption,
)
from hackathon.review import queries as review_queries
from hackathon.scoring import METHODS, ScoringModel, rank_scores

# Enough samples for a stable "probability of top k" (+-1.6 points at 95%), fast at 50 proposals.
OFFICIAL_SAMPLES = 1000
SANDBOX_SAMPLES = 0
SEED = 2026


def current_adoption(event: Event) -> WeightingAdoption | None:
    """The weighting in force, if the facilitators adopted one."""
    return db.session.scalar(
        select(WeightingAdoption)
        .where(WeightingAdoption.event_id == event.id)
        .order_by(WeightingAdoption.id.desc())
        .limit(1)
    )


def official_model(
    event: Event,
) -> tuple[ScoringModel | None, str | None, WeightingAdoption | None]:
    """(model with the weights in force, method in force, adoption or None)."""
    model = review_queries.scoring_model(event)
    if model is None:
        return None, None, None
    adoption = current_adoption(event)
    if adoption is not None:
        known = {k: w for k, w in adoption.weights.items() if k in model.criterion_keys}
        model = model.with_weights(known)
        method = adoption.method if adoption.method in METHODS else model.method
        return model, method, adoption
    return model, model.method, None


def _rank(
    event: Event, model: ScoringModel, method: str, samples: int, proposals: list[Proposal]
) -> dict[str, Any]:
    records = review_queries.complete_scores(event)
    result = rank_scores(
        model,
        records,
        method=method,
        top_k=max(1, event.selection_quota),
        samples=samples,
        seed=SEED,
        proposals=[p.id for p in proposals],
    )
    result["by_id"] = {p.id: p for p in proposals}
    result["scoring_model"] = model
    result["records"] = len(records)
    result["score_rows"] = records
    return result


def official_ranking(event: Event, samples: int = OFFICIAL_SAMPLES) -> dict[str, Any] | None:
    """The official ranking of the event's submitted proposals (rank_scores' output plus
    ``by_id`` {proposal id: Proposal}, ``scoring_model``, ``adoption``, ``records`` (how many
    score rows), ``score_rows`` and ``record``), or None when the event has no valid scoring
    model.

    Once the decision is published this is the stored record (``record`` then holds its
    ``published_at``; it is None for a ranking computed now), whatever ``samples`` asks.
    """
    if event.decision_published_at is not None:
        stored = published_record(event)
        if stored is not None:
            return _from_record(stored)
    model, method, adoption = official_model(event)
    if model is None or method is None:
        return None
    result = _rank(event, model, method, samples, review_queries.submitted_proposals(event))
    result["adoption"] = adoption
    result["record"] = None
    return result


# Keys of an official ranking that are objects or derived, not part of rank_scores' output.
_LIVE_KEYS = ("by_id", "scoring_model", "adoption", "records", "score_rows", "record")


def published_record(event: Event) -> PublishedRanking | None:
    """The ranking stored when the event's decision was published, if any."""
    return db.session.scalar(select(PublishedRanking).where(PublishedRanking.event_id == event.id))


def store_record(
    event: Event, result: dict[str, Any], *, published_at: datetime
) -> PublishedRanking:
    """Keep ``result`` (a full official ranking) as the record the published decision rests
    on. Called once, by publication; the row is never changed afterwards."""
    model = result["scoring_model"]
    adoption = result["adoption"]
    robustness = result.get("robustness") or {}
    record = PublishedRanking(
        event_id=event.id,
        published_at=published_at,
        method=result["method"],
        model_key=model.key,
        weights={c["key"]: c["weight"] for c in result["criteria"]},
        samples=int(robustness.get("samples") or 0),
        seed=robustness.get("seed"),
        adoption_id=adoption.id if adoption is not None else None,
        model_snapshot=model.to_snapshot(),
        proposal_ids=list(result["by_id"]),
        score_rows=[list(row) for row in result["score_rows"]],
        result=_json_safe({k: v for k, v in result.items() if k not in _LIVE_KEYS}),
    )
    db.session.add(record)
    db.session.flush()
    return record


def _from_record(stored: PublishedRanking) -> dict[str, Any]:
    """The stored record in the shape ``official_ranking`` returns."""
    result = copy.deepcopy(stored.result)
    ids = list(stored.proposal_ids)
    found = {
        p.id: p for p in db.session.scalars(select(Proposal).where(Proposal.id.in_(ids)))
    } if ids else {}
    result["by_id"] = {pid: found[pid] for pid in ids if pid in found}
    result["scoring_model"] = ScoringModel.from_snapshot(stored.model_snapshot)
    result["adoption"] = stored.adoption
    result["score_rows"] = [tuple(row) for row in stored.score_rows]
    result["records"] = len(result["score_rows"])
    result["record"] = {
        "published_at": stored.published_at,
        "stored_at": stored.created_at,
        "amendments": outcome_amendments(stored.event_id),
    }
    return result


def outcome_amendments(event_id: int) -> list[dict[str, Any]]:
    """The amendments since publication that changed an outcome, oldest first: proposal,
    title, old and new Outcome, reason, changed_at. Shown beside the record, which they never
    change."""
    rows = db.session.execute(
        select(DecisionAmendment, Decision.proposal_id, Proposal.title)
        .join(Decision, Decision.id == DecisionAmendment.decision_id)
        .join(Proposal, Proposal.id == Decision.proposal_id)
        .where(Decision.event_id == event_id)
        .order_by(DecisionAmendment.id)
    ).all()
    found = []
    for amendment, proposal_id, title in rows:
        old, new = (amendment.old or {}).get("outcome"), (amendment.new or {}).get("outcome")
        if old == new:
            continue
        found.append({
            "proposal": proposal_id,
            "title": title,
            "old": _outcome(old),
            "new": _outcome(new),
            "reason": amendment.reason,
            "changed_at": amendment.changed_at,
        })
    return found


def _outcome(value: Any) -> Outcome | None:
    """An outcome value from an amendment's snapshot as the enum (None if absent or unknown)."""
    try:
        return Outcome(value)
    except ValueError:
        return None


def _json_safe(value: Any) -> Any:
    """Plain JSON data: tuples as lists, and a float that is not finite (a log of 0 under WPM)
    as None, which PostgreSQL's JSON type would refuse and every reader already draws as 0."""
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def sandbox_ranking(
    event: Event, weights: dict[str, float], method: str, samples: int = SANDBOX_SAMPLES
) -> dict[str, Any] | None:
    """A what-if ranking with other weights and/or method; changes nothing."""
    model = review_queries.scoring_model(event)
    if model is None:
        return None
    if method not in METHODS:
        raise ValueError(method)
    model = model.with_weights({k: w for k, w in weights.items() if k in model.criterion_keys})
    result = _rank(event, model, method, samples, review_queries.submitted_proposals(event))
    result["adoption"] = None
    return result


def ranks_by_method(result: dict[str, Any]) -> dict[str, dict[int, int]]:
    """{method: {proposal id: rank}} for every method, on the same aggregated scores and
    weights as ``result`` (shown side by side on the results page).

    The ranking already ranked with every usable method for the agreement between methods
    (``method_agreement["ranks"]``); only a method missing there (a stored ranking from before
    that was kept) is ranked again here.
    """
    agreement = (result.get("method_agreement") or {}).get("ranks") or {}
    found = {}
    for method in METHODS:
        if method in agreement:
            found[method] = {int(pid) if isinstance(pid, str) and pid.isdigit() else pid: rank
                             for pid, rank in agreement[method].items()}
            continue
        other = rank_scores(
            result["scoring_model"], result["score_rows"], method=method,
            top_k=result["top_k"], samples=0, proposals=list(result["by_id"]),
        )
        found[method] = {row["proposal"]: row["rank"] for row in other["ranking"]}
    return found


def top_k_ids(result: dict[str, Any]) -> list[int]:
    """The proposal ids inside the top k (quota) of a ranking, best first."""
    return [row["proposal"] for row in result["ranking"] if row["rank"] <= result["top_k"]]
