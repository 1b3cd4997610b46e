"""Properties that must hold for any data (hypothesis)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hackathon.scoring import METHODS, ScoringModel, competition_ranks, rank_matrix
from hackathon.scoring.methods import HIGHER_IS_BETTER, CriteriaArrays, batch_scores, evaluate
from hackathon.scoring.models import parse_model_data

# Modest example counts keep the suite fast; no example database is written to the repo.
SETTINGS = settings(max_examples=25, deadline=None, database=None)

# Scores on a 1-5 scale in quarter points: what means of a few reviewers' scores look like.
GRID = st.integers(4, 20).map(lambda quarters: quarters / 4)
WEIGHT = st.floats(0.01, 100.0, allow_nan=False, allow_infinity=False)


def model_for(objectives: list[str], weights: list[float]) -> ScoringModel:
    """A model with criteria c0, c1, ... on the scale 1..5."""
    data: dict[str, Any] = {
        "key": "property",
        "name": "Property",
        "method": "wsm",
        "criteria": [
            {"key": f"c{j}", "name": f"c{j}", "weight": w, "objective": o, "scale": [1, 5]}
            for j, (o, w) in enumerate(zip(objectives, weights, strict=True))
        ],
    }
    model, problems = parse_model_data(data, "property")
    assert model is not None, problems
    return model


@st.composite
def problems(draw: st.DrawFn) -> tuple[ScoringModel, np.ndarray]:
    """A model with 2-4 criteria (mixed directions) and a matrix of 2-7 proposals."""
    m = draw(st.integers(2, 4))
    n = draw(st.integers(2, 7))
    objectives = draw(st.lists(st.sampled_from(["max", "min"]), min_size=m, max_size=m))
    weights = draw(st.lists(WEIGHT, min_size=m, max_size=m))
    rows = draw(st.lists(st.lists(GRID, min_size=m, max_size=m), min_size=n, max_size=n))
    return model_for(objectives, weights), np.array(rows)


def ranks_of(method: str, model: ScoringModel, matrix: np.ndarray) -> np.ndarray:
    """Competition ranks with the scikit-criteria pipeline for ``method``."""
    criteria = CriteriaArrays.from_model(model)
    scores = evaluate(method, matrix, criteria.weights, criteria).scores
    return competition_ranks(scores, HIGHER_IS_BETTER[method])


@SETTINGS
@given(problem=problems(), factor=st.floats(1e-3, 1e3))
def test_scaling_all_weights_never_changes_the_ranking(
    problem: tuple[ScoringModel, np.ndarray], factor: float
) -> None:
    """Weights are relative: multiplying all of them by a constant changes nothing."""
    model, matrix = problem
    scaled = model.with_weights({c.key: c.weight * factor for c in model.criteria})
    for method in METHODS:
        np.testing.assert_array_equal(
            ranks_of(method, model, matrix), ranks_of(method, scaled, matrix)
        )


@SETTINGS
@given(problem=problems(), extra=st.lists(GRID, min_size=4, max_size=4))
def test_adding_a_proposal_never_changes_the_wsm_scores_of_the_others(
    problem: tuple[ScoringModel, np.ndarray], extra: list[float]
) -> None:
    """WSM normalises by the declared scale, so each score depends on its proposal only."""
    model, matrix = problem
    keys = model.criterion_keys
    before = {f"P{i}": dict(zip(keys, row.tolist(), strict=True)) for i, row in enumerate(matrix)}
    after = {**before, "new": dict(zip(keys, extra, strict=False))}
    scores_before = {
        e["proposal"]: e["score"]
        for e in rank_matrix(model, before, method="wsm", samples=0)["ranking"]
    }
    result = rank_matrix(model, after, method="wsm", samples=0)
    for entry in result["ranking"]:
        if entry["proposal"] != "new":
            assert abs(entry["score"] - scores_before[entry["proposal"]]) <= 1e-12


@SETTINGS
@given(problem=problems(), data=st.data())
def test_a_dominating_proposal_is_never_ranked_below_the_dominated(
    problem: tuple[ScoringModel, np.ndarray], data: st.DataObject
) -> None:
    """At least as good on every criterion and better on one: never a worse rank."""
    model, matrix = problem
    n, m = matrix.shape
    dominated = data.draw(st.integers(0, n - 1))
    steps = np.array(data.draw(st.lists(st.integers(0, 8), min_size=m, max_size=m))) / 4
    maximise = CriteriaArrays.from_model(model).maximise
    better = np.where(maximise, matrix[dominated] + steps, matrix[dominated] - steps)
    better = np.clip(better, 1.0, 5.0)
    assume(np.any(better != matrix[dominated]))
    extended = np.vstack([matrix, better])
    for method in METHODS:
        ranks = ranks_of(method, model, extended)
        assert ranks[-1] <= ranks[dominated], method


@SETTINGS
@given(problem=problems(), data=st.data())
def test_vectorised_scores_equal_the_pipeline_for_any_weights(
    problem: tuple[ScoringModel, np.ndarray], data: st.DataObject
) -> None:
    """The numpy formulas used for robustness are the pipeline's results to 1e-9."""
    model, matrix = problem
    criteria = CriteriaArrays.from_model(model)
    raw = np.array(
        data.draw(
            st.lists(
                st.lists(WEIGHT, min_size=len(criteria.keys), max_size=len(criteria.keys)),
                min_size=1,
                max_size=4,
            )
        )
    )
    weights = raw / raw.sum(axis=1, keepdims=True)
    for method in METHODS:
        batch = batch_scores(method, matrix, weights, criteria)
        for row, w in zip(batch, weights, strict=True):
            expected = evaluate(method, matrix, w, criteria).scores
            np.testing.assert_allclose(row, expected, rtol=0, atol=1e-9)
