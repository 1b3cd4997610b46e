"""Write a random but seeded long score CSV, and a matching scoring model, for benchmarks.

    python bench/make_scores_csv.py OUT_DIR --proposals 10000 --reviewers 5 --criteria 6

writes OUT_DIR/scores.csv (proposal,reviewer,criterion,score; about 5% abstentions) and
OUT_DIR/model.toml (criteria c1..cN on 1-5, TOPSIS, mean aggregation).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np


def model_toml(criteria: int = 6, method: str = "topsis", aggregation: str = "mean") -> str:
    """A valid scoring model with ``criteria`` criteria c1..cN on a 1-5 scale."""
    lines = [
        'key = "bench"',
        'name = { da = "Benchmark", en = "Benchmark" }',
        f'method = "{method}"',
        f'reviewer_aggregation = "{aggregation}"',
    ]
    for j in range(1, criteria + 1):
        lines += [
            "",
            "[[criteria]]",
            f'key = "c{j}"',
            f'name = "Criterion {j}"',
            f"weight = {j}",
            'objective = "max"' if j % 3 else 'objective = "min"',
            "scale = [1, 5]",
        ]
    return "\n".join(lines) + "\n"


def score_array(
    proposals: int,
    reviewers: int = 5,
    criteria: int = 6,
    seed: int = 0,
    abstain: float = 0.05,
    per_proposal: int | None = None,
) -> np.ndarray:
    """Scores (reviewers, proposals, criteria) on 1-5 with NaN abstentions. With
    ``per_proposal``, each proposal is scored by that many reviewers drawn at random (the
    others' cells are NaN), as in a large round where each reviewer scores a share."""
    rng = np.random.default_rng(seed)
    quality = rng.uniform(1.5, 4.5, size=(1, proposals, criteria))
    leniency = rng.normal(0.0, 0.4, size=(reviewers, 1, 1))
    noise = rng.normal(0.0, 0.7, size=(reviewers, proposals, criteria))
    scores = np.clip(np.rint(quality + leniency + noise), 1, 5)
    scores[rng.random(scores.shape) < abstain] = np.nan
    if per_proposal is not None and per_proposal < reviewers:
        # For each proposal, a random permutation of the reviewers; the first ones score it.
        order = np.argsort(rng.random((reviewers, proposals)), axis=0)
        assigned = np.zeros((reviewers, proposals), dtype=bool)
        np.put_along_axis(assigned, order[:per_proposal], True, axis=0)
        scores[~assigned] = np.nan
    return scores


def write_scores_csv(
    path: Path,
    proposals: int,
    reviewers: int = 5,
    criteria: int = 6,
    seed: int = 0,
    per_proposal: int | None = None,
) -> int:
    """Write the long CSV (only the assigned reviewers' rows with ``per_proposal``); returns
    the number of data rows."""
    scores = score_array(proposals, reviewers, criteria, seed, per_proposal=per_proposal)
    assigned = ~np.isnan(scores).all(axis=2) if per_proposal is not None else None
    lines = ["proposal,reviewer,criterion,score"]
    for p in range(proposals):
        for r in range(reviewers):
            if assigned is not None and not assigned[r, p]:
                continue
            for c in range(criteria):
                value = scores[r, p, c]
                shown = "" if np.isnan(value) else str(int(value))
                lines.append(f"P{p + 1:05d},R{r + 1},c{c + 1},{shown}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--reviewers", type=int, default=5)
    parser.add_argument("--criteria", type=int, default=6)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = write_scores_csv(
        args.out / "scores.csv", args.proposals, args.reviewers, args.criteria, args.seed
    )
    (args.out / "model.toml").write_text(model_toml(args.criteria), encoding="utf-8")
    print(f"{rows} rows -> {args.out / 'scores.csv'}; model -> {args.out / 'model.toml'}")


if __name__ == "__main__":
    main()
