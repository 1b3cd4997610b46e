"""``hackathon export``: the decision report and its tables from the command line."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app, render_template
from flask.cli import with_appcontext

from hackathon.report import FORMATS, TABLES

TEXT_FORMATS = ("csv", "json")


@click.command("export")
@click.argument("event_id", metavar="EVENT", type=int)
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), required=True, help="Output format."
)
@click.option(
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write; '-' writes CSV or JSON to standard output.",
)
@click.option(
    "--table",
    type=click.Choice(TABLES),
    default="ranking",
    show_default=True,
    help="The table a CSV holds (one table per CSV file). XLSX and JSON hold all three.",
)
@click.option(
    "--lang", type=click.Choice(("da", "en")), default="da", show_default=True,
    help="Language of the report and of the headers.",
)
@click.option(
    "--followup", is_flag=True,
    help="Export the follow-up of EVENT's prototypes instead: the follow-up report (pdf) or "
    "the portfolio board's rows (xlsx, csv).",
)
@click.option(
    "--excel", is_flag=True,
    help="With --followup --format csv: the Danish Excel variant (semicolon, decimal comma).",
)
@with_appcontext
def export_command(event_id: int, fmt: str, output: Path, table: str, lang: str,
                   followup: bool, excel: bool) -> None:
    """Export the decision report of EVENT (its id) as CSV, XLSX, JSON or PDF; with
    --followup, the follow-up of its prototypes (PDF report, XLSX or CSV board rows).

    The scores CSV (--table scores) has the columns 'hackathon rank' reads, with reviewers as
    R1, R2 ...; the JSON holds every table and the scoring model in force. Decisions that are
    not published yet are included and marked as such (published: false).
    """
    from flask_babel import force_locale

    from hackathon.extensions import db
    from hackathon.models import Event
    from hackathon.report import export
    from hackathon.report.data import report_data
    from hackathon.report.pdf import render_pdf

    event = db.session.get(Event, event_id)
    if event is None:
        raise click.ClickException(f"No event with id {event_id}.")
    if str(output) == "-" and fmt not in TEXT_FORMATS:
        raise click.UsageError("Only CSV and JSON can be written to standard output.")
    base = current_app.config.get("BASE_URL", "http://127.0.0.1:5000")
    if followup:
        with current_app.test_request_context(base_url=base), force_locale(lang):
            body = _followup_body(event, fmt, excel)
        _write(body, output, f"follow-up {fmt}")
        return
    with current_app.test_request_context(base_url=base), force_locale(lang):
        data = report_data(event, lang, include_staged=True)
        if fmt == "csv":
            body: str | bytes = export.to_csv(table, data)
        elif fmt == "json":
            body = export.to_json(data)
        elif fmt == "xlsx":
            body = export.to_xlsx(data)
        else:
            html = render_template("report/pdf.html", event=event, report=data)
            try:
                body = render_pdf(current_app._get_current_object(), html)
            except Exception as error:
                raise click.ClickException(f"The PDF could not be made: {error}") from error
    _write(body, output, f"{fmt}{', ' + table if fmt == 'csv' else ''}")


def _write(body: str | bytes, output: Path, what: str) -> None:
    if str(output) == "-":
        click.echo(body, nl=False)
        return
    if isinstance(body, str):
        output.write_text(body, encoding="utf-8")
    else:
        output.write_bytes(body)
    click.echo(f"Wrote {output} ({what}).", err=True)


def _followup_body(event, fmt: str, excel: bool) -> str | bytes:
    """The follow-up of ``event``'s prototypes in ``fmt`` (pdf, xlsx or csv)."""
    from hackathon.followup import export as followup_export
    from hackathon.followup.board import BoardFilters, board
    from hackathon.followup.report import render_portfolio_pdf
    from hackathon.models import utcnow

    filters = BoardFilters(event_id=event.id)
    if fmt == "json":
        raise click.UsageError("The follow-up exports as pdf, xlsx or csv.")
    if fmt == "pdf":
        try:
            return render_portfolio_pdf(None, filters, event.title, everything=True)
        except Exception as error:
            raise click.ClickException(f"The PDF could not be made: {error}") from error
    now = utcnow()
    cards = board(None, filters, now, everything=True)["cards"]
    if fmt == "xlsx":
        return followup_export.to_xlsx(cards, now)
    return followup_export.to_csv(cards, now, excel=excel)
