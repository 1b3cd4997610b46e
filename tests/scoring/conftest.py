"""Factories shared by the scoring tests (no Flask app is needed here)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from hackathon.scoring.models import ScoringModel, parse_model_data

MODELS_DIR = Path(__file__).resolve().parents[2] / "scoring_models"

MakeModel = Callable[..., ScoringModel]


def build_model(
    criteria: Sequence[tuple[str, float, str, tuple[float, float]]] = (
        ("feasibility", 0.4, "max", (1, 5)),
        ("citizen_value", 0.35, "max", (1, 5)),
        ("cross_sector_reach", 0.25, "max", (1, 5)),
    ),
    method: str = "topsis",
    aggregation: str = "mean",
    key: str = "test",
) -> ScoringModel:
    """A valid model from (key, weight, objective, scale) tuples."""
    data: dict[str, Any] = {
        "key": key,
        "name": {"da": "Prøve", "en": "Test"},
        "method": method,
        "reviewer_aggregation": aggregation,
        "criteria": [
            {"key": k, "name": k, "weight": w, "objective": o, "scale": list(scale)}
            for k, w, o, scale in criteria
        ],
    }
    model, problems = parse_model_data(data, "test.toml")
    assert model is not None, problems
    return model


@pytest.fixture
def make_model() -> MakeModel:
    """The build_model factory, as a fixture."""
    return build_model


@pytest.fixture
def models_dir() -> Path:
    """The shipped scoring_models directory."""
    return MODELS_DIR
