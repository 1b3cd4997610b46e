"""Reviewer aggregation: mean, median and centred with missing scores; score validation."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from hackathon.scoring import ScoreError, ScoreTable, ScoringModel
from hackathon.scoring.aggregation import aggregate, bootstrap_aggregator

MakeModel = Callable[..., ScoringModel]

ONE = (("x", 1.0, "max", (1, 5)),)


def table_of(make_model: MakeModel, records: list, criteria: tuple[tuple, ...] = ONE) -> ScoreTable:
    """A score table for the given records and a one-criterion model by default."""
    return ScoreTable.from_records(make_model(criteria), records)


def aggregated(table: ScoreTable, how: str) -> dict:
    """{proposal: value} of the first criterion."""
    values, _ = aggregate(table, how, np.array([1.0]), np.array([5.0]))
    return dict(zip(table.proposals, values[:, 0].tolist(), strict=True))


RECORDS = [
    ("P1", "A", "x", 2),
    ("P1", "B", "x", None),  # abstention
    ("P1", "C", "x", 4),
    ("P2", "A", "x", 5),
    ("P2", "B", "x", 3),
    ("P2", "C", "x", float("nan")),  # abstention as NaN
    ("P3", "A", "x", 1),
    ("P3", "B", "x", 2),
    ("P3", "C", "x", 5),
    ("P4", "A", "x", None),
]


def test_mean_uses_only_the_scores_given(make_model: MakeModel) -> None:
    """An abstention is not a zero: (2 + 4) / 2, not (2 + 0 + 4) / 3."""
    values = aggregated(table_of(make_model, RECORDS), "mean")
    assert values["P1"] == 3.0
    assert values["P2"] == 4.0
    assert values["P3"] == pytest.approx(8 / 3)
    assert math.isnan(values["P4"])  # nobody scored it: missing, never zero


def test_median_with_odd_and_even_counts(make_model: MakeModel) -> None:
    """The middle score; the mean of the two middle ones for an even count."""
    values = aggregated(table_of(make_model, RECORDS), "median")
    assert values["P1"] == 3.0  # (2, 4)
    assert values["P2"] == 4.0  # (3, 5)
    assert values["P3"] == 2.0  # (1, 2, 5)
    assert math.isnan(values["P4"])


def test_counts_are_the_numbers_of_scores_given(make_model: MakeModel) -> None:
    """Counts per proposal exclude abstentions."""
    table = table_of(make_model, RECORDS)
    _, counts = aggregate(table, "mean", np.array([1.0]), np.array([5.0]))
    assert counts[:, 0].tolist() == [2, 2, 3, 0]


# Truth: P1 = P2 = 5, P5 = 4, P3 = P4 = 3. "harsh" scores 2 below the truth; nobody scores
# everything, and P2 is scored by the harsh reviewer only.
HARSH = [
    ("P1", "fair1", "x", 5),
    ("P1", "fair2", "x", 5),
    ("P2", "harsh", "x", 3),
    ("P3", "fair1", "x", 3),
    ("P3", "harsh", "x", 1),
    ("P4", "fair2", "x", 3),
    ("P4", "harsh", "x", 1),
    ("P5", "fair1", "x", 4),
]


def test_centred_corrects_a_harsh_reviewer(make_model: MakeModel) -> None:
    """Centring removes each reviewer's offset from the grand mean; hand-computed values.

    Grand mean 25/8; reviewer means fair1 = fair2 = 4, harsh = 5/3; offsets +7/8, +7/8 and
    5/3 - 25/8. P2 = 3 - (5/3 - 25/8) = 107/24; P1 = 5 - 7/8; P5 = 4 - 7/8;
    P3 = P4 = mean(3 - 7/8, 1 - (5/3 - 25/8)) = 55/24.
    """
    table = table_of(make_model, HARSH)
    mean = aggregated(table, "mean")
    centred = aggregated(table, "centred")
    assert centred == pytest.approx(
        {"P1": 33 / 8, "P2": 107 / 24, "P3": 55 / 24, "P4": 55 / 24, "P5": 25 / 8}
    )
    top_two = {p for p, _ in sorted(centred.items(), key=lambda item: -item[1])[:2]}
    assert top_two == {"P1", "P2"}  # the truth
    mean_top_two = {p for p, _ in sorted(mean.items(), key=lambda item: -item[1])[:2]}
    assert mean_top_two == {"P1", "P5"}  # the harsh reviewer pushed P2 down


def test_centred_values_are_clipped_to_the_scale(make_model: MakeModel) -> None:
    """A corrected mean cannot leave the declared scale."""
    records = [*HARSH, ("P6", "harsh", "x", 5)]  # 5 + 1.4 would be above 5
    assert aggregated(table_of(make_model, records), "centred")["P6"] == 5.0


def test_proposals_without_scores_are_kept(make_model: MakeModel) -> None:
    """Listed proposals nobody scored stay in the table, first and in order."""
    table = ScoreTable.from_records(make_model(ONE), RECORDS[:1], proposals=["P9", "P1"])
    assert table.proposals == ("P9", "P1")
    assert math.isnan(aggregated(table, "mean")["P9"])


@pytest.mark.parametrize(
    ("record", "field", "message"),
    [
        (("P1", "A", "y", 3), "criterion", "unknown criterion 'y'"),
        (("P1", "A", "x", 6), "score", "6 is outside the scale 1..5 of 'x'"),
        (("P1", "A", "x", 0.5), "score", "0.5 is outside the scale 1..5 of 'x'"),
        (("P1", "A", "x", "4"), "score", "'4' is not a number"),
        (("P1", "A", "x", True), "score", "True is not a number"),
        (("P1", "A", "x", float("inf")), "score", "is not a finite number"),
        (("P1", "A", "x"), "record", "must be (proposal, reviewer, criterion, value)"),
        (("P1", "A", "x", 2), "proposal", "a second score from reviewer 'A' for proposal 'P1'"),
    ],
)
def test_bad_records_raise_score_error_with_position(
    make_model: MakeModel, record: tuple, field: str, message: str
) -> None:
    """Each bad record names its position and field."""
    records = [("P0", "A", "x", 3), ("P1", "A", "x", 2), record]
    with pytest.raises(ScoreError) as raised:
        table_of(make_model, records)
    assert raised.value.index == 2
    assert raised.value.field == field
    assert message in raised.value.reason


def test_ids_may_be_any_hashable(make_model: MakeModel) -> None:
    """Integer and string ids are kept as they are."""
    table = table_of(make_model, [(7, "anna", "x", 3), ("seven", 2, "x", 4)])
    assert table.proposals == (7, "seven")
    assert table.reviewers == ("anna", 2)


@pytest.mark.parametrize("how", ["mean", "median", "centred"])
def test_bootstrap_aggregation_equals_aggregating_the_drawn_reviewers(
    make_model: MakeModel, how: str
) -> None:
    """Draw counts (2, 0, 1, 3) give what aggregating those reviewers, repeated, gives."""
    rng = np.random.default_rng(5)
    model = make_model((("a", 1.0, "max", (1, 5)), ("b", 1.0, "min", (0, 10))))
    records = []
    for p in range(9):
        for r in range(4):
            for key, top in (("a", 5), ("b", 10)):
                value = None if rng.random() < 0.3 else float(rng.integers(1, top + 1))
                records.append((p, r, key, value))
    table = ScoreTable.from_records(model, records)
    low, high = np.array([1.0, 0.0]), np.array([5.0, 10.0])
    full, _ = aggregate(table, how, low, high)
    rows = np.array([0, 2, 3, 5, 8])
    resample = bootstrap_aggregator(table, how, low, high, rows, full[rows])
    draws = np.array([[2, 0, 1, 3], [0, 0, 4, 0], [1, 1, 1, 1]])
    got = resample.aggregate(draws)
    assert got.shape == (3, len(rows), 2)
    for s, counts in enumerate(draws):
        repeated = np.repeat(table.values, counts, axis=0)
        expected_table = ScoreTable(
            table.proposals, tuple(range(len(repeated))), ("a", "b"), repeated
        )
        expected, _ = aggregate(expected_table, how, low, high)
        expected = np.where(np.isnan(expected[rows]), full[rows], expected[rows])
        np.testing.assert_allclose(got[s], expected, rtol=0, atol=1e-12)
