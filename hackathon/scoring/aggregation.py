"""From reviewers' scores to one value per proposal and criterion.

Scores are kept as a reviewer x proposal x criterion array in which NaN marks "no score"
(an abstention, or a proposal the reviewer was not given). A missing score is never a zero:
every aggregation uses only the scores that were given, and a cell nobody scored stays NaN.

``mean``
    The average of the scores given.
``median``
    The middle score; the mean of the two middle ones for an even number of scores.
``centred``
    The average after removing each reviewer's leniency, per criterion j::

        mu_j      = mean of all scores given on j (each score counts once)
        m_rj      = mean of reviewer r's scores on j
        offset_rj = m_rj - mu_j            (> 0: lenient reviewer, < 0: harsh reviewer)
        value_ij  = mean, over the reviewers r who scored i on j, of (x_rij - offset_rj)
                  = mean_r (x_rij - m_rj) + mu_j

    clipped to the criterion's declared scale (a corrected mean can otherwise leave it).
    This corrects harsh and lenient reviewers when not everyone scores everything, provided
    the proposals were shared out roughly at random: a reviewer who only saw strong proposals
    gets a positive offset that is really the proposals' quality, not leniency.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import TYPE_CHECKING, Any

import numpy as np

from hackathon.scoring.models import AGGREGATIONS

if TYPE_CHECKING:
    from hackathon.scoring.models import ScoringModel

Record = tuple[Hashable, Hashable, str, float | None]


class ScoreError(ValueError):
    """A score record is invalid: ``index`` is its position, ``field`` the bad field."""

    def __init__(self, message: str, index: int, field: str) -> None:
        super().__init__(f"record {index + 1}: {field}: {message}")
        self.reason = message
        self.index = index
        self.field = field


@dataclass(frozen=True, eq=False)
class ScoreTable:
    """Scores as an array ``values[reviewer, proposal, criterion]``; NaN means no score."""

    proposals: tuple[Hashable, ...]
    reviewers: tuple[Hashable, ...]
    criteria: tuple[str, ...]
    values: np.ndarray

    @classmethod
    def from_records(
        cls,
        model: ScoringModel,
        records: Iterable[Sequence[Any]],
        proposals: Sequence[Hashable] | None = None,
    ) -> ScoreTable:
        """Build from (proposal, reviewer, criterion, value) records; None/NaN = abstention.

        ``proposals`` lists proposals to include even if nobody scored them (they are then
        reported as unranked rather than forgotten). Raises ScoreError on a bad record.
        """
        rows = list(records)
        for index, row in enumerate(rows):
            if len(row) != 4:
                raise ScoreError("must be (proposal, reviewer, criterion, value)", index, "record")
        columns: list[Sequence[Any]] = [list(c) for c in zip(*rows, strict=True)] or [[]] * 4
        values = np.empty(len(rows), dtype=float)
        for index, value in enumerate(columns[3]):
            if value is None:
                values[index] = np.nan
            elif isinstance(value, bool) or not isinstance(value, int | float | np.number):
                raise ScoreError(f"{value!r} is not a number", index, "score")
            else:
                values[index] = float(value)
        return cls.from_columns(model, columns[0], columns[1], columns[2], values, proposals)

    @classmethod
    def from_columns(
        cls,
        model: ScoringModel,
        proposal_ids: Sequence[Hashable],
        reviewer_ids: Sequence[Hashable],
        criterion_keys: Sequence[str],
        values: np.ndarray,
        proposals: Sequence[Hashable] | None = None,
    ) -> ScoreTable:
        """Build from parallel columns, validating them all at once (vectorised)."""
        count = len(values)
        # dict.fromkeys keeps first appearances in order, and map() runs the look-ups in C,
        # which matters for 300,000 records.
        proposal_index = _codes([*(proposals or ()), *proposal_ids])
        reviewer_index = _codes(reviewer_ids)
        criterion_index = {key: j for j, key in enumerate(model.criterion_keys)}
        p = np.fromiter(map(proposal_index.__getitem__, proposal_ids), np.intp, count)
        r = np.fromiter(map(reviewer_index.__getitem__, reviewer_ids), np.intp, count)
        c = np.fromiter(map(criterion_index.get, criterion_keys, repeat(-1)), np.intp, count)
        values = np.asarray(values, dtype=float)
        unknown = np.flatnonzero(c < 0)
        if unknown.size:
            index = int(unknown[0])
            raise ScoreError(f"unknown criterion {criterion_keys[index]!r}", index, "criterion")
        infinite = np.flatnonzero(np.isinf(values))
        if infinite.size:
            raise ScoreError("is not a finite number", int(infinite[0]), "score")
        low = np.array([crit.scale_min for crit in model.criteria], dtype=float)
        high = np.array([crit.scale_max for crit in model.criteria], dtype=float)
        with np.errstate(invalid="ignore"):
            outside = np.flatnonzero((values < low[c]) | (values > high[c]))
        if outside.size:
            index = int(outside[0])
            crit = model.criteria[c[index]]
            raise ScoreError(
                f"{values[index]:g} is outside the scale {crit.scale_min}..{crit.scale_max} "
                f"of '{crit.key}'",
                index,
                "score",
            )
        n_criteria = len(criterion_index)
        cell = (p * len(reviewer_index) + r) * n_criteria + c
        order = np.argsort(cell, kind="stable")
        repeated = np.flatnonzero(cell[order][1:] == cell[order][:-1])
        if repeated.size:
            index = int(order[1:][repeated].min())
            raise ScoreError(
                f"a second score from reviewer {reviewer_ids[index]!r} for proposal "
                f"{proposal_ids[index]!r} on '{criterion_keys[index]}'",
                index,
                "proposal",
            )
        array = np.full((len(reviewer_index), len(proposal_index), n_criteria), np.nan)
        array[r, p, c] = values
        return cls(
            proposals=tuple(proposal_index),
            reviewers=tuple(reviewer_index),
            criteria=model.criterion_keys,
            values=array,
        )


def aggregate(
    table: ScoreTable, how: str, low: np.ndarray, high: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Aggregated values (proposals x criteria, NaN where nobody scored) and score counts."""
    if how not in AGGREGATIONS:
        raise ValueError(f"unknown aggregation {how!r} (choose from {', '.join(AGGREGATIONS)})")
    values = table.values
    present = ~np.isnan(values)
    counts = present.sum(axis=0)
    if values.shape[0] == 0:
        return np.full(values.shape[1:], np.nan), counts
    if how == "median":
        return _median(values, counts), counts
    given = np.where(present, values, 0.0)
    if how == "mean":
        return _divide(given.sum(axis=0), counts), counts
    reviewer_mean, grand_mean = _reviewer_and_grand_means(given, present)
    residual = np.where(present, values - reviewer_mean[:, None, :], 0.0)
    centred = _divide(residual.sum(axis=0), counts) + grand_mean
    return np.clip(centred, low, high), counts


@dataclass(frozen=True)
class Resampler:
    """Re-aggregates the scores for bootstrap draws of reviewers (see bootstrap_aggregator)."""

    aggregate: Callable[[np.ndarray], np.ndarray]
    reviewers: int
    floats_per_cell: int


def bootstrap_aggregator(
    table: ScoreTable,
    how: str,
    low: np.ndarray,
    high: np.ndarray,
    rows: np.ndarray,
    fallback: np.ndarray,
) -> Resampler:
    """Aggregation of the ``rows`` proposals for reviewer draw counts (s, reviewers).

    ``Resampler.aggregate(draws)`` returns (s, rows, criteria). Drawing reviewer r c times
    weights their scores by c, which is what aggregating over a bootstrap sample of reviewers
    (with replacement) means; all draws are matrix products, never a Python loop per sample.
    A cell none of the drawn reviewers scored keeps its ``fallback`` (full-data) value: the
    proposal stays rankable, at the price of understating the uncertainty of sparsely scored
    proposals.
    """
    values = table.values
    present = ~np.isnan(values)
    n_reviewers = values.shape[0]
    # Criteria-major (criterion, proposal) cells, the layout methods.batch_scores uses, so
    # the swapped view returned below needs no copy there.
    cells = (values.shape[2], len(rows))
    fallback_t = np.asarray(fallback, dtype=float).T
    given = np.where(present, values, 0.0)

    def flat(array: np.ndarray) -> np.ndarray:
        """(reviewer, proposal, criterion) -> (reviewer, criterion x chosen proposal)."""
        return np.swapaxes(array[:, rows], 1, 2).reshape(n_reviewers, -1)

    mask = flat(present).astype(float)

    def finish(result: np.ndarray) -> np.ndarray:
        """Fill undrawn cells from the fallback; hand back (sample, proposal, criterion)."""
        result = np.where(np.isnan(result), fallback_t, result)
        return np.swapaxes(result, 1, 2)

    if how == "mean":
        sums = flat(given)

        fallback_flat = fallback_t.ravel()

        def mean_of(draws: np.ndarray) -> np.ndarray:
            """Means weighted by the draw counts (the fallback where no drawn reviewer scored)."""
            numbers = _drawn(draws, mask)
            means = np.broadcast_to(fallback_flat, numbers.shape).copy()
            np.divide(_drawn(draws, sums), numbers, out=means, where=numbers > 0)
            return np.swapaxes(means.reshape(-1, *cells), 1, 2)

        return Resampler(mean_of, n_reviewers, 3)

    if how == "centred":
        reviewer_mean, _ = _reviewer_and_grand_means(given, present)
        residual = flat(np.where(present, values - reviewer_mean[:, None, :], 0.0))
        totals, numbers = given.sum(axis=1), present.sum(axis=1)

        def centred_of(draws: np.ndarray) -> np.ndarray:
            """Centred means; the grand mean is recomputed from the drawn reviewers."""
            grand = _divide(_drawn(draws, totals), _drawn(draws, numbers))
            result = _divide(_drawn(draws, residual), _drawn(draws, mask)).reshape(-1, *cells)
            return finish(np.clip(result + grand[:, :, None], low[:, None], high[:, None]))

        return Resampler(centred_of, n_reviewers, 3)

    if how != "median":
        raise ValueError(f"unknown aggregation {how!r}")
    chosen = np.swapaxes(values[:, rows], 1, 2).reshape(n_reviewers, -1)
    order = np.argsort(chosen, axis=0)  # per cell, reviewers by score; NaN sorts last
    ordered = np.take_along_axis(chosen, order, axis=0)
    ordered_present = ~np.isnan(ordered)
    flat_ordered = ordered.ravel()
    n_cells = chosen.shape[1]
    cell = np.arange(n_cells)
    top = n_reviewers - 1
    # Draw counts never exceed the number of reviewers, so small integers suffice and keep
    # the (samples x reviewers x cells) intermediates small.
    small = np.int16 if n_reviewers < 2**15 else np.int64

    def median_of(draws: np.ndarray) -> np.ndarray:
        """Medians of the drawn scores, each reviewer's score repeated as often as drawn."""
        counts = draws.astype(small)
        # Weight of each sorted position = how often its reviewer was drawn. The loops run
        # over reviewers (a handful), each step vectorised over samples and cells.
        weights = [counts[:, order[k]] * ordered_present[k] for k in range(n_reviewers)]
        total = np.sum(weights, axis=0, dtype=small)
        below_low, below_high = (total - 1) // 2, total // 2
        lower = np.zeros_like(total)
        upper = np.zeros_like(total)
        running = np.zeros_like(total)
        for weight in weights:
            running += weight
            lower += running <= below_low
            upper += running <= below_high
        low_value = flat_ordered[np.minimum(lower, top).astype(np.intp) * n_cells + cell]
        high_value = flat_ordered[np.minimum(upper, top).astype(np.intp) * n_cells + cell]
        middle = np.where(total > 0, (low_value + high_value) / 2, np.nan)
        return finish(middle.reshape(-1, *cells))

    return Resampler(median_of, n_reviewers, max(3, n_reviewers))


def _drawn(draws: np.ndarray, per_reviewer: np.ndarray) -> np.ndarray:
    """Sum over reviewers of draw count x value: (s, reviewers) and (reviewers, k) -> (s, k).

    A BLAS product: with 40 reviewers and 60,000 cells it is 4-5x faster than einsum's own
    loop in blocks of 32 samples. ``robustness`` runs it with BLAS limited to one thread
    (several threads made it erratic when other processes competed for the CPU).
    """
    return draws @ per_reviewer


def _codes(ids: Sequence[Hashable]) -> dict[Hashable, int]:
    """Number the distinct ids in order of first appearance."""
    return {key: i for i, key in enumerate(dict.fromkeys(ids))}


def _median(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Median over reviewers of the scores given, without numpy's all-NaN warnings."""
    ordered = np.sort(values, axis=0)  # NaN sorts last, so the given scores come first
    lower = np.maximum((counts - 1) // 2, 0)[None]
    upper = (counts // 2)[None]
    upper = np.minimum(upper, values.shape[0] - 1)
    middle = (
        np.take_along_axis(ordered, lower, axis=0) + np.take_along_axis(ordered, upper, axis=0)
    ) / 2
    return np.where(counts > 0, middle[0], np.nan)


def _reviewer_and_grand_means(
    given: np.ndarray, present: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each reviewer's mean per criterion (0 if none given) and each criterion's mean score."""
    totals = given.sum(axis=1)
    numbers = present.sum(axis=1)
    reviewer_mean = np.nan_to_num(_divide(totals, numbers))
    grand_mean = _divide(totals.sum(axis=0), numbers.sum(axis=0))
    return reviewer_mean, grand_mean


def _divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator, NaN where the denominator is 0 (no warning)."""
    numerator = np.asarray(numerator, dtype=float)
    out = np.full(np.broadcast_shapes(numerator.shape, np.shape(denominator)), np.nan)
    return np.divide(numerator, denominator, out=out, where=np.asarray(denominator) > 0)
