"""``hackathon bank reindex``: rebuild every bank entry and its full-text row from the sources."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from hackathon.extensions import db


@click.group("bank", help="The knowledge bank.")
def bank_group() -> None:
    """The knowledge bank's commands."""


@bank_group.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Rebuild every entry (consent, policy and sources read afresh) and the full-text index."""
    from hackathon.bank.index import reindex_all

    count = reindex_all()
    db.session.commit()
    click.echo(f"{count} entries in the knowledge bank.")
