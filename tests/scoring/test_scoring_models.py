"""Scoring model files: the shipped models, every validator problem, snapshots, weights."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from hackathon.scoring import (
    AGGREGATIONS,
    METHODS,
    ModelError,
    Problem,
    ScoringModel,
    check_model_file,
    list_models,
    load_model,
)

VALID = textwrap.dedent(
    """\
    key = "kvalificering"
    name = { da = "Kvalificeringsrunde", en = "Qualification round" }
    method = "topsis"
    reviewer_aggregation = "mean"

    [[criteria]]
    key = "feasibility"
    name = { da = "Gennemførlighed", en = "Feasibility" }
    weight = 0.4
    objective = "max"
    scale = [1, 5]
    levels = { 1 = "Urealistisk", 3 = { da = "Delvist", en = "Partly" }, 5 = "Klar" }

    [[criteria]]
    key = "citizen_value"
    name = "Borgerværdi"
    weight = 0.6
    scale = [1, 5]
    """
)


def write(tmp_path: Path, text: str, name: str = "kvalificering.toml") -> Path:
    """Write a model file and return its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_models_validate_clean(models_dir: Path) -> None:
    """Both shipped models have no problem at all."""
    for name in ("kvalificering.toml", "kvalificering-udvidet.toml"):
        assert check_model_file(models_dir / name) == []


def test_shipped_models_have_danish_and_english_anchors_for_every_level(models_dir: Path) -> None:
    """Every criterion has a non-empty da and en anchor for each level 1..5."""
    for model in list_models(models_dir):
        for criterion in model.criteria:
            assert (criterion.scale_min, criterion.scale_max) == (1, 5)
            assert sorted(criterion.levels) == [1, 2, 3, 4, 5], criterion.key
            for text in criterion.levels.values():
                assert text["da"].strip() and text["en"].strip()
                assert text["da"] != text["en"]
            assert criterion.description["da"] and criterion.description["en"]


def test_shipped_models_criteria(models_dir: Path) -> None:
    """The basic model has the mission's three criteria; the extended adds four."""
    basic = load_model(models_dir / "kvalificering.toml")
    extended = load_model(models_dir / "kvalificering-udvidet.toml")
    core = ("feasibility", "citizen_value", "cross_sector_reach")
    assert basic.criterion_keys == core
    assert basic.criterion("feasibility").label("da") == "Gennemførlighed"
    assert basic.criterion("cross_sector_reach").label("da") == "Tværsektoriel rækkevidde"
    assert extended.criterion_keys == (
        *core,
        "ownership_clarity",
        "evidence_citizen_voice",
        "scaling_potential",
        "economic_value",
    )
    assert [m.key for m in list_models(models_dir)] == ["kvalificering", "kvalificering-udvidet"]


def test_valid_file_loads_with_texts_normalised(tmp_path: Path) -> None:
    """A plain string becomes both languages; anchors keep their level numbers."""
    model = load_model(write(tmp_path, VALID))
    assert model.key == "kvalificering"
    value = model.criterion("citizen_value")
    assert value.name == {"da": "Borgerværdi", "en": "Borgerværdi"}
    assert value.objective == "max"  # the default
    feasibility = model.criterion("feasibility")
    assert feasibility.levels[3] == {"da": "Delvist", "en": "Partly"}
    assert feasibility.levels[1] == {"da": "Urealistisk", "en": "Urealistisk"}
    assert model.normalised_weights() == pytest.approx({"feasibility": 0.4, "citizen_value": 0.6})
    assert model.label("en") == "Qualification round"
    assert model.label("da-DK") == "Kvalificeringsrunde"
    assert model.label("fr") == "Kvalificeringsrunde"  # unknown language: Danish
    assert set(METHODS) >= {"wsm", "wpm", "topsis", "vikor"}
    assert AGGREGATIONS == ("mean", "median", "centred")


BROKEN = [
    pytest.param(
        ('key = "kvalificering"\n', 'key = "kvalificering"\ncolour = "blue"\n'),
        Problem("kvalificering.toml", None, "colour", "unknown key"),
        id="unknown-top-level-key",
    ),
    pytest.param(
        ("weight = 0.4\n", 'weight = 0.4\ncolour = "blue"\n'),
        Problem("kvalificering.toml", "feasibility", "colour", "unknown key"),
        id="unknown-criterion-key",
    ),
    pytest.param(
        ('method = "topsis"\n', ""),
        Problem("kvalificering.toml", None, "method", "missing required key"),
        id="missing-top-level-key",
    ),
    pytest.param(
        ("weight = 0.6\n", ""),
        Problem("kvalificering.toml", "citizen_value", "weight", "missing required key"),
        id="missing-criterion-key",
    ),
    pytest.param(
        ("weight = 0.4\n", "weight = 0\n"),
        Problem("kvalificering.toml", "feasibility", "weight", "must be > 0"),
        id="weight-zero",
    ),
    pytest.param(
        ("weight = 0.4\n", "weight = -1\n"),
        Problem("kvalificering.toml", "feasibility", "weight", "must be > 0"),
        id="weight-negative",
    ),
    pytest.param(
        ("weight = 0.4\n", 'weight = "heavy"\n'),
        Problem("kvalificering.toml", "feasibility", "weight", "must be a number"),
        id="weight-not-a-number",
    ),
    pytest.param(
        ('key = "citizen_value"\n', 'key = "feasibility"\n'),
        Problem(
            "kvalificering.toml", "feasibility", "key", "duplicate criterion key 'feasibility'"
        ),
        id="duplicate-criterion",
    ),
    pytest.param(
        ("scale = [1, 5]\nlevels", "scale = [5, 5]\nlevels"),
        Problem("kvalificering.toml", "feasibility", "scale", "minimum 5 must be below maximum 5"),
        id="scale-min-not-below-max",
    ),
    pytest.param(
        ('5 = "Klar"', '7 = "Klar"'),
        Problem("kvalificering.toml", "feasibility", "levels", "level 7 is outside the scale 1..5"),
        id="level-outside-scale",
    ),
    pytest.param(
        ('5 = "Klar"', '"2.5" = "Klar"'),
        Problem("kvalificering.toml", "feasibility", "levels", "level '2.5' is not a whole number"),
        id="level-not-whole",
    ),
    pytest.param(
        ('method = "topsis"', 'method = "promethee"'),
        Problem(
            "kvalificering.toml",
            None,
            "method",
            "unknown method 'promethee' (choose from wsm, wpm, topsis, vikor, moora, refpoint)",
        ),
        id="unknown-method",
    ),
    pytest.param(
        ('reviewer_aggregation = "mean"', 'reviewer_aggregation = "mode"'),
        Problem(
            "kvalificering.toml",
            None,
            "reviewer_aggregation",
            "unknown aggregation 'mode' (choose from mean, median, centred)",
        ),
        id="unknown-aggregation",
    ),
    pytest.param(
        ('objective = "max"', 'objective = "up"'),
        Problem(
            "kvalificering.toml", "feasibility", "objective", "must be 'max' or 'min', not 'up'"
        ),
        id="unknown-objective",
    ),
    pytest.param(
        ('name = "Borgerværdi"', "name = 42"),
        Problem(
            "kvalificering.toml",
            "citizen_value",
            "name",
            "must be a text or a table {da = ..., en = ...}",
        ),
        id="name-wrong-type",
    ),
    pytest.param(
        ('name = "Borgerværdi"', 'name = { da = "Borgerværdi" }'),
        Problem("kvalificering.toml", "citizen_value", "name", "missing the 'en' text"),
        id="name-missing-language",
    ),
    pytest.param(
        ("scale = [1, 5]\nlevels", 'scale = "1-5"\nlevels'),
        Problem(
            "kvalificering.toml", "feasibility", "scale", "must be [lowest, highest], two numbers"
        ),
        id="scale-wrong-type",
    ),
    pytest.param(
        ('key = "citizen_value"', 'key = "score"'),
        Problem(
            "kvalificering.toml",
            "score",
            "key",
            "'score' is reserved (it is a column name in score files)",
        ),
        id="reserved-criterion-key",
    ),
    pytest.param(
        ('key = "citizen_value"', 'key = "Citizen Value"'),
        Problem(
            "kvalificering.toml",
            "Citizen Value",
            "key",
            "must start with a letter: lower-case letters, digits and '_'",
        ),
        id="criterion-key-format",
    ),
    pytest.param(
        ('method = "topsis"', 'method = "wpm"', "scale = [1, 5]\nlevels", "scale = [0, 5]\nlevels"),
        Problem(
            "kvalificering.toml",
            "feasibility",
            "scale",
            "method 'wpm' needs a scale whose minimum is above 0",
        ),
        id="wpm-needs-positive-scale",
    ),
]


@pytest.mark.parametrize(("edit", "expected"), BROKEN)
def test_validator_reports_each_problem_kind(
    tmp_path: Path, edit: tuple[str, ...], expected: Problem
) -> None:
    """Each kind of mistake gives exactly one problem naming file, criterion and field."""
    text = VALID
    for old, new in zip(edit[::2], edit[1::2], strict=True):
        text = text.replace(old, new, 1)
    problems = check_model_file(write(tmp_path, text))
    assert [(p.file, p.criterion, p.field, p.message) for p in problems] == [
        (expected.file, expected.criterion, expected.field, expected.message)
    ]
    with pytest.raises(ModelError) as raised:
        load_model(tmp_path / "kvalificering.toml")
    assert raised.value.problems == problems


def test_problem_str_names_file_criterion_and_field() -> None:
    """The text form is ``file: criterion 'key': field: message``."""
    problem = Problem("kvalificering.toml", "feasibility", "weight", "must be > 0")
    assert str(problem) == "kvalificering.toml: criterion 'feasibility': weight: must be > 0"
    top = Problem("kvalificering.toml", None, "method", "missing required key")
    assert str(top) == "kvalificering.toml: method: missing required key"


def test_validator_reports_every_problem_with_positions(tmp_path: Path) -> None:
    """Several mistakes are all reported, each at the line of its field."""
    text = (
        VALID.replace("weight = 0.4", "weight = 0")
        .replace('method = "topsis"', 'method = "ahp"')
        .replace("weight = 0.6\nscale = [1, 5]", "weight = 0.6\nscale = [3, 2]")
        + "extra = 1\n"
    )
    problems = check_model_file(write(tmp_path, text))
    found = {(p.criterion, p.field): p for p in problems}
    assert set(found) == {
        (None, "method"),
        ("feasibility", "weight"),
        ("citizen_value", "scale"),
        ("citizen_value", "extra"),
    }
    lines = text.splitlines()
    for problem in problems:
        assert problem.line is not None
        assert lines[problem.line - 1].strip().startswith(problem.field)
    weight = found[("feasibility", "weight")]
    assert weight.located() == (
        f"kvalificering.toml:{weight.line}:1: criterion 'feasibility': weight: must be > 0"
    )


def test_toml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    """A file that is not TOML gives one problem with the parser's position."""
    text = VALID.replace("weight = 0.4", "weight = = 0.4")
    line = text.splitlines().index("weight = = 0.4") + 1
    problems = check_model_file(write(tmp_path, text))
    assert len(problems) == 1
    assert problems[0].field == "toml"
    assert problems[0].line == line
    assert problems[0].located().startswith(f"kvalificering.toml:{line}:")


def test_criteria_must_be_a_list_of_tables(tmp_path: Path) -> None:
    """``criteria = 3`` is a type error, not a crash."""
    text = 'key = "x"\nname = "X"\nmethod = "wsm"\ncriteria = 3\n'
    problems = check_model_file(write(tmp_path, text))
    assert [(p.field, p.message) for p in problems] == [
        ("criteria", "must be a non-empty list of [[criteria]] tables")
    ]


def test_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    """An unreadable file is reported as a problem of field 'file'."""
    problems = check_model_file(tmp_path / "missing.toml")
    assert [p.field for p in problems] == ["file"]


def test_snapshot_round_trips_exactly_through_json(tmp_path: Path, models_dir: Path) -> None:
    """from_snapshot(to_snapshot()) gives back an equal model, also after JSON."""
    for model in [load_model(write(tmp_path, VALID)), *list_models(models_dir)]:
        snapshot = json.loads(json.dumps(model.to_snapshot()))
        assert ScoringModel.from_snapshot(snapshot) == model
        assert ScoringModel.from_snapshot(model.to_snapshot()) == model


def test_snapshot_freezes_the_model_against_later_file_edits(tmp_path: Path) -> None:
    """An event keeps its snapshot's weights when the file changes afterwards."""
    path = write(tmp_path, VALID)
    frozen = json.dumps(load_model(path).to_snapshot())
    write(tmp_path, VALID.replace("weight = 0.4", "weight = 4"))
    assert load_model(path).criterion("feasibility").weight == 4.0
    assert ScoringModel.from_snapshot(json.loads(frozen)).criterion("feasibility").weight == 0.4


def test_invalid_snapshot_raises_model_error() -> None:
    """A damaged snapshot is validated like a file."""
    snapshot = {"key": "x", "name": "X", "method": "wsm", "criteria": [{"key": "a"}]}
    with pytest.raises(ModelError) as raised:
        ScoringModel.from_snapshot(snapshot)
    assert {p.field for p in raised.value.problems} == {"name", "weight", "scale"}
    assert all(p.file == "snapshot" for p in raised.value.problems)


def test_with_weights_validates_and_leaves_the_original(tmp_path: Path) -> None:
    """with_weights replaces weights (renormalised); bad weights raise ModelError."""
    model = load_model(write(tmp_path, VALID))
    changed = model.with_weights({"feasibility": 3})
    assert changed.criterion("feasibility").weight == 3.0
    assert changed.normalised_weights() == pytest.approx(
        {"feasibility": 0.8333333333333334, "citizen_value": 0.16666666666666666}
    )
    assert model.criterion("feasibility").weight == 0.4
    for bad in ({"feasibility": 0}, {"feasibility": "x"}, {"nope": 1.0}, {"feasibility": True}):
        with pytest.raises(ModelError):
            model.with_weights(bad)


def test_list_models_skips_invalid_files_and_sorts_by_key(tmp_path: Path) -> None:
    """Only valid models are listed, ordered by key."""
    write(tmp_path, VALID.replace('key = "kvalificering"', 'key = "b-model"'), "one.toml")
    write(tmp_path, VALID.replace('key = "kvalificering"', 'key = "a-model"'), "two.toml")
    write(tmp_path, "not toml at all = = =", "broken.toml")
    assert [m.key for m in list_models(tmp_path)] == ["a-model", "b-model"]
