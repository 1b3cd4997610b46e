"""Scoring models: criteria, weights and rubric anchors read from TOML files.

A model file looks like this (every problem in it is reported, not just the first)::

    key = "kvalificering"
    name = { da = "Kvalificeringsrunde", en = "Qualification round" }   # or a plain string
    description = { da = "...", en = "..." }                            # optional
    method = "topsis"                 # one of METHODS
    reviewer_aggregation = "mean"     # one of AGGREGATIONS; optional, default "mean"
    [[criteria]]
    key = "feasibility"               # lower-case letters, digits and _, used as CSV header
    name = { da = "Gennemførlighed", en = "Feasibility" }
    description = { da = "...", en = "..." }                            # optional
    weight = 0.4                      # any positive number; weights are normalised to sum 1
    objective = "max"                 # max | min; optional, default "max"
    scale = [1, 5]                    # lowest and highest allowed score
    levels = { 1 = "...", 3 = "...", 5 = "..." }   # optional anchors; text or {da, en}

A snapshot (``ScoringModel.to_snapshot``) has exactly this structure as plain JSON data, so
``from_snapshot`` runs the same validator: an event can freeze its model, and a later edit of
the file cannot change the event's results.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

METHODS: tuple[str, ...] = ("wsm", "wpm", "topsis", "vikor", "moora", "refpoint")
AGGREGATIONS: tuple[str, ...] = ("mean", "median", "centred")
LANGUAGES: tuple[str, ...] = ("da", "en")
OBJECTIVES: tuple[str, ...] = ("max", "min")

# These names are the columns of the score CSV files; a criterion called "score" would make
# the long and the wide format impossible to tell apart.
RESERVED_CRITERION_KEYS = frozenset({"proposal", "reviewer", "criterion", "score"})

_MODEL_FIELDS = ("key", "name", "description", "method", "reviewer_aggregation", "criteria")
_MODEL_REQUIRED = ("key", "name", "method", "criteria")
_CRITERION_FIELDS = ("key", "name", "description", "weight", "objective", "scale", "levels")
_CRITERION_REQUIRED = ("key", "name", "weight", "scale")
_MODEL_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_CRITERION_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_TOML_POSITION_RE = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a model file: where it is and what is wrong."""

    file: str
    criterion: str | None
    field: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        """Render as ``file: criterion 'key': field: message``."""
        return f"{self.file}: {self._detail()}"

    def located(self) -> str:
        """Render as ``file:line:column: ...`` when the position is known."""
        if self.line is None:
            return str(self)
        return f"{self.file}:{self.line}:{self.column or 1}: {self._detail()}"

    def _detail(self) -> str:
        """Everything after the file name."""
        where = f"criterion '{self.criterion}': " if self.criterion is not None else ""
        return f"{where}{self.field}: {self.message}"


class ModelError(Exception):
    """A scoring model is invalid; ``problems`` lists everything that is wrong."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}" if problems else "invalid scoring model")


@dataclass(frozen=True)
class Criterion:
    """One criterion of a model, with its declared weight, direction, scale and anchors."""

    key: str
    name: dict[str, str]
    description: dict[str, str]
    weight: float
    objective: str
    scale_min: float
    scale_max: float
    levels: dict[int, dict[str, str]] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        """The criterion's name in ``lang`` (Danish when the language is unknown)."""
        return _pick(self.name, lang)

    def to_data(self) -> dict[str, Any]:
        """The criterion as JSON-serialisable data, as in a model file."""
        return {
            "key": self.key,
            "name": dict(self.name),
            "description": dict(self.description),
            "weight": self.weight,
            "objective": self.objective,
            "scale": [self.scale_min, self.scale_max],
            "levels": {str(level): dict(text) for level, text in self.levels.items()},
        }

    def __hash__(self) -> int:
        """Hash by content (the dict fields are not hashable), so criteria can be cached."""
        return hash(json.dumps(self.to_data(), sort_keys=True))


@dataclass(frozen=True)
class ScoringModel:
    """A named set of criteria with a ranking method and a reviewer aggregation."""

    key: str
    name: dict[str, str]
    description: dict[str, str]
    method: str
    reviewer_aggregation: str
    criteria: tuple[Criterion, ...]

    @property
    def criterion_keys(self) -> tuple[str, ...]:
        """The criteria's keys in declared order."""
        return tuple(c.key for c in self.criteria)

    def criterion(self, key: str) -> Criterion:
        """The criterion with this key (KeyError if there is none)."""
        for criterion in self.criteria:
            if criterion.key == key:
                return criterion
        raise KeyError(key)

    def label(self, lang: str) -> str:
        """The model's name in ``lang`` (Danish when the language is unknown)."""
        return _pick(self.name, lang)

    def normalised_weights(self) -> dict[str, float]:
        """The declared weights divided by their sum, so that they add up to 1."""
        total = math.fsum(c.weight for c in self.criteria)
        return {c.key: c.weight / total for c in self.criteria}

    def with_weights(self, weights: Mapping[str, float]) -> ScoringModel:
        """A copy with some or all weights replaced; raises ModelError on a bad weight."""
        problems: list[Problem] = []
        known = set(self.criterion_keys)
        for key, weight in weights.items():
            if key not in known:
                problems.append(Problem(self.key, str(key), "weight", "unknown criterion"))
            elif not _is_number(weight) or weight <= 0:
                problems.append(Problem(self.key, key, "weight", "must be a number > 0"))
        if problems:
            raise ModelError(problems)
        criteria = tuple(
            replace(c, weight=float(weights[c.key])) if c.key in weights else c
            for c in self.criteria
        )
        return replace(self, criteria=criteria)

    def to_snapshot(self) -> dict[str, Any]:
        """The complete model as JSON-serialisable data (the TOML structure, normalised)."""
        return {
            "key": self.key,
            "name": dict(self.name),
            "description": dict(self.description),
            "method": self.method,
            "reviewer_aggregation": self.reviewer_aggregation,
            "criteria": [c.to_data() for c in self.criteria],
        }

    def __hash__(self) -> int:
        """Hash by content (the dict fields are not hashable), so models can be cached."""
        return hash(json.dumps(self.to_snapshot(), sort_keys=True))

    @classmethod
    def from_snapshot(cls, data: Mapping[str, Any]) -> ScoringModel:
        """Rebuild a model from ``to_snapshot`` output; raises ModelError if it is invalid."""
        model, problems = parse_model_data(data, "snapshot")
        if model is None:
            raise ModelError(problems)
        return model


def load_model(path: str | Path) -> ScoringModel:
    """Read and validate a model file; raises ModelError listing every problem."""
    model, problems = _read(Path(path))
    if model is None:
        raise ModelError(problems)
    return model


def check_model_file(path: str | Path) -> list[Problem]:
    """Every problem in a model file (an empty list when it is valid)."""
    return _read(Path(path))[1]


def list_models(directory: str | Path) -> list[ScoringModel]:
    """The valid models among ``directory/*.toml``, sorted by key (invalid files are skipped)."""
    models = []
    for path in sorted(Path(directory).glob("*.toml")):
        model, _ = _read(path)
        if model is not None:
            models.append(model)
    return sorted(models, key=lambda m: m.key)


def parse_model_data(
    data: Mapping[str, Any], file: str
) -> tuple[ScoringModel | None, list[Problem]]:
    """Validate already-parsed model data; returns the model (None if invalid) and problems."""
    report = _Report(file)
    if not isinstance(data, Mapping):
        report(None, "model", "must be a table")
        return None, report.problems
    for name in data:
        if name not in _MODEL_FIELDS:
            report(None, str(name), "unknown key")
    for name in _MODEL_REQUIRED:
        if name not in data:
            report(None, name, "missing required key")

    key = data.get("key")
    if "key" in data and not (isinstance(key, str) and _MODEL_KEY_RE.match(key)):
        report(None, "key", "must be lower-case letters, digits, '-' or '_'")
    name = _text(data, "name", None, report, required=True)
    description = _text(data, "description", None, report, required=False)
    method = data.get("method")
    if "method" in data and method not in METHODS:
        report(None, "method", f"unknown method {method!r} (choose from {', '.join(METHODS)})")
    aggregation = data.get("reviewer_aggregation", "mean")
    if aggregation not in AGGREGATIONS:
        report(
            None,
            "reviewer_aggregation",
            f"unknown aggregation {aggregation!r} (choose from {', '.join(AGGREGATIONS)})",
        )

    criteria: list[Criterion] = []
    raw_criteria = data.get("criteria")
    if "criteria" in data:
        if not isinstance(raw_criteria, list) or not raw_criteria:
            report(None, "criteria", "must be a non-empty list of [[criteria]] tables")
        else:
            seen: set[str] = set()
            for position, raw in enumerate(raw_criteria, start=1):
                criterion = _criterion(raw, position, method, seen, report)
                if criterion is not None:
                    criteria.append(criterion)

    if report.problems:
        return None, report.problems
    model = ScoringModel(
        key=str(key),
        name=name or {},
        description=description or {},
        method=str(method),
        reviewer_aggregation=str(aggregation),
        criteria=tuple(criteria),
    )
    return model, []


class _Report:
    """Collects problems for one file; ``len(report)`` tells whether a step added any."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def __call__(self, criterion: str | None, name: str, message: str) -> None:
        self.problems.append(Problem(self.file, criterion, name, message))

    def __len__(self) -> int:
        return len(self.problems)


def _criterion(
    raw: Any, position: int, method: Any, seen: set[str], report: _Report
) -> Criterion | None:
    """Validate one [[criteria]] table; reports problems and returns None if any."""
    before = len(report)
    if not isinstance(raw, Mapping):
        report(None, f"criteria[{position}]", "must be a table")
        return None
    key = raw.get("key")
    # Name the criterion by its key when it has a usable one, else by its position.
    label = key if isinstance(key, str) and key else f"#{position}"
    for name in raw:
        if name not in _CRITERION_FIELDS:
            report(label, str(name), "unknown key")
    for name in _CRITERION_REQUIRED:
        if name not in raw:
            report(label, name, "missing required key")
    if "key" in raw:
        if not isinstance(key, str) or not _CRITERION_KEY_RE.match(key):
            report(label, "key", "must start with a letter: lower-case letters, digits and '_'")
        elif key in RESERVED_CRITERION_KEYS:
            report(label, "key", f"'{key}' is reserved (it is a column name in score files)")
        elif key in seen:
            report(label, "key", f"duplicate criterion key '{key}'")
        else:
            seen.add(key)

    name = _text(raw, "name", label, report, required=True)
    description = _text(raw, "description", label, report, required=False)
    weight = raw.get("weight")
    if "weight" in raw:
        if not _is_number(weight):
            report(label, "weight", "must be a number")
        elif weight <= 0:
            report(label, "weight", "must be > 0")
    objective = raw.get("objective", "max")
    if objective not in OBJECTIVES:
        report(label, "objective", f"must be 'max' or 'min', not {objective!r}")

    low = high = None
    scale = raw.get("scale")
    if "scale" in raw:
        if (
            not isinstance(scale, list | tuple)
            or len(scale) != 2
            or not all(_is_number(v) for v in scale)
        ):
            report(label, "scale", "must be [lowest, highest], two numbers")
        elif scale[0] >= scale[1]:
            report(label, "scale", f"minimum {scale[0]} must be below maximum {scale[1]}")
        else:
            low, high = scale
            if method == "wpm" and low <= 0:
                # The weighted product takes logarithms, so every possible score must be > 0.
                report(label, "scale", "method 'wpm' needs a scale whose minimum is above 0")

    levels = _levels(raw.get("levels", {}), label, low, high, report)
    if len(report) > before:
        return None
    return Criterion(
        key=str(key),
        name=name or {},
        description=description or {},
        weight=float(weight),
        objective=str(objective),
        scale_min=low,
        scale_max=high,
        levels=levels,
    )


def _levels(
    raw: Any, label: str, low: float | None, high: float | None, report: _Report
) -> dict[int, dict[str, str]]:
    """Validate rubric anchors: whole-number levels inside the scale, each with a text."""
    if not isinstance(raw, Mapping):
        report(label, "levels", "must be a table of level = text")
        return {}
    levels: dict[int, dict[str, str]] = {}
    for raw_level, raw_text in raw.items():
        try:
            level = int(raw_level)
            if isinstance(raw_level, float | bool) or (
                isinstance(raw_level, str) and str(level) != raw_level.strip()
            ):
                raise ValueError
        except (TypeError, ValueError):
            report(label, "levels", f"level {raw_level!r} is not a whole number")
            continue
        if low is not None and high is not None and not low <= level <= high:
            report(label, "levels", f"level {level} is outside the scale {low}..{high}")
            continue
        text = _text(
            {"text": raw_text}, "text", label, report, required=True, shown=f"levels.{level}"
        )
        if text is not None:
            levels[level] = text
    return dict(sorted(levels.items()))


def _text(
    table: Mapping[str, Any],
    name: str,
    criterion: str | None,
    report: _Report,
    *,
    required: bool,
    shown: str | None = None,
) -> dict[str, str] | None:
    """Read a text that is a plain string (both languages) or a {da, en} table."""
    shown = shown or name
    if name not in table:
        return None if required else {lang: "" for lang in LANGUAGES}
    value = table[name]
    if isinstance(value, str):
        if required and not value.strip():
            report(criterion, shown, "must not be empty")
            return None
        return {lang: value for lang in LANGUAGES}
    if not isinstance(value, Mapping):
        report(criterion, shown, "must be a text or a table {da = ..., en = ...}")
        return None
    before = len(report)
    for lang in value:
        if lang not in LANGUAGES:
            report(criterion, shown, f"unknown language {lang!r} (use da and en)")
    for lang in LANGUAGES:
        text = value.get(lang)
        if text is None:
            report(criterion, shown, f"missing the '{lang}' text")
        elif not isinstance(text, str):
            report(criterion, shown, f"the '{lang}' text must be a string")
        elif required and not text.strip():
            report(criterion, shown, f"the '{lang}' text must not be empty")
    if len(report) > before:
        return None
    return {lang: value[lang] for lang in LANGUAGES}


def _read(path: Path) -> tuple[ScoringModel | None, list[Problem]]:
    """Parse and validate one file; positions are added to the problems where found."""
    file = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(file, None, "file", f"cannot read: {error}")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_POSITION_RE.search(str(error))
        line, column = (int(match[1]), int(match[2])) if match else (None, None)
        return None, [Problem(file, None, "toml", str(error), line, column)]
    model, problems = parse_model_data(data, file)
    return model, [_locate(p, text) for p in problems]


def _locate(problem: Problem, text: str) -> Problem:
    """Find the line of the field a problem is about, so the CLI can say file:line:column.

    TOML parsers do not keep positions, so this searches the text: first the criterion's
    ``key = "..."`` line, then the field's own line inside that criterion's table.
    """
    lines = text.splitlines()
    start, end = 0, len(lines)
    tables = [i for i, line in enumerate(lines) if line.strip().startswith("[[criteria]]")]
    if problem.criterion is None:
        end = tables[0] if tables else len(lines)
    else:
        key_re = re.compile(rf"^\s*key\s*=\s*[\"']{re.escape(problem.criterion)}[\"']")
        found = next((i for i, line in enumerate(lines) if key_re.match(line)), None)
        if found is None and problem.criterion[1:].isdigit():
            # A criterion without a usable key is named by its position ("#2").
            position = int(problem.criterion[1:])
            found = tables[position - 1] if position <= len(tables) else None
        if found is None:
            return problem
        start = max((i for i in tables if i <= found), default=found)
        end = next(
            (i for i in range(found + 1, len(lines)) if lines[i].strip().startswith("[[")),
            len(lines),
        )
    head = problem.field.split(".")[0]
    field_re = re.compile(rf"^(\s*)(?:{re.escape(head)}\s*=|\[(?:criteria\.)?{re.escape(head)}\b)")
    for i in range(start, end):
        match = field_re.match(lines[i])
        if match:
            return replace(problem, line=i + 1, column=len(match[1]) + 1)
    return replace(problem, line=start + 1, column=1)


def _pick(texts: Mapping[str, str], lang: str) -> str:
    """The text for ``lang`` ("da-DK" and "da_DK" count as "da"), else the Danish one."""
    short = (lang or "").replace("_", "-").split("-")[0].lower()
    return texts.get(short) or texts.get("da") or next(iter(texts.values()), "")


def _is_number(value: Any) -> bool:
    """True for a finite int or float (bool is not a number here)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
