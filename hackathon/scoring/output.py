"""The plain-data parts of a ranking result: rows, criteria, unranked proposals, agreement.

Used by ``ranking._rank``; every value is JSON-friendly (None, never NaN).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hackathon.scoring.aggregation import ScoreTable
from hackathon.scoring.agreement import criterion_agreement, spread
from hackathon.scoring.methods import CriteriaArrays

if TYPE_CHECKING:
    from hackathon.scoring.models import ScoringModel
    from hackathon.scoring.robustness import Robustness

BORDERLINE = (0.2, 0.8)


@dataclass(frozen=True)
class Ranked:
    """The ranked proposals' ids, row numbers, scores, ranks, values and contributions."""

    ids: list[Hashable]
    rows: np.ndarray
    scores: np.ndarray
    ranks: np.ndarray
    values: np.ndarray
    parts: np.ndarray
    used: np.ndarray
    top_k: int


def ranked_rows(
    ranked: Ranked,
    keys: tuple[str, ...],
    table: ScoreTable | None,
    criteria: CriteriaArrays,
    counts: np.ndarray | None,
    robust: Robustness | None,
    warnings: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The ranking's rows, best first, with their flags (and the tie-at-quota warning)."""
    n, top_k, ranks = len(ranked.ids), ranked.top_k, ranked.ranks
    spreads = None
    if table is not None:
        found = spread(table.values[:, ranked.rows], criteria.low, criteria.high)
        spreads = list(
            zip(_plain(found.range), _plain(found.sd), found.discuss.tolist(), strict=True)
        )
    tie_size = np.bincount(ranks, minlength=n + 2)[ranks]
    at_quota = (ranks <= top_k) & (top_k < ranks + tie_size - 1)
    if at_quota.any():
        tied = [ranked.ids[i] for i in np.flatnonzero(at_quota)]
        warnings.append(
            {
                "code": "tie_at_quota",
                "proposals": tied,
                "message": f"{len(tied)} proposals tie across the top-{top_k} cut: "
                + ", ".join(repr(p) for p in tied)
                + ".",
            }
        )
    values_list = _plain(ranked.values)
    parts_list = _plain(ranked.parts)
    count_list = counts[ranked.rows].tolist() if counts is not None else None
    used = ranked.used.tolist()
    rows = []
    for i in np.lexsort((np.arange(n), ranks)).tolist():
        flags = []
        if tie_size[i] > 1:
            flags.append("tied")
        if at_quota[i]:
            flags.append("tie_at_quota")
        if count_list is not None and any(
            c == 1 for c, kept in zip(count_list[i], used, strict=True) if kept
        ):
            flags.append("single_reviewer")
        if spreads is not None and any(spreads[i][2]):
            flags.append("discuss")
        if robust is not None and BORDERLINE[0] <= robust.p_top_k[i] <= BORDERLINE[1]:
            flags.append("borderline")
        rows.append(
            {
                "proposal": ranked.ids[i],
                "rank": int(ranks[i]),
                "score": float(ranked.scores[i]),
                "criteria": dict(zip(keys, values_list[i], strict=True)),
                "contributions": dict(zip(keys, parts_list[i], strict=True)),
                "reviewers": dict(zip(keys, count_list[i], strict=True)) if count_list else None,
                "spread": _spread_of(spreads[i], keys) if spreads is not None else None,
                "p_top_k": _share(robust, "p_top_k", i),
                "p_top_k_weights": _share(robust, "p_top_k_weights", i),
                "p_top_k_reviewers": _share(robust, "p_top_k_reviewers", i),
                "p_first": _share(robust, "p_first", i),
                "rank_acceptability": robust.acceptability[i].tolist()
                if robust is not None and robust.acceptability is not None
                else None,
                "flags": flags,
            }
        )
    return rows


def criteria_entries(
    model: ScoringModel, criteria: CriteriaArrays, used: np.ndarray
) -> list[dict[str, Any]]:
    """The model's criteria with their weights, and whether (and how much) each one counts."""
    weights_used = np.zeros(len(criteria.keys))
    weights_used[used] = criteria.weights[used] / criteria.weights[used].sum()
    return [
        {
            "key": c.key,
            "weight": float(w),
            "objective": c.objective,
            "scale": [c.scale_min, c.scale_max],
            "used": bool(kept),
            "weight_used": float(w_used),
        }
        for c, w, kept, w_used in zip(
            model.criteria, criteria.weights, used, weights_used, strict=True
        )
    ]


def unranked_entries(
    ids: list[Hashable],
    values: np.ndarray,
    used: np.ndarray,
    keys: tuple[str, ...],
    warnings: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The proposals lacking a value on a used criterion, with the reason (and a warning)."""
    found = []
    for i in np.flatnonzero(np.isnan(values[:, used]).any(axis=1)):
        missing = [key for j, key in enumerate(keys) if used[j] and np.isnan(values[i, j])]
        found.append(
            {
                "proposal": ids[i],
                "reason": f"no score on: {', '.join(missing)}",
                "missing": missing,
                "criteria": {key: _number(values[i, j]) for j, key in enumerate(keys)},
                "flags": ["missing_scores"],
            }
        )
        warnings.append(
            {
                "code": "missing_scores",
                "proposal": ids[i],
                "criteria": missing,
                "message": f"Proposal {ids[i]!r} has no score on {', '.join(missing)} "
                "and is not ranked.",
            }
        )
    return found


def agreement_of(table: ScoreTable | None, keys: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Krippendorff's alpha per criterion, or all None without reviewer data."""
    if table is None:
        empty = {"interval": None, "ordinal": None, "reading": None, "reading_da": None}
        return {key: dict(empty) for key in keys}
    return criterion_agreement(table.values, keys)


def _number(value: float) -> float | None:
    """A float, or None for NaN (JSON has no NaN)."""
    return None if np.isnan(value) else float(value)


def _share(robust: Robustness | None, name: str, i: int) -> float | None:
    """One proposal's probability from the robustness result, if it was computed."""
    values = getattr(robust, name) if robust is not None else None
    return None if values is None else float(values[i])


def _spread_of(
    found: tuple[list[float | None], list[float | None], list[bool]], keys: tuple[str, ...]
) -> dict[str, dict[str, Any]]:
    """One proposal's spread per criterion as plain data."""
    return {
        key: {"range": low_high, "sd": sd, "discuss": discuss}
        for key, low_high, sd, discuss in zip(keys, *found, strict=True)
    }


def _plain(values: np.ndarray) -> list[list[float | None]]:
    """Rows of floats with None for NaN, fast enough for 10,000 proposals."""
    return np.where(np.isnan(values), None, values).tolist()
