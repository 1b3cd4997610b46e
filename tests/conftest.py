"""Fixtures: an app on a migrated database (SQLite, or PostgreSQL when configured), clients,
sign-in helpers per role, and factories."""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text

from hackathon import create_app
from hackathon.auth.services import create_facilitator_account, create_person, grant_role
from hackathon.enums import Phase, Role, Sector
from hackathon.extensions import db
from hackathon.models import Event, Organisation, Person

TEST_SECRET = "test-" + secrets.token_hex(8)


class FreshContextClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    Without this, a request made while the test holds an app context would share that
    context's ``g`` (Flask-Login's user, Flask-Babel's locale) and database session.
    """

    def open(self, *args, **kwargs):
        """Commit the test's own pending work, run the request, then forget cached rows."""
        db.session.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


def make_test_app(config: dict):
    """``create_app`` with the test client class above."""
    app = create_app(config)
    app.test_client_class = FreshContextClient
    return app


def base_config(database_url: str) -> dict:
    """Settings for a test app: a known database, a random key, CSRF off (tested apart)."""
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": TEST_SECRET,
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": None,
        "RATELIMIT_STORAGE_URI": "memory://",
    }


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """A freshly migrated database for the whole test session."""
    url = os.environ.get("HACKATHON_TEST_DATABASE_URL")
    if url:
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    app = make_test_app(base_config(url))
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    return url


def _empty_all_tables() -> None:
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(database_url):
    """An app bound to the migrated database; every table is emptied after the test."""
    app = make_test_app(base_config(database_url))
    with app.app_context():
        yield app
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def csrf_app(database_url):
    """Like ``app`` but with CSRF protection on, as in production."""
    config = base_config(database_url) | {"WTF_CSRF_ENABLED": True}
    app = make_test_app(config)
    with app.app_context():
        yield app
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    """A test client (CSRF off)."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner for the app's commands."""
    return app.test_cli_runner()


@pytest.fixture
def make_org(app):
    """Factory: an organisation."""
    counter = {"n": 0}

    def make(name: str | None = None, sector: Sector = Sector.MUNICIPALITY) -> Organisation:
        counter["n"] += 1
        org = Organisation(name=name or f"Organisation {counter['n']}", sector=sector)
        db.session.add(org)
        db.session.commit()
        return org

    return make


@pytest.fixture
def make_event(app):
    """Factory: an event with its own facilitator (``event.test_facilitator``)."""
    counter = {"n": 0}

    def make(phase: Phase = Phase.SUBMISSION, **fields) -> Event:
        counter["n"] += 1
        facilitator = create_facilitator_account(
            email=f"fac{counter['n']}-{secrets.token_hex(3)}@example.org",
            name=f"Facilitator {counter['n']}",
            password="correct horse battery",
        )
        from hackathon.events.services import create_event

        fields.setdefault("title", f"Event {counter['n']}")
        fields.setdefault("scoring_model_key", "kvalificering")
        event = create_event(creator=facilitator, **fields)
        event.phase = phase
        db.session.commit()
        event.test_facilitator = facilitator
        return event

    return make


@pytest.fixture
def make_person(app):
    """Factory: a person without a password, optionally with a role in an event."""
    counter = {"n": 0}

    def make(event: Event | None = None, role: Role = Role.PARTICIPANT, **fields) -> Person:
        counter["n"] += 1
        person = create_person(
            name=fields.get("name", f"Person {counter['n']}"),
            email=fields.get("email"),
            title=fields.get("title"),
            organisation=fields.get("organisation"),
        )
        if event is not None:
            grant_role(event=event, person=person, role=role)
        db.session.commit()
        return person

    return make


def session_values(person: Person) -> dict:
    """What a sign-in puts in the session, with its server-side login session (committed)."""
    from hackathon.auth import sessions

    key = sessions.start(person)
    db.session.commit()
    return {"_user_id": person.get_id(), "_fresh": True, sessions.SESSION_KEY: key}


def sign_in(client, person: Person) -> None:
    """Put ``person`` in the client's session, as Flask-Login does after a sign-in."""
    values = session_values(person)
    with client.session_transaction() as session:
        session.update(values)


@pytest.fixture
def login():
    """``login(client, person)``: sign a person in on a test client."""
    return sign_in


@pytest.fixture
def as_role(app, make_event, make_person):
    """``as_role(role_name, event)`` -> a client signed in with that relation to ``event``.

    Roles: anonymous, participant, reviewer, observer, facilitator, other_facilitator.
    """

    def make(role_name: str, event: Event):
        client = app.test_client()
        if role_name == "anonymous":
            return client
        if role_name == "facilitator":
            sign_in(client, event.test_facilitator)
        elif role_name == "other_facilitator":
            other = make_event(title="Another event")
            sign_in(client, other.test_facilitator)
        else:
            sign_in(client, make_person(event, Role(role_name)))
        return client

    return make


@contextmanager
def count_queries():
    """Count the SQL statements sent while the block runs: ``with count_queries() as n:``."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


ROLES = ("anonymous", "participant", "reviewer", "observer", "facilitator", "other_facilitator")
