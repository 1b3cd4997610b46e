"""The facilitators' list of an event's proposals, filtered, and its CSV/XLSX export (routes
of the ``proposals`` blueprint, registered in ``views.py``)."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_login import current_user, login_required

from hackathon.enums import ProposalStatus, Sector
from hackathon.extensions import db
from hackathon.models import Event
from hackathon.proposals import permissions, queries
from hackathon.proposals.export import to_csv, to_xlsx


def _filters() -> tuple[ProposalStatus | None, Sector | None, str]:
    status = request.args.get("status", "")
    sector = request.args.get("sector", "")
    return (
        ProposalStatus(status) if status in {s.value for s in ProposalStatus} else None,
        Sector(sector) if sector in {s.value for s in Sector} else None,
        request.args.get("q", "")[:100],
    )


@login_required
def event_list(event_id: int):
    """All proposals of the event with status, team, sectors and last change."""
    event = db.get_or_404(Event, event_id)
    if not permissions.can_manage_proposals(current_user, event):
        abort(403)
    status, sector, search = _filters()
    proposals = queries.event_proposals(event, status, sector, search)
    return render_template(
        "proposals/list.html",
        event=event,
        proposals=proposals,
        status=status,
        sector=sector,
        search=search,
        statuses=list(ProposalStatus),
        sectors=list(Sector),
    )


@login_required
def export(event_id: int, fmt: str):
    """The (filtered) list as CSV or XLSX."""
    event = db.get_or_404(Event, event_id)
    if not permissions.can_manage_proposals(current_user, event):
        abort(403)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    proposals = queries.event_proposals(event, *_filters())
    organisations = queries.organisation_names()
    filename = f"forslag-{event.id}.{fmt}"
    if fmt == "csv":
        danish_excel = request.args.get("variant") == "excel"
        body = to_csv(proposals, organisations, danish_excel=danish_excel)
        mimetype = "text/csv; charset=utf-8"
    else:
        body = to_xlsx(proposals, organisations)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(
        body, mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
