"""The ``hackathon`` command: Flask's commands (run, db ...) plus the tool's own."""

from __future__ import annotations

import secrets

import click
from flask import Flask, current_app, url_for
from flask.cli import FlaskGroup, with_appcontext

from hackathon.followup.commands import checkins_command
from hackathon.report.commands import export_command
from hackathon.scoring.commands import rank_command, scoring_group


@click.command("create-facilitator")
@click.argument("email")
@click.option("--name", default="", help="Display name (defaults to the email).")
@click.option(
    "--password",
    default=None,
    help="Password; prompted for when omitted. Use --generate for a random one.",
)
@click.option("--generate", is_flag=True, help="Generate a random password and print it.")
@with_appcontext
def create_facilitator_command(email: str, name: str, password: str | None, generate: bool):
    """Create a facilitator account (or reset an existing one's password)."""
    from hackathon.auth.services import AccountError, create_facilitator_account
    from hackathon.extensions import db

    if generate:
        password = secrets.token_urlsafe(12)
    elif password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 10:
        raise click.UsageError("The password must have at least 10 characters.")
    try:
        person = create_facilitator_account(email=email, name=name, password=password)
    except AccountError as error:
        raise click.UsageError(str(error)) from error
    db.session.commit()
    click.echo(f"Facilitator account ready: {person.email}")
    if generate:
        click.echo(f"Password: {password}")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only load when the database has no events.")
@click.option(
    "--stage",
    type=click.Choice(["qualification", "decision", "published"]),
    default="published",
    show_default=True,
    help="How far the demo event has come: the round under way, the round closed, or the "
    "decision published.",
)
@with_appcontext
def demo_command(if_empty: bool, stage: str):
    """Load the demo event (organisations, people, 8 proposals, reviews) from the seeds."""
    from hackathon.demo.loader import DEMO_PASSWORD, database_is_empty, load_demo
    from hackathon.extensions import db

    if if_empty and not database_is_empty():
        click.echo("The database already has events; the demo was not loaded.")
        return
    result = load_demo(stage)
    db.session.commit()
    if result is None:
        click.echo("The demo event is already loaded.")
        return
    click.echo(f"Demo event loaded: {result.event.title} (join code {result.event.join_code})")
    click.echo(f"Facilitator: {result.facilitator.email} / password: {DEMO_PASSWORD}")


@click.command("login-link")
@click.argument("email")
@click.option("--base-url", default=None,
              help="The address people open, e.g. http://192.168.1.20:8000 (default: "
                   "HACKATHON_BASE_URL, else http://127.0.0.1:5000).")
@with_appcontext
def login_link_command(email: str, base_url: str | None):
    """Print the personal sign-in link of a person without a password (e.g. a reviewer)."""
    from hackathon.auth.services import person_by_email
    from hackathon.auth.tokens import reentry_token

    person = person_by_email(email)
    if person is None:
        raise click.UsageError(f"No person with email {email}.")
    if person.password_hash:
        raise click.UsageError("This person signs in with a password, not a link.")
    base = (base_url or current_app.config.get("BASE_URL") or "http://127.0.0.1:5000").rstrip("/")
    with current_app.test_request_context(base_url=base):
        click.echo(url_for("auth.reenter", token=reentry_token(person), _external=True))


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 serves the venue's network (see README).")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=None, type=click.IntRange(1, 64),
              help="Worker processes (default: one per core, 2 to 4).")
@click.option("--threads", default=None, type=click.IntRange(1, 256),
              help="Threads per worker that run the app (default: 8).")
@click.option("--dev", is_flag=True,
              help="Use Flask's development server instead (one person, reloads on change).")
def serve_command(host: str, port: int, workers: int | None, threads: int | None, dev: bool):
    """Serve the event with the production server (Granian); Ctrl+C stops it."""
    if dev:
        from hackathon import create_app

        # No debugger: it would run code for anyone who can reach the port.
        create_app().run(host=host, port=port, debug=False, use_reloader=True)
        return
    from hackathon.serving.server import DEFAULT_THREADS, default_workers, serve

    workers = workers or default_workers()
    click.echo(f"Serving http://{host}:{port} with {workers} workers (Ctrl+C stops).")
    serve(host=host, port=port, workers=workers, threads=threads or DEFAULT_THREADS)


def register_commands(app: Flask) -> None:
    """Add the tool's commands to ``app.cli`` (so ``flask --app hackathon`` has them too)."""
    for command in (create_facilitator_command, demo_command, login_link_command, export_command):
        app.cli.add_command(command)
    app.cli.add_command(rank_command)
    app.cli.add_command(scoring_group)
    app.cli.add_command(checkins_command)
    from hackathon.bank.commands import bank_group

    app.cli.add_command(bank_group)


def _create_app() -> Flask:
    from hackathon import create_app

    return create_app()


cli = FlaskGroup(
    create_app=_create_app,
    add_version_option=False,
    help="Hackathon and prototype-selection tool. Run 'hackathon serve' to start the server.",
)
# The scoring commands need no app, so they work without a database (and start faster).
cli.add_command(rank_command)
cli.add_command(scoring_group)
# Serving needs no app in this process: each server worker builds its own.
cli.add_command(serve_command)


def main() -> None:
    """Entry point of the ``hackathon`` console script."""
    cli.main(prog_name="hackathon")
