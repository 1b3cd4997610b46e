"""Assignment: balanced loads, caps and conflicts (pure functions)."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from hackathon.review.assignment import assign_all, assign_balanced


def test_fifty_proposals_twelve_reviewers_k3():
    proposals = list(range(50))
    reviewers = [f"r{i}" for i in range(12)]
    rng = random.Random(7)
    conflicts = {(p, rng.choice(reviewers)) for p in proposals if rng.random() < 0.4}
    pairs = assign_balanced(proposals, reviewers, conflicts, k=3, cap=13)
    per_proposal = Counter(p for p, _ in pairs)
    loads = Counter(r for _, r in pairs)
    assert all(per_proposal[p] == 3 for p in proposals)
    assert not set(pairs) & conflicts
    assert max(loads.values()) <= 13
    assert max(loads.values()) - min(loads.values()) <= 1
    assert len(set(pairs)) == len(pairs) == 150


def test_cap_is_honoured_even_if_proposals_go_short():
    pairs = assign_balanced(range(10), ["a", "b"], set(), k=2, cap=4)
    loads = Counter(r for _, r in pairs)
    assert loads == {"a": 4, "b": 4}
    assert len(pairs) == 8


def test_existing_pairs_count_towards_load_and_k():
    existing = [(0, "a"), (1, "a")]
    pairs = assign_balanced([0, 1, 2], ["a", "b", "c"], set(), k=2, existing=existing)
    per_proposal = Counter(p for p, _ in pairs + existing)
    assert per_proposal == {0: 2, 1: 2, 2: 2}
    assert (0, "a") not in pairs


def test_conflicted_reviewer_never_assigned_even_when_short():
    conflicts = {(0, "a"), (0, "b")}
    pairs = assign_balanced([0], ["a", "b", "c"], conflicts, k=3)
    assert pairs == [(0, "c")]


def test_assign_all_skips_conflicts_and_existing():
    pairs = assign_all([1, 2], ["a", "b"], {(1, "a")}, existing=[(2, "b")])
    assert sorted(pairs) == [(1, "b"), (2, "a")]


@settings(max_examples=60, deadline=None)
@given(
    n_proposals=st.integers(1, 30),
    n_reviewers=st.integers(1, 10),
    k=st.integers(1, 4),
    conflict_rate=st.floats(0, 0.3),
    seed=st.integers(0, 10_000),
)
def test_properties(n_proposals, n_reviewers, k, conflict_rate, seed):
    rng = random.Random(seed)
    proposals, reviewers = list(range(n_proposals)), list(range(100, 100 + n_reviewers))
    conflicts = {(p, r) for p in proposals for r in reviewers if rng.random() < conflict_rate}
    pairs = assign_balanced(proposals, reviewers, conflicts, k=k)
    assert not set(pairs) & conflicts
    assert len(set(pairs)) == len(pairs)
    per_proposal = Counter(p for p, _ in pairs)
    for p in proposals:
        eligible = sum((p, r) not in conflicts for r in reviewers)
        assert per_proposal[p] == min(k, eligible)
    if not conflicts:
        loads = [Counter(r for _, r in pairs)[r] for r in reviewers]
        assert max(loads) - min(loads) <= 1
