"""Reviewer agreement: Krippendorff's alpha, its reading, and spread per proposal."""

from __future__ import annotations

import numpy as np
import pytest

from hackathon.scoring.agreement import (
    criterion_agreement,
    krippendorff_alpha,
    reading,
    spread,
)

nan = np.nan


@pytest.mark.parametrize(
    "data",
    [
        np.array([[1.0, 2.0, 3.0]]),  # one reviewer
        np.array([[3.0, 3.0], [3.0, 3.0]]),  # one value only: agreement is undefined
        np.array([[1.0, nan], [nan, 2.0]]),  # no proposal has two scores
    ],
)
def test_alpha_is_none_when_it_cannot_be_computed(data: np.ndarray) -> None:
    """Not computable gives None rather than an error or NaN."""
    assert krippendorff_alpha(data, "interval") is None
    assert krippendorff_alpha(data, "ordinal") is None


def test_perfect_agreement_is_one() -> None:
    """Identical scores from every reviewer give alpha 1."""
    data = np.array([[1.0, 2.0, 4.0, 5.0], [1.0, 2.0, 4.0, 5.0], [1.0, nan, 4.0, 5.0]])
    assert krippendorff_alpha(data, "interval") == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("alpha", "word"),
    [
        (0.95, "good"),
        (0.8, "good"),
        (0.7999, "tentative"),
        (0.667, "tentative"),
        (0.6, "weak"),
        (-0.2, "weak"),
        (None, None),
    ],
)
def test_conventional_reading(alpha: float | None, word: str | None) -> None:
    """>= 0.8 good, >= 0.667 tentative, else weak."""
    assert reading(alpha) == word


def test_criterion_agreement_reads_in_both_languages() -> None:
    """Each criterion gets interval and ordinal alpha, in English and Danish words."""
    values = np.array(
        [
            [[1.0, 1.0], [2.0, 5.0], [4.0, 1.0], [5.0, 3.0]],
            [[1.0, 5.0], [2.0, 1.0], [4.0, 4.0], [5.0, 2.0]],
        ]
    )
    found = criterion_agreement(values, ("same", "random"))
    assert found["same"]["interval"] == pytest.approx(1.0)
    assert found["same"]["reading"] == "good" and found["same"]["reading_da"] == "god enighed"
    assert found["random"]["reading"] == "weak"
    assert found["random"]["reading_da"] == "svag enighed"


def test_spread_range_sd_and_discuss_threshold() -> None:
    """Range and sample sd of the scores given; discuss from 40% of the scale's width."""
    values = np.array(
        [
            [[3.0, 0.0], [1.0, 4.0], [2.0, nan], [4.0, 6.0]],
            [[5.0, 3.0], [2.0, 8.0], [nan, nan], [4.0, 7.0]],
        ]
    )
    found = spread(values, low=np.array([1.0, 0.0]), high=np.array([5.0, 10.0]))
    assert found.range[0].tolist() == [2.0, 3.0]
    assert found.sd[0, 0] == pytest.approx(np.std([3, 5], ddof=1))
    # 1-5: a 2-point gap (3 versus 5) is 50% of the width; 0-10: 3 points is 30%, 4 is 40%.
    assert found.discuss[0].tolist() == [True, False]
    assert found.discuss[1].tolist() == [False, True]
    assert np.isnan(found.range[2]).all() and not found.discuss[2].any()  # one score or none
    assert found.range[3].tolist() == [0.0, 1.0]
