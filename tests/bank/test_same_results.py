"""The same query set returns the same entries on SQLite and on PostgreSQL.

The session's database is one of the two; the test builds the other one itself: a fresh SQLite
file when the session runs on PostgreSQL, or the PostgreSQL database named by
HACKATHON_TEST_PG_URL (a database of its own: its schema is dropped) when it runs on SQLite.
"""

from __future__ import annotations

import os

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from hackathon.bank import index
from hackathon.bank.search import matching_ids
from hackathon.extensions import db
from hackathon.models import BankEntry
from hackathon.models.bank import POLICY_NETWORK, POLICY_PUBLIC
from tests.bank import corpus
from tests.conftest import base_config, make_test_app


def _results() -> dict[str, list[str]]:
    for proposal in corpus.load():
        index.refresh_entry(proposal)
    db.session.commit()
    titles = dict(db.session.execute(db.select(BankEntry.id, BankEntry.title)).all())
    return {
        query: sorted(titles[i] for i in matching_ids(query, (POLICY_NETWORK, POLICY_PUBLIC)))
        for query in corpus.QUERIES
    }


def _other_database_url(current: str, tmp_path) -> str:
    if current.startswith("postgresql"):
        return f"sqlite:///{tmp_path / 'other.sqlite'}"
    url = os.environ.get("HACKATHON_TEST_PG_URL")
    if not url:
        pytest.skip("set HACKATHON_TEST_PG_URL (a PostgreSQL database of its own) to compare")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def test_sqlite_and_postgresql_return_the_same_entries(app, database_url, tmp_path):
    here = _results()
    other_app = make_test_app(base_config(_other_database_url(database_url, tmp_path)))
    with other_app.app_context():
        upgrade()
        try:
            there = _results()
        finally:
            db.session.remove()
            db.engine.dispose()
    assert here == there
    # The set is not trivial: word forms find entries, and hostile strings answer.
    assert here["familiernes"] == here["familie"] != []
    assert here["plejehjemmene"] == ["Måltider på plejehjemmet"]
    assert len(here["ældre"]) == 3
