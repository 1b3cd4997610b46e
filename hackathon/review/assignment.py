"""Who reviews what: pure functions (no database), tested on their own.

Balanced assignment: each proposal gets ``k`` reviewers (or every eligible reviewer), never a
conflicted one, no reviewer above ``cap``; reviewers with the lowest load are chosen first, so
loads differ by at most one wherever the conflicts allow it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable


def assign_balanced(
    proposals: Iterable[Hashable],
    reviewers: Iterable[Hashable],
    conflicts: set[tuple[Hashable, Hashable]],
    k: int,
    cap: int | None = None,
    existing: Iterable[tuple[Hashable, Hashable]] = (),
) -> list[tuple[Hashable, Hashable]]:
    """New (proposal, reviewer) pairs so each proposal has up to ``k`` reviewers.

    ``existing`` pairs are kept and count towards both the proposal's k and the reviewer's
    load. Proposals with the fewest eligible reviewers are served first (they have the least
    choice); among eligible reviewers the least loaded wins, ties broken by their order.
    """
    reviewers = list(reviewers)
    order = {r: i for i, r in enumerate(reviewers)}
    load = dict.fromkeys(reviewers, 0)
    have: dict[Hashable, set] = {}
    for proposal, reviewer in existing:
        have.setdefault(proposal, set()).add(reviewer)
        if reviewer in load:
            load[reviewer] += 1
    proposals = list(proposals)

    def eligible(proposal) -> list:
        return [
            r for r in reviewers
            if (proposal, r) not in conflicts and r not in have.get(proposal, set())
        ]

    new: list[tuple[Hashable, Hashable]] = []
    # Serve proposals one reviewer at a time, round-robin, scarcest proposals first: this keeps
    # the loads even and avoids using up a scarce reviewer on an easy proposal.
    pending = {p: max(0, k - len(have.get(p, set()))) for p in proposals}
    while True:
        open_proposals = [p for p in proposals if pending[p] > 0]
        if not open_proposals:
            break
        open_proposals.sort(key=lambda p: (len(eligible(p)), proposals.index(p)))
        progress = False
        for proposal in open_proposals:
            candidates = [r for r in eligible(proposal) if cap is None or load[r] < cap]
            if not candidates:
                pending[proposal] = 0  # nobody left who may take it: reported by the caller
                continue
            chosen = min(candidates, key=lambda r: (load[r], order[r]))
            have.setdefault(proposal, set()).add(chosen)
            load[chosen] += 1
            pending[proposal] -= 1
            new.append((proposal, chosen))
            progress = True
        if not progress:
            break
    _rebalance(new, have, load, conflicts)
    return new


def _rebalance(new: list, have: dict, load: dict, conflicts: set) -> None:
    """Move new assignments from the most to the least loaded reviewers while that narrows
    the gap (greedy choice can leave a proposal whose only free reviewers are busy ones)."""
    improved = True
    while improved:
        improved = False
        by_load = sorted(load, key=lambda r: load[r])
        for light in by_load:
            for heavy in reversed(by_load):
                if load[heavy] - load[light] <= 1:
                    break
                index = next(
                    (
                        i for i, (p, r) in enumerate(new)
                        if r == heavy and (p, light) not in conflicts
                        and light not in have.get(p, set())
                    ),
                    None,
                )
                if index is None:
                    continue
                proposal = new[index][0]
                new[index] = (proposal, light)
                have[proposal].discard(heavy)
                have[proposal].add(light)
                load[heavy] -= 1
                load[light] += 1
                improved = True
                break
            if improved:
                break


def assign_all(
    proposals: Iterable[Hashable],
    reviewers: Iterable[Hashable],
    conflicts: set[tuple[Hashable, Hashable]],
    existing: Iterable[tuple[Hashable, Hashable]] = (),
) -> list[tuple[Hashable, Hashable]]:
    """Every reviewer on every proposal, except conflicted pairs and pairs already assigned."""
    done = set(existing)
    return [
        (p, r)
        for p in proposals
        for r in reviewers
        if (p, r) not in conflicts and (p, r) not in done
    ]


def balance_moves(
    pairs: Iterable[tuple[Hashable, Hashable]],
    reviewers: Iterable[Hashable],
    conflicts: set[tuple[Hashable, Hashable]],
    started: set[tuple[Hashable, Hashable]],
    cap: int | None = None,
) -> list[tuple[Hashable, Hashable, Hashable]]:
    """Moves (proposal, from reviewer, to reviewer) that even out the loads of ``pairs``.

    Used when a reviewer arrives after the round opened: they take over assignments that
    nobody has started, from the busiest reviewers, until no two loads differ by more than
    one (where conflicts, the cap and started reviews allow). A started pair never moves, a
    proposal never gets a reviewer twice and nobody goes above ``cap``.
    """
    reviewers = list(reviewers)
    order = {r: i for i, r in enumerate(reviewers)}
    load = dict.fromkeys(reviewers, 0)
    have: dict[Hashable, set] = {}
    current = []
    for proposal, reviewer in pairs:
        if reviewer not in load:
            continue
        have.setdefault(proposal, set()).add(reviewer)
        load[reviewer] += 1
        current.append((proposal, reviewer))
    moves: list[tuple[Hashable, Hashable, Hashable]] = []
    while True:
        move = _best_move(current, load, have, conflicts, started, cap, order)
        if move is None:
            return moves
        proposal, heavy, light = move
        current.remove((proposal, heavy))
        current.append((proposal, light))
        have[proposal].discard(heavy)
        have[proposal].add(light)
        load[heavy] -= 1
        load[light] += 1
        moves.append(move)


def _best_move(current, load, have, conflicts, started, cap, order):
    """One movable assignment from the most loaded to the least loaded reviewer it can go to,
    or None when every gap is at most one (or nothing can move)."""
    lights = sorted(load, key=lambda r: (load[r], order[r]))
    heavies = sorted(load, key=lambda r: (-load[r], order[r]))
    for heavy in heavies:
        for light in lights:
            if load[heavy] - load[light] <= 1:
                break
            if cap is not None and load[light] >= cap:
                continue
            for proposal, reviewer in current:
                if (
                    reviewer == heavy
                    and (proposal, heavy) not in started
                    and (proposal, light) not in conflicts
                    and light not in have.get(proposal, set())
                ):
                    return proposal, heavy, light
    return None
