"""Live-event pages: the facilitator's dashboard, announcements, and the projector."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hackathon import formatting
from hackathon.auth.forms import ConfirmForm
from hackathon.enums import Phase
from hackathon.events.forms import PhaseForm
from hackathon.events.queries import proposal_counts, roles_in
from hackathon.extensions import db, login_manager
from hackathon.live import permissions, queries, services
from hackathon.live.forms import AnnouncementForm, RevealForm
from hackathon.models import Announcement, Event
from hackathon.review.queries import assignment_alerts, progress

bp = Blueprint("live", __name__, url_prefix="/events/<int:event_id>/live")

# The browser polls this often; the JS backs off on errors.
POLL_SECONDS = 2
DASHBOARD_POLL_SECONDS = 5


def _event_or_404(event_id: int) -> Event:
    return db.get_or_404(Event, event_id)


def _facilitated_event(event_id: int) -> Event:
    event = _event_or_404(event_id)
    if not permissions.can_run_live_event(current_user, event):
        abort(403)
    return event


@bp.app_template_global("live_announcement")
def live_announcement(event) -> Announcement | None:
    """The current announcement for templates, for people with a role in ``event``."""
    if not isinstance(event, Event) or not roles_in(current_user, event):
        return None
    return queries.active_announcement(event)


# --- dashboard ----------------------------------------------------------------------------


def _panel_context(event: Event) -> dict:
    grid = queries.sector_grid(event)
    review = progress(event) if event.phase.index >= Phase.QUALIFICATION.index else None
    totals = queries.reviewer_totals(review) if review else []
    return {
        "event": event,
        "counts": queries.live_counts(event),
        "statuses": proposal_counts(event),
        "participants": queries.participants_by_organisation(event),
        "grid": grid,
        "grid_sectors": queries.grid_sectors(grid),
        "review": review,
        "totals": totals,
        "alerts": queries.alerts(event, grid, totals) + assignment_alerts(event, review),
    }


@bp.get("")
@login_required
def dashboard(event_id: int):
    """The facilitator's live dashboard: people, proposals, reviews, phase, alerts."""
    event = _facilitated_event(event_id)
    return _render_dashboard(event, AnnouncementForm(formdata=None))


def _render_dashboard(event: Event, form: AnnouncementForm, status: int = 200):
    projector_link = (
        url_for("live.projector", event_id=event.id, token=event.projector_token, _external=True)
        if event.projector_token
        else None
    )
    context = _panel_context(event) | {
        "form": form,
        "announcement": queries.active_announcement(event),
        "confirm_form": ConfirmForm(),
        "phase_form": PhaseForm(),
        "next_phase": event.phase.next(),
        "previous_phase": event.phase.previous(),
        "projector_link": projector_link,
        "can_reveal": event.phase in services.REVEAL_PHASES,
        "poll_seconds": DASHBOARD_POLL_SECONDS,
    }
    return render_template("live/dashboard.html", **context), status


@bp.get("/panel")
@login_required
def panel(event_id: int):
    """The dashboard's live part as an HTML fragment, for polling (ETag and 304)."""
    event = _facilitated_event(event_id)
    html = render_template("live/_panel.html", **_panel_context(event))
    response = make_response(html)
    response.add_etag()
    response.headers["Cache-Control"] = "no-cache, private"
    return response.make_conditional(request)


@bp.post("/announcements")
@login_required
def announce(event_id: int):
    """Post an announcement; it replaces the current one."""
    event = _facilitated_event(event_id)
    form = AnnouncementForm()
    if not form.validate_on_submit():
        return _render_dashboard(event, form, status=400)
    services.post_announcement(event=event, author=current_user, message=form.message.data)
    db.session.commit()
    flash(_("The announcement is shown to participants and on the projector."), "success")
    return redirect(url_for("live.dashboard", event_id=event.id))


@bp.post("/announcements/<int:announcement_id>/withdraw")
@login_required
def withdraw(event_id: int, announcement_id: int):
    """Take an announcement down."""
    event = _facilitated_event(event_id)
    announcement = db.get_or_404(Announcement, announcement_id)
    if announcement.event_id != event.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.withdraw_announcement(announcement=announcement)
    db.session.commit()
    flash(_("The announcement is no longer shown."), "success")
    return redirect(url_for("live.dashboard", event_id=event.id))


# --- projector ----------------------------------------------------------------------------


def _projector_event(event_id: int) -> tuple[Event, str | None]:
    """The event and the token in use, if the facilitator's session or the token allows it."""
    event = _event_or_404(event_id)
    token = request.args.get("token")
    if token is not None:
        if not permissions.projector_token_matches(event, token):
            abort(404)
        return event, token
    if not getattr(current_user, "is_authenticated", False):
        abort(login_manager.unauthorized())
    if not permissions.can_run_live_event(current_user, event):
        abort(403)
    return event, None


@bp.get("/projector")
def projector(event_id: int):
    """The big screen: join address and QR code, phase, countdown, counts, announcement."""
    event, token = _projector_event(event_id)
    locale = str(get_locale())
    state = queries.projector_state(event, locale)
    join_url = url_for("auth.join", code=event.join_code, _external=True)
    return render_template(
        "live/projector.html",
        event=event,
        state=state,
        reveal=queries.shown_rows(event),
        join_url=join_url,
        join_code=event.join_code_display,
        qr=queries.qr_svg(join_url, _("QR code for the join address %(url)s", url=join_url)),
        data_url=url_for("live.projector_data", event_id=event.id, token=token),
        etag=queries.state_etag(state, event),
        reveal_heading=_reveal_heading(event),
        poll_seconds=POLL_SECONDS,
        # Key presses on the projector pace the reveal only in the facilitator's own session.
        next_url=url_for("live.reveal_next", event_id=event.id) if token is None else None,
    )


def _reveal_heading(event: Event) -> str:
    if event.decision_published_at is not None:
        return _("Selected for testing · in the order of the ranking as it was at publication "
                 "on %(when)s", when=formatting.datetime(event.decision_published_at))
    return _("The top %(k)d of the qualification round", k=event.selection_quota)


@bp.get("/projector/data")
def projector_data(event_id: int):
    """The projector's state as JSON, for polling: 304 while nothing changed. No scores, ever;
    the revealed list (titles and teams by place) only after the facilitator's reveal."""
    event, _token = _projector_event(event_id)
    state = queries.projector_state(event, str(get_locale()))
    etag = queries.state_etag(state, event)
    if request.if_none_match.contains(etag):
        response = make_response("", 304)
    else:
        revealed = event.projector_revealed_at is not None
        response = jsonify(
            state
            | {
                "reveal": queries.shown_rows(event),
                "reveal_heading": _reveal_heading(event) if revealed else "",
            }
        )
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache, private"
    return response


@bp.post("/projector/token")
@login_required
def new_projector_token(event_id: int):
    """Create the projector address, or replace it (the old address stops working)."""
    event = _facilitated_event(event_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.rotate_projector_token(event=event)
    db.session.commit()
    flash(_("A new projector address is ready. Any earlier address no longer works."), "success")
    return redirect(url_for("live.dashboard", event_id=event.id, _anchor="projector"))


@bp.post("/projector/token/revoke")
@login_required
def revoke_projector_token(event_id: int):
    """Stop the projector address from working."""
    event = _facilitated_event(event_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.revoke_projector_token(event=event)
    db.session.commit()
    flash(_("The projector address no longer works."), "success")
    return redirect(url_for("live.dashboard", event_id=event.id, _anchor="projector"))


@bp.post("/reveal")
@login_required
def reveal(event_id: int):
    """Reveal the results on the projector (or hide them again); recorded in the audit log."""
    event = _facilitated_event(event_id)
    form = RevealForm()
    if not form.validate_on_submit():
        abort(400)
    on = form.on.data == "y"
    try:
        services.set_reveal(event=event, actor=current_user, on=on)
    except services.LiveError:
        flash(_("The results can be revealed once the qualification round is closed."), "error")
        return redirect(url_for("live.dashboard", event_id=event.id, _anchor="projector"))
    db.session.commit()
    if on:
        flash(_("The reveal has started. Show one place at a time with \"Show the next place\" "
                "(or a key press on the projector), or all at once."), "success")
    else:
        flash(_("The results are hidden on the projector."), "success")
    return redirect(url_for("live.dashboard", event_id=event.id, _anchor="projector"))


@bp.post("/reveal/next")
@login_required
def reveal_next(event_id: int):
    """Show the next place on the projector, or all (``all=y``). JSON for the projector's key
    presses (``Accept: application/json``), else back to the dashboard."""
    event = _facilitated_event(event_id)
    wants_json = request.accept_mimetypes.best == "application/json"
    form = RevealForm()
    if not form.validate_on_submit():
        if wants_json:
            return jsonify(error="bad_request", message=_("The form has expired. Reload the "
                                                          "page and try again.")), 400
        abort(400)
    try:
        shown = services.reveal_next(event=event, actor=current_user,
                                     all_places=form.all.data == "y")
    except services.LiveError:
        message = _("Start the reveal first.")
        if wants_json:
            return jsonify(error="not_revealed", message=message), 409
        flash(message, "error")
        return redirect(url_for("live.dashboard", event_id=event.id, _anchor="projector"))
    db.session.commit()
    total = len(event.projector_reveal or [])
    if wants_json:
        return jsonify(shown=shown, total=total)
    flash(_("%(shown)d of %(total)d places are shown on the projector.", shown=shown,
            total=total), "success")
    return redirect(url_for("live.dashboard", event_id=event.id, _anchor="projector"))
