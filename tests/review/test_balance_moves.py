"""Evening out the loads when a reviewer arrives late (pure, no database)."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from hackathon.review.assignment import assign_balanced, balance_moves


def _apply(pairs, moves):
    pairs = list(pairs)
    for proposal, heavy, light in moves:
        pairs.remove((proposal, heavy))
        pairs.append((proposal, light))
    return pairs


def test_late_reviewer_takes_unstarted_share_from_the_busiest():
    pairs = [(p, r) for p in range(6) for r in ("a", "b")]  # a and b have 6 each
    moves = balance_moves(pairs, ["a", "b", "c", "d"], set(), started=set())
    loads = Counter(r for _p, r in _apply(pairs, moves))
    assert loads == {"a": 3, "b": 3, "c": 3, "d": 3}


def test_started_reviews_never_move():
    pairs = [(p, "a") for p in range(4)]
    started = {(0, "a"), (1, "a"), (2, "a")}
    moves = balance_moves(pairs, ["a", "b"], set(), started=started)
    assert moves == [(3, "a", "b")]


def test_no_move_onto_a_conflicted_or_already_assigned_reviewer():
    pairs = [(0, "a"), (1, "a"), (2, "a"), (1, "b")]
    moves = balance_moves(pairs, ["a", "b", "c"], {(0, "c"), (2, "c")}, started=set())
    final = _apply(pairs, moves)
    assert (0, "c") not in final and (2, "c") not in final
    assert len(set(final)) == len(final)  # nobody twice on one proposal
    assert Counter(r for _p, r in final)["c"] == 1


def test_the_cap_holds_for_the_late_reviewer():
    pairs = [(p, "a") for p in range(6)]
    moves = balance_moves(pairs, ["a", "b"], set(), started=set(), cap=2)
    assert Counter(r for _p, r in _apply(pairs, moves))["b"] == 2


def test_balanced_loads_need_no_moves():
    pairs = [(0, "a"), (1, "b"), (2, "a")]
    assert balance_moves(pairs, ["a", "b"], set(), started=set()) == []


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    n_proposals=st.integers(1, 8),
    n_early=st.integers(1, 4),
    n_late=st.integers(1, 3),
    k=st.integers(1, 3),
    conflict_bits=st.lists(st.booleans(), min_size=56, max_size=56),
)
def test_late_reviewers_even_out_with_unstarted_work(n_proposals, n_early, n_late, k,
                                                     conflict_bits):
    proposals = list(range(n_proposals))
    early = [f"e{i}" for i in range(n_early)]
    everyone = early + [f"l{i}" for i in range(n_late)]
    conflicts = {
        (p, r) for i, (p, r) in enumerate((p, r) for p in proposals for r in everyone)
        if conflict_bits[i % len(conflict_bits)]
    }
    pairs = assign_balanced(proposals, early, conflicts, k)
    moves = balance_moves(pairs, everyone, conflicts, started=set())
    final = _apply(pairs, moves)
    assert not set(final) & conflicts
    assert len(set(final)) == len(final) == len(pairs)  # each proposal keeps its reviewers
    # Nobody could take one more from a reviewer two or more above them.
    loads = Counter(r for _p, r in final)
    for heavy in everyone:
        for light in everyone:
            if loads[heavy] - loads[light] > 1:
                movable = [p for p, r in final if r == heavy and (p, light) not in conflicts
                           and (p, light) not in final]
                assert movable == []
