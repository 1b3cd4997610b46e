"""The official ranking of an event, and the what-if sandbox beside it.

The official ranking uses the model frozen when the round opened, or the latest weighting the
facilitators adopted with a recorded reason. The sandbox never changes either.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from hackathon.extensions import db
from hackathon.models import Event, Proposal, WeightingAdoption
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
    score rows), ``score_rows``), or None
    when the event has no valid scoring model."""
    model, method, adoption = official_model(event)
    if model is None or method is None:
        return None
    result = _rank(event, model, method, samples, review_queries.submitted_proposals(event))
    result["adoption"] = adoption
    return result


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
    weights as ``result`` (shown side by side on the results page)."""
    found = {}
    for method in METHODS:
        other = rank_scores(
            result["scoring_model"], result["score_rows"], method=method,
            top_k=result["top_k"], samples=0, proposals=list(result["by_id"]),
        )
        found[method] = {row["proposal"]: row["rank"] for row in other["ranking"]}
    return found


def top_k_ids(result: dict[str, Any]) -> list[int]:
    """The proposal ids inside the top k (quota) of a ranking, best first."""
    return [row["proposal"] for row in result["ranking"] if row["rank"] <= result["top_k"]]
