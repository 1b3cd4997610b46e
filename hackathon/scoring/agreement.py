"""How much reviewers agree: Krippendorff's alpha per criterion, and spread per proposal.

Alpha is computed with the ``krippendorff`` package on reviewers x proposals reliability data
(NaN where a reviewer gave no score), at the interval and the ordinal level. It is None when
it cannot be computed: fewer than two scores on any proposal, or only one distinct value.
The reading follows Krippendorff (Content Analysis, 2nd ed., 2004); it is applied to the
interval alpha, because the ranking averages the scores as interval data:

    alpha >= 0.800  "good"       "god enighed"
    alpha >= 0.667  "tentative"  "foreløbig enighed" (conclusions only tentatively)
    otherwise       "weak"       "svag enighed"

Spread per proposal and criterion: the range (max - min) and the sample standard deviation of
the scores given. A cell is flagged "discuss" when at least two reviewers scored it and their
range is at least DISCUSS_FRACTION of the scale's width: on a 1-5 scale that is 2 points or
more (a 3 next to a 5), on a 0-10 scale 4 points or more.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DISCUSS_FRACTION = 0.4
GOOD_ALPHA = 0.8
TENTATIVE_ALPHA = 0.667
READINGS_DA = {"good": "god enighed", "tentative": "foreløbig enighed", "weak": "svag enighed"}


def krippendorff_alpha(reliability: np.ndarray, level: str) -> float | None:
    """Alpha for reviewers x proposals data with NaN for missing; None if not computable."""
    import krippendorff

    data = np.asarray(reliability, dtype=float)
    if data.ndim != 2 or data.shape[0] < 2:
        return None
    # Proposals scored by fewer than two reviewers carry no information about agreement.
    data = data[:, (~np.isnan(data)).sum(axis=0) >= 2]
    if data.shape[1] == 0:
        return None
    try:
        with np.errstate(all="ignore"):
            alpha = float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))
    except ValueError:
        # The package refuses data with a single distinct value: agreement is undefined.
        return None
    return alpha if np.isfinite(alpha) else None


def reading(alpha: float | None) -> str | None:
    """The conventional reading of an alpha: "good", "tentative" or "weak"."""
    if alpha is None:
        return None
    if alpha >= GOOD_ALPHA:
        return "good"
    return "tentative" if alpha >= TENTATIVE_ALPHA else "weak"


def criterion_agreement(values: np.ndarray, keys: tuple[str, ...]) -> dict[str, dict]:
    """Per criterion: interval and ordinal alpha and their reading in English and Danish."""
    result = {}
    for j, key in enumerate(keys):
        interval = krippendorff_alpha(values[:, :, j], "interval")
        ordinal = krippendorff_alpha(values[:, :, j], "ordinal")
        word = reading(interval)
        result[key] = {
            "interval": interval,
            "ordinal": ordinal,
            "reading": word,
            "reading_da": READINGS_DA.get(word) if word else None,
        }
    return result


@dataclass(frozen=True)
class Spread:
    """Per proposal and criterion: range, sample sd (NaN below two scores), discuss flag."""

    range: np.ndarray
    sd: np.ndarray
    discuss: np.ndarray


def spread(values: np.ndarray, low: np.ndarray, high: np.ndarray) -> Spread:
    """The reviewers' spread for every proposal and criterion (values: reviewer x p x c)."""
    present = ~np.isnan(values)
    counts = present.sum(axis=0)
    several = counts >= 2
    biggest = np.where(present, values, -np.inf).max(axis=0, initial=-np.inf)
    smallest = np.where(present, values, np.inf).min(axis=0, initial=np.inf)
    value_range = np.where(several, biggest - smallest, np.nan)
    given = np.where(present, values, 0.0)
    safe_counts = np.maximum(counts, 1)
    mean = given.sum(axis=0) / safe_counts
    squares = np.where(present, (values - mean) ** 2, 0.0).sum(axis=0)
    sd = np.where(several, np.sqrt(squares / np.maximum(counts - 1, 1)), np.nan)
    # A tiny tolerance so that a range of exactly 40% of the scale counts despite rounding.
    threshold = DISCUSS_FRACTION * (high - low) - 1e-9
    discuss = several & (np.nan_to_num(value_range, nan=0.0) >= threshold)
    return Spread(range=value_range, sd=sd, discuss=discuss)
