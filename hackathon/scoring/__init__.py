"""The MCDA core: scoring models, aggregation, ranking and agreement. No Flask, no SQLAlchemy.

Plain data in, plain data out. scikit-criteria (slow to import) is only imported inside the
functions that rank, never when this package is imported.
"""

from hackathon.scoring.aggregation import ScoreError, ScoreTable
from hackathon.scoring.models import (
    AGGREGATIONS,
    METHODS,
    Criterion,
    ModelError,
    Problem,
    ScoringModel,
    check_model_file,
    list_models,
    load_model,
)
from hackathon.scoring.ranking import competition_ranks, rank_matrix, rank_scores
from hackathon.scoring.scorefile import ScoreFile, ScoreFileError, read_score_file

__all__ = [
    "AGGREGATIONS",
    "METHODS",
    "Criterion",
    "ModelError",
    "Problem",
    "ScoreError",
    "ScoreFile",
    "ScoreFileError",
    "ScoreTable",
    "ScoringModel",
    "check_model_file",
    "competition_ranks",
    "list_models",
    "load_model",
    "rank_matrix",
    "rank_scores",
    "read_score_file",
]
