"""The decision report and the exports."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("report", __name__, url_prefix="/events/<int:event_id>/report")
