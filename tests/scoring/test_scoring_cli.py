"""The command line: rank (long and wide CSV, three formats, bad input) and scoring check."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hackathon.scoring.commands import rank_command, scoring_group

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "scoring_models" / "kvalificering.toml"
KEYS = ("feasibility", "citizen_value", "cross_sector_reach")


def long_csv(tmp_path: Path, rows: list[list[object]] | None = None, name: str = "s.csv") -> Path:
    """A long score file; by default 4 proposals x 3 reviewers, one abstention."""
    if rows is None:
        rows = []
        for p, base in (("God Start", 4), ("Familiens Broer", 5), ("Digital Bro", 2), ("X", 3)):
            for r, shift in (("anna", 0), ("bo", -1), ("carl", 0)):
                for key in KEYS:
                    rows.append([p, r, key, max(1, base + shift)])
        rows[-1][3] = ""  # an abstention
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["proposal", "reviewer", "criterion", "score"])
    writer.writerows(rows)
    path = tmp_path / name
    path.write_text(text.getvalue(), encoding="utf-8")
    return path


def run(*args: object) -> Result:
    """Invoke ``hackathon rank`` in-process."""
    return CliRunner().invoke(rank_command, [str(a) for a in args])


def test_json_output_shape(tmp_path: Path) -> None:
    """One JSON object with the documented keys; ranking ordered by rank."""
    result = run(long_csv(tmp_path), "--model", MODEL, "--format", "json", "--samples", "200")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"model", "method", "top_k", "ranking", "agreement", "warnings"} <= set(data)
    assert data["model"] == "kvalificering" and data["method"] == "wsm"
    assert data["top_k"] == 2
    assert [e["rank"] for e in data["ranking"]] == sorted(e["rank"] for e in data["ranking"])
    first = data["ranking"][0]
    assert first["proposal"] == "Familiens Broer"
    assert {"proposal", "rank", "score", "criteria", "p_top_k"} <= set(first)
    assert set(first["criteria"]) == set(KEYS)
    assert 0 <= first["p_top_k"] <= 1
    assert set(data["agreement"]) == set(KEYS)
    assert all(isinstance(w, str) for w in data["warnings"])


def test_method_top_k_samples_and_seed_options(tmp_path: Path) -> None:
    """Options reach the ranking; the same seed gives the same output."""
    args = [
        long_csv(tmp_path),
        "--model",
        MODEL,
        "--format",
        "json",
        "--method",
        "vikor",
        "--top-k",
        "1",
        "--samples",
        "100",
        "--seed",
        "5",
    ]
    first, second = run(*args), run(*args)
    data = json.loads(first.stdout)
    assert data["method"] == "vikor" and data["top_k"] == 1
    assert first.stdout == second.stdout


def test_table_output_is_readable(tmp_path: Path) -> None:
    """The default table shows the model, a header and every proposal."""
    result = run(long_csv(tmp_path), "--model", MODEL, "--samples", "50")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Qualification round (kvalificering) - method wsm, top 2")
    header = next(line for line in lines if line.strip().startswith("rank"))
    assert all(key in header for key in KEYS) and "p_top_k" in header
    for name in ("God Start", "Familiens Broer", "Digital Bro", "X"):
        assert any(name in line for line in lines)


def test_csv_output_has_one_row_per_proposal(tmp_path: Path) -> None:
    """Unranked proposals are included with an empty rank."""
    rows = [[p, "anna", k, 3] for p in ("A", "B") for k in KEYS]
    rows += [["C", "anna", "feasibility", 4]]
    result = run(long_csv(tmp_path, rows), "--model", MODEL, "--format", "csv", "--samples", "0")
    assert result.exit_code == 0, result.output
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert table[0] == ["rank", "proposal", "score", *KEYS, "p_top_k", "flags"]
    assert sorted(row[1] for row in table[1:]) == ["A", "B", "C"]
    unranked = next(row for row in table[1:] if row[1] == "C")
    assert unranked[0] == "" and "missing_scores" in unranked[-1]


def test_wide_file_is_detected_and_ranked(tmp_path: Path) -> None:
    """A header proposal,<criteria> means aggregated values; no reviewer agreement."""
    path = tmp_path / "wide.csv"
    path.write_text(
        "proposal,feasibility,citizen_value,cross_sector_reach\n"
        "God Start,4.2,4.6,3.8\nFamiliens Broer,3.9,4.4,4.7\nDigital Bro,2.1,3.0,\n",
        encoding="utf-8",
    )
    result = run(path, "--model", MODEL, "--format", "json", "--samples", "100")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sorted(e["proposal"] for e in data["ranking"]) == ["Familiens Broer", "God Start"]
    assert data["unranked"] == [
        {"proposal": "Digital Bro", "reason": "no score on: cross_sector_reach"}
    ]
    assert data["agreement"] == dict.fromkeys(KEYS)


def test_semicolons_and_decimal_commas_from_a_danish_spreadsheet(tmp_path: Path) -> None:
    """A header with ';' is read with decimal commas."""
    path = tmp_path / "dk.csv"
    path.write_text(
        "\ufeffproposal;feasibility;citizen_value;cross_sector_reach\n"
        "God Start;4,5;4;3\nDigital Bro;2;3,25;2\n",
        encoding="utf-8",
    )
    result = run(path, "--model", MODEL, "--format", "json", "--samples", "0")
    assert result.exit_code == 0, result.output
    ranking = json.loads(result.stdout)["ranking"]
    assert ranking[0]["criteria"]["feasibility"] == 4.5
    assert ranking[1]["criteria"]["citizen_value"] == 3.25


BAD_INPUT = [
    pytest.param(
        "proposal,reviewer,criterion,score\nA,anna,feasibility,3\nA,anna,fun,4\n",
        "bad.csv:3:3: unknown criterion 'fun'",
        id="unknown-criterion",
    ),
    pytest.param(
        "proposal,reviewer,criterion,score\nA,anna,feasibility,3\nA,bo,feasibility,9\n",
        "bad.csv:3:4: 9 is outside the scale 1..5 of 'feasibility'",
        id="score-outside-scale",
    ),
    pytest.param(
        "proposal,reviewer,criterion,score\nA,anna,feasibility,three\n",
        "bad.csv:2:4: 'three' is not a number",
        id="not-a-number",
    ),
    pytest.param(
        "proposal,reviewer,score\nA,anna,3\n",
        "bad.csv:1:1: missing column 'criterion' (expected proposal,reviewer,criterion,score)",
        id="missing-column-long",
    ),
    pytest.param(
        "proposal,feasibility,citizen_value\nA,3,4\n",
        "bad.csv:1:1: missing column 'cross_sector_reach' "
        "(expected proposal,feasibility,citizen_value,cross_sector_reach)",
        id="missing-column-wide",
    ),
    pytest.param("", "bad.csv:1:1: empty file", id="empty-file"),
    pytest.param(
        "proposal,reviewer,criterion,score\nA,anna,feasibility,3,7\n",
        "bad.csv:2:5: expected 4 fields, found 5",
        id="too-many-fields",
    ),
    pytest.param(
        "proposal,reviewer,criterion,score\nA,anna,feasibility,3\n\nA,anna,feasibility,4\n",
        "bad.csv:4:1: a second score from reviewer 'anna' for proposal 'A' on 'feasibility'",
        id="duplicate-score",
    ),
    pytest.param(
        "proposal,feasibility,citizen_value,cross_sector_reach,colour\nA,3,4,5,red\n",
        "bad.csv:1:5: unknown criterion 'colour'",
        id="unknown-wide-column",
    ),
    pytest.param(
        "proposal,feasibility,citizen_value,cross_sector_reach\nA,3,4,5\nA,2,2,2\n",
        "bad.csv:3:1: proposal 'A' appears twice (also line 2)",
        id="duplicate-wide-proposal",
    ),
    pytest.param(
        "proposal,reviewer,criterion,score\nA,anna,feasibility,nan\n",
        "bad.csv:2:4: 'nan' is not a finite number",
        id="nan-is-not-an-abstention",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD_INPUT)
def test_bad_input_gives_one_line_with_file_line_column_and_status_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    """Every bad file is refused with exactly one clear line on stderr."""
    # Run inside the file's directory so that the message names it as given: "bad.csv".
    monkeypatch.chdir(tmp_path)
    Path("bad.csv").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(rank_command, ["bad.csv", "--model", str(MODEL)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [message]


def test_a_missing_file_is_one_line_too(tmp_path: Path) -> None:
    """A path that does not exist is reported, not a traceback."""
    result = run(tmp_path / "nothing.csv", "--model", MODEL)
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == f"{tmp_path / 'nothing.csv'}: cannot read: No such file or directory"
    )


def test_an_invalid_model_names_file_line_and_column(tmp_path: Path) -> None:
    """The first problem of the model file, located, then how to see all of them."""
    text = MODEL.read_text(encoding="utf-8").replace("weight = 0.35", "weight = -1")
    model = tmp_path / "model.toml"
    model.write_text(text, encoding="utf-8")
    line = text.splitlines().index("weight = -1") + 1
    result = run(long_csv(tmp_path), "--model", model)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{model}:{line}:1: criterion 'citizen_value': weight: must be > 0 (invalid scoring model)"
    ]


def test_wpm_with_a_scale_reaching_zero_is_refused_cleanly(tmp_path: Path) -> None:
    """A method that cannot work with the model's scales is one line and status 2."""
    text = MODEL.read_text(encoding="utf-8").replace("scale = [1, 5]", "scale = [0, 5]", 1)
    model = tmp_path / "zero.toml"
    model.write_text(text, encoding="utf-8")
    result = run(long_csv(tmp_path), "--model", model, "--method", "wpm")
    assert result.exit_code == 2
    assert "wpm" in result.stderr and len(result.stderr.splitlines()) == 1


def test_scoring_check_prints_ok_for_valid_files(models_dir: Path) -> None:
    """Valid model files get an OK line each and status 0."""
    files = [str(models_dir / "kvalificering.toml"), str(models_dir / "kvalificering-udvidet.toml")]
    result = CliRunner().invoke(scoring_group, ["check", *files])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"{f}: OK" for f in files]


def test_scoring_check_prints_every_problem_and_exits_2(tmp_path: Path, models_dir: Path) -> None:
    """Each problem on its own located line; status 2."""
    text = (models_dir / "kvalificering.toml").read_text(encoding="utf-8")
    text = text.replace("weight = 0.4", "weight = 0").replace('method = "wsm"', 'method = "x"')
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(scoring_group, ["check", str(bad)])
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert any(": method: unknown method 'x'" in line for line in lines)
    assert any("criterion 'feasibility': weight: must be > 0" in line for line in lines)
    assert all(line.startswith(f"{bad}:") for line in lines)


def test_module_runs_standalone_without_flask_app(tmp_path: Path) -> None:
    """``python -m hackathon.scoring.commands`` is the same rank command."""
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "hackathon.scoring.commands",
            str(long_csv(tmp_path)),
            "--model",
            str(MODEL),
            "--format",
            "json",
            "--samples",
            "20",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["model"] == "kvalificering"
