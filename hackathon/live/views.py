"""Live-event pages: projector, dashboard, announcements."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("live", __name__, url_prefix="/events/<int:event_id>/live")
