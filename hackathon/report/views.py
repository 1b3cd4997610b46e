"""The decision report: the printable page, its PDF, and the exports (CSV, XLSX, JSON)."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hackathon.events.permissions import can_manage_event
from hackathon.extensions import db
from hackathon.models import Event
from hackathon.report import export
from hackathon.report.data import report_data
from hackathon.report.pdf import render_pdf
from hackathon.results.permissions import can_see_report

bp = Blueprint("report", __name__, url_prefix="/events/<int:event_id>/report")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.app_template_global("may_see_report")
def may_see_report(event: Event) -> bool:
    """For the event menu: whether the signed-in person may open the report."""
    return can_see_report(current_user, event)


def _load(event_id: int) -> tuple[Event, dict]:
    """The event and its report data, or 404/403."""
    event = db.get_or_404(Event, event_id)
    if not can_see_report(current_user, event):
        abort(403)
    include_staged = can_manage_event(current_user, event)
    return event, report_data(event, str(get_locale()), include_staged=include_staged)


def _download(body, mimetype: str, filename: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/")
@login_required
def show(event_id: int):
    """The report as a page that prints well."""
    event, data = _load(event_id)
    manage = can_manage_event(current_user, event)
    return render_template("report/report.html", event=event, report=data, manage=manage)


@bp.get("/report.pdf")
@login_required
def pdf(event_id: int):
    """The report as PDF; if rendering fails, back to the page with a message."""
    event, data = _load(event_id)
    html = render_template("report/pdf.html", event=event, report=data)
    try:
        body = render_pdf(current_app._get_current_object(), html)
    except Exception:
        current_app.logger.exception("the PDF of the report of event %s failed", event.id)
        flash(
            _(
                "The PDF could not be made. The report is shown below instead: use the "
                "browser's print function to save it as PDF."
            ),
            "error",
        )
        return redirect(url_for("report.show", event_id=event.id))
    return _download(body, "application/pdf", f"beslutningsrapport-{event.id}.pdf")


@bp.get("/<table>.csv")
@login_required
def csv_table(event_id: int, table: str):
    """One table (scores, ranking or decisions) as CSV; ``?variant=excel`` gives the variant
    Danish Excel opens by a double click (semicolons, decimal commas, Danish headers)."""
    if table not in export.TABLES:
        abort(404)
    event, data = _load(event_id)
    if request.args.get("variant") == "excel":  # semicolons and decimal commas (Danish Excel)
        from hackathon.report.xlsx import to_excel_csv

        return _download(to_excel_csv(table, data), "text/csv; charset=utf-8",
                         f"{table}-{event.id}-excel.csv")
    return _download(
        export.to_csv(table, data), "text/csv; charset=utf-8", f"{table}-{event.id}.csv"
    )


@bp.get("/export.<fmt>")
@login_required
def download(event_id: int, fmt: str):
    """Every table in one XLSX workbook or one JSON document."""
    if fmt not in ("xlsx", "json"):
        abort(404)
    event, data = _load(event_id)
    if fmt == "xlsx":
        return _download(export.to_xlsx(data), XLSX, f"beslutningsrapport-{event.id}.xlsx")
    return _download(
        export.to_json(data), "application/json", f"beslutningsrapport-{event.id}.json"
    )
