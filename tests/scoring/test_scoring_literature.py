"""Published worked examples from the MCDA literature, reproduced through the public API."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from hackathon.scoring import ScoringModel, rank_matrix
from hackathon.scoring.agreement import krippendorff_alpha

MakeModel = Callable[..., ScoringModel]


def matrix_of(rows: list[list[float]], keys: list[str]) -> dict[str, dict[str, float]]:
    """{A1: {key: value}, ...} for a list of rows."""
    return {f"A{i + 1}": dict(zip(keys, row, strict=True)) for i, row in enumerate(rows)}


def by_proposal(result: dict, field: str) -> dict:
    """{proposal: entry[field]} from a ranking result."""
    return {entry["proposal"]: entry[field] for entry in result["ranking"]}


def test_topsis_hwang_yoon_1981_fighter_aircraft(make_model: MakeModel) -> None:
    """TOPSIS, Hwang & Yoon (1981), Multiple Attribute Decision Making, pp. 133-134.

    Four fighter aircraft, six criteria: maximum speed (Mach), ferry range (NM), maximum
    payload (lb), acquisition cost ($ million, the only cost criterion), reliability and
    manoeuvrability (ratings); weights 0.2, 0.1, 0.1, 0.1, 0.2, 0.3. Published relative
    closeness: A1 0.643, A2 0.268, A3 0.613, A4 0.312; ranking A1 > A3 > A4 > A2.
    By hand (vector normalisation): A1 has D+ = 0.0546, D- = 0.0984, so C = 0.0984 /
    (0.0546 + 0.0984) = 0.643. The book works with 4-decimal intermediate values; exactly,
    A3 is 0.61354, which it prints as 0.613, so agreement is checked to 0.001.
    """
    keys = ["speed", "range", "payload", "cost", "reliability", "manoeuvrability"]
    model = make_model(
        [
            ("speed", 0.2, "max", (0, 10)),
            ("range", 0.1, "max", (0, 10000)),
            ("payload", 0.1, "max", (0, 100000)),
            ("cost", 0.1, "min", (0, 100)),
            ("reliability", 0.2, "max", (1, 9)),
            ("manoeuvrability", 0.3, "max", (1, 9)),
        ],
        method="topsis",
    )
    data = matrix_of(
        [
            [2.0, 1500, 20000, 5.5, 5, 9],
            [2.5, 2700, 18000, 6.5, 3, 5],
            [1.8, 2000, 21000, 4.5, 7, 7],
            [2.2, 1800, 20000, 5.0, 5, 5],
        ],
        keys,
    )
    result = rank_matrix(model, data, samples=0)
    scores = by_proposal(result, "score")
    published = {"A1": 0.643, "A2": 0.268, "A3": 0.613, "A4": 0.312}
    for proposal, value in published.items():
        assert scores[proposal] == pytest.approx(value, abs=1e-3)
    assert round(scores["A1"], 3) == 0.643
    assert round(scores["A2"], 3) == 0.268
    assert round(scores["A4"], 3) == 0.312
    assert [e["proposal"] for e in result["ranking"]] == ["A1", "A3", "A4", "A2"]
    assert by_proposal(result, "rank") == {"A1": 1, "A3": 2, "A4": 3, "A2": 4}


def test_weighted_sum_triantaphyllou_example_with_a_tie(make_model: MakeModel) -> None:
    """WSM, Triantaphyllou (2000), Multi-Criteria Decision Making Methods: A Comparative Study.

    (The same example is in Wikipedia's "Weighted sum model".)
    Three alternatives, four benefit criteria in the same unit, weights 0.20, 0.15, 0.40,
    0.25. Published WSM scores: A1 21.50, A2 22.00, A3 22.00 (A2 and A3 tie for best).
    By hand: A2 = 10*0.20 + 30*0.15 + 20*0.40 + 30*0.25 = 2 + 4.5 + 8 + 7.5 = 22.0 and
    A3 = 6 + 1.5 + 12 + 2.5 = 22.0. With the declared scale 0..100 our normalised score is
    the published one divided by 100; the ranks are competition ranks 1, 1, 3.
    """
    keys = ["c1", "c2", "c3", "c4"]
    model = make_model(
        [(k, w, "max", (0, 100)) for k, w in zip(keys, [0.20, 0.15, 0.40, 0.25], strict=True)],
        method="wsm",
    )
    data = matrix_of([[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]], keys)
    result = rank_matrix(model, data, samples=0, top_k=1)
    scores = by_proposal(result, "score")
    assert {p: round(100 * s, 3) for p, s in scores.items()} == {
        "A1": 21.5,
        "A2": 22.0,
        "A3": 22.0,
    }
    assert by_proposal(result, "rank") == {"A2": 1, "A3": 1, "A1": 3}
    assert [e["proposal"] for e in result["ranking"]] == ["A2", "A3", "A1"]
    assert "tie_at_quota" in by_proposal(result, "flags")["A2"]
    contributions = by_proposal(result, "contributions")["A2"]
    assert sum(contributions.values()) == pytest.approx(0.22)


def test_vikor_opricovic_tzeng_2004(make_model: MakeModel) -> None:
    """VIKOR, Opricovic & Tzeng (2004), EJOR 156(2), 445-455, numerical example.

    Three alternatives; f1 (risk, minimise) = 1, 2, 5 and f2 (altitude, maximise) = 3000,
    3750, 4500; equal weights; v = 0.5. By hand: f1* = 1, f1- = 5, f2* = 4500, f2- = 3000;
    A1: S = 0 + 0.5 * 1500/1500 = 0.5, R = 0.5; A2: S = 0.5 * 1/4 + 0.5 * 750/1500 =
    0.375, R = 0.25; A3: S = 0.5 * 4/4 + 0 = 0.5, R = 0.5. So Q = 1, 0, 1: A2 is the
    compromise solution, with acceptable advantage and stability.
    """
    model = make_model(
        [("risk", 0.5, "min", (0, 10)), ("altitude", 0.5, "max", (0, 10000))], method="vikor"
    )
    data = matrix_of([[1, 3000], [2, 3750], [5, 4500]], ["risk", "altitude"])
    result = rank_matrix(model, data, samples=0, top_k=1)
    assert by_proposal(result, "score") == pytest.approx({"A1": 1.0, "A2": 0.0, "A3": 1.0})
    regrets = by_proposal(result, "contributions")
    assert {p: sum(c.values()) for p, c in regrets.items()} == pytest.approx(
        {"A1": 0.5, "A2": 0.375, "A3": 0.5}
    )
    assert {p: max(c.values()) for p, c in regrets.items()} == pytest.approx(
        {"A1": 0.5, "A2": 0.25, "A3": 0.5}
    )
    assert by_proposal(result, "rank") == {"A2": 1, "A1": 2, "A3": 2}
    details = result["method_details"]
    assert details["acceptable_advantage"] and details["acceptable_stability"]
    assert details["compromise_set"] == ["A2"]
    assert result["higher_is_better"] is False


def test_vikor_opricovic_tzeng_2007_hydropower(make_model: MakeModel) -> None:
    """VIKOR, Opricovic & Tzeng (2007), EJOR 178(2), 514-529, table 2, equal weights.

    Six reservoir alternatives, eight criteria (profit max, cost min, energy max, peak energy
    max, homes relocated min, reservoir area min, villages displaced min, environmental
    protection max). Published Q (v = 0.5): 0.991, 1.0, 0.473, 0.670, 0.0, 0.578, so A5 is
    the compromise solution, and S = 0.692, 0.700, 0.290, 0.423, 0.280, 0.346.
    """
    keys = ["profit", "cost", "energy", "peak", "homes", "area", "villages", "environment"]
    objectives = ["max", "min", "max", "max", "min", "min", "min", "max"]
    model = make_model(
        [(k, 1.0, o, (0, 10000)) for k, o in zip(keys, objectives, strict=True)], method="vikor"
    )
    rows = [
        [4184.3, 2914.0, 407.2, 251.0, 195, 244, 15, 2.41],
        [5211.9, 3630.0, 501.7, 308.3, 282, 346, 21, 1.41],
        [5021.3, 3920.5, 504.0, 278.6, 12, 56, 3, 4.42],
        [5566.1, 3957.9, 559.5, 335.3, 167, 268, 16, 3.36],
        [5060.5, 3293.5, 514.1, 284.2, 69, 90, 7, 4.04],
        [4317.9, 2925.9, 432.8, 239.3, 12, 55, 3, 4.36],
    ]
    result = rank_matrix(model, matrix_of(rows, keys), samples=0, top_k=1)
    scores = by_proposal(result, "score")
    published_q = [0.991, 1.0, 0.473, 0.670, 0.0, 0.578]
    assert [round(scores[f"A{i}"], 3) for i in range(1, 7)] == published_q
    regrets = by_proposal(result, "contributions")
    published_s = [0.692, 0.700, 0.290, 0.423, 0.280, 0.346]
    assert [round(sum(regrets[f"A{i}"].values()), 3) for i in range(1, 7)] == published_s
    assert result["ranking"][0]["proposal"] == "A5"


def test_krippendorff_alpha_published_examples() -> None:
    """Krippendorff's alpha on two examples by Krippendorff, with reviewers as coders.

    Interval: three coders, fifteen units with missing values (the computational example of
    Krippendorff, also on Wikipedia's "Krippendorff's alpha"), alpha = 0.811.
    Ordinal: four observers, twelve units (Krippendorff 2011, "Computing Krippendorff's
    Alpha-Reliability"), alpha = 0.815.
    """
    nan = np.nan
    interval = np.array(
        [
            [nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
            [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
            [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4],
        ]
    )
    ordinal = np.array(
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
            [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
        ]
    )
    assert round(krippendorff_alpha(interval, "interval"), 3) == 0.811
    assert round(krippendorff_alpha(ordinal, "ordinal"), 3) == 0.815
