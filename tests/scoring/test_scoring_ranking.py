"""Ranking: output shape, ties, unranked proposals, robustness, agreement between methods."""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import pytest

from hackathon.scoring import (
    METHODS,
    ScoreTable,
    ScoringModel,
    competition_ranks,
    rank_matrix,
    rank_scores,
)
from hackathon.scoring.aggregation import aggregate, bootstrap_aggregator
from hackathon.scoring.methods import HIGHER_IS_BETTER, CriteriaArrays, evaluate
from hackathon.scoring.ranking import rank_reversal, robustness

MakeModel = Callable[..., ScoringModel]


def demo_records(seed: int = 1, proposals: int = 8, reviewers: int = 5) -> list[tuple]:
    """Random but reproducible scores on the three core criteria, some abstentions."""
    rng = np.random.default_rng(seed)
    records = []
    for p in range(proposals):
        for r in range(reviewers):
            for key in ("feasibility", "citizen_value", "cross_sector_reach"):
                value = None if rng.random() < 0.1 else int(rng.integers(1, 6))
                records.append((f"P{p}", f"R{r}", key, value))
    return records


def test_competition_ranks_share_ties() -> None:
    """Rank = 1 + number strictly better: 1, 1, 3."""
    assert competition_ranks(np.array([0.9, 0.9, 0.5])).tolist() == [1, 1, 3]
    assert competition_ranks(np.array([0.5, 0.9, 0.9, 0.1])).tolist() == [3, 1, 1, 4]
    assert competition_ranks(np.array([2.0, 1.0, 1.0]), higher_is_better=False).tolist() == [
        3,
        1,
        1,
    ]


def test_competition_ranks_treat_rounding_noise_as_a_tie() -> None:
    """0.1 + 0.2 and 0.3 differ in the last bit only; they tie."""
    assert competition_ranks(np.array([0.1 + 0.2, 0.3, 0.2])).tolist() == [1, 1, 3]


def test_rank_scores_output_is_plain_json_in_rank_order(make_model: MakeModel) -> None:
    """The documented shape, JSON-serialisable without NaN, ordered by rank."""
    model = make_model()
    result = rank_scores(model, demo_records(), top_k=2, samples=200, seed=3)
    text = json.dumps(result, allow_nan=False)
    assert json.loads(text) == result
    assert result["model"] == "test" and result["method"] == "topsis"
    assert result["aggregation"] == "mean" and result["top_k"] == 2
    assert [c["key"] for c in result["criteria"]] == list(model.criterion_keys)
    ranks = [entry["rank"] for entry in result["ranking"]]
    assert ranks == sorted(ranks) and ranks[0] == 1
    entry = result["ranking"][0]
    assert set(entry) == {
        "proposal",
        "rank",
        "score",
        "criteria",
        "contributions",
        "reviewers",
        "spread",
        "p_top_k",
        "p_top_k_weights",
        "p_top_k_reviewers",
        "p_first",
        "rank_acceptability",
        "flags",
    }
    assert set(entry["criteria"]) == set(model.criterion_keys)
    assert set(entry["spread"]["feasibility"]) == {"range", "sd", "discuss"}
    assert entry["score"] == pytest.approx(0.5 + sum(entry["contributions"].values()))
    assert set(result["agreement"]["feasibility"]) == {
        "interval",
        "ordinal",
        "reading",
        "reading_da",
    }
    assert result["robustness"]["reviewer_bootstrap"] is True


def test_ids_keep_their_type(make_model: MakeModel) -> None:
    """Integer proposal ids come back as integers."""
    records = [
        (p, r, key, 1 + (p * 3 + r) % 5)
        for p in (10, 20, 30)
        for r in (1, 2)
        for key in ("feasibility", "citizen_value", "cross_sector_reach")
    ]
    result = rank_scores(make_model(), records, samples=0)
    assert sorted(e["proposal"] for e in result["ranking"]) == [10, 20, 30]


def test_a_proposal_without_any_score_on_a_criterion_is_not_ranked(make_model: MakeModel) -> None:
    """It is listed as unranked with the reason and a warning; the others are ranked."""
    records = [r for r in demo_records() if not (r[0] == "P3" and r[2] == "citizen_value")]
    result = rank_scores(make_model(), records, samples=0, proposals=["P9"])
    ranked = {e["proposal"] for e in result["ranking"]}
    assert "P3" not in ranked and "P9" not in ranked and len(ranked) == 7
    unranked = {e["proposal"]: e for e in result["unranked"]}
    assert unranked["P3"]["missing"] == ["citizen_value"]
    assert unranked["P3"]["reason"] == "no score on: citizen_value"
    assert unranked["P3"]["criteria"]["citizen_value"] is None
    assert unranked["P3"]["criteria"]["feasibility"] is not None
    assert unranked["P9"]["missing"] == ["feasibility", "citizen_value", "cross_sector_reach"]
    codes = [(w["code"], w.get("proposal")) for w in result["warnings"]]
    assert ("missing_scores", "P3") in codes and ("missing_scores", "P9") in codes


def test_robustness_is_reproducible_and_probabilities_add_up(make_model: MakeModel) -> None:
    """Same seed, same numbers; without ties the top-k probabilities sum to k."""
    model = make_model()
    first = rank_scores(model, demo_records(), top_k=3, samples=300, seed=7)
    again = rank_scores(model, demo_records(), top_k=3, samples=300, seed=7)
    other = rank_scores(model, demo_records(), top_k=3, samples=300, seed=8)
    chances = [e["p_top_k"] for e in first["ranking"]]
    assert chances == [e["p_top_k"] for e in again["ranking"]]
    assert chances != [e["p_top_k"] for e in other["ranking"]]
    for name in ("p_top_k", "p_top_k_weights", "p_top_k_reviewers"):
        values = [e[name] for e in first["ranking"]]
        assert all(0 <= v <= 1 for v in values)
        assert sum(values) == pytest.approx(3)
    assert sum(e["p_first"] for e in first["ranking"]) == pytest.approx(1)
    for entry in first["ranking"]:
        assert sum(entry["rank_acceptability"]) == pytest.approx(1)
        assert sum(entry["rank_acceptability"][:3]) == pytest.approx(entry["p_top_k"])


@pytest.mark.parametrize("method", METHODS)
def test_vectorised_weight_robustness_equals_one_pipeline_run_per_sample(method: str) -> None:
    """The numpy SMAA equals drawing the same weights and running scikit-criteria each time."""
    rng = np.random.default_rng(21)
    criteria = CriteriaArrays(
        ("a", "b", "c"),
        np.array([0.5, 0.3, 0.2]),
        np.array([True, True, False]),
        np.ones(3),
        np.full(3, 5.0),
    )
    matrix = rng.uniform(1, 5, size=(7, 3))
    samples, top_k = 40, 2
    found = robustness(method, matrix, criteria, top_k=top_k, samples=samples, seed=4)
    weights = np.random.default_rng(4).dirichlet(50.0 * criteria.weights, size=samples)
    hits, firsts = np.zeros(7), np.zeros(7)
    for w in weights:
        ranks = competition_ranks(
            evaluate(method, matrix, w, criteria).scores, HIGHER_IS_BETTER[method]
        )
        hits += ranks <= top_k
        firsts += ranks == 1
    np.testing.assert_array_equal(found.p_top_k_weights, hits / samples)
    np.testing.assert_array_equal(found.p_first, firsts / samples)
    assert found.p_top_k_reviewers is None


@pytest.mark.parametrize("how", ["mean", "median", "centred"])
def test_vectorised_reviewer_bootstrap_equals_a_loop_over_draws(
    make_model: MakeModel, how: str
) -> None:
    """Bootstrap robustness equals re-aggregating each draw and running the pipeline."""
    model = make_model(aggregation=how)
    table = ScoreTable.from_records(model, demo_records(seed=2, proposals=6, reviewers=4))
    criteria = CriteriaArrays.from_model(model)
    values, _ = aggregate(table, how, criteria.low, criteria.high)
    rows = np.flatnonzero(~np.isnan(values).any(axis=1))
    matrix = values[rows]
    resample = bootstrap_aggregator(table, how, criteria.low, criteria.high, rows, matrix)
    samples, top_k = 30, 2
    found = robustness(
        "topsis", matrix, criteria, top_k=top_k, samples=samples, seed=9, bootstrap=resample
    )
    generator = np.random.default_rng(9)
    weights = generator.dirichlet(50.0 * criteria.weights, size=samples)
    draws = generator.multinomial(4, np.full(4, 0.25), samples)
    joint, reviewers_only = np.zeros(len(rows)), np.zeros(len(rows))
    for w, counts in zip(weights, draws, strict=True):
        repeated = np.repeat(table.values, counts, axis=0)
        drawn = ScoreTable(table.proposals, tuple(range(len(repeated))), table.criteria, repeated)
        again, _ = aggregate(drawn, how, criteria.low, criteria.high)
        again = np.where(np.isnan(again[rows]), matrix, again[rows])
        joint += competition_ranks(evaluate("topsis", again, w, criteria).scores) <= top_k
        alone = evaluate("topsis", again, criteria.weights, criteria).scores
        reviewers_only += competition_ranks(alone) <= top_k
    np.testing.assert_allclose(found.p_top_k, joint / samples, rtol=0, atol=1e-12)
    np.testing.assert_allclose(found.p_top_k_reviewers, reviewers_only / samples, atol=1e-12)


def test_rank_matrix_varies_only_the_weights(make_model: MakeModel) -> None:
    """Aggregated input: no reviewer bootstrap, no agreement, p_top_k from the weights."""
    matrix = {
        "God Start": {"feasibility": 4.2, "citizen_value": 4.6, "cross_sector_reach": 3.8},
        "Familiens Broer": {"feasibility": 3.9, "citizen_value": 4.4, "cross_sector_reach": 4.7},
        "Digital Bro": {"feasibility": 2.1, "citizen_value": 3.0, "cross_sector_reach": 2.2},
    }
    result = rank_matrix(make_model(), matrix, top_k=2, samples=100)
    assert result["aggregation"] is None
    assert result["robustness"]["reviewer_bootstrap"] is False
    for entry in result["ranking"]:
        assert entry["p_top_k"] == entry["p_top_k_weights"]
        assert entry["p_top_k_reviewers"] is None and entry["reviewers"] is None
    assert all(found["interval"] is None for found in result["agreement"].values())
    assert [e["proposal"] for e in result["ranking"]][-1] == "Digital Bro"


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ({"A": {"nope": 3}}, "unknown criterion 'nope'"),
        ({"A": {"feasibility": 7}}, "outside the scale 1..5"),
        ({"A": {"feasibility": "high"}}, "is not a number"),
    ],
)
def test_rank_matrix_rejects_bad_values(make_model: MakeModel, matrix: dict, message: str) -> None:
    """Aggregated values are validated against the model."""
    with pytest.raises(ValueError, match=message):
        rank_matrix(make_model(), matrix)


def test_bad_options_are_refused(make_model: MakeModel) -> None:
    """top_k, samples, concentration and method are checked."""
    model = make_model()
    records = demo_records()
    for options in ({"top_k": 0}, {"samples": -1}, {"concentration": 0}, {"method": "ahp"}):
        with pytest.raises(ValueError):
            rank_scores(model, records, **options)


def test_method_agreement_reports_spearman_and_top_k(make_model: MakeModel) -> None:
    """Every usable method is compared; a dominant structure makes them all agree."""
    values = {
        f"P{i}": {k: 5.0 - i * 0.5 for k in ("feasibility", "citizen_value", "cross_sector_reach")}
        for i in range(6)
    }
    result = rank_matrix(make_model(), values, samples=0, top_k=2)
    agreement = result["method_agreement"]
    assert agreement["methods"] == list(METHODS)
    for a in METHODS:
        assert agreement["spearman"][a][a] == pytest.approx(1.0)
        for b in METHODS:
            assert agreement["spearman"][a][b] == pytest.approx(agreement["spearman"][b][a])
    assert agreement["all_same_top_k"] is True
    assert all(agreement["top_k"][m] == ["P0", "P1"] for m in METHODS)


def test_topsis_rank_reversal_is_detected_and_wsm_is_immune() -> None:
    """Removing the worst proposal swaps two others under TOPSIS, never under WSM.

    TOPSIS on (4, 3), (3, 5), (2, 5), (4, 1), equal weights: C = 0.604, 0.783, 0.634,
    0.366, so B > C > A > D. Without D: 0.588, 0.633, 0.412, so B > A > C.
    """
    criteria = CriteriaArrays(
        ("a", "b"), np.array([0.5, 0.5]), np.array([True, True]), np.ones(2), np.full(2, 5.0)
    )
    matrix = np.array([[4.0, 3.0], [3.0, 5.0], [2.0, 5.0], [4.0, 1.0]])
    ids = ["A", "B", "C", "D"]
    scores = evaluate("topsis", matrix, criteria.weights, criteria).scores
    found = rank_reversal("topsis", matrix, criteria, ids, scores, top_k=1)
    assert found["remove_worst"]["proposal"] == "D"
    assert found["remove_worst"]["order_changed"] is True
    assert sorted(found["remove_worst"]["examples"]) == ["A", "C"]
    assert found["remove_worst"]["top_k_changed"] is False
    wsm_scores = evaluate("wsm", matrix, criteria.weights, criteria).scores
    wsm = rank_reversal("wsm", matrix, criteria, ids, wsm_scores, top_k=1)
    assert wsm["remove_worst"]["order_changed"] is False
    assert wsm["add_copy"]["order_changed"] is False


def test_flags_mark_ties_at_the_quota_single_reviewers_and_disagreement(
    make_model: MakeModel,
) -> None:
    """Flags tell the facilitator what to look at."""
    records = []
    for key in ("feasibility", "citizen_value", "cross_sector_reach"):
        records += [("A", "R1", key, 5), ("A", "R2", key, 5)]
        records += [("B", "R1", key, 4), ("B", "R2", key, 4)]
        records += [("C", "R1", key, 4), ("C", "R2", key, 4)]
        records += [("D", "R1", key, 1), ("D", "R2", key, 5 if key == "feasibility" else 1)]
        records += [("E", "R1", key, 2)]
    result = rank_scores(make_model(method="wsm"), records, top_k=2, samples=0)
    flags = {e["proposal"]: e["flags"] for e in result["ranking"]}
    assert "tie_at_quota" in flags["B"] and "tie_at_quota" in flags["C"]
    assert "tie_at_quota" not in flags["A"]
    assert "single_reviewer" in flags["E"]
    assert "discuss" in flags["D"] and "discuss" not in flags["A"]
    assert any(w["code"] == "tie_at_quota" for w in result["warnings"])
