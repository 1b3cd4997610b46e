"""Rank proposals with a scoring model: scores, ranks, robustness, and agreement.

Two entry points, both returning plain JSON-serialisable data (ids are kept as given):

- ``rank_scores(model, records)``: records are (proposal, reviewer, criterion, value) with
  None or NaN for an abstention; they are aggregated with the model's reviewer aggregation.
- ``rank_matrix(model, {proposal: {criterion: value}})``: values already aggregated.

Thin data never raises and never yields NaN; what cannot be computed is None or flagged:

- A criterion nobody scored on any proposal (every reviewer abstained) is *left out*: the
  proposals are ranked on the other criteria, whose weights are rescaled to sum 1; it is
  listed under "left_out" with the reason, and a "criterion_left_out" warning is added.
- A proposal with no value on a criterion that is used is not ranked: it is listed under
  "unranked" with the reason, and a warning is added.
- A cell scored by one reviewer has no spread (range and sd None) and flags "single_reviewer".
- With no score at all, nothing is ranked (warning "no_proposals"); with one proposal, or all
  proposals equal, everyone shares rank 1.

Ranks are competition ranks: rank = 1 + the number of proposals with a strictly better score,
so ties share a rank (1, 1, 3); see ``ranks.py`` for the tie tolerance.

Output::

    {
      "model": key, "method": name, "higher_is_better": bool,
      "aggregation": "mean" | "median" | "centred" | None (matrix input), "top_k": k,
      "criteria": [{"key", "weight" (normalised), "objective", "scale": [min, max],
                    "used": bool, "weight_used": weight in the ranking (0 when left out)}],
      "left_out": [{"criterion": key, "reason": "no_scores"}],
      "ranking": [                      # ranked proposals, by rank, then input order
        {"proposal": id, "rank": int, "score": float,
         "criteria": {key: aggregated value | None (left out)},
         "contributions": {key: float | None (left out)},
         "reviewers": {key: number of scores} | None,
         "spread": {key: {"range": float | None, "sd": float | None, "discuss": bool}} | None,
         "p_top_k": p | None,            # weights and reviewers vary together
         "p_top_k_weights": p | None,    # only the weights vary
         "p_top_k_reviewers": p | None,  # only the reviewers vary (bootstrap)
         "p_first": p | None,            # probability of rank 1 (as p_top_k)
         "rank_acceptability": [p(rank 1), ..., p(rank n)] | None,   # n <= 50 only
         "flags": ["tied", "tie_at_quota", "single_reviewer", "discuss", "borderline"]}],
      "unranked": [{"proposal": id, "reason": str, "missing": [keys],
                    "criteria": {key: value | None}, "flags": ["missing_scores"]}],
      "method_details": {...},          # VIKOR: v, acceptable_advantage/_stability, compromise
      "robustness": {"samples", "seed", "concentration", "reviewer_bootstrap", "reviewers"}
                    | None,
      "method_agreement": {"methods": [...], "ranks": {method: {id: rank}},
                           "spearman": {a: {b: rho | None}},
                           "top_k": {method: [ids]}, "same_top_k": {method: bool},
                           "all_same_top_k": bool},
      "rank_reversal": {"remove_worst": {...} | None, "add_copy": {...} | None},
      "agreement": {key: {"interval": a | None, "ordinal": a | None,
                          "reading": "good" | "tentative" | "weak" | None, "reading_da": ...}},
      "warnings": [{"code": str, "message": str, ...details}],
    }

Robustness, method agreement and rank reversal are explained in ``robustness.py``:
"p_top_k_weights" varies only the weights, "p_top_k_reviewers" only the reviewers,
"p_top_k" both at once (only the weights for matrix input), reproducibly from ``seed``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from hackathon.scoring.aggregation import ScoreTable, aggregate, bootstrap_aggregator
from hackathon.scoring.methods import (
    HIGHER_IS_BETTER,
    CriteriaArrays,
    check_method,
    contributions,
    evaluate,
)
from hackathon.scoring.models import ScoringModel
from hackathon.scoring.output import (
    BORDERLINE,
    Ranked,
    agreement_of,
    criteria_entries,
    ranked_rows,
    unranked_entries,
)
from hackathon.scoring.ranks import TIE_TOLERANCE, competition_ranks
from hackathon.scoring.robustness import (
    DEFAULT_CONCENTRATION,
    Robustness,
    method_agreement,
    rank_reversal,
    robustness,
)

# Re-exported: callers import these from here, as before the robustness code moved out.
__all__ = [
    "BORDERLINE",
    "DEFAULT_CONCENTRATION",
    "DEFAULT_SAMPLES",
    "DEFAULT_TOP_K",
    "TIE_TOLERANCE",
    "Robustness",
    "competition_ranks",
    "method_agreement",
    "rank_matrix",
    "rank_reversal",
    "rank_scores",
    "robustness",
]

DEFAULT_TOP_K = 2
DEFAULT_SAMPLES = 1000


def rank_scores(
    model: ScoringModel,
    scores: Iterable[Sequence[Any]] | ScoreTable,
    *,
    method: str | None = None,
    top_k: int = DEFAULT_TOP_K,
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = 0,
    concentration: float = DEFAULT_CONCENTRATION,
    proposals: Sequence[Hashable] | None = None,
) -> dict[str, Any]:
    """Aggregate reviewers' scores with the model's aggregation and rank (see module doc)."""
    if isinstance(scores, ScoreTable):
        table = scores
        if table.criteria != model.criterion_keys:
            raise ValueError("the score table's criteria are not the model's criteria")
    else:
        table = ScoreTable.from_records(model, scores, proposals)
    criteria = CriteriaArrays.from_model(model)
    values, counts = aggregate(table, model.reviewer_aggregation, criteria.low, criteria.high)
    return _rank(
        model,
        criteria,
        list(table.proposals),
        values,
        _Options(method or model.method, top_k, samples, seed, concentration),
        table=table,
        counts=counts,
    )


def rank_matrix(
    model: ScoringModel,
    matrix: Mapping[Hashable, Mapping[str, float | None]],
    *,
    method: str | None = None,
    top_k: int = DEFAULT_TOP_K,
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = 0,
    concentration: float = DEFAULT_CONCENTRATION,
) -> dict[str, Any]:
    """Rank already aggregated values {proposal: {criterion: value}}; None/NaN = missing."""
    criteria = CriteriaArrays.from_model(model)
    index = {key: j for j, key in enumerate(criteria.keys)}
    ids = list(matrix)
    values = np.full((len(ids), len(index)), np.nan)
    for i, proposal in enumerate(ids):
        for key, value in matrix[proposal].items():
            if key not in index:
                raise ValueError(f"proposal {proposal!r}: unknown criterion {key!r}")
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float | np.number):
                raise ValueError(f"proposal {proposal!r}: {key}: {value!r} is not a number")
            j = index[key]
            if not np.isnan(value) and not criteria.low[j] <= value <= criteria.high[j]:
                crit = model.criteria[j]
                raise ValueError(
                    f"proposal {proposal!r}: {key}: {value:g} is outside the scale "
                    f"{crit.scale_min}..{crit.scale_max}"
                )
            values[i, j] = float(value)
    options = _Options(method or model.method, top_k, samples, seed, concentration)
    return _rank(model, criteria, ids, values, options, table=None, counts=None)


@dataclass(frozen=True)
class _Options:
    """The caller's choices for one ranking."""

    method: str
    top_k: int
    samples: int
    seed: int | None
    concentration: float


def _check_options(options: _Options, criteria: CriteriaArrays) -> None:
    """Raise ValueError on an unknown method or a bad top k, sample count or concentration."""
    check_method(options.method, criteria)
    top_k, samples = options.top_k, options.samples
    if isinstance(top_k, bool) or not isinstance(top_k, int) or top_k < 1:
        raise ValueError("top_k must be a whole number >= 1")
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 0:
        raise ValueError("samples must be a whole number >= 0")
    if not options.concentration > 0:
        raise ValueError("concentration must be > 0")


def _rank(
    model: ScoringModel,
    criteria: CriteriaArrays,
    ids: list[Hashable],
    values: np.ndarray,
    options: _Options,
    *,
    table: ScoreTable | None,
    counts: np.ndarray | None,
) -> dict[str, Any]:
    """Shared core of rank_scores and rank_matrix."""
    _check_options(options, criteria)
    method, top_k = options.method, options.top_k
    keys = criteria.keys
    higher = HIGHER_IS_BETTER[method]
    missing = np.isnan(values)
    # A criterion nobody scored anywhere is left out, unless nothing at all was scored.
    empty = missing.all(axis=0)
    used = ~empty if not empty.all() else np.ones(len(keys), dtype=bool)
    sub = criteria.subset(used)
    rankable = ~missing[:, used].any(axis=1)
    rows = np.flatnonzero(rankable)
    warnings: list[dict[str, Any]] = []
    result: dict[str, Any] = {
        "model": model.key,
        "method": method,
        "higher_is_better": higher,
        "aggregation": model.reviewer_aggregation if table is not None else None,
        "top_k": top_k,
        "criteria": criteria_entries(model, criteria, used),
        "left_out": [{"criterion": keys[j], "reason": "no_scores"} for j in np.flatnonzero(~used)],
        "ranking": [],
        "unranked": unranked_entries(ids, values, used, keys, warnings),
        "method_details": {},
        "robustness": None,
        "method_agreement": None,
        "rank_reversal": {"remove_worst": None, "add_copy": None},
        "agreement": agreement_of(table, keys),
        "warnings": warnings,
    }
    for entry in result["left_out"]:
        warnings.append(
            {
                "code": "criterion_left_out",
                "criterion": entry["criterion"],
                "message": f"Nobody scored '{entry['criterion']}' on any proposal (every "
                "reviewer abstained), so the ranking uses the other criteria, their weights "
                "rescaled to sum 1.",
            }
        )
    for key, found in result["agreement"].items():
        if found["reading"] == "weak":
            warnings.append(
                {
                    "code": "weak_agreement",
                    "criterion": key,
                    "message": f"Reviewers agree weakly on '{key}' "
                    f"(Krippendorff's alpha {found['interval']:.2f} < 0.667).",
                }
            )
    n = len(rows)
    if n == 0:
        warnings.append({"code": "no_proposals", "message": "No proposal can be ranked."})
        return result
    x = values[rows][:, used]
    ranked_ids = [ids[i] for i in rows]
    # The sampler first (numpy only): ``hackathon rank`` imports scikit-criteria on a thread
    # meanwhile, which the official evaluation below needs.
    robust = _robustness(result, model, sub, x, rows, used, options, table)
    evaluation = evaluate(method, x, sub.weights, sub)
    scores = evaluation.scores
    ranks = competition_ranks(scores, higher)
    if evaluation.extra:
        _vikor_details(result, evaluation.extra, ranked_ids)
    if n >= 2:
        for j in np.flatnonzero(x.max(axis=0) == x.min(axis=0)):
            warnings.append(
                {
                    "code": "constant_criterion",
                    "criterion": sub.keys[j],
                    "message": f"Every ranked proposal has the same value on '{sub.keys[j]}', "
                    "so it cannot separate them.",
                }
            )
    if top_k >= n:
        warnings.append(
            {
                "code": "top_k_covers_all",
                "message": f"The top {top_k} includes every ranked proposal ({n}).",
            }
        )
    result["method_agreement"] = method_agreement(x, sub, ranked_ids, top_k, method)
    reversal = rank_reversal(method, x, sub, ranked_ids, scores, top_k)
    result["rank_reversal"] = reversal
    for check, found in reversal.items():
        if found is not None and found["order_changed"]:
            what = "removing the worst" if check == "remove_worst" else "adding a copy of"
            warnings.append(
                {
                    "code": "rank_reversal",
                    "check": check,
                    "message": f"The order of other proposals changes when {what} proposal "
                    f"{found['proposal']!r} (rank reversal; the method depends on which "
                    "proposals are present).",
                }
            )
    parts = np.full((n, len(keys)), np.nan)
    parts[:, used] = contributions(method, x, sub.weights, sub)
    result["ranking"] = ranked_rows(
        Ranked(ranked_ids, rows, scores, ranks, values[rows], parts, used, top_k),
        keys, table, criteria, counts, robust, warnings,
    )
    return result


def _vikor_details(result: dict[str, Any], extra: dict[str, Any], ids: list[Hashable]) -> None:
    """VIKOR's compromise facts in the result, and a warning when there is no clear winner."""
    details = dict(extra)
    details["compromise_set"] = [ids[i] for i in details.get("compromise_set", [])]
    result["method_details"] = details
    if not (details["acceptable_advantage"] and details["acceptable_stability"]):
        result["warnings"].append(
            {
                "code": "vikor_compromise",
                "proposals": details["compromise_set"],
                "message": "VIKOR finds no single clear winner; its compromise set is "
                + ", ".join(repr(p) for p in details["compromise_set"])
                + ".",
            }
        )


def _robustness(
    result: dict[str, Any],
    model: ScoringModel,
    sub: CriteriaArrays,
    x: np.ndarray,
    rows: np.ndarray,
    used: np.ndarray,
    options: _Options,
    table: ScoreTable | None,
) -> Robustness | None:
    """Run the robustness analysis on the used criteria (None when samples is 0)."""
    if options.samples == 0:
        return None
    bootstrap = None
    if table is not None and len(table.reviewers) >= 2:
        kept = ScoreTable(table.proposals, table.reviewers, sub.keys, table.values[:, :, used])
        bootstrap = bootstrap_aggregator(
            kept, model.reviewer_aggregation, sub.low, sub.high, rows, x
        )
    elif table is not None:
        result["warnings"].append(
            {
                "code": "no_reviewer_bootstrap",
                "message": "Fewer than two reviewers: only the weights are varied.",
            }
        )
    robust = robustness(
        options.method,
        x,
        sub,
        top_k=options.top_k,
        samples=options.samples,
        seed=options.seed,
        concentration=options.concentration,
        bootstrap=bootstrap,
    )
    result["robustness"] = {
        "samples": options.samples,
        "seed": options.seed,
        "concentration": options.concentration,
        "reviewer_bootstrap": bootstrap is not None,
        "reviewers": len(table.reviewers) if table is not None else None,
    }
    return robust


