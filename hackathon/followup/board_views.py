"""The portfolio board, its exports, the follow-up reports (page and PDF) and the facilitators'
"ask for updates now" button. Who sees what: ``hackathon.followup.board``."""

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
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hackathon.enums import DiaStage, PrototypeStatus, Sector
from hackathon.events.permissions import can_manage_event
from hackathon.extensions import db
from hackathon.followup import board as queries
from hackathon.followup import checkins, export, permissions, report
from hackathon.forms_common import BaseForm
from hackathon.labels import label
from hackathon.models import Event, Prototype, utcnow

bp = Blueprint("portfolio", __name__)

FILTER_NAMES = {
    "sector": "sector", "organisation": "organisation", "event": "event", "year": "year",
    "status": "status", "stage": "stage",
}


@bp.app_template_global("prototype_url")
def prototype_url(prototype_id: int) -> str:
    """The address of a prototype's page (fucore's ``followup.show``; its path until merged)."""
    if "followup.show" in current_app.view_functions:
        return url_for("followup.show", prototype_id=prototype_id)
    return f"/prototypes/{prototype_id}"


@bp.app_template_global("silent_prototypes")
def silent_prototypes(event: Event) -> list[Prototype]:
    """For the facilitators' event page: the event's silent prototypes."""
    return queries.silent_prototypes(event)


@bp.app_template_global("may_see_board")
def may_see_board() -> bool:
    """For menus: whether the signed-in person may open the portfolio board."""
    return queries.can_see_board(current_user)


def _filters():
    filters = queries.parse_filters(request.args)
    for name in filters.errors:
        flash(_("The filter “%(name)s” had a value we do not know; it was left out.",
                name=_filter_label(name)), "warning")
    return filters


def _filter_label(name: str) -> str:
    return {
        "sector": _("Sector"), "organisation": _("Organisation"), "event": _("Event"),
        "year": _("Year"), "status": _("Status"), "stage": _("DIA stage"),
    }.get(name, name)


def _query_args() -> dict:
    """The current filters, to carry into the export and report links."""
    return {k: v for k, v in request.args.items() if k in FILTER_NAMES and v}


def _choices() -> dict[str, list[tuple[str, str]]]:
    """The filter form's options: (value, text) per filter."""
    options = queries.filter_options(current_user)
    return {
        "sector": [(s.value, label(s)) for s in Sector],
        "organisation": [(str(o.id), o.name) for o in options["organisations"]],
        "event": [(str(e.id), e.title) for e in options["events"]],
        "year": [(str(y), str(y)) for y in options["years"]],
        "stage": [(s.value, label(s)) for s in DiaStage],
        "status": [(s.value, label(s)) for s in PrototypeStatus],
    }


def _download(body, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/portfolio")
@login_required
def board():
    """Every prototype the person may see, by DIA stage and status, with filters."""
    if not queries.can_see_board(current_user):
        abort(403)
    filters = _filters()
    now = utcnow()
    return render_template(
        "followup/board.html",
        board=queries.board(current_user, filters, now),
        filters=filters,
        choices=_choices(),
        may_export=queries.can_export_board(current_user),
        whole=queries.sees_whole_portfolio(current_user),
        query=_query_args(),
        now=now,
    )


@bp.get("/portfolio/export.<fmt>")
@login_required
def board_export(fmt: str):
    """The board (with its filters) as CSV (``?excel=1``: the Danish Excel variant) or XLSX."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    if not queries.can_export_board(current_user):
        abort(403)
    filters = _filters()
    now = utcnow()
    cards = queries.board(current_user, filters, now)["cards"]
    stamp = now.strftime("%Y-%m-%d")
    if fmt == "xlsx":
        return _download(export.to_xlsx(cards, now), export.XLSX_MIME,
                         f"portefolje-{stamp}.xlsx")
    excel = request.args.get("excel") == "1"
    name = f"portefolje-{stamp}{'-excel' if excel else ''}.csv"
    return _download(export.to_csv(cards, now, excel=excel), "text/csv; charset=utf-8", name)


@bp.get("/portfolio/report")
@login_required
def portfolio_report():
    """The follow-up report of the whole portfolio (with the board's filters), printable."""
    if not queries.can_export_board(current_user):
        abort(403)
    filters = _filters()
    data = report.portfolio_report(current_user, filters)
    return render_template("followup/report_portfolio.html", portfolio=data,
                           reports=data["reports"], query=_query_args())


@bp.get("/portfolio/report.pdf")
@login_required
def portfolio_pdf():
    """The portfolio report as PDF; if rendering fails, back to the page with a message."""
    if not queries.can_export_board(current_user):
        abort(403)
    filters = _filters()
    try:
        body = report.render_portfolio_pdf(current_user, filters, _("Portfolio"))
    except Exception:
        current_app.logger.exception("the PDF of the portfolio report failed")
        flash(_("The PDF could not be made. The report is shown below instead: use the "
                "browser's print function to save it as PDF."), "error")
        return redirect(url_for("portfolio.portfolio_report", **_query_args()))
    return _download(body, "application/pdf", f"opfoelgning-{utcnow():%Y-%m-%d}.pdf")


def _prototype_or_404(prototype_id: int) -> Prototype:
    prototype = db.get_or_404(Prototype, prototype_id)
    if not permissions.can_read(current_user, prototype):
        abort(403)
    return prototype


@bp.get("/prototypes/<int:prototype_id>/report")
@login_required
def prototype_report(prototype_id: int):
    """The follow-up report of one prototype, printable."""
    prototype = _prototype_or_404(prototype_id)
    return render_template("followup/report_prototype.html", prototype=prototype,
                           reports=[report.prototype_report(prototype)])


@bp.get("/prototypes/<int:prototype_id>/report.pdf")
@login_required
def prototype_pdf(prototype_id: int):
    """One prototype's report as PDF; if rendering fails, back to the page with a message."""
    prototype = _prototype_or_404(prototype_id)
    try:
        body = report.render_prototype_pdf(prototype)
    except Exception:
        current_app.logger.exception("the PDF of prototype %s failed", prototype.id)
        flash(_("The PDF could not be made. The report is shown below instead: use the "
                "browser's print function to save it as PDF."), "error")
        return redirect(url_for("portfolio.prototype_report", prototype_id=prototype.id))
    return _download(body, "application/pdf", f"prototype-{prototype.id}.pdf")


class CheckinForm(BaseForm):
    """The "ask for updates now" button (CSRF only)."""


@bp.post("/events/<int:event_id>/checkins")
@login_required
def send_checkins(event_id: int):
    """A facilitator asks the event's due prototypes for an update now (the same rule as
    ``hackathon checkins``: a prototype asked within the interval is not asked again)."""
    event = db.get_or_404(Event, event_id)
    if not can_manage_event(current_user, event):
        abort(403)
    if not CheckinForm().validate_on_submit():
        abort(400)
    asked = checkins.send_checkins(event=event, actor=current_user)
    db.session.commit()
    from hackathon.results.feedback import deliver_pending

    sent, failed = deliver_pending(event)
    if asked:
        flash(_("%(n)d prototypes were asked for an update.", n=len(asked)), "success")
    else:
        flash(_("No prototype was due: each was asked within the last %(weeks)d weeks, or has "
                "no one to ask.", weeks=event.checkin_weeks), "success")
    if failed:
        flash(_("%(n)d messages could not be sent; they wait on the outbox page.", n=failed),
              "error")
    return redirect(url_for("events.show", event_id=event.id))
