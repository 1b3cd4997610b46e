"""``hackathon export``, and that ``hackathon rank`` on the exported scores gives the app's
official ranking."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from hackathon.extensions import db
from hackathon.models import WeightingAdoption
from hackathon.results.ranking import OFFICIAL_SAMPLES, SEED, official_ranking
from hackathon.scoring.commands import rank_command


def export(runner, event_id, *args):
    return runner.invoke(args=["export", str(event_id), *args])


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "pdf"])
def test_export_writes_each_format(make_scored, runner, tmp_path, fmt, reviewer_names):
    scored = make_scored(decided=True)
    target = tmp_path / f"report.{fmt}"
    result = export(runner, scored.event.id, "--format", fmt, "--output", str(target))
    assert result.exit_code == 0, result.output
    body = target.read_bytes()
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
        assert [row["title"] for row in rows][0] == "God Start"  # the default table: ranking
    elif fmt == "xlsx":
        assert load_workbook(io.BytesIO(body)).sheetnames == [
            "Point", "Rangordning", "Beslutninger", "Bedømmelsesmodel"]
    elif fmt == "json":
        document = json.loads(body)
        assert document["published"] is False  # staged decisions are included, marked
        assert {d["outcome"] for d in document["decisions"]} == {
            "selected", "waitlist", "not_selected"}
    else:
        assert body.startswith(b"%PDF")
    if fmt in ("csv", "json"):
        for name in reviewer_names:
            assert name not in body.decode("utf-8")


def test_export_csv_table_and_language(make_scored, runner):
    scored = make_scored(decided=True)
    result = export(runner, scored.event.id, "--format", "csv", "--table", "decisions",
                    "--lang", "en", "--output", "-")
    assert result.exit_code == 0, result.output
    assert "Selected for testing" in result.output
    result = export(runner, scored.event.id, "--format", "csv", "--table", "scores",
                    "--output", "-")
    assert result.output.lstrip("\ufeff").startswith("proposal,reviewer,criterion,score\n")


def test_export_of_event_without_scores_is_empty_not_an_error(make_scored, runner, tmp_path):
    scored = make_scored(scored=False)
    for fmt in ("csv", "xlsx", "json", "pdf"):
        target = tmp_path / f"empty.{fmt}"
        result = export(runner, scored.event.id, "--format", fmt, "--table", "scores",
                        "--output", str(target))
        assert result.exit_code == 0, (fmt, result.output)
        assert target.stat().st_size > 0
    assert (tmp_path / "empty.csv").read_text("utf-8-sig") == "proposal,reviewer,criterion,score\n"
    assert json.loads((tmp_path / "empty.json").read_text())["empty"] is True


def test_export_refuses_unknown_event_format_and_binary_to_stdout(make_scored, runner, tmp_path):
    scored = make_scored()
    result = export(runner, 99999, "--format", "json", "--output", str(tmp_path / "x.json"))
    assert result.exit_code != 0 and "No event with id 99999" in result.output
    result = export(runner, scored.event.id, "--format", "docx", "--output", "x.docx")
    assert result.exit_code == 2 and "docx" in result.output
    result = export(runner, scored.event.id, "--format", "pdf", "--output", "-")
    assert result.exit_code == 2 and "standard output" in result.output
    assert not (tmp_path / "x.json").exists()


def test_export_help_explains_the_csv_tables(runner):
    result = runner.invoke(args=["export", "--help"])
    assert result.exit_code == 0
    assert "--table" in result.output and "one table per CSV" in result.output


def model_toml(snapshot: dict) -> str:
    """A scoring model file (TOML) from a model snapshot, to give ``hackathon rank``."""
    lines = [f"{key} = {json.dumps(snapshot[key])}" for key in
             ("key", "method", "reviewer_aggregation")]
    for table in ("name", "description"):
        lines.append(f"[{table}]")
        lines += [f"{lang} = {json.dumps(text)}" for lang, text in snapshot[table].items()]
    for criterion in snapshot["criteria"]:
        lines.append("[[criteria]]")
        for key in ("key", "weight", "objective", "scale"):
            lines.append(f"{key} = {json.dumps(criterion[key])}")
        for table in ("name", "description"):
            lines.append(f"[criteria.{table}]")
            lines += [f"{lang} = {json.dumps(text)}" for lang, text in criterion[table].items()]
        for level, texts in criterion["levels"].items():
            lines.append(f"[criteria.levels.{level}]")
            lines += [f"{lang} = {json.dumps(text)}" for lang, text in texts.items()]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("adopted", [False, True])
def test_rank_on_exported_scores_equals_the_official_ranking(
    make_scored, runner, tmp_path, adopted
):
    scored = make_scored()
    scored.event.selection_quota = 1  # God Start and Familiens Broer compete for one place
    db.session.commit()
    if adopted:
        db.session.add(WeightingAdoption(
            event_id=scored.event.id, method="topsis", reason="Borgerværdi vejer mest.",
            weights={"feasibility": 1, "citizen_value": 3, "cross_sector_reach": 1},
        ))
        db.session.commit()
    scores, document = tmp_path / "scores.csv", tmp_path / "report.json"
    assert export(runner, scored.event.id, "--format", "csv", "--table", "scores",
                  "--output", str(scores)).exit_code == 0
    assert export(runner, scored.event.id, "--format", "json",
                  "--output", str(document)).exit_code == 0
    exported = json.loads(document.read_text())
    model = tmp_path / "model.toml"
    model.write_text(model_toml(exported["model"]["snapshot"]))

    result = runner.invoke(rank_command, [
        str(scores), "--model", str(model), "--method", exported["model"]["method"],
        "--top-k", str(scored.event.selection_quota), "--samples", str(OFFICIAL_SAMPLES),
        "--seed", str(SEED), "--format", "json",
    ])
    assert result.exit_code == 0, result.output
    ranked = {row["proposal"]: row for row in json.loads(result.output)["ranking"]}

    official = official_ranking(scored.event)
    assert official["method"] == ("topsis" if adopted else "wsm")
    assert len(ranked) == len(official["ranking"]) == 3
    for row in official["ranking"]:
        theirs = ranked[str(row["proposal"])]
        assert theirs["rank"] == row["rank"]
        assert theirs["score"] == pytest.approx(row["score"], abs=1e-12)
        assert theirs["criteria"] == pytest.approx(row["criteria"], abs=1e-12)
        assert theirs["p_top_k"] == pytest.approx(row["p_top_k"], abs=1e-12)
    # The check has teeth: the probabilities are not all 0 or 1.
    assert any(0 < row["p_top_k"] < 1 for row in official["ranking"])
    # And the exported ranking table carries the same numbers.
    for row, mine in zip(official["ranking"], exported["ranking"], strict=False):
        assert mine["proposal"] == row["proposal"] and mine["p_top_k"] == row["p_top_k"]
