"""Thin and degenerate data never crashes the ranking and never yields NaN (hypothesis).

The shapes a real event produces: no reviewer, one reviewer, every reviewer abstaining on a
criterion, one proposal, all proposals tied, a constant criterion. Whatever is not defined is
None or flagged, and a criterion nobody scored is left out with the reason.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hackathon.scoring import METHODS, rank_matrix, rank_scores
from tests.scoring.conftest import build_model

SETTINGS = settings(max_examples=60, deadline=None, database=None)
KEYS = ("feasibility", "citizen_value", "cross_sector_reach")
SHAPES = ("random", "one_reviewer", "criterion_abstained", "all_tied", "constant_criterion")


@st.composite
def events(draw: st.DrawFn) -> tuple[list[tuple[Any, ...]], list[str], str]:
    """Score records of a small event in one of the degenerate shapes, and its proposals."""
    shape = draw(st.sampled_from(SHAPES))
    n_proposals = draw(st.integers(0 if shape == "random" else 1, 5))
    n_reviewers = 1 if shape == "one_reviewer" else draw(st.integers(0, 4))
    proposals = [f"P{i}" for i in range(n_proposals)]
    abstained = draw(st.sampled_from(KEYS))
    tied = draw(st.lists(st.integers(1, 5), min_size=3, max_size=3))
    records = []
    for p in proposals:
        for r in range(n_reviewers):
            if shape != "one_reviewer" and not draw(st.booleans()) and shape != "all_tied":
                continue  # this reviewer was not given this proposal
            for j, key in enumerate(KEYS):
                value: int | None = draw(st.one_of(st.none(), st.integers(1, 5)))
                if shape == "criterion_abstained" and key == abstained:
                    value = None
                elif shape == "all_tied":
                    value = tied[j]
                elif shape == "constant_criterion" and key == abstained:
                    value = 3
                records.append((p, f"R{r}", key, value))
    return records, proposals, shape


def _check(result: dict[str, Any], proposals: list[str], top_k: int) -> None:
    """What must hold for every result, however thin the data."""
    json.dumps(result, allow_nan=False)  # no NaN or infinity anywhere
    listed = [row["proposal"] for row in result["ranking"]]
    listed += [row["proposal"] for row in result["unranked"]]
    assert sorted(listed) == sorted(proposals)
    used = {c["key"] for c in result["criteria"] if c["used"]}
    left_out = {entry["criterion"] for entry in result["left_out"]}
    assert used | left_out == set(KEYS) and not used & left_out
    assert math.isclose(sum(c["weight_used"] for c in result["criteria"]), 1.0)
    for entry in result["left_out"]:
        assert entry["reason"] == "no_scores"
        assert any(w.get("criterion") == entry["criterion"] for w in result["warnings"]
                   if w["code"] == "criterion_left_out")
    ranks = [row["rank"] for row in result["ranking"]]
    assert ranks == sorted(ranks) and (not ranks or ranks[0] == 1)
    for row in result["ranking"]:
        assert math.isfinite(row["score"])
        for key in KEYS:
            value, part = row["criteria"][key], row["contributions"][key]
            assert (value is None) == (key in left_out) == (part is None)
            spread = row["spread"][key] if row["spread"] else None
            if spread is not None and row["reviewers"][key] < 2:
                assert spread["range"] is None and spread["sd"] is None
                assert not spread["discuss"]
            if row["reviewers"] and key in used and row["reviewers"][key] == 1:
                assert "single_reviewer" in row["flags"]
        for name in ("p_top_k", "p_top_k_weights", "p_first"):
            assert row[name] is None or 0.0 <= row[name] <= 1.0
    for row in result["unranked"]:
        assert row["missing"] and set(row["missing"]) <= used
    if len(result["ranking"]) == 1:
        assert result["ranking"][0]["rank"] == 1
    if not result["ranking"]:
        assert any(w["code"] == "no_proposals" for w in result["warnings"])


@SETTINGS
@given(event=events(), method=st.sampled_from(METHODS), top_k=st.integers(1, 3))
def test_thin_data_never_crashes_and_every_value_is_defined_or_none(
    event: tuple[list[tuple[Any, ...]], list[str], str], method: str, top_k: int
) -> None:
    """Any shape, any method: a result with no NaN, every proposal accounted for."""
    records, proposals, shape = event
    model = build_model(method=method)
    result = rank_scores(model, records, top_k=top_k, samples=20, seed=1, proposals=proposals)
    _check(result, proposals, top_k)
    if shape == "all_tied" and result["ranking"]:
        assert {row["rank"] for row in result["ranking"]} == {1}
    if shape == "criterion_abstained" and result["ranking"]:
        abstained = [k for k in KEYS if all(r[2] != k or r[3] is None for r in records)]
        assert {e["criterion"] for e in result["left_out"]} == set(abstained)


@SETTINGS
@given(event=events())
def test_every_method_ranks_the_same_proposals_on_thin_data(
    event: tuple[list[tuple[Any, ...]], list[str], str],
) -> None:
    """Every method ranks (or leaves unranked) the same proposals on the same data."""
    records, proposals, _shape = event
    ranked = {
        method: {row["proposal"] for row in rank_scores(
            build_model(method=method), records, samples=0, proposals=proposals)["ranking"]}
        for method in METHODS
    }
    assert len({frozenset(found) for found in ranked.values()}) == 1


def test_every_reviewer_abstaining_on_a_criterion_ranks_on_the_others() -> None:
    """The example of the issue: nothing was ranked; now the other two criteria rank."""
    model = build_model(method="wsm")
    records = [
        ("A", "R1", "feasibility", 5), ("A", "R1", "citizen_value", 4),
        ("A", "R1", "cross_sector_reach", None),
        ("B", "R1", "feasibility", 2), ("B", "R1", "citizen_value", 3),
        ("B", "R1", "cross_sector_reach", None),
        ("A", "R2", "feasibility", 4), ("A", "R2", "citizen_value", 4),
        ("A", "R2", "cross_sector_reach", None),
    ]
    result = rank_scores(model, records, samples=50, seed=3)
    assert [row["proposal"] for row in result["ranking"]] == ["A", "B"]
    assert result["left_out"] == [{"criterion": "cross_sector_reach", "reason": "no_scores"}]
    used = {c["key"]: c["weight_used"] for c in result["criteria"]}
    assert used["cross_sector_reach"] == 0.0
    assert used["feasibility"] == pytest.approx(0.4 / 0.75)
    # WSM on the two used criteria: (4.5-1)/4 * 0.4/0.75 + (4-1)/4 * 0.35/0.75.
    assert result["ranking"][0]["score"] == pytest.approx(
        0.875 * 0.4 / 0.75 + 0.75 * 0.35 / 0.75)
    b = result["ranking"][1]
    assert b["criteria"]["cross_sector_reach"] is None and "single_reviewer" in b["flags"]
    assert b["spread"]["feasibility"] == {"range": None, "sd": None, "discuss": False}


def test_no_scores_at_all_leaves_every_proposal_unranked_without_leaving_criteria_out() -> None:
    """Zero reviewers: nothing is left out (there is nothing to compare), all unranked."""
    result = rank_scores(build_model(method="wsm"), [], proposals=["A", "B"])
    assert result["ranking"] == [] and result["left_out"] == []
    assert [row["proposal"] for row in result["unranked"]] == ["A", "B"]
    assert all(row["missing"] == list(KEYS) for row in result["unranked"])


def test_a_matrix_column_nobody_filled_is_left_out_too() -> None:
    """rank_matrix follows the same rule as rank_scores."""
    matrix = {"A": {"feasibility": 4.0, "citizen_value": 3.0, "cross_sector_reach": None},
              "B": {"feasibility": 3.0, "citizen_value": 3.0}}
    result = rank_matrix(build_model(method="topsis"), matrix, samples=10)
    assert [row["proposal"] for row in result["ranking"]] == ["A", "B"]
    assert [e["criterion"] for e in result["left_out"]] == ["cross_sector_reach"]
    assert np.isclose(sum(c["weight_used"] for c in result["criteria"]), 1.0)


@SETTINGS
@given(
    scores=st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=2, max_size=12),
    method=st.sampled_from(METHODS),
)
def test_leaving_a_criterion_out_ranks_exactly_as_a_model_without_it(
    scores: list[tuple[int, int]], method: str
) -> None:
    """A criterion nobody scored counts as if the model never had it (weights rescaled)."""
    full = build_model(method=method)
    without = build_model(
        criteria=(("feasibility", 0.4, "max", (1, 5)), ("citizen_value", 0.35, "max", (1, 5))),
        method=method,
    )
    records, reduced = [], []
    for i, (a, b) in enumerate(scores):
        proposal, reviewer = f"P{i % 4}", f"R{i // 4}"
        given = [(proposal, reviewer, "feasibility", a), (proposal, reviewer, "citizen_value", b)]
        reduced += given
        records += [*given, (proposal, reviewer, "cross_sector_reach", None)]
    left = rank_scores(full, records, samples=30, seed=7)
    right = rank_scores(without, reduced, samples=30, seed=7)
    assert [(r["proposal"], r["rank"]) for r in left["ranking"]] == \
        [(r["proposal"], r["rank"]) for r in right["ranking"]]
    for a, b in zip(left["ranking"], right["ranking"], strict=True):
        assert a["score"] == pytest.approx(b["score"], abs=1e-12)
        assert a["p_top_k"] == pytest.approx(b["p_top_k"], abs=1e-12)
