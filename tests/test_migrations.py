"""The migrations create exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from hackathon.extensions import db

# Dialect-specific full-text objects the migration makes and the models do not describe (the
# bank's FTS5 table and its shadow tables on SQLite; its tsvector column and GIN index on
# PostgreSQL). hackathon.bank.index writes them by hand.
FULL_TEXT_OBJECTS = {"search_vector", "ix_bank_entry_search_vector"}


def _described(obj, name, type_, reflected, compare_to) -> bool:
    if type_ == "table" and name and name.startswith("bank_fts"):
        return False
    return not (reflected and compare_to is None and name in FULL_TEXT_OBJECTS)


def test_models_and_migrations_agree(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": False, "include_object": _described}
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == []
