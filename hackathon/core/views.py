"""Front page, health check and language switch."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from hackathon.auth.forms import JoinCodeForm
from hackathon.events.permissions import can_create_event, is_signed_in
from hackathon.events.queries import events_of
from hackathon.extensions import db

bp = Blueprint("core", __name__)


@bp.get("/")
def index():
    """Join form for newcomers; one's events for those signed in."""
    if not is_signed_in(current_user):
        return render_template("core/index.html", join_form=JoinCodeForm())
    return render_template(
        "core/home.html",
        my_events=events_of(current_user),
        can_create=can_create_event(current_user),
    )


@bp.get("/healthz")
def healthz():
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.get("/session/state")
def session_state():
    """For scripts: whether the browser is signed in, and a CSRF token for this session.

    Autosave asks this after a 401 or an expired token, so that text kept in the browser is
    sent as soon as the person has signed in again (in another tab). Never cached."""
    from flask_wtf.csrf import generate_csrf

    response = jsonify(signed_in=is_signed_in(current_user), csrf_token=generate_csrf())
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/language")
def set_language():
    """Remember the chosen language and go back where the person came from."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if is_signed_in(current_user):
            current_user.language = lang
            db.session.commit()
    target = request.form.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("core.index")
    return redirect(target)
