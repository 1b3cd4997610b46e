"""The results page's rank by every method comes from the ranking's own agreement between
methods, and equals ranking once per method (what the page used to do, 6 times slower)."""

from __future__ import annotations

from hackathon.results.ranking import official_ranking, ranks_by_method
from hackathon.scoring import METHODS, rank_scores


def _ranked_once_per_method(result):
    found = {}
    for method in METHODS:
        other = rank_scores(result["scoring_model"], result["score_rows"], method=method,
                            top_k=result["top_k"], samples=0, proposals=list(result["by_id"]))
        found[method] = {row["proposal"]: row["rank"] for row in other["ranking"]}
    return found


def test_ranks_by_method_equal_ranking_once_per_method(app, decision_event):  # noqa: F811
    decided = decision_event()
    result = official_ranking(decided.event, samples=0)
    assert set(result["method_agreement"]["ranks"]) == set(METHODS)
    assert ranks_by_method(result) == _ranked_once_per_method(result)


def test_a_method_missing_from_the_agreement_is_ranked_again(app, decision_event):  # noqa: F811
    decided = decision_event()
    result = official_ranking(decided.event, samples=0)
    # A stored ranking read back from JSON has string ids, and may predate the "ranks" key.
    ranks = result["method_agreement"]["ranks"]
    stored = {m: {str(pid): rank for pid, rank in by_id.items()} for m, by_id in ranks.items()}
    del stored["vikor"]
    result = result | {"method_agreement": result["method_agreement"] | {"ranks": stored}}
    assert ranks_by_method(result) == _ranked_once_per_method(result)
