"""Ranks from scores: competition ranks (ties share a rank) and average ranks.

Scores closer than TIE_TOLERANCE (relative to the largest score, at least absolute) are ties,
because the same value summed in another order can differ in its last bits.
"""

from __future__ import annotations

import numpy as np

TIE_TOLERANCE = 1e-9


def competition_ranks(scores: np.ndarray, higher_is_better: bool = True) -> np.ndarray:
    """Rank = 1 + number of strictly better scores, so ties share a rank (1, 1, 3)."""
    good = oriented(np.asarray(scores, dtype=float), higher_is_better)
    if good.size == 0:
        return np.zeros(0, dtype=int)
    tol = tolerance(good)
    ordered = np.sort(good)
    better = good.size - np.searchsorted(ordered, good + tol, side="right")
    return better + 1


def average_ranks(scores: np.ndarray, higher: bool) -> np.ndarray:
    """Ranks with ties given their average position (what Spearman's rho needs)."""
    good = oriented(scores, higher)
    tol = tolerance(good)
    ordered = np.sort(good)
    better = good.size - np.searchsorted(ordered, good + tol, side="right")
    worse = np.searchsorted(ordered, good - tol, side="left")
    tied = good.size - better - worse
    return better + (tied + 1) / 2


def oriented(scores: np.ndarray, higher: bool) -> np.ndarray:
    """Scores turned so that larger is always better."""
    return scores if higher else -scores


def tolerance(good: np.ndarray) -> float:
    """The tie tolerance for one score vector."""
    if good.size == 0:
        return TIE_TOLERANCE
    return TIE_TOLERANCE * max(1.0, float(np.abs(good).max()))
