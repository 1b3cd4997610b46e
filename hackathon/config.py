"""Configuration: defaults, then ``instance/config.py``, then ``HACKATHON_*`` environment variables.

Only ``HACKATHON_``-prefixed variables are read from the environment, e.g.
``HACKATHON_DATABASE_URL`` and ``HACKATHON_SECRET_KEY``. Values are parsed as JSON where they
can be (``HACKATHON_SELECTION_QUOTA=3`` is an int), otherwise kept as strings.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

# The name of the file the generated key is kept in (bandit mistakes it for a password).
SECRET_KEY_FILE = "secret_key"  # nosec B105


class Defaults:
    """Settings that hold unless the instance config or the environment says otherwise."""

    # None means "sqlite:///<instance>/hackathon.sqlite"; set HACKATHON_DATABASE_URL for PostgreSQL.
    DATABASE_URL: str | None = None
    SECRET_KEY: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False

    BABEL_DEFAULT_LOCALE = "da"
    BABEL_DEFAULT_TIMEZONE = "Europe/Copenhagen"
    LANGUAGES = ("da", "en")

    PERMANENT_SESSION_LIFETIME = timedelta(days=14)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Secure cookies are also switched on per request when it arrives over HTTPS.
    SESSION_COOKIE_SECURE = False
    WTF_CSRF_TIME_LIMIT = None  # a participant may keep a form open all day

    # Upload/request size limit: proposals are text; 1 MiB is generous.
    MAX_CONTENT_LENGTH = 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 1024 * 1024

    # Shared storage for the failure counters (and Flask-Limiter). With more than one process
    # serving, counters must be shared: Redis when REDIS_URL is set (HACKATHON_REDIS_URL, or a
    # redis:// RATELIMIT_STORAGE_URI), otherwise the database's failure_counter table.
    REDIS_URL: str | None = None
    REDIS_KEY_PREFIX = "hackathon:failures:"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Wrong codes and passwords allowed per browser session, per account and per address (a
    # whole venue shares one address, so that limit only slows sessions that fail; see
    # hackathon/auth/throttle.py for how they combine and the guessing odds they give).
    JOIN_FAILURES_PER_SESSION = "5 per 5 minutes"
    JOIN_FAILURES_PER_ADDRESS = "200 per 10 minutes"
    TEAM_CODE_FAILURES_PER_SESSION = "5 per 5 minutes"
    TEAM_CODE_FAILURES_PER_ACCOUNT = "10 per hour"
    TEAM_CODE_FAILURES_PER_ADDRESS = "200 per 10 minutes"
    LOGIN_FAILURES_PER_SESSION = "5 per 5 minutes"
    LOGIN_FAILURES_PER_ACCOUNT = "10 per 15 minutes"
    LOGIN_FAILURES_PER_ADDRESS = "20 per 10 minutes"

    INVITATION_MAX_AGE_DAYS = 14
    REENTRY_MAX_AGE_DAYS = 60

    # Outgoing mail (the decision to the teams). Without MAIL_SERVER, messages wait in the
    # event's outbox page instead of being sent.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 587
    MAIL_USE_TLS = True
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_SENDER = "noreply@localhost"
    MAIL_TIMEOUT = 10

    # The licence of the knowledge bank's open data (SPDX id), named in every export.
    BANK_LICENCE = "CC-BY-4.0"

    SCORING_MODELS_DIR: str | None = None  # None means <project>/scoring_models
    PROXY_FIX = False  # set true behind a reverse proxy that sends X-Forwarded-*


def load_config(app, test_config: dict | None) -> None:
    """Fill ``app.config`` from defaults, instance file, environment and ``test_config``."""
    app.config.from_object(Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("HACKATHON")
    else:
        app.config.from_mapping(test_config)

    if not app.config.get("DATABASE_URL"):
        db_path = Path(app.instance_path) / "hackathon.sqlite"
        app.config["DATABASE_URL"] = f"sqlite:///{db_path}"
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(app.config["DATABASE_URL"])

    _share_limit_storage(app.config)

    if not app.config.get("SCORING_MODELS_DIR"):
        app.config["SCORING_MODELS_DIR"] = str(Path(app.root_path).parent / "scoring_models")

    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = read_or_create_secret_key(Path(app.instance_path))


def _share_limit_storage(config) -> None:
    """One Redis for both: REDIS_URL, or a redis:// URI given for Flask-Limiter."""
    storage = config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if not config.get("REDIS_URL") and storage.startswith(("redis://", "rediss://")):
        config["REDIS_URL"] = storage
    if config.get("REDIS_URL") and storage == "memory://":
        config["RATELIMIT_STORAGE_URI"] = config["REDIS_URL"]


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs (SQLAlchemy would pick psycopg2)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def read_or_create_secret_key(instance_dir: Path) -> str:
    """Return the key stored in the instance folder, creating it (mode 600) on first run.

    ``O_EXCL`` makes the creation safe when two gunicorn workers start at the same moment:
    the loser of the race reads the winner's key.
    """
    instance_dir.mkdir(parents=True, exist_ok=True)
    path = instance_dir / SECRET_KEY_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):
            key = path.read_text().strip()
            if key:
                return key
            import time

            time.sleep(0.01)  # the other worker is writing it right now
        raise RuntimeError(f"{path} is empty; delete it to generate a new key") from None
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w") as fh:
        fh.write(key + "\n")
    return key
