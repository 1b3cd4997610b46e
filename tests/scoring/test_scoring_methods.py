"""The ranking methods: numpy formulas versus scikit-criteria, contributions, edge cases."""

from __future__ import annotations

import numpy as np
import pytest

from hackathon.scoring import METHODS
from hackathon.scoring.methods import (
    HIGHER_IS_BETTER,
    CriteriaArrays,
    batch_scores,
    check_method,
    contributions,
    evaluate,
)

MIXED = CriteriaArrays(
    keys=("a", "b", "c", "d"),
    weights=np.array([0.4, 0.3, 0.2, 0.1]),
    maximise=np.array([True, False, True, True]),
    low=np.array([1.0, 1.0, 0.5, 2.0]),
    high=np.array([5.0, 9.0, 10.0, 7.0]),
)


def random_matrix(rng: np.random.Generator, n: int, criteria: CriteriaArrays) -> np.ndarray:
    """n proposals with values inside each declared scale."""
    return rng.uniform(criteria.low, criteria.high, size=(n, len(criteria.keys)))


def test_every_method_has_a_direction() -> None:
    """Each supported method says whether a high score is good."""
    assert set(HIGHER_IS_BETTER) == set(METHODS)


@pytest.mark.parametrize("method", METHODS)
def test_vectorised_scores_equal_the_scikit_criteria_pipeline(method: str) -> None:
    """batch_scores for 25 weight vectors at once equals 25 pipeline runs, to 1e-9."""
    rng = np.random.default_rng(11)
    matrix = random_matrix(rng, 7, MIXED)
    weights = rng.dirichlet(np.ones(4), size=25)
    batch = batch_scores(method, matrix, weights, MIXED)
    assert batch.shape == (25, 7)
    for row, w in zip(batch, weights, strict=True):
        np.testing.assert_allclose(
            row, evaluate(method, matrix, w, MIXED).scores, rtol=0, atol=1e-9
        )


@pytest.mark.parametrize("method", METHODS)
def test_vectorised_scores_for_many_matrices_equal_the_pipeline(method: str) -> None:
    """A stack of matrices (the reviewer bootstrap) with one weight vector per matrix."""
    rng = np.random.default_rng(12)
    stack = np.stack([random_matrix(rng, 6, MIXED) for _ in range(10)])
    weights = rng.dirichlet(np.ones(4), size=10)
    batch = batch_scores(method, stack, weights, MIXED)
    shared = batch_scores(method, stack, MIXED.weights, MIXED)
    for s in range(10):
        np.testing.assert_allclose(
            batch[s], evaluate(method, stack[s], weights[s], MIXED).scores, rtol=0, atol=1e-9
        )
        np.testing.assert_allclose(
            shared[s], evaluate(method, stack[s], MIXED.weights, MIXED).scores, rtol=0, atol=1e-9
        )


def scikit_criteria_reference(
    method: str, matrix: np.ndarray, criteria: CriteriaArrays
) -> np.ndarray:
    """scikit-criteria's own result for a method, built here independently of our code."""
    import skcriteria as skc
    from skcriteria.agg.moora import RatioMOORA, ReferencePointMOORA
    from skcriteria.agg.simple import WeightedProductModel, WeightedSumModel
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.agg.vikor import VIKOR
    from skcriteria.pipelines import mkpipe
    from skcriteria.preprocessing.invert_objectives import InvertMinimize
    from skcriteria.preprocessing.scalers import VectorScaler

    objectives = [max if m else min for m in criteria.maximise]
    if method == "wsm":
        # scikit-criteria has no declared-scale scaler: normalise here, then its WSM.
        utility = (matrix - criteria.low) / (criteria.high - criteria.low)
        utility = np.where(criteria.maximise, utility, 1 - utility)
        dm = skc.mkdm(utility, [max] * len(objectives), weights=criteria.weights)
        return WeightedSumModel().evaluate(dm).e_.score
    dm = skc.mkdm(matrix, objectives, weights=criteria.weights)
    if method == "wpm":
        return mkpipe(InvertMinimize(), WeightedProductModel()).evaluate(dm).e_.score
    if method == "topsis":
        with pytest.warns(UserWarning, match="minimization"):
            # This warning is why our code silences scikit-criteria: the ideal of a min
            # criterion is its minimum, which is what we want.
            result = mkpipe(VectorScaler(target="matrix"), TOPSIS()).evaluate(dm)
        return result.e_.similarity
    if method == "vikor":
        return VIKOR(v=0.5).evaluate(dm).e_.q_k
    if method == "moora":
        return mkpipe(VectorScaler(target="matrix"), RatioMOORA()).evaluate(dm).e_.score
    return mkpipe(VectorScaler(target="matrix"), ReferencePointMOORA()).evaluate(dm).e_.score


@pytest.mark.parametrize("method", METHODS)
def test_evaluate_equals_scikit_criteria_built_independently(method: str) -> None:
    """Our pipeline result is scikit-criteria's own result to 1e-9."""
    matrix = random_matrix(np.random.default_rng(13), 8, MIXED)
    ours = evaluate(method, matrix, MIXED.weights, MIXED).scores
    np.testing.assert_allclose(
        ours, scikit_criteria_reference(method, matrix, MIXED), rtol=0, atol=1e-9
    )


@pytest.mark.parametrize("method", ["wsm", "wpm", "moora"])
def test_additive_contributions_sum_to_the_score(method: str) -> None:
    """WSM: w u; WPM: w log10 x; MOORA: +-w r. Each sums to the score."""
    matrix = random_matrix(np.random.default_rng(14), 6, MIXED)
    scores = evaluate(method, matrix, MIXED.weights, MIXED).scores
    parts = contributions(method, matrix, MIXED.weights, MIXED)
    np.testing.assert_allclose(parts.sum(axis=1), scores, rtol=0, atol=1e-12)


def test_topsis_contributions_decompose_the_closeness_exactly() -> None:
    """0.5 + sum of the TOPSIS contributions equals the closeness coefficient."""
    matrix = random_matrix(np.random.default_rng(15), 9, MIXED)
    scores = evaluate("topsis", matrix, MIXED.weights, MIXED).scores
    parts = contributions("topsis", matrix, MIXED.weights, MIXED)
    np.testing.assert_allclose(0.5 + parts.sum(axis=1), scores, rtol=0, atol=1e-12)
    best = np.argmax(scores)
    assert parts[best].sum() > 0


def test_vikor_contributions_are_the_weighted_regrets() -> None:
    """They sum to scikit-criteria's S (group utility) and their maximum is R (regret)."""
    import skcriteria as skc
    from skcriteria.agg.vikor import VIKOR

    matrix = random_matrix(np.random.default_rng(16), 7, MIXED)
    parts = contributions("vikor", matrix, MIXED.weights, MIXED)
    objectives = [max if m else min for m in MIXED.maximise]
    extra = VIKOR().evaluate(skc.mkdm(matrix, objectives, weights=MIXED.weights)).e_
    np.testing.assert_allclose(parts.sum(axis=1), extra.s_k, rtol=0, atol=1e-12)
    np.testing.assert_allclose(parts.max(axis=1), extra.r_k, rtol=0, atol=1e-12)


def test_refpoint_contributions_peak_at_the_score() -> None:
    """The Tchebycheff distance is the largest weighted gap."""
    matrix = random_matrix(np.random.default_rng(17), 7, MIXED)
    scores = evaluate("refpoint", matrix, MIXED.weights, MIXED).scores
    parts = contributions("refpoint", matrix, MIXED.weights, MIXED)
    np.testing.assert_allclose(parts.max(axis=1), scores, rtol=0, atol=1e-12)


@pytest.mark.parametrize("method", METHODS)
def test_identical_proposals_all_tie(method: str) -> None:
    """All proposals equal: scikit-criteria would fail, the formulas give equal scores."""
    matrix = np.tile([3.0, 2.0, 4.0, 5.0], (4, 1))
    scores = evaluate(method, matrix, MIXED.weights, MIXED).scores
    assert np.ptp(scores) == 0
    if method == "topsis":
        assert scores[0] == 0.5


@pytest.mark.parametrize("method", METHODS)
def test_a_single_proposal_gets_a_finite_score(method: str) -> None:
    """One proposal is rankable (rank 1) with every method."""
    scores = evaluate(method, np.array([[3.0, 2.0, 4.0, 5.0]]), MIXED.weights, MIXED).scores
    assert scores.shape == (1,)
    assert np.isfinite(scores).all()


@pytest.mark.parametrize("method", ["topsis", "moora", "refpoint"])
def test_an_all_zero_criterion_is_ignored_by_vector_normalisation(method: str) -> None:
    """A criterion with only zeros has no norm; it must not turn the scores into NaN."""
    criteria = CriteriaArrays(
        ("a", "b"), np.array([0.5, 0.5]), np.array([True, True]), np.zeros(2), np.full(2, 10.0)
    )
    matrix = np.array([[0.0, 3.0], [0.0, 7.0], [0.0, 5.0]])
    scores = evaluate(method, matrix, criteria.weights, criteria).scores
    np.testing.assert_allclose(scores, batch_scores(method, matrix, criteria.weights, criteria))
    order = np.argsort(-scores if HIGHER_IS_BETTER[method] else scores)
    assert order.tolist() == [1, 2, 0]


def test_wsm_scores_use_the_declared_scale() -> None:
    """A proposal at the top of every scale scores 1, at the bottom 0, whatever the others."""
    matrix = np.array([MIXED.high, MIXED.low, (MIXED.low + MIXED.high) / 2])
    matrix[:, 1] = [MIXED.low[1], MIXED.high[1], 5.0]  # b is a min criterion
    scores = evaluate("wsm", matrix, MIXED.weights, MIXED).scores
    np.testing.assert_allclose(scores, [1.0, 0.0, 0.5], atol=1e-12)


def test_check_method_rejects_unknown_methods_and_wpm_on_a_zero_scale() -> None:
    """wpm takes logarithms, so a scale reaching 0 cannot be used with it."""
    with pytest.raises(ValueError, match="unknown method"):
        check_method("promethee", MIXED)
    zero = CriteriaArrays(("a",), np.ones(1), np.ones(1, bool), np.zeros(1), np.ones(1))
    with pytest.raises(ValueError, match="wpm"):
        check_method("wpm", zero)
    check_method("wsm", zero)
