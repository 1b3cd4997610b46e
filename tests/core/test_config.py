"""Configuration order, the generated secret key, and a light start-up."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from hackathon import create_app
from hackathon.config import normalise_database_url, read_or_create_secret_key

ROOT = Path(__file__).resolve().parents[2]


def test_secret_key_generated_once_with_mode_600(tmp_path):
    first = read_or_create_secret_key(tmp_path)
    second = read_or_create_secret_key(tmp_path)
    assert first == second and len(first) >= 64
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600


def test_no_fixed_default_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("HACKATHON_SECRET_KEY", raising=False)
    monkeypatch.setenv("HACKATHON_INSTANCE_PATH", str(tmp_path / "a"))
    key_a = create_app().secret_key
    monkeypatch.setenv("HACKATHON_INSTANCE_PATH", str(tmp_path / "b"))
    key_b = create_app().secret_key
    assert key_a != key_b


def test_environment_overrides_instance_config(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text(
        "DATABASE_URL = 'sqlite:///from-file.sqlite'\nSELECTION_NOTE = 'file'\n"
    )
    monkeypatch.setenv("HACKATHON_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("HACKATHON_SECRET_KEY", "from-env")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///from-file.sqlite"
    assert app.config["SELECTION_NOTE"] == "file"
    assert app.secret_key == "from-env"
    monkeypatch.setenv("HACKATHON_DATABASE_URL", "postgresql://u@h/db")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_default_database_is_sqlite_in_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("HACKATHON_DATABASE_URL", raising=False)
    monkeypatch.setenv("HACKATHON_INSTANCE_PATH", str(tmp_path))
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/hackathon.sqlite"


def test_database_url_normalisation():
    assert normalise_database_url("postgres://x/y") == "postgresql+psycopg://x/y"
    assert normalise_database_url("sqlite:///a.db") == "sqlite:///a.db"


def test_sqlite_pragmas(app):
    from sqlalchemy import text

    from hackathon.extensions import db

    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_create_app_is_light_and_creates_no_schema(tmp_path):
    """Start-up imports neither scikit-criteria nor matplotlib nor pandas, and makes no tables."""
    code = (
        "import json, sys, time; t = time.perf_counter(); import hackathon; "
        "app = hackathon.create_app(); "
        "print(json.dumps({'s': time.perf_counter() - t, "
        "'heavy': [m for m in ('skcriteria', 'matplotlib', 'pandas', 'sklearn') "
        "if m in sys.modules]}))"
    )
    env = os.environ | {
        "HACKATHON_INSTANCE_PATH": str(tmp_path),
        "HACKATHON_SECRET_KEY": "x",
    }
    env.pop("HACKATHON_DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["heavy"] == []
    assert not (tmp_path / "hackathon.sqlite").exists()


def test_relative_instance_path_is_resolved_against_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("HACKATHON_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HACKATHON_INSTANCE_PATH", "./instance")
    app = create_app()
    assert app.instance_path == str(tmp_path / "instance")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        f"sqlite:///{tmp_path}/instance/hackathon.sqlite"
    )
