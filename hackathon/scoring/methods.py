"""Ranking methods: scikit-criteria pipelines, and the same formulas vectorised in numpy.

The official result of a ranking comes from a scikit-criteria pipeline (``evaluate``). The
robustness analysis needs the same method thousands of times, so ``batch_scores`` computes it
for many weight vectors (and many matrices) at once in numpy; the tests prove that both agree
to 1e-9. All weights are normalised to sum 1 before they get here.

Methods, with their defaults (n proposals, criterion j, weight w_j):

``wsm``
    Weighted sum of values normalised by the criterion's *declared* scale:
    u = (x - min) / (max - min), or (max - x) / (max - min) for a min criterion; score =
    sum_j w_j u_j, in [0, 1]. A proposal's score does not depend on the other proposals.
    Pipeline: DeclaredScaleScaler -> WeightedSumModel. Contribution: w_j u_j (sums to score).
``wpm``
    Weighted product of the raw values, x for max and 1/x for min criteria (scales must be
    above 0); score = sum_j w_j log10(x_j), the log10 of the weighted geometric mean.
    Pipeline: InvertMinimize -> WeightedProductModel. Contribution: w_j log10(x_j).
``topsis``
    Hwang & Yoon (1981): vector normalisation r = x / sqrt(sum_i x_i^2), weighting v = w r,
    ideal = best v per criterion (the minimum for min criteria), anti-ideal = worst,
    Euclidean distances D+ and D-, score = closeness D- / (D+ + D-) in [0, 1].
    Pipeline: VectorScaler -> TOPSIS. When D+ + D- = 0 (all proposals equal) the score is 0.5.
    Contribution: with a_j = |v_j - anti_j|, b_j = |ideal_j - v_j| and range_j = a_j + b_j,
    contribution_j = range_j (a_j - b_j) / (2 (D+ + D-)^2); exactly score = 0.5 + sum_j of
    them. Positive means the proposal is nearer the ideal than the anti-ideal on criterion j.
``vikor``
    Opricovic & Tzeng (2004), v = 0.5: d_j = (best_j - x_j) / (best_j - worst_j) over the
    proposals, S = sum_j w_j d_j, R = max_j w_j d_j, score Q = v (S - S*) / (S- - S*) +
    (1 - v) (R - R*) / (R- - R*). Lower is better. A constant criterion (or constant S or R)
    counts 0, as in scikit-criteria. Evaluated by VIKOR(v=0.5, use_compromise_set=False) alone
    (it normalises by itself), so the rank is by Q; the compromise conditions are reported.
    Contribution: w_j d_j, the criterion's weighted regret (they sum to S; the largest is R).
``moora``
    Ratio MOORA (Brauers & Zavadskas 2006): vector normalisation, score = sum over max criteria
    of w_j r_j minus the sum over min criteria. Pipeline: VectorScaler -> RatioMOORA.
    Contribution: +-w_j r_j (sums to score).
``refpoint``
    Reference-point MOORA: vector normalisation, reference = best r per criterion, score =
    max_j w_j |r_j - reference_j| (Tchebycheff distance). Lower is better. Pipeline:
    VectorScaler -> ReferencePointMOORA. Contribution: w_j |r_j - reference_j|.

For the vector-normalised methods a criterion whose values are all 0 has no norm; its
normalised values are taken as 0 (it cannot separate the proposals), and it is left out of the
scikit-criteria decision matrix, which would otherwise divide 0 by 0.
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hackathon.scoring.models import METHODS

if TYPE_CHECKING:
    from hackathon.scoring.models import ScoringModel

VIKOR_V = 0.5
HIGHER_IS_BETTER: dict[str, bool] = {
    "wsm": True,
    "wpm": True,
    "topsis": True,
    "vikor": False,
    "moora": True,
    "refpoint": False,
}
VECTOR_NORMALISED = frozenset({"topsis", "moora", "refpoint"})


@dataclass(frozen=True)
class CriteriaArrays:
    """A model's criteria as numpy arrays, in declared order; weights sum to 1."""

    keys: tuple[str, ...]
    weights: np.ndarray
    maximise: np.ndarray
    low: np.ndarray
    high: np.ndarray

    @classmethod
    def from_model(cls, model: ScoringModel) -> CriteriaArrays:
        """Arrays for ``model``'s criteria, with normalised weights."""
        weights = model.normalised_weights()
        return cls(
            keys=model.criterion_keys,
            weights=np.array([weights[k] for k in model.criterion_keys], dtype=float),
            maximise=np.array([c.objective == "max" for c in model.criteria], dtype=bool),
            low=np.array([c.scale_min for c in model.criteria], dtype=float),
            high=np.array([c.scale_max for c in model.criteria], dtype=float),
        )

    def subset(self, keep: np.ndarray) -> CriteriaArrays:
        """Only the criteria where ``keep`` is True, their weights rescaled to sum 1."""
        weights = self.weights[keep]
        return CriteriaArrays(
            keys=tuple(k for k, kept in zip(self.keys, keep, strict=True) if kept),
            weights=weights / weights.sum(),
            maximise=self.maximise[keep],
            low=self.low[keep],
            high=self.high[keep],
        )


def check_method(method: str, criteria: CriteriaArrays) -> None:
    """Raise ValueError if ``method`` is unknown or cannot work with these scales."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r} (choose from {', '.join(METHODS)})")
    if method == "wpm" and np.any(criteria.low <= 0):
        raise ValueError("method 'wpm' needs every criterion's scale minimum to be above 0")


def batch_scores(
    method: str, matrix: np.ndarray, weights: np.ndarray, criteria: CriteriaArrays
) -> np.ndarray:
    """Scores for many weight vectors (and matrices) at once.

    ``matrix`` is (n, m) or (s, n, m); ``weights`` is (m,) or (s, m) with rows summing to 1.
    Returns (s, n), or (n,) when both are single. No Python loop over samples.
    """
    w = np.asarray(weights, dtype=float)
    single = np.ndim(matrix) == 2 and w.ndim == 1
    # Work criteria-major, (..., m, n): every reduction over the proposals then runs along
    # the contiguous last axis, which is several times faster with only a few criteria.
    xt = np.ascontiguousarray(np.swapaxes(np.asarray(matrix, dtype=float), -1, -2))
    result = _scores_t(method, xt, np.atleast_2d(w), _Columns.of(criteria))
    return result[0] if single else result


@dataclass(frozen=True)
class Prepared:
    """The part of a method's scores that does not depend on the weights, for one matrix
    (m, n) or a stack (S, m, n), criteria-major: TOPSIS's squared distances to the ideal and
    the anti-ideal per criterion; for the other methods the values themselves."""

    method: str
    columns: _Columns
    arrays: dict[str, np.ndarray]


def prepare(method: str, matrix: np.ndarray, criteria: CriteriaArrays) -> Prepared:
    """Do the weight-independent work for ``matrix`` (n, m) or (S, n, m) once, so that the
    robustness sampler can score it under many weightings (``prepared_scores``)."""
    xt = np.ascontiguousarray(np.swapaxes(np.asarray(matrix, dtype=float), -1, -2))
    c = _Columns.of(criteria)
    if method != "topsis":
        return Prepared(method, c, {"xt": xt})
    with np.errstate(divide="ignore", invalid="ignore"):
        r = _vector_normalise(xt)
        best, worst = _best_worst(r, c.maximise)
        return Prepared(method, c, {"plus": (r - best) ** 2, "minus": (r - worst) ** 2})


def prepared_scores(
    prepared: Prepared, weights: np.ndarray, which: np.ndarray | None = None
) -> np.ndarray:
    """Scores (s, n) for weights (m,) or (s, m); with a stack, ``which`` (s,) picks the matrix
    of each weighting (default: matrix i for row i, or every matrix for one weighting). The
    same numbers as ``batch_scores`` on the same inputs (same operations, in the same order)."""
    w = np.atleast_2d(np.asarray(weights, dtype=float))
    arrays = prepared.arrays
    if which is not None:
        arrays = {key: array[which] for key, array in arrays.items()}
    if prepared.method != "topsis":
        return _scores_t(prepared.method, arrays["xt"], w, prepared.columns)
    with np.errstate(divide="ignore", invalid="ignore"):
        d_plus = np.sqrt(_weighted_sum(arrays["plus"], w**2))
        d_minus = np.sqrt(_weighted_sum(arrays["minus"], w**2))
        total = d_plus + d_minus
        return np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)


def contributions(
    method: str, matrix: np.ndarray, weights: np.ndarray, criteria: CriteriaArrays
) -> np.ndarray:
    """Each criterion's contribution to each proposal's score (n, m); see the module doc."""
    xt = np.asarray(matrix, dtype=float).T
    w = np.asarray(weights, dtype=float)[:, None]
    c = _Columns.of(criteria)
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "wsm":
            parts = w * _declared_utility(xt, c)
        elif method == "wpm":
            parts = w * np.log10(np.where(c.maximise, xt, 1.0 / xt))
        elif method == "moora":
            r = _vector_normalise(xt)
            parts = w * np.where(c.maximise, r, -r)
        elif method == "vikor":
            parts = w * _vikor_regret(xt, c.maximise)
        elif method == "refpoint":
            r = _vector_normalise(xt)
            best, _ = _best_worst(r, c.maximise)
            parts = w * np.abs(r - best)
        elif method == "topsis":
            v = w * _vector_normalise(xt)
            best, worst = _best_worst(v, c.maximise)
            near_worst = np.abs(v - worst)
            near_best = np.abs(best - v)
            total = np.sqrt((near_best**2).sum(axis=0)) + np.sqrt((near_worst**2).sum(axis=0))
            denominator = 2 * total**2
            share = np.abs(best - worst) * (near_worst - near_best)
            parts = np.divide(share, denominator, out=np.zeros_like(share), where=denominator > 0)
        else:
            raise ValueError(f"unknown method {method!r}")
    return parts.T


@dataclass(frozen=True)
class _Columns:
    """Per-criterion arrays shaped (m, 1), to broadcast over criteria-major data."""

    maximise: np.ndarray
    low: np.ndarray
    high: np.ndarray

    @classmethod
    def of(cls, criteria: CriteriaArrays) -> _Columns:
        """Column-shaped copies of the criteria's arrays."""
        return cls(criteria.maximise[:, None], criteria.low[:, None], criteria.high[:, None])


def _scores_t(method: str, xt: np.ndarray, w: np.ndarray, c: _Columns) -> np.ndarray:
    """The method's scores (s, n) for criteria-major values (m, n) or (s, m, n)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "wsm":
            return _weighted_sum(_declared_utility(xt, c), w)
        if method == "wpm":
            return _weighted_sum(np.log10(np.where(c.maximise, xt, 1.0 / xt)), w)
        if method == "moora":
            r = _vector_normalise(xt)
            return _weighted_sum(np.where(c.maximise, r, -r), w)
        if method == "topsis":
            r = _vector_normalise(xt)
            best, worst = _best_worst(r, c.maximise)
            # max_i(w r_i) = w max_i(r_i) for w > 0, so the weights can come in squared last.
            d_plus = np.sqrt(_weighted_sum((r - best) ** 2, w**2))
            d_minus = np.sqrt(_weighted_sum((r - worst) ** 2, w**2))
            total = d_plus + d_minus
            return np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)
        if method == "vikor":
            regret = _vikor_regret(xt, c.maximise)
            group = _weighted_sum(regret, w)
            individual = _weighted_max(regret, w)
            return VIKOR_V * _rescale(group) + (1 - VIKOR_V) * _rescale(individual)
        if method == "refpoint":
            r = _vector_normalise(xt)
            best, _ = _best_worst(r, c.maximise)
            return _weighted_max(np.abs(r - best), w)
    raise ValueError(f"unknown method {method!r}")


@dataclass(frozen=True)
class Evaluation:
    """One method's result on one matrix: scores, and method-specific extra facts."""

    scores: np.ndarray
    extra: dict[str, Any]


def evaluate(
    method: str, matrix: np.ndarray, weights: np.ndarray, criteria: CriteriaArrays
) -> Evaluation:
    """Rank with the scikit-criteria pipeline for ``method`` (imported lazily).

    Warnings from scikit-criteria are silenced on purpose: TOPSIS warns about every min
    criterion (we want its ideal = minimum behaviour), and VIKOR warns about constant
    criteria, which the caller reports in its own words.
    """
    x = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float)
    if x.shape[0] < 2 or np.all(x.max(axis=0) == x.min(axis=0)):
        # With one proposal, or all proposals equal, scikit-criteria divides by n - 1 (VIKOR)
        # or 0 by 0 (TOPSIS) and fails; the numpy formulas define these cases (all tied).
        return Evaluation(batch_scores(method, x, w, criteria), {})
    import skcriteria as skc

    keep = np.ones(x.shape[1], dtype=bool)
    if method in VECTOR_NORMALISED:
        keep = np.sqrt((x**2).sum(axis=0)) > 0
    dm = skc.mkdm(
        matrix=x[:, keep],
        objectives=["max" if m else "min" for m in criteria.maximise[keep]],
        weights=w[keep],
        alternatives=[str(i) for i in range(x.shape[0])],
        criteria=[k for k, kept in zip(criteria.keys, keep, strict=True) if kept],
    )
    pipeline = _pipeline(method, criteria.low[keep], criteria.high[keep])
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        result = pipeline.evaluate(dm)
    extra = result.extra_
    if method == "topsis":
        scores = np.where(np.isnan(extra["similarity"]), 0.5, extra["similarity"])
    elif method == "vikor":
        scores = np.asarray(extra["q_k"], dtype=float)
    else:
        scores = np.asarray(extra["score"], dtype=float)
    facts: dict[str, Any] = {}
    if method == "vikor":
        facts = {
            "v": VIKOR_V,
            "acceptable_advantage": bool(extra["acceptable_advantage"]),
            "acceptable_stability": bool(extra["acceptable_stability"]),
            "compromise_set": [int(i) for i in extra["compromise_set"]],
        }
    return Evaluation(np.asarray(scores, dtype=float), facts)


def _pipeline(method: str, low: np.ndarray, high: np.ndarray) -> Any:
    """Build the pipeline; scikit-criteria is imported here, never at module import."""
    from skcriteria.agg.moora import RatioMOORA, ReferencePointMOORA
    from skcriteria.agg.simple import WeightedProductModel, WeightedSumModel
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.agg.vikor import VIKOR
    from skcriteria.pipelines import mkpipe
    from skcriteria.preprocessing.invert_objectives import InvertMinimize
    from skcriteria.preprocessing.scalers import VectorScaler

    if method == "wsm":
        scaler = _declared_scale_scaler()(lows=low.tolist(), highs=high.tolist())
        return mkpipe(scaler, WeightedSumModel())
    if method == "wpm":
        return mkpipe(InvertMinimize(), WeightedProductModel())
    if method == "topsis":
        return mkpipe(VectorScaler(target="matrix"), TOPSIS())
    if method == "vikor":
        # VIKOR normalises by itself, and scikit-criteria pipelines need two or more steps.
        return VIKOR(v=VIKOR_V, use_compromise_set=False)
    if method == "moora":
        return mkpipe(VectorScaler(target="matrix"), RatioMOORA())
    if method == "refpoint":
        return mkpipe(VectorScaler(target="matrix"), ReferencePointMOORA())
    raise ValueError(f"unknown method {method!r}")


@functools.cache
def _declared_scale_scaler() -> Any:
    """A scikit-criteria transformer mapping each criterion's declared scale onto [0, 1].

    scikit-criteria's own scalers use the observed minimum and maximum, which would make a
    proposal's WSM score depend on the other proposals.
    """
    from skcriteria.extend import mktransformer

    # scikit-criteria names the class after the function and warns unless it is CapWords.
    @mktransformer(lows=None, highs=None)
    def DeclaredScaleScaler(
        matrix: np.ndarray, objectives: np.ndarray, hparams: Any, **kwargs: Any
    ) -> dict[str, Any]:
        """Map (x - min) / (max - min) onto [0, 1], inverted for min criteria (then max)."""
        low = np.asarray(hparams.lows, dtype=float)
        high = np.asarray(hparams.highs, dtype=float)
        utility = (np.asarray(matrix, dtype=float) - low) / (high - low)
        maximise = np.asarray(objectives) == 1
        return {
            "matrix": np.where(maximise, utility, 1.0 - utility),
            "objectives": np.ones_like(objectives),
            "dtypes": None,
        }

    return DeclaredScaleScaler


def _declared_utility(xt: np.ndarray, c: _Columns) -> np.ndarray:
    """Values mapped from the declared scale onto [0, 1], 1 being best."""
    utility = (xt - c.low) / (c.high - c.low)
    return np.where(c.maximise, utility, 1.0 - utility)


def _vector_normalise(xt: np.ndarray) -> np.ndarray:
    """Divide each criterion by the Euclidean norm over the proposals (0 when the norm is 0)."""
    norm = np.sqrt((xt**2).sum(axis=-1, keepdims=True))
    return np.divide(xt, norm, out=np.zeros_like(xt), where=norm > 0)


def _best_worst(rt: np.ndarray, maximise: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per criterion, the best and the worst value over the proposals (kept as an axis)."""
    high = rt.max(axis=-1, keepdims=True)
    low = rt.min(axis=-1, keepdims=True)
    return np.where(maximise, high, low), np.where(maximise, low, high)


def _vikor_regret(xt: np.ndarray, maximise: np.ndarray) -> np.ndarray:
    """VIKOR's (best - x) / (best - worst) per criterion; 0 for a constant criterion."""
    best, worst = _best_worst(xt, maximise)
    span = best - worst
    gap = best - xt
    return np.divide(gap, span, out=np.zeros_like(gap), where=span != 0)


def _rescale(values: np.ndarray) -> np.ndarray:
    """(v - min) / (max - min) along the proposals; 0 where all are equal (as scikit-criteria)."""
    low = values.min(axis=-1, keepdims=True)
    span = values.max(axis=-1, keepdims=True) - low
    shifted = values - low
    return np.divide(shifted, span, out=np.zeros_like(shifted), where=span > 0)


def _weighted_sum(at: np.ndarray, w: np.ndarray) -> np.ndarray:
    """sum_j w_sj a_(s)ji for (m, n) or (s, m, n) values and (s, m) weights -> (s, n).

    One matrix: a BLAS product (``robustness`` limits BLAS to one thread; its threads made
    these products up to three times slower, and erratic, when other processes competed for
    the two cores). Many matrices: einsum.
    """
    if at.ndim == 2:
        return w @ at
    if len(w) == 1:
        return np.einsum("m,smn->sn", w[0], at)
    return np.einsum("sm,smn->sn", w, at)


def _weighted_max(at: np.ndarray, w: np.ndarray) -> np.ndarray:
    """max_j w_sj a_(s)ji -> (s, n)."""
    return (at * w[:, :, None]).max(axis=-2)
