"""``hackathon checkins``: ask the prototypes that are due for an update (cron-able)."""

from __future__ import annotations

from datetime import datetime

import click
from flask import current_app
from flask.cli import with_appcontext


def _parse_now(value: str | None) -> datetime | None:
    """An ISO time (UTC; a zone is converted to UTC) or None for now."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(f"not an ISO date or time: {value!r}") from error
    if moment.tzinfo is not None:
        from datetime import UTC

        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


@click.command("checkins")
@click.option("--now", "now_text", metavar="ISO",
              help="Act as if it were this time (UTC), e.g. 2027-03-01T08:00. Default: now.")
@click.option("--event", "event_id", type=int, help="Only this event's prototypes.")
@with_appcontext
def checkins_command(now_text: str | None, event_id: int | None) -> None:
    """Ask every prototype in progress or on standby for a two-minute update when its event's
    interval (default 4 weeks) has passed since it was last asked. Safe to run daily from cron:
    a prototype asked within the interval is not asked again. Messages go to the outbox and
    are sent by SMTP when a mail server is configured."""
    from hackathon.extensions import db
    from hackathon.followup.checkins import send_checkins
    from hackathon.models import Event
    from hackathon.results.feedback import deliver_pending

    now = _parse_now(now_text)
    event = None
    if event_id is not None:
        event = db.session.get(Event, event_id)
        if event is None:
            raise click.ClickException(f"No event with id {event_id}.")
    base = current_app.config.get("BASE_URL", "http://127.0.0.1:5000")
    with current_app.test_request_context(base_url=base):
        asked = send_checkins(now=now, event=event)
        db.session.commit()
        events = {prototype.event for prototype, _people in asked}
        sent = failed = 0
        for each in events:
            s, f = deliver_pending(each)
            sent, failed = sent + s, failed + f
    for prototype, people in asked:
        click.echo(f"Asked {prototype.title!r} (event {prototype.event_id}): "
                   + ", ".join(p.name for p in people))
    click.echo(f"{len(asked)} prototypes asked; {sent} messages sent by e-mail, "
               f"{failed} failed.", err=True)
