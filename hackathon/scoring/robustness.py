"""How firm a ranking is: weights and reviewers varied (SMAA), other methods, rank reversal.

Robustness (SMAA-style rank acceptability, Lahdelma & Salminen 2001): ``samples`` weight
vectors are drawn from Dirichlet(concentration * w), whose mean is the model's weights w; with
the default concentration 50 a weight of 0.40 varies with a standard deviation of about 0.07
(sd = sqrt(w (1 - w) / (concentration + 1))). Reviewers are bootstrapped: each sample draws as
many reviewers as there are, with replacement, and re-aggregates. Everything is computed for
all samples at once in numpy, reproducibly from ``seed``.

Rank reversal: (1) the worst-ranked proposal is removed and the others re-ranked; (2) a copy
of the best proposal outside the top k (of the worst when all are inside) is added. Each
reports whether the relative order of the other proposals changed and whether the top k did.
scikit-criteria's ``ranksrev.RankClonesChecker`` only checks whether the winner survives
cloning each alternative (n evaluations); these two checks look at the whole order instead.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from hackathon.scoring.aggregation import Resampler
from hackathon.scoring.methods import (
    HIGHER_IS_BETTER,
    CriteriaArrays,
    evaluate,
    prepare,
    prepared_scores,
)
from hackathon.scoring.models import METHODS
from hackathon.scoring.ranks import (
    TIE_TOLERANCE,
    average_ranks,
    competition_ranks,
    oriented,
)

DEFAULT_CONCENTRATION = 50.0
FULL_ACCEPTABILITY_LIMIT = 50
# Samples are processed in chunks of about this many float64 values per intermediate
# array (4 MB): memory stays flat, and the allocator reuses the blocks instead of mapping
# fresh pages from the OS for every chunk (which made larger chunks twice as slow).
_CHUNK_ELEMENTS = 500_000
# Reviewer resamples are re-aggregated at least this many at a time: the re-aggregation is a
# BLAS product (samples x reviewers) x (reviewers x cells), whose cost per sample falls about
# 4x from blocks of 2 to blocks of 32 (bench/rank_bench.py, 40 reviewers x 10,000 proposals).
_MIN_RESAMPLE_BLOCK = 32


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
    # One BLAS thread: the products here are many and mid-sized, and OpenBLAS's threads made
    # them slower and erratic when other processes competed for the cores.
    with threadpool_limits(limits=1, user_api="blas"):
        return _robustness(
            method, matrix, criteria, top_k=top_k, samples=samples, seed=seed,
            concentration=concentration, bootstrap=bootstrap,
        )


def _robustness(
    method: str,
    matrix: np.ndarray,
    criteria: CriteriaArrays,
    *,
    top_k: int,
    samples: int,
    seed: int | None,
    concentration: float,
    bootstrap: Resampler | None,
) -> Robustness:
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
    # With one matrix and many weight vectors, only VIKOR's and the reference point's
    # weighted maximum makes a (samples, criteria, proposals) intermediate; the other methods
    # make (samples, proposals), so they take many more samples per block.
    per_sample = n * m if method in ("vikor", "refpoint") else n
    weights_chunk = max(1, _CHUNK_ELEMENTS // per_sample)
    fixed = prepare(method, x, criteria)
    for start in range(0, samples, weights_chunk):
        by_weights.add(prepared_scores(fixed, weights[start : start + weights_chunk]))
    if draws is not None:
        # Few reviewers give few distinct resamples (126 for 5 reviewers), so each distinct
        # one is aggregated once and shared by all the samples that drew it.
        patterns, which = np.unique(draws, axis=0, return_inverse=True)
        which = which.ravel()
        block = max(chunk, _MIN_RESAMPLE_BLOCK)
        for first in range(0, len(patterns), block):
            group = slice(first, first + block)
            # The weight-independent work is done once per resample and shared by the
            # reviewers-only tally (model weights) and the joint one (sampled weights).
            resampled = prepare(method, bootstrap.aggregate(patterns[group]), criteria)
            by_reviewers.add(
                prepared_scores(resampled, criteria.weights),
                np.bincount(which, minlength=len(patterns))[group],
            )
            members = np.flatnonzero((which >= first) & (which < first + block))
            for start in range(0, len(members), block):
                taken = members[start : start + block]
                jointly.add(prepared_scores(resampled, weights[taken], which[taken] - first))
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
    """Rank with every usable method: each method's ranks ({method: {id: rank}}), Spearman
    between the rankings, and whether their top k agree."""
    x = np.asarray(matrix, dtype=float)
    usable = [m for m in METHODS if not (m == "wpm" and np.any(criteria.low <= 0))]
    ranks, average = {}, {}
    for name in usable:
        scores = evaluate(name, x, criteria.weights, criteria).scores
        ranks[name] = competition_ranks(scores, HIGHER_IS_BETTER[name])
        average[name] = average_ranks(scores, HIGHER_IS_BETTER[name])
    chosen = {name: set(np.flatnonzero(ranks[name] <= top_k).tolist()) for name in usable}
    reference = chosen.get(main, chosen[usable[0]])
    return {
        "methods": usable,
        "ranks": {
            name: {ids[i]: int(ranks[name][i]) for i in range(len(ids))} for name in usable
        },
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
        good = oriented(scores, self.higher)
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


def _spearman(a: np.ndarray, b: np.ndarray) -> float | None:
    """Spearman's rho of two average-rank vectors; None when one of them is constant."""
    if a.size < 2 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return None
    return float(np.corrcoef(a, b)[0, 1])
