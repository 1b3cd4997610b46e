"""Rank proposals with a scoring model: scores, ranks, robustness, and agreement.

Two entry points, both returning plain JSON-serialisable data (ids are kept as given):

- ``rank_scores(model, records)``: records are (proposal, reviewer, criterion, value) with
  None or NaN for an abstention; they are aggregated with the model's reviewer aggregation.
- ``rank_matrix(model, {proposal: {criterion: value}})``: values already aggregated.

A proposal with no value on some criterion is not ranked: it is listed under "unranked" with
the reason, and a warning is added. Ranks are competition ranks: rank = 1 + the number of
proposals with a strictly better score, so ties share a rank (1, 1, 3). Scores closer than
TIE_TOLERANCE (relative to the largest score, at least absolute) are ties, because the same
value summed in another order can differ in its last bits.

Output::

    {
      "model": key, "method": name, "higher_is_better": bool,
      "aggregation": "mean" | "median" | "centred" | None (matrix input), "top_k": k,
      "criteria": [{"key", "weight" (normalised), "objective", "scale": [min, max]}],
      "ranking": [                      # ranked proposals, by rank, then input order
        {"proposal": id, "rank": int, "score": float,
         "criteria": {key: aggregated value}, "contributions": {key: float},
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
      "method_agreement": {"methods": [...], "spearman": {a: {b: rho | None}},
                           "top_k": {method: [ids]}, "same_top_k": {method: bool},
                           "all_same_top_k": bool},
      "rank_reversal": {"remove_worst": {...} | None, "add_copy": {...} | None},
      "agreement": {key: {"interval": a | None, "ordinal": a | None,
                          "reading": "good" | "tentative" | "weak" | None, "reading_da": ...}},
      "warnings": [{"code": str, "message": str, ...details}],
    }

Robustness (SMAA-style rank acceptability, Lahdelma & Salminen 2001): ``samples`` weight
vectors are drawn from Dirichlet(concentration * w), whose mean is the model's weights w; with
the default concentration 50 a weight of 0.40 varies with a standard deviation of about 0.07
(sd = sqrt(w (1 - w) / (concentration + 1))). Reviewers are bootstrapped: each sample draws as
many reviewers as there are, with replacement, and re-aggregates. "p_top_k_weights" varies only
the weights, "p_top_k_reviewers" only the reviewers, "p_top_k" both at once (only the weights
for matrix input). Everything is computed for all samples at once in numpy, reproducibly from
``seed`` (None for a fresh random seed).

Rank reversal: (1) the worst-ranked proposal is removed and the others re-ranked; (2) a copy
of the best proposal outside the top k (of the worst when all are inside) is added. Each
reports whether the relative order of the other proposals changed and whether the top k did.
scikit-criteria's ``ranksrev.RankClonesChecker`` only checks whether the winner survives
cloning each alternative (n evaluations); these two checks look at the whole order instead.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from hackathon.scoring.aggregation import (
    Resampler,
    ScoreTable,
    aggregate,
    bootstrap_aggregator,
)
from hackathon.scoring.agreement import criterion_agreement, spread
from hackathon.scoring.methods import (
    HIGHER_IS_BETTER,
    CriteriaArrays,
    batch_scores,
    check_method,
    contributions,
    evaluate,
)
from hackathon.scoring.models import METHODS, ScoringModel

DEFAULT_TOP_K = 2
DEFAULT_SAMPLES = 1000
DEFAULT_CONCENTRATION = 50.0
TIE_TOLERANCE = 1e-9
BORDERLINE = (0.2, 0.8)
FULL_ACCEPTABILITY_LIMIT = 50
# Samples are processed in chunks of about this many float64 values per intermediate
# array (4 MB): memory stays flat, and the allocator reuses the blocks instead of mapping
# fresh pages from the OS for every chunk (which made larger chunks twice as slow).
_CHUNK_ELEMENTS = 500_000


def competition_ranks(scores: np.ndarray, higher_is_better: bool = True) -> np.ndarray:
    """Rank = 1 + number of strictly better scores, so ties share a rank (1, 1, 3)."""
    good = _oriented(np.asarray(scores, dtype=float), higher_is_better)
    if good.size == 0:
        return np.zeros(0, dtype=int)
    tolerance = _tolerance(good)
    ordered = np.sort(good)
    better = good.size - np.searchsorted(ordered, good + tolerance, side="right")
    return better + 1


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
class Robustness:
    """Per proposal, the share of samples in which it made the top k (and rank 1)."""

    p_top_k: np.ndarray
    p_top_k_weights: np.ndarray
    p_top_k_reviewers: np.ndarray | None
    p_first: np.ndarray
    acceptability: np.ndarray | None


def robustness(
    method: str,
    matrix: np.ndarray,
    criteria: CriteriaArrays,
    *,
    top_k: int,
    samples: int,
    seed: int | None,
    concentration: float = DEFAULT_CONCENTRATION,
    bootstrap: Resampler | None = None,
) -> Robustness:
    """Top-k probabilities when the weights (and, with ``bootstrap``, the reviewers) vary."""
    x = np.asarray(matrix, dtype=float)
    n, m = x.shape
    higher = HIGHER_IS_BETTER[method]
    generator = np.random.default_rng(seed)
    weights = generator.dirichlet(concentration * criteria.weights, size=samples)
    draws = None
    footprint = 3
    if bootstrap is not None:
        reviewers, footprint = bootstrap.reviewers, bootstrap.floats_per_cell
        draws = generator.multinomial(reviewers, np.full(reviewers, 1 / reviewers), samples)
    full = n <= FULL_ACCEPTABILITY_LIMIT
    by_weights = _Tally(n, top_k, higher, full=full and draws is None)
    by_reviewers = _Tally(n, top_k, higher, full=False)
    jointly = _Tally(n, top_k, higher, full=full)
    chunk = max(1, _CHUNK_ELEMENTS // (n * m * footprint))
    for start in range(0, samples, chunk):
        by_weights.add(batch_scores(method, x, weights[start : start + chunk], criteria))
    if draws is not None:
        # Few reviewers give few distinct resamples (126 for 5 reviewers), so each distinct
        # one is aggregated once and shared by all the samples that drew it.
        patterns, which = np.unique(draws, axis=0, return_inverse=True)
        which = which.ravel()
        for first in range(0, len(patterns), chunk):
            group = slice(first, first + chunk)
            # (patterns, criteria, proposals): the layout batch_scores works in.
            resampled = np.swapaxes(bootstrap.aggregate(patterns[group]), 1, 2)
            by_reviewers.add(
                batch_scores(method, np.swapaxes(resampled, 1, 2), criteria.weights, criteria),
                np.bincount(which, minlength=len(patterns))[group],
            )
            members = np.flatnonzero((which >= first) & (which < first + len(resampled)))
            for start in range(0, len(members), chunk):
                taken = members[start : start + chunk]
                matrices = np.swapaxes(resampled[which[taken] - first], 1, 2)
                jointly.add(batch_scores(method, matrices, weights[taken], criteria))
    # Without reviewer data the weights are the only source of variation.
    headline = jointly if draws is not None else by_weights
    return Robustness(
        p_top_k=headline.share(headline.top),
        p_top_k_weights=by_weights.share(by_weights.top),
        p_top_k_reviewers=by_reviewers.share(by_reviewers.top) if draws is not None else None,
        p_first=headline.share(headline.first),
        acceptability=None
        if headline.acceptability is None
        else headline.share(headline.acceptability),
    )


def method_agreement(
    matrix: np.ndarray, criteria: CriteriaArrays, ids: Sequence[Hashable], top_k: int, main: str
) -> dict[str, Any]:
    """Rank with every usable method: Spearman between rankings and whether top k agree."""
    x = np.asarray(matrix, dtype=float)
    usable = [m for m in METHODS if not (m == "wpm" and np.any(criteria.low <= 0))]
    ranks, average = {}, {}
    for name in usable:
        scores = evaluate(name, x, criteria.weights, criteria).scores
        ranks[name] = competition_ranks(scores, HIGHER_IS_BETTER[name])
        average[name] = _average_ranks(scores, HIGHER_IS_BETTER[name])
    chosen = {name: set(np.flatnonzero(ranks[name] <= top_k).tolist()) for name in usable}
    reference = chosen.get(main, chosen[usable[0]])
    return {
        "methods": usable,
        "spearman": {a: {b: _spearman(average[a], average[b]) for b in usable} for a in usable},
        "top_k": {
            name: [ids[i] for i in sorted(chosen[name], key=lambda i: (ranks[name][i], i))]
            for name in usable
        },
        "same_top_k": {name: chosen[name] == reference for name in usable},
        "all_same_top_k": all(chosen[name] == reference for name in usable),
    }


def rank_reversal(
    method: str,
    matrix: np.ndarray,
    criteria: CriteriaArrays,
    ids: Sequence[Hashable],
    scores: np.ndarray,
    top_k: int,
) -> dict[str, dict[str, Any] | None]:
    """Does the order of the others change when the worst is removed or a copy is added?"""
    x = np.asarray(matrix, dtype=float)
    n = len(x)
    if n < 3:
        return {"remove_worst": None, "add_copy": None}
    higher = HIGHER_IS_BETTER[method]
    ranks = competition_ranks(scores, higher)
    worst = int(np.flatnonzero(ranks == ranks.max())[-1])
    keep = np.flatnonzero(np.arange(n) != worst)
    after = evaluate(method, x[keep], criteria.weights, criteria).scores
    removed = _compare(
        competition_ranks(scores[keep], higher),
        competition_ranks(after, higher),
        [ids[i] for i in keep],
        top_k,
    )
    outside = np.flatnonzero(ranks > top_k)
    copied = int(outside[np.argmin(ranks[outside])]) if outside.size else worst
    with_copy = evaluate(method, np.vstack([x, x[copied]]), criteria.weights, criteria).scores
    added = _compare(ranks, competition_ranks(with_copy[:n], higher), list(ids), top_k)
    return {
        "remove_worst": {"proposal": ids[worst], **removed},
        "add_copy": {"proposal": ids[copied], **added},
    }


@dataclass(frozen=True)
class _Options:
    """The caller's choices for one ranking."""

    method: str
    top_k: int
    samples: int
    seed: int | None
    concentration: float


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
    method, top_k = options.method, options.top_k
    check_method(method, criteria)
    if isinstance(top_k, bool) or not isinstance(top_k, int) or top_k < 1:
        raise ValueError("top_k must be a whole number >= 1")
    if (
        isinstance(options.samples, bool)
        or not isinstance(options.samples, int)
        or (options.samples < 0)
    ):
        raise ValueError("samples must be a whole number >= 0")
    if not options.concentration > 0:
        raise ValueError("concentration must be > 0")
    keys = criteria.keys
    higher = HIGHER_IS_BETTER[method]
    warnings: list[dict[str, Any]] = []
    rankable = ~np.isnan(values).any(axis=1)
    rows = np.flatnonzero(rankable)
    unranked = []
    for i in np.flatnonzero(~rankable):
        missing = [key for j, key in enumerate(keys) if np.isnan(values[i, j])]
        unranked.append(
            {
                "proposal": ids[i],
                "reason": f"no score on: {', '.join(missing)}",
                "missing": missing,
                "criteria": {key: _number(values[i, j]) for j, key in enumerate(keys)},
                "flags": ["missing_scores"],
            }
        )
        warnings.append(
            {
                "code": "missing_scores",
                "proposal": ids[i],
                "criteria": missing,
                "message": f"Proposal {ids[i]!r} has no score on {', '.join(missing)} "
                "and is not ranked.",
            }
        )
    x = values[rows]
    ranked_ids = [ids[i] for i in rows]
    n = len(rows)
    result: dict[str, Any] = {
        "model": model.key,
        "method": method,
        "higher_is_better": higher,
        "aggregation": model.reviewer_aggregation if table is not None else None,
        "top_k": top_k,
        "criteria": [
            {
                "key": c.key,
                "weight": float(w),
                "objective": c.objective,
                "scale": [c.scale_min, c.scale_max],
            }
            for c, w in zip(model.criteria, criteria.weights, strict=True)
        ],
        "ranking": [],
        "unranked": unranked,
        "method_details": {},
        "robustness": None,
        "method_agreement": None,
        "rank_reversal": {"remove_worst": None, "add_copy": None},
        "agreement": _agreement(table, keys),
        "warnings": warnings,
    }
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
    if n == 0:
        warnings.append({"code": "no_proposals", "message": "No proposal can be ranked."})
        return result

    evaluation = evaluate(method, x, criteria.weights, criteria)
    scores = evaluation.scores
    ranks = competition_ranks(scores, higher)
    parts = contributions(method, x, criteria.weights, criteria)
    if evaluation.extra:
        details = dict(evaluation.extra)
        details["compromise_set"] = [ranked_ids[i] for i in details.get("compromise_set", [])]
        result["method_details"] = details
        if not (details["acceptable_advantage"] and details["acceptable_stability"]):
            warnings.append(
                {
                    "code": "vikor_compromise",
                    "proposals": details["compromise_set"],
                    "message": "VIKOR finds no single clear winner; its compromise set is "
                    + ", ".join(repr(p) for p in details["compromise_set"])
                    + ".",
                }
            )
    if n >= 2:
        for j in np.flatnonzero(x.max(axis=0) == x.min(axis=0)):
            warnings.append(
                {
                    "code": "constant_criterion",
                    "criterion": keys[j],
                    "message": f"Every ranked proposal has the same value on '{keys[j]}', "
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

    robust = None
    if options.samples > 0:
        bootstrap = None
        if table is not None and len(table.reviewers) >= 2:
            bootstrap = bootstrap_aggregator(
                table, model.reviewer_aggregation, criteria.low, criteria.high, rows, x
            )
        elif table is not None:
            warnings.append(
                {
                    "code": "no_reviewer_bootstrap",
                    "message": "Fewer than two reviewers: only the weights are varied.",
                }
            )
        robust = robustness(
            method,
            x,
            criteria,
            top_k=top_k,
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

    result["method_agreement"] = method_agreement(x, criteria, ranked_ids, top_k, method)
    reversal = rank_reversal(method, x, criteria, ranked_ids, scores, top_k)
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

    spreads = None
    if table is not None:
        found = spread(table.values[:, rows], criteria.low, criteria.high)
        spreads = list(
            zip(_plain(found.range), _plain(found.sd), found.discuss.tolist(), strict=True)
        )
    tie_size = np.bincount(ranks, minlength=n + 2)[ranks]
    at_quota = (ranks <= top_k) & (top_k < ranks + tie_size - 1)
    if at_quota.any():
        tied = [ranked_ids[i] for i in np.flatnonzero(at_quota)]
        warnings.append(
            {
                "code": "tie_at_quota",
                "proposals": tied,
                "message": f"{len(tied)} proposals tie across the top-{top_k} cut: "
                + ", ".join(repr(p) for p in tied)
                + ".",
            }
        )

    rows_list = x.tolist()
    parts_list = parts.tolist()
    count_list = counts[rows].tolist() if counts is not None else None
    order = np.lexsort((np.arange(n), ranks))
    ranking = []
    for i in order.tolist():
        flags = []
        if tie_size[i] > 1:
            flags.append("tied")
        if at_quota[i]:
            flags.append("tie_at_quota")
        if count_list is not None and 1 in count_list[i]:
            flags.append("single_reviewer")
        if spreads is not None and any(spreads[i][2]):
            flags.append("discuss")
        if robust is not None and BORDERLINE[0] <= robust.p_top_k[i] <= BORDERLINE[1]:
            flags.append("borderline")
        ranking.append(
            {
                "proposal": ranked_ids[i],
                "rank": int(ranks[i]),
                "score": float(scores[i]),
                "criteria": dict(zip(keys, rows_list[i], strict=True)),
                "contributions": dict(zip(keys, parts_list[i], strict=True)),
                "reviewers": dict(zip(keys, count_list[i], strict=True)) if count_list else None,
                "spread": _spread_of(spreads[i], keys) if spreads is not None else None,
                "p_top_k": _share(robust, "p_top_k", i),
                "p_top_k_weights": _share(robust, "p_top_k_weights", i),
                "p_top_k_reviewers": _share(robust, "p_top_k_reviewers", i),
                "p_first": _share(robust, "p_first", i),
                "rank_acceptability": robust.acceptability[i].tolist()
                if robust is not None and robust.acceptability is not None
                else None,
                "flags": flags,
            }
        )
    result["ranking"] = ranking
    return result


class _Tally:
    """Counts, over samples, how often each proposal made the top k, rank 1, and each rank."""

    def __init__(self, n: int, top_k: int, higher: bool, full: bool) -> None:
        self.n = n
        self.k = min(top_k, n)
        self.higher = higher
        self.samples = 0
        self.top = np.zeros(n)
        self.first = np.zeros(n)
        self.acceptability: np.ndarray | None = np.zeros((n, n)) if full else None

    def add(self, scores: np.ndarray, times: np.ndarray | None = None) -> None:
        """Count one chunk of samples (s, n); row i counts ``times[i]`` times (default 1)."""
        good = _oriented(scores, self.higher)
        times = np.ones(len(good)) if times is None else np.asarray(times, dtype=float)
        tolerance = TIE_TOLERANCE * np.maximum(1.0, np.abs(good).max(axis=1, keepdims=True))
        # A proposal is in the top k exactly when its score reaches the k-th best score
        # (within the tie tolerance); np.partition finds that in linear time.
        kth = np.partition(good, self.n - self.k, axis=1)[:, self.n - self.k, None]
        self.top += np.einsum("s,sn->n", times, good >= kth - tolerance)
        self.first += np.einsum(
            "s,sn->n", times, good >= good.max(axis=1, keepdims=True) - tolerance
        )
        if self.acceptability is not None:
            better = (good[:, None, :] > good[:, :, None] + tolerance[:, :, None]).sum(axis=2)
            cells = np.arange(self.n) * self.n + better
            counted = np.bincount(
                cells.ravel(), weights=np.repeat(times, self.n), minlength=self.n**2
            )
            self.acceptability += counted.reshape(self.n, self.n)
        self.samples += times.sum()

    def share(self, counts: np.ndarray) -> np.ndarray:
        """Counts divided by the number of samples."""
        return counts / max(self.samples, 1)


def _agreement(table: ScoreTable | None, keys: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Krippendorff's alpha per criterion, or all None without reviewer data."""
    if table is None:
        empty = {"interval": None, "ordinal": None, "reading": None, "reading_da": None}
        return {key: dict(empty) for key in keys}
    return criterion_agreement(table.values, keys)


def _compare(
    before: np.ndarray, after: np.ndarray, ids: Sequence[Hashable], top_k: int
) -> dict[str, Any]:
    """Which proposals changed rank, and whether the top k changed."""
    moved = np.flatnonzero(before != after)
    return {
        "order_changed": bool(moved.size),
        "moved": int(moved.size),
        "examples": [ids[i] for i in moved[:5].tolist()],
        "top_k_changed": bool(np.any((before <= top_k) != (after <= top_k))),
    }


def _average_ranks(scores: np.ndarray, higher: bool) -> np.ndarray:
    """Ranks with ties given their average position (what Spearman's rho needs)."""
    good = _oriented(scores, higher)
    tolerance = _tolerance(good)
    ordered = np.sort(good)
    better = good.size - np.searchsorted(ordered, good + tolerance, side="right")
    worse = np.searchsorted(ordered, good - tolerance, side="left")
    tied = good.size - better - worse
    return better + (tied + 1) / 2


def _spearman(a: np.ndarray, b: np.ndarray) -> float | None:
    """Spearman's rho of two average-rank vectors; None when one of them is constant."""
    if a.size < 2 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return None
    return float(np.corrcoef(a, b)[0, 1])


def _oriented(scores: np.ndarray, higher: bool) -> np.ndarray:
    """Scores turned so that larger is always better."""
    return scores if higher else -scores


def _tolerance(good: np.ndarray) -> float:
    """The tie tolerance for one score vector."""
    return TIE_TOLERANCE * max(1.0, float(np.abs(good).max()))


def _number(value: float) -> float | None:
    """A float, or None for NaN (JSON has no NaN)."""
    return None if np.isnan(value) else float(value)


def _share(robust: Robustness | None, name: str, i: int) -> float | None:
    """One proposal's probability from the robustness result, if it was computed."""
    values = getattr(robust, name) if robust is not None else None
    return None if values is None else float(values[i])


def _spread_of(
    found: tuple[list[float | None], list[float | None], list[bool]], keys: tuple[str, ...]
) -> dict[str, dict[str, Any]]:
    """One proposal's spread per criterion as plain data."""
    return {
        key: {"range": low_high, "sd": sd, "discuss": discuss}
        for key, low_high, sd, discuss in zip(keys, *found, strict=True)
    }


def _plain(values: np.ndarray) -> list[list[float | None]]:
    """Rows of floats with None for NaN, fast enough for 10,000 proposals."""
    return np.where(np.isnan(values), None, values).tolist()
