"""`hackathon rank` reads what Danish Excel writes ("CSV (semikolonsepareret)", Windows-1252)
and says which encoding and separator it used."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from hackathon.scoring import load_model, read_score_file
from hackathon.scoring.commands import rank_command
from hackathon.scoring.scorefile import ScoreFileError, decode_score_bytes

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "scoring_models" / "kvalificering.toml"
DANISH_EXCEL = (
    "proposal;reviewer;criterion;score\r\n"
    "Børnenes Bro;Søren;feasibility;4,5\r\n"
    "Børnenes Bro;Søren;citizen_value;5\r\n"
    "Børnenes Bro;Søren;cross_sector_reach;3\r\n"
    "Ældre – mad og fællesskab;Søren;feasibility;2\r\n"
    "Ældre – mad og fællesskab;Søren;citizen_value;3,5\r\n"
    "Ældre – mad og fællesskab;Søren;cross_sector_reach;\r\n"
)


def test_windows_1252_semicolons_and_decimal_commas_are_read(tmp_path):
    path = tmp_path / "bedømmelser.csv"
    path.write_bytes(DANISH_EXCEL.encode("cp1252"))
    parsed = read_score_file(path, load_model(MODEL))
    assert parsed.encoding == "windows-1252" and parsed.delimiter == ";"
    assert parsed.describe() == "Windows-1252, semicolon-separated with decimal commas"
    assert set(parsed.table.proposals) == {"Børnenes Bro", "Ældre – mad og fællesskab"}


def test_rank_says_how_it_read_the_file_on_stderr_and_keeps_json_clean(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_bytes(DANISH_EXCEL.encode("cp1252"))
    result = CliRunner().invoke(
        rank_command, [str(path), "--model", str(MODEL), "--format", "json", "--samples", "0"]
    )
    assert result.exit_code == 0, result.output
    assert f"{path}: read as Windows-1252, semicolon-separated with decimal commas" in (
        result.stderr
    )
    ranking = json.loads(result.stdout)["ranking"]
    top = next(e for e in ranking if e["proposal"] == "Børnenes Bro")
    assert top["criteria"]["feasibility"] == 4.5


def test_utf8_with_byte_order_mark_is_reported_as_utf8(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_bytes(DANISH_EXCEL.encode("utf-8-sig"))
    parsed = read_score_file(path, load_model(MODEL))
    assert (parsed.encoding, parsed.delimiter) == ("utf-8", ";")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"proposal,score\nA,\x81\n", "x.csv:2:3: neither UTF-8 nor Windows-1252 text"),
        ("proposal,score\n".encode("utf-16"), "x.csv:1:4: not a text file (NUL byte; UTF-16?)"),
    ],
    ids=["undefined-byte", "utf-16"],
)
def test_bytes_that_are_no_known_text_name_line_and_column(raw, message):
    with pytest.raises(ScoreFileError) as error:
        decode_score_bytes(raw, "x.csv")
    assert str(error.value) == message
