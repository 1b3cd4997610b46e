"""Load the scoring libraries in a fresh worker, off the request path."""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)


def warm_scoring() -> None:
    """Import scikit-criteria and run one tiny ranking, so later rankings start warm.

    The tiny ranking also loads what scikit-criteria imports lazily on first use.
    """
    from hackathon import PROJECT_ROOT
    from hackathon.scoring import METHODS, list_models, rank_matrix

    models = list_models(PROJECT_ROOT / "scoring_models")
    if not models:
        return
    model = models[0]
    matrix = {
        proposal: {
            c.key: c.scale_min + (c.scale_max - c.scale_min) * ((proposal + j) % 3) / 2
            for j, c in enumerate(model.criteria)
        }
        for proposal in range(3)
    }
    for method in METHODS:
        rank_matrix(model, matrix, method=method, top_k=1, samples=10, seed=1)


def warm_scoring_in_background() -> threading.Thread:
    """Start :func:`warm_scoring` on a daemon thread and return the thread."""

    def run() -> None:
        try:
            warm_scoring()
        except Exception:  # a failed warm-up only means the first ranking is slower
            log.exception("warming the scoring libraries failed")

    thread = threading.Thread(target=run, name="warm-scoring", daemon=True)
    thread.start()
    return thread
