"""Command line: ``hackathon rank`` and ``hackathon scoring check`` (click, no Flask).

The app adds ``rank_command`` and ``scoring_group`` to its FlaskGroup; ``python -m
hackathon.scoring.commands SCORES.csv --model MODEL.toml`` runs the same rank command alone.
Bad input prints one line, ``file:line:column: message``, on stderr and exits with status 2.
"""

from __future__ import annotations

import csv
import dataclasses
import importlib
import io
import json
import sys
import threading
from pathlib import Path
from typing import Any, NoReturn

import click

from hackathon.scoring.models import METHODS, ModelError, ScoringModel, check_model_file, load_model
from hackathon.scoring.ranking import (
    DEFAULT_SAMPLES,
    DEFAULT_TOP_K,
    rank_matrix,
    rank_scores,
)
from hackathon.scoring.scorefile import ScoreFileError, read_score_file

FORMATS = ("table", "json", "csv")
BAD_INPUT = 2


def _import_scoring_library_in_background() -> None:
    """Start importing scikit-criteria (about 2 s: it loads matplotlib, seaborn and scipy) on a
    thread, while the score file is read and the robustness sampler runs; the official
    evaluation then finds it loaded (Python's import lock makes it wait if it is not yet)."""
    threading.Thread(target=importlib.import_module, args=("skcriteria",), daemon=True).start()


@click.command("rank")
@click.argument("scores", metavar="SCORES.csv", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--model",
    "model_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Scoring model file (TOML).",
)
@click.option("--method", type=click.Choice(METHODS), help="Ranking method [default: the model's].")
@click.option(
    "--top-k",
    type=click.IntRange(min=1),
    default=DEFAULT_TOP_K,
    show_default=True,
    help="Selection quota: how many proposals are chosen.",
)
@click.option(
    "--samples",
    type=click.IntRange(min=0),
    default=DEFAULT_SAMPLES,
    show_default=True,
    help="Robustness samples (0 to skip).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="table", show_default=True
)
def rank_command(
    scores: Path,
    model_path: Path,
    method: str | None,
    top_k: int,
    samples: int,
    seed: int,
    output_format: str,
) -> None:
    """Rank the proposals in SCORES.csv with a scoring model.

    SCORES.csv is long (header proposal,reviewer,criterion,score; an empty score is an
    abstention) or wide (header proposal,<criterion key>,...; one row of aggregated values
    per proposal, so robustness only varies the weights).
    """
    model = _load_or_exit(model_path)
    _import_scoring_library_in_background()
    try:
        parsed = read_score_file(scores, model, name=str(scores))
    except ScoreFileError as error:
        _exit_bad_input(str(error))
    options: dict[str, Any] = {"method": method, "top_k": top_k, "samples": samples, "seed": seed}
    try:
        if parsed.table is not None:
            result = rank_scores(model, parsed.table, **options)
        else:
            result = rank_matrix(model, parsed.matrix or {}, **options)
    except ValueError as error:
        # E.g. --method wpm with a scale that reaches 0: the model and method do not fit.
        _exit_bad_input(f"{model_path}: {error}")
    if (parsed.encoding, parsed.delimiter) != ("utf-8", ","):
        # A Danish spreadsheet's export: say how it was read (on stderr, so that json/csv
        # output stays machine-readable).
        click.echo(f"{scores}: read as {parsed.describe()}", err=True)
    if output_format == "json":
        # Indented for an event's ranking; compact for bulk (the pure-Python indenting encoder
        # took over a second for 10,000 proposals).
        indent = 2 if len(result["ranking"]) <= 1_000 else None
        click.echo(json.dumps(summary(result), ensure_ascii=False, indent=indent))
    elif output_format == "csv":
        click.echo(render_csv(result), nl=False)
    else:
        click.echo(render_table(result, model))


@click.group("scoring")
def scoring_group() -> None:
    """Scoring models: check model files."""


@scoring_group.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def check_command(files: tuple[Path, ...]) -> None:
    """Check scoring model files: print every problem, exit status 2 if there is any."""
    failed = False
    for path in files:
        problems = check_model_file(path)
        for problem in problems:
            click.echo(dataclasses.replace(problem, file=str(path)).located())
        if problems:
            failed = True
        else:
            click.echo(f"{path}: OK")
    if failed:
        sys.exit(BAD_INPUT)


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """The JSON printed by ``rank --format json``: the essentials of a ranking result."""
    return {
        "model": result["model"],
        "method": result["method"],
        "top_k": result["top_k"],
        "ranking": [
            {
                "proposal": entry["proposal"],
                "rank": entry["rank"],
                "score": entry["score"],
                "criteria": entry["criteria"],
                "p_top_k": entry["p_top_k"],
                "flags": entry["flags"],
            }
            for entry in result["ranking"]
        ],
        "unranked": [
            {"proposal": entry["proposal"], "reason": entry["reason"]}
            for entry in result["unranked"]
        ],
        "left_out": result.get("left_out", []),
        "agreement": {key: found["interval"] for key, found in result["agreement"].items()},
        "warnings": [warning["message"] for warning in result["warnings"]],
    }


def render_table(result: dict[str, Any], model: ScoringModel) -> str:
    """A plain-text table of a ranking result, for the terminal."""
    keys = [c["key"] for c in result["criteria"]]
    robust = result["robustness"]
    lines = [
        f"{model.label('en')} ({result['model']}) - method {result['method']}, "
        f"top {result['top_k']}"
        + (f", {robust['samples']} samples (seed {robust['seed']})" if robust else ""),
        "",
    ]
    width = max([len("proposal")] + [len(str(e["proposal"])) for e in result["ranking"]])
    head = f"{'rank':>4}  {'proposal':<{width}}  {'score':>8}"
    head += "".join(f"  {key:>{max(len(key), 6)}}" for key in keys)
    lines.append(head + f"  {'p_top_k':>7}  flags")
    for entry in result["ranking"]:
        row = f"{entry['rank']:>4}  {str(entry['proposal']):<{width}}  {entry['score']:>8.4f}"
        row += "".join(f"  {_cell(entry['criteria'][key]):>{max(len(key), 6)}}" for key in keys)
        chance = entry["p_top_k"]
        row += f"  {chance:>7.3f}" if chance is not None else f"  {'-':>7}"
        lines.append(row + "  " + ",".join(entry["flags"]))
    for entry in result.get("left_out", []):
        lines += ["", f"Left out: {entry['criterion']} (nobody scored it; {entry['reason']})"]
    if result["unranked"]:
        lines += ["", "Not ranked:"]
        lines += [f"  {e['proposal']}: {e['reason']}" for e in result["unranked"]]
    alphas = result["agreement"]
    if any(found["interval"] is not None for found in alphas.values()):
        lines += ["", "Reviewer agreement (Krippendorff's alpha, interval):"]
        for key, found in alphas.items():
            shown = f"{found['interval']:.3f}" if found["interval"] is not None else "-"
            lines.append(f"  {key}: {shown} {found['reading'] or ''}".rstrip())
    if result["warnings"]:
        lines += ["", "Warnings:"]
        lines += [f"  - {warning['message']}" for warning in result["warnings"]]
    return "\n".join(lines)


def _cell(value: float | None) -> str:
    """A value for the terminal table: two decimals, or "-" when there is none."""
    return "-" if value is None else f"{value:.2f}"


def render_csv(result: dict[str, Any]) -> str:
    """One CSV row per proposal (unranked ones with an empty rank)."""
    keys = [c["key"] for c in result["criteria"]]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["rank", "proposal", "score", *keys, "p_top_k", "flags"])
    for entry in result["ranking"]:
        chance = entry["p_top_k"]
        writer.writerow(
            [
                entry["rank"],
                entry["proposal"],
                repr(entry["score"]),
                *("" if entry["criteria"][key] is None else repr(entry["criteria"][key])
                  for key in keys),
                "" if chance is None else repr(chance),
                ";".join(entry["flags"]),
            ]
        )
    for entry in result["unranked"]:
        values = ["" if entry["criteria"][k] is None else repr(entry["criteria"][k]) for k in keys]
        writer.writerow(["", entry["proposal"], "", *values, "", ";".join(entry["flags"])])
    return out.getvalue()


def _load_or_exit(path: Path) -> ScoringModel:
    """The model, or one error line naming the first problem and exit status 2."""
    try:
        return load_model(path)
    except ModelError as error:
        first = dataclasses.replace(error.problems[0], file=str(path))
        more = len(error.problems) - 1
        also = f"; {more} more: run 'hackathon scoring check {path}'" if more else ""
        _exit_bad_input(f"{first.located()} (invalid scoring model{also})")


def _exit_bad_input(message: str) -> NoReturn:
    """Print one line on stderr and stop with status 2."""
    click.echo(message, err=True)
    sys.exit(BAD_INPUT)


if __name__ == "__main__":
    rank_command(prog_name="hackathon rank")
